using System.Text;
using System.Text.Json;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.UserData;

/// <summary>
/// Parses user data stream events in one pass with <see cref="Utf8JsonReader"/>: decimals with <see cref="FastDecimal"/>
/// (plain notation only), times in ms or µs (<see cref="JsonValues.TryFromUnixTime"/>), enumerations to their Unknown
/// member when new. Binance writes the event type (<c>e</c>) first; when it does not, the type is found first and the
/// event read again. Unknown fields are ignored; an unknown event type becomes <see cref="UnknownUserDataEvent"/> with the
/// raw JSON. A known event with a missing required field, a wrong token or a bad number throws
/// <see cref="MalformedResponseException"/> (the caller decides; it never guesses a value).
/// </summary>
internal static class UserDataEventParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>Parses a whole frame as the WebSocket API sends it: <c>{"subscriptionId":N,"event":{…}}</c>.</summary>
    /// <param name="frame">The frame bytes.</param>
    /// <returns>The event, with <see cref="UserDataEvent.SubscriptionId"/> set when the frame has one.</returns>
    /// <exception cref="MalformedResponseException">The frame or a known event in it is malformed.</exception>
    public static UserDataEvent ParseFrame(ReadOnlySpan<byte> frame)
    {
        try
        {
            var reader = new Utf8JsonReader(frame, ReaderOptions);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "the frame is not a JSON object");
            int? subscriptionId = null;
            int start = -1, end = -1;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("subscriptionId"u8))
                {
                    Next(ref reader);
                    Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out _), "'subscriptionId' is not an integer");
                    subscriptionId = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("event"u8))
                {
                    Next(ref reader);
                    start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    end = (int)reader.BytesConsumed;
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }

            Expect(start >= 0, "the frame has no 'event'");
            return ParseEvent(frame[start..end], subscriptionId);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw JsonValues.Malformed("user data frame: " + ex.Message);
        }
    }

    /// <summary>Parses one event object (the <c>event</c> of a frame).</summary>
    /// <param name="json">The event object.</param>
    /// <param name="subscriptionId">The subscription it came from, if known.</param>
    /// <returns>The event.</returns>
    /// <exception cref="MalformedResponseException">A known event is malformed, or the JSON is not an object.</exception>
    public static UserDataEvent ParseEvent(ReadOnlySpan<byte> json, int? subscriptionId = null)
    {
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "the event is not a JSON object");
            string? type;
            if (Next(ref reader) == JsonTokenType.PropertyName && reader.ValueTextEquals("e"u8))
            {
                Next(ref reader);
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                // Not first: find it, then read the event from its start (the type decides what the short names mean).
                type = FindEventType(json);
                reader = new Utf8JsonReader(json, ReaderOptions);
                reader.Read();
            }

            // The subscription id is set in each initializer: a `with` afterwards would copy the whole event.
            return type switch
            {
                "executionReport" => ReadExecutionReport(ref reader, subscriptionId),
                "outboundAccountPosition" => ReadAccountPosition(ref reader) with { SubscriptionId = subscriptionId },
                "balanceUpdate" => ReadBalanceUpdate(ref reader) with { SubscriptionId = subscriptionId },
                "listStatus" => ReadListStatus(ref reader) with { SubscriptionId = subscriptionId },
                "externalLockUpdate" => ReadExternalLock(ref reader) with { SubscriptionId = subscriptionId },
                "eventStreamTerminated" => ReadTerminated(ref reader) with { SubscriptionId = subscriptionId },
                _ => ReadUnknown(json, type) with { SubscriptionId = subscriptionId },
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw JsonValues.Malformed("user data event: " + ex.Message);
        }
    }

    private static string? FindEventType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("e"u8);
            Next(ref reader);
            if (isType)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }

    private static ExecutionReport ReadExecutionReport(ref Utf8JsonReader reader, int? subscriptionId)
    {
        DateTimeOffset? eventTime = null, transactionTime = null, creationTime = null, workingTime = null, trailingTime = null;
        string? symbol = null, clientOrderId = null, origClientOrderId = null, commissionAsset = null, counterSymbol = null, matchType = null;
        string? side = null, type = null, tif = null, execType = null, status = null, rejectReason = null, stp = null;
        string? workingFloor = null, pegPrice = null, pegOffsetType = null, expiryReason = null;
        decimal? quantity = null, price = null, stopPrice = null, iceberg = null, lastQty = null, cumQty = null, lastPrice = null, commission = null;
        decimal? cumQuote = null, lastQuote = null, quoteOrderQty = null, preventedQty = null, lastPreventedQty = null;
        decimal? preventedExecQty = null, preventedExecPrice = null, preventedExecQuote = null, peggedPrice = null;
        long? orderListId = null, orderId = null, tradeId = null, executionId = null, trailingDelta = null, strategyId = null, strategyType = null;
        long? preventedMatchId = null, tradeGroupId = null, counterOrderId = null, allocationId = null, pegOffsetValue = null;
        bool? onBook = null, maker = null, ignore = null, usedSor = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = PropertyName(ref reader);
            Next(ref reader);
            switch (name.Length)
            {
                case 1:
                    switch (name[0])
                    {
                        case (byte)'e': break;
                        case (byte)'E': eventTime = ReadTime(ref reader, "E"); break;
                        case (byte)'s': symbol = ReadString(ref reader, "s"); break;
                        case (byte)'c': clientOrderId = ReadString(ref reader, "c"); break;
                        case (byte)'S': side = ReadKnownString(ref reader, "S"); break;
                        case (byte)'o': type = ReadKnownString(ref reader, "o"); break;
                        case (byte)'f': tif = ReadKnownString(ref reader, "f"); break;
                        case (byte)'q': quantity = ReadDecimal(ref reader, "q"); break;
                        case (byte)'p': price = ReadDecimal(ref reader, "p"); break;
                        case (byte)'P': stopPrice = ReadDecimal(ref reader, "P"); break;
                        case (byte)'F': iceberg = ReadDecimal(ref reader, "F"); break;
                        case (byte)'g': orderListId = ReadLong(ref reader, "g"); break;
                        case (byte)'C': origClientOrderId = ReadString(ref reader, "C"); break;
                        case (byte)'x': execType = ReadKnownString(ref reader, "x"); break;
                        case (byte)'X': status = ReadKnownString(ref reader, "X"); break;
                        case (byte)'r': rejectReason = ReadKnownString(ref reader, "r"); break;
                        case (byte)'i': orderId = ReadLong(ref reader, "i"); break;
                        case (byte)'l': lastQty = ReadDecimal(ref reader, "l"); break;
                        case (byte)'z': cumQty = ReadDecimal(ref reader, "z"); break;
                        case (byte)'L': lastPrice = ReadDecimal(ref reader, "L"); break;
                        case (byte)'n': commission = ReadDecimal(ref reader, "n"); break;
                        case (byte)'N': commissionAsset = ReadString(ref reader, "N"); break;
                        case (byte)'T': transactionTime = ReadTime(ref reader, "T"); break;
                        case (byte)'t': tradeId = ReadLong(ref reader, "t"); break;
                        case (byte)'v': preventedMatchId = ReadLong(ref reader, "v"); break;
                        case (byte)'I': executionId = ReadLong(ref reader, "I"); break;
                        case (byte)'w': onBook = ReadBool(ref reader, "w"); break;
                        case (byte)'m': maker = ReadBool(ref reader, "m"); break;
                        case (byte)'M': ignore = ReadBool(ref reader, "M"); break;
                        case (byte)'O': creationTime = ReadTime(ref reader, "O"); break;
                        case (byte)'Z': cumQuote = ReadDecimal(ref reader, "Z"); break;
                        case (byte)'Y': lastQuote = ReadDecimal(ref reader, "Y"); break;
                        case (byte)'Q': quoteOrderQty = ReadDecimal(ref reader, "Q"); break;
                        case (byte)'W': workingTime = ReadTime(ref reader, "W"); break;
                        case (byte)'V': stp = ReadKnownString(ref reader, "V"); break;
                        case (byte)'d': trailingDelta = ReadLong(ref reader, "d"); break;
                        case (byte)'D': trailingTime = ReadTime(ref reader, "D"); break;
                        case (byte)'j': strategyId = ReadLong(ref reader, "j"); break;
                        case (byte)'J': strategyType = ReadLong(ref reader, "J"); break;
                        case (byte)'A': preventedQty = ReadDecimal(ref reader, "A"); break;
                        case (byte)'B': lastPreventedQty = ReadDecimal(ref reader, "B"); break;
                        case (byte)'u': tradeGroupId = ReadLong(ref reader, "u"); break;
                        case (byte)'U': counterOrderId = ReadLong(ref reader, "U"); break;
                        case (byte)'b': matchType = ReadString(ref reader, "b"); break;
                        case (byte)'a': allocationId = ReadLong(ref reader, "a"); break;
                        case (byte)'k': workingFloor = ReadString(ref reader, "k"); break;
                        default: reader.Skip(); break;
                    }

                    break;
                case 2 when name.SequenceEqual("Cs"u8): counterSymbol = ReadString(ref reader, "Cs"); break;
                case 2 when name.SequenceEqual("pl"u8): preventedExecQty = ReadDecimal(ref reader, "pl"); break;
                case 2 when name.SequenceEqual("pL"u8): preventedExecPrice = ReadDecimal(ref reader, "pL"); break;
                case 2 when name.SequenceEqual("pY"u8): preventedExecQuote = ReadDecimal(ref reader, "pY"); break;
                case 2 when name.SequenceEqual("uS"u8): usedSor = ReadBool(ref reader, "uS"); break;
                case 2 when name.SequenceEqual("gP"u8): pegPrice = ReadString(ref reader, "gP"); break;
                case 2 when name.SequenceEqual("gp"u8): peggedPrice = ReadDecimal(ref reader, "gp"); break;
                case 2 when name.SequenceEqual("eR"u8): expiryReason = ReadString(ref reader, "eR"); break;
                case 3 when name.SequenceEqual("gOT"u8): pegOffsetType = ReadString(ref reader, "gOT"); break;
                case 3 when name.SequenceEqual("gOV"u8): pegOffsetValue = ReadLong(ref reader, "gOV"); break;
                default: reader.Skip(); break;
            }
        }

        return new ExecutionReport
        {
            SubscriptionId = subscriptionId,
            EventTime = Required(eventTime, "E"),
            Symbol = Required(symbol, "s"),
            ClientOrderId = Required(clientOrderId, "c"),
            Side = BinanceEnums.ParseSide(Required(side, "S")),
            Type = BinanceEnums.ParseOrderType(Required(type, "o")),
            RawType = type!,
            TimeInForce = BinanceEnums.ParseTimeInForce(tif),
            Quantity = Required(quantity, "q"),
            Price = Required(price, "p"),
            StopPrice = stopPrice ?? 0m,
            IcebergQuantity = iceberg ?? 0m,
            OrderListId = orderListId ?? -1,
            OriginalClientOrderId = origClientOrderId ?? string.Empty,
            ExecutionType = ParseExecutionType(Required(execType, "x")),
            RawExecutionType = execType!,
            Status = BinanceEnums.ParseOrderStatus(Required(status, "X")),
            RawStatus = status!,
            RejectReason = rejectReason ?? "NONE",
            OrderId = Required(orderId, "i"),
            LastExecutedQuantity = Required(lastQty, "l"),
            CumulativeFilledQuantity = Required(cumQty, "z"),
            LastExecutedPrice = Required(lastPrice, "L"),
            Commission = commission ?? 0m,
            CommissionAsset = commissionAsset,
            TransactionTime = Required(transactionTime, "T"),
            TradeId = tradeId ?? -1,
            ExecutionId = executionId ?? 0,
            IsOnBook = onBook ?? false,
            IsMaker = maker ?? false,
            Ignore = ignore ?? false,
            CreationTime = creationTime ?? default,
            CumulativeQuoteQuantity = Required(cumQuote, "Z"),
            LastQuoteQuantity = lastQuote ?? 0m,
            QuoteOrderQuantity = quoteOrderQty ?? 0m,
            WorkingTime = workingTime,
            SelfTradePreventionMode = BinanceEnums.ParseSelfTradePreventionMode(stp),
            RawSelfTradePreventionMode = stp ?? string.Empty,
            TrailingDelta = trailingDelta,
            TrailingTime = trailingTime,
            StrategyId = strategyId,
            StrategyType = strategyType,
            PreventedMatchId = preventedMatchId,
            PreventedQuantity = preventedQty,
            LastPreventedQuantity = lastPreventedQty,
            TradeGroupId = tradeGroupId,
            CounterOrderId = counterOrderId,
            CounterSymbol = counterSymbol,
            PreventedExecutionQuantity = preventedExecQty,
            PreventedExecutionPrice = preventedExecPrice,
            PreventedExecutionQuoteQuantity = preventedExecQuote,
            MatchType = matchType,
            AllocationId = allocationId,
            WorkingFloor = workingFloor is null ? null : BinanceEnums.ParseWorkingFloor(workingFloor),
            UsedSor = usedSor,
            PegPriceType = pegPrice is null ? null : BinanceEnums.ParsePegPriceType(pegPrice),
            PegOffsetType = pegOffsetType is null ? null : BinanceEnums.ParsePegOffsetType(pegOffsetType),
            PegOffsetValue = pegOffsetValue,
            PeggedPrice = peggedPrice,
            ExpiryReason = expiryReason is null ? null : BinanceEnums.ParseExpiryReason(expiryReason),
            RawExpiryReason = expiryReason,
        };
    }

    private static AccountPositionUpdate ReadAccountPosition(ref Utf8JsonReader reader)
    {
        DateTimeOffset? eventTime = null, updateTime = null;
        List<Balance>? balances = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = PropertyName(ref reader);
            Next(ref reader);
            if (name.SequenceEqual("E"u8))
            {
                eventTime = ReadTime(ref reader, "E");
            }
            else if (name.SequenceEqual("u"u8))
            {
                updateTime = ReadTime(ref reader, "u");
            }
            else if (name.SequenceEqual("B"u8))
            {
                balances = ReadBalances(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new AccountPositionUpdate(Required(eventTime, "E"), Required(updateTime, "u"), Required(balances, "B"));
    }

    private static List<Balance> ReadBalances(ref Utf8JsonReader reader)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "'B' is not an array");
        var balances = new List<Balance>();
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            string? asset = null;
            decimal? free = null, locked = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = PropertyName(ref reader);
                Next(ref reader);
                if (name.SequenceEqual("a"u8))
                {
                    asset = ReadString(ref reader, "a");
                }
                else if (name.SequenceEqual("f"u8))
                {
                    free = NonNegative(ReadDecimal(ref reader, "f"), "f");
                }
                else if (name.SequenceEqual("l"u8))
                {
                    locked = NonNegative(ReadDecimal(ref reader, "l"), "l");
                }
                else
                {
                    reader.Skip();
                }
            }

            balances.Add(new Balance(Required(asset, "a"), Required(free, "f"), Required(locked, "l")));
        }

        Expect(reader.TokenType == JsonTokenType.EndArray, "'B' holds something other than balance objects");
        return balances;
    }

    private static BalanceUpdate ReadBalanceUpdate(ref Utf8JsonReader reader)
    {
        ReadAssetDelta(ref reader, out var eventTime, out var asset, out var delta, out var time);
        return new BalanceUpdate(eventTime, asset, delta, time);
    }

    private static ExternalLockUpdate ReadExternalLock(ref Utf8JsonReader reader)
    {
        ReadAssetDelta(ref reader, out var eventTime, out var asset, out var delta, out var time);
        return new ExternalLockUpdate(eventTime, asset, delta, time);
    }

    private static void ReadAssetDelta(ref Utf8JsonReader reader, out DateTimeOffset eventTime, out string asset, out decimal delta, out DateTimeOffset time)
    {
        DateTimeOffset? e = null, t = null;
        string? a = null;
        decimal? d = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = PropertyName(ref reader);
            Next(ref reader);
            if (name.SequenceEqual("E"u8))
            {
                e = ReadTime(ref reader, "E");
            }
            else if (name.SequenceEqual("a"u8))
            {
                a = ReadString(ref reader, "a");
            }
            else if (name.SequenceEqual("d"u8))
            {
                d = ReadDecimal(ref reader, "d");
            }
            else if (name.SequenceEqual("T"u8))
            {
                t = ReadTime(ref reader, "T");
            }
            else
            {
                reader.Skip();
            }
        }

        eventTime = Required(e, "E");
        asset = Required(a, "a");
        delta = Required(d, "d");
        time = Required(t, "T");
    }

    private static ListStatusUpdate ReadListStatus(ref Utf8JsonReader reader)
    {
        DateTimeOffset? eventTime = null, transactionTime = null;
        string? symbol = null, contingency = null, listStatus = null, listOrderStatus = null, reject = null, listClientOrderId = null;
        long? orderListId = null;
        List<OrderListEntry>? orders = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = PropertyName(ref reader);
            Next(ref reader);
            switch (name.Length == 1 ? name[0] : 0)
            {
                case (byte)'E': eventTime = ReadTime(ref reader, "E"); break;
                case (byte)'s': symbol = ReadString(ref reader, "s"); break;
                case (byte)'g': orderListId = ReadLong(ref reader, "g"); break;
                case (byte)'c': contingency = ReadString(ref reader, "c"); break;
                case (byte)'l': listStatus = ReadString(ref reader, "l"); break;
                case (byte)'L': listOrderStatus = ReadString(ref reader, "L"); break;
                case (byte)'r': reject = ReadString(ref reader, "r"); break;
                case (byte)'C': listClientOrderId = ReadString(ref reader, "C"); break;
                case (byte)'T': transactionTime = ReadTime(ref reader, "T"); break;
                case (byte)'O': orders = ReadListOrders(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new ListStatusUpdate
        {
            EventTime = Required(eventTime, "E"),
            Symbol = Required(symbol, "s"),
            OrderListId = Required(orderListId, "g"),
            ContingencyType = BinanceEnums.Parse<ContingencyType>(Required(contingency, "c"), BinanceResponseParser.ContingencyTypeNames),
            RawContingencyType = contingency!,
            ListStatusType = BinanceEnums.Parse<OrderListStatusType>(Required(listStatus, "l"), BinanceResponseParser.OrderListStatusTypeNames),
            RawListStatusType = listStatus!,
            ListOrderStatus = BinanceEnums.Parse<OrderListOrderStatus>(Required(listOrderStatus, "L"), BinanceResponseParser.OrderListOrderStatusNames),
            RawListOrderStatus = listOrderStatus!,
            ListRejectReason = reject ?? "NONE",
            ListClientOrderId = listClientOrderId ?? string.Empty,
            TransactionTime = Required(transactionTime, "T"),
            Orders = Required(orders, "O"),
        };
    }

    private static List<OrderListEntry> ReadListOrders(ref Utf8JsonReader reader)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "'O' is not an array");
        var orders = new List<OrderListEntry>();
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            string? symbol = null, clientOrderId = null;
            long? orderId = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = PropertyName(ref reader);
                Next(ref reader);
                if (name.SequenceEqual("s"u8))
                {
                    symbol = ReadString(ref reader, "s");
                }
                else if (name.SequenceEqual("i"u8))
                {
                    orderId = ReadLong(ref reader, "i");
                }
                else if (name.SequenceEqual("c"u8))
                {
                    clientOrderId = ReadString(ref reader, "c");
                }
                else
                {
                    reader.Skip();
                }
            }

            orders.Add(new OrderListEntry(Required(symbol, "O[].s"), Required(orderId, "O[].i"), Required(clientOrderId, "O[].c")));
        }

        Expect(reader.TokenType == JsonTokenType.EndArray, "'O' holds something other than order objects");
        return orders;
    }

    private static EventStreamTerminated ReadTerminated(ref Utf8JsonReader reader)
    {
        DateTimeOffset? eventTime = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isTime = reader.ValueTextEquals("E"u8);
            Next(ref reader);
            if (isTime)
            {
                eventTime = ReadTime(ref reader, "E");
            }
            else
            {
                reader.Skip();
            }
        }

        return new EventStreamTerminated(Required(eventTime, "E"));
    }

    private static UnknownUserDataEvent ReadUnknown(ReadOnlySpan<byte> json, string? type)
    {
        // Tolerant: the event time is read when it is there and sane; nothing else is interpreted.
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        var time = DateTimeOffset.UnixEpoch;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isTime = reader.ValueTextEquals("E"u8);
            Next(ref reader);
            if (isTime && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && JsonValues.TryFromUnixTime(ms, out var parsed))
            {
                time = parsed;
            }
            else
            {
                reader.Skip();
            }
        }

        return new UnknownUserDataEvent(type ?? string.Empty, time, Encoding.UTF8.GetString(json));
    }

    /// <summary>The execution type of a wire value, Unknown when new.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The type.</returns>
    internal static ExecutionType ParseExecutionType(string? value) => value switch
    {
        "NEW" => ExecutionType.New,
        "CANCELED" => ExecutionType.Canceled,
        "REPLACED" => ExecutionType.Replaced,
        "REJECTED" => ExecutionType.Rejected,
        "TRADE" => ExecutionType.Trade,
        "EXPIRED" => ExecutionType.Expired,
        "TRADE_PREVENTION" => ExecutionType.TradePrevention,
        _ => ExecutionType.Unknown,
    };

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw JsonValues.Malformed("user data event: the JSON ends early.");
        }

        return reader.TokenType;
    }

    private static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader) =>
        reader.HasValueSequence || reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    private static string? ReadString(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw JsonValues.Malformed($"user data event: '{name}' is not a string."),
    };

    /// <summary>The enumeration values an execution report repeats in every event, kept as shared strings.</summary>
    private static readonly (byte[] Utf8, string Text)[] KnownValues = [.. new[]
    {
        "NEW", "CANCELED", "REPLACED", "REJECTED", "TRADE", "EXPIRED", "TRADE_PREVENTION", "PARTIALLY_FILLED", "FILLED",
        "EXPIRED_IN_MATCH", "PENDING_NEW", "BUY", "SELL", "LIMIT", "MARKET", "LIMIT_MAKER", "STOP_LOSS", "STOP_LOSS_LIMIT",
        "TAKE_PROFIT", "TAKE_PROFIT_LIMIT", "GTC", "IOC", "FOK", "NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH",
        "DECREMENT", "TRANSFER",
    }.Select(static v => (Encoding.UTF8.GetBytes(v), v))];

    /// <summary>A string that is usually one of <see cref="KnownValues"/>: the shared instance then, a new string otherwise.</summary>
    private static string? ReadKnownString(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var span = reader.ValueSpan;
            foreach (var (utf8, text) in KnownValues)
            {
                if (span.Length == utf8.Length && span.SequenceEqual(utf8))
                {
                    return text;
                }
            }
        }

        return ReadString(ref reader, name);
    }

    private static decimal ReadDecimal(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            throw JsonValues.Malformed($"user data event: '{name}' is not a number.");
        }

        var ok = reader.HasValueSequence || reader.ValueIsEscaped
            ? FastDecimal.TryParse(Encoding.UTF8.GetBytes(reader.TokenType == JsonTokenType.String ? reader.GetString()! : "x"), out var value)
            : FastDecimal.TryParse(reader.ValueSpan, out value);
        return ok ? value : throw JsonValues.Malformed($"user data event: '{name}' is not a plain decimal number.");
    }

    private static long ReadLong(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && System.Buffers.Text.Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            return parsed;
        }

        throw JsonValues.Malformed($"user data event: '{name}' is not an integer.");
    }

    private static DateTimeOffset ReadTime(ref Utf8JsonReader reader, string name)
    {
        var value = ReadLong(ref reader, name);
        return JsonValues.TryFromUnixTime(value, out var time) ? time : throw JsonValues.Malformed($"user data event: '{name}' ({value}) is not a time.");
    }

    private static bool ReadBool(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw JsonValues.Malformed($"user data event: '{name}' is not true or false."),
    };

    private static decimal NonNegative(decimal value, string name) =>
        value >= 0m ? value : throw JsonValues.Malformed($"user data event: '{name}' is negative.");

    private static T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw JsonValues.Malformed($"user data event: required field '{name}' is missing or null.");

    private static T Required<T>(T? value, string name)
        where T : struct =>
        value ?? throw JsonValues.Malformed($"user data event: required field '{name}' is missing or null.");

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw JsonValues.Malformed("user data event: " + message + ".");
        }
    }
}
