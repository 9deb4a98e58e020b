using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Parses Binance stream messages (combined <c>{"stream":..,"data":..}</c> wrappers, raw payloads and control
/// responses) with <see cref="Utf8JsonReader"/> straight from the receive buffer: only the delivered record and its
/// strings are allocated. Prices and quantities are decimal strings read by <see cref="FastDecimal"/> (the one rule for every path); NaN,
/// exponents and negative prices or quantities make the message <see cref="StreamMessageKind.Malformed"/>.
/// Unknown fields and unknown event types are ignored. Never throws on bad input.
/// </summary>
internal static class StreamMessageParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>Parses one complete message.</summary>
    /// <param name="utf8">The message bytes.</param>
    /// <returns>What the message is; <see cref="StreamMessageKind.Malformed"/> with a reason when it cannot be trusted.</returns>
    public static StreamMessage Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ParseEnvelope(utf8);
        }
        catch (JsonException ex)
        {
            return StreamMessage.Malformed("Invalid JSON: " + ex.Message);
        }
        catch (FormatException ex)
        {
            return StreamMessage.Malformed(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetXxx on a token of the wrong type.
            return StreamMessage.Malformed("Unexpected token: " + ex.Message);
        }
    }

    /// <summary>Parses a raw (unwrapped) payload, e.g. from a <c>/ws/&lt;stream&gt;</c> connection or a test.</summary>
    /// <param name="utf8">The payload bytes.</param>
    /// <param name="streamName">The stream it came from (supplies the symbol of partial-depth payloads), if known.</param>
    /// <returns>What the payload is.</returns>
    public static StreamMessage ParsePayload(ReadOnlySpan<byte> utf8, string? streamName)
    {
        try
        {
            return ParsePayloadCore(utf8, streamName);
        }
        catch (JsonException ex)
        {
            return StreamMessage.Malformed("Invalid JSON: " + ex.Message, streamName);
        }
        catch (FormatException ex)
        {
            return StreamMessage.Malformed(ex.Message, streamName);
        }
        catch (InvalidOperationException ex)
        {
            return StreamMessage.Malformed("Unexpected token: " + ex.Message, streamName);
        }
    }

    private static StreamMessage ParseEnvelope(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read())
        {
            return StreamMessage.Malformed("Empty message.");
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Skip();
            return StreamMessage.Ignored(null); // all-market array streams are not covered
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamMessage.Malformed("Message is not a JSON object.");
        }

        string? stream = null;
        int dataStart = -1, dataEnd = -1;
        long? id = null;
        bool hasResult = false, hasCode = false;
        int? errorCode = null;
        string? errorMessage = null;
        string[]? result = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stream"u8))
            {
                Next(ref reader);
                stream = reader.GetString();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                Next(ref reader);
                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
                dataEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                Next(ref reader);
                id = reader.TokenType switch
                {
                    JsonTokenType.Number => reader.GetInt64(),
                    JsonTokenType.String when long.TryParse(reader.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
                    _ => null,
                };
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                Next(ref reader);
                result = ReadStringArray(ref reader);
                hasResult = true;
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                Next(ref reader);
                errorCode = ReadErrorCode(ref reader);
                hasCode = true;
            }
            else if (reader.ValueTextEquals("msg"u8))
            {
                Next(ref reader);
                errorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                // The stream server's error reply: {"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":1}.
                Next(ref reader);
                hasCode = true;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                    continue;
                }

                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("code"u8))
                    {
                        Next(ref reader);
                        errorCode = ReadErrorCode(ref reader);
                    }
                    else if (reader.ValueTextEquals("msg"u8))
                    {
                        Next(ref reader);
                        errorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else
                    {
                        Next(ref reader);
                        reader.Skip();
                    }
                }
            }
            else if (stream is null && dataStart < 0 && !hasResult && !hasCode && id is null)
            {
                // Not an envelope: a raw payload such as {"e":"trade",...}.
                return ParsePayloadCore(utf8, null);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (dataStart >= 0)
        {
            return ParsePayloadCore(utf8[dataStart..dataEnd], stream);
        }

        if (hasCode)
        {
            return new StreamMessage(StreamMessageKind.ControlResponse, null, null, id, errorMessage ?? "Unknown error.", errorCode);
        }

        if (hasResult && id is not null)
        {
            return new StreamMessage(StreamMessageKind.ControlResponse, null, result, id, null);
        }

        return StreamMessage.Ignored(stream);
    }

    /// <summary>A control result that is an array of strings (LIST_SUBSCRIPTIONS); null for anything else (skipped).</summary>
    private static string[]? ReadStringArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var items = new List<string>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }

            items.Add(reader.GetString()!);
        }

        return [.. items];
    }

    private static int? ReadErrorCode(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code))
        {
            return code;
        }

        reader.Skip();
        return null;
    }

    private static StreamMessage ParsePayloadCore(ReadOnlySpan<byte> utf8, string? streamName)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return reader.TokenType == JsonTokenType.StartArray
                ? StreamMessage.Ignored(streamName)
                : StreamMessage.Malformed("Payload is not a JSON object.", streamName);
        }

        var kind = StreamMessageKind.Ignored;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("e"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.String)
                {
                    return StreamMessage.Malformed("Event type is not a string.", streamName);
                }

                kind = reader.ValueTextEquals("trade"u8) ? StreamMessageKind.Trade
                    : reader.ValueTextEquals("aggTrade"u8) ? StreamMessageKind.AggregateTrade
                    : reader.ValueTextEquals("24hrMiniTicker"u8) ? StreamMessageKind.MiniTicker
                    : reader.ValueTextEquals("depthUpdate"u8) ? StreamMessageKind.Depth
                    : reader.ValueTextEquals("kline"u8) ? StreamMessageKind.Kline
                    : reader.ValueTextEquals("24hrTicker"u8) ? StreamMessageKind.Ticker
                    : reader.ValueTextEquals("serverShutdown"u8) ? StreamMessageKind.ServerShutdown
                    : StreamMessageKind.Ignored;
                break;
            }

            if (reader.ValueTextEquals("lastUpdateId"u8))
            {
                kind = StreamMessageKind.PartialDepth;
                break;
            }

            if (reader.ValueTextEquals("u"u8))
            {
                // The book ticker has no event type: it starts with its update id (depth updates start with "e").
                kind = StreamMessageKind.BookTicker;
                break;
            }

            Next(ref reader);
            reader.Skip();
        }

        // Each parser below re-reads the whole payload, so truncated JSON is caught even after "e".
        return kind switch
        {
            StreamMessageKind.Trade => Data(kind, streamName, ParseTrade(utf8)),
            StreamMessageKind.Depth => Data(kind, streamName, ParseDepth(utf8)),
            StreamMessageKind.PartialDepth => Data(kind, streamName, ParsePartialDepth(utf8, streamName)),
            StreamMessageKind.Kline => Data(kind, streamName, ParseKline(utf8)),
            StreamMessageKind.Ticker => Data(kind, streamName, ParseTicker(utf8)),
            StreamMessageKind.AggregateTrade => Data(kind, streamName, ParseAggregateTrade(utf8)),
            StreamMessageKind.BookTicker => Data(kind, streamName, ParseBookTicker(utf8)),
            StreamMessageKind.MiniTicker => Data(kind, streamName, ParseMiniTicker(utf8)),
            StreamMessageKind.ServerShutdown => ValidateAndReturn(utf8, new StreamMessage(StreamMessageKind.ServerShutdown, streamName, null, null, null)),
            _ => ValidateAndReturn(utf8, StreamMessage.Ignored(streamName)),
        };
    }

    private static StreamMessage Data(StreamMessageKind kind, string? streamName, object payload) => new(kind, streamName, payload, null, null);

    private static StreamMessage ValidateAndReturn(ReadOnlySpan<byte> utf8, StreamMessage message)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        reader.Read();
        reader.Skip();
        return message;
    }

    internal static TradeUpdate ParseTrade(ReadOnlySpan<byte> utf8)
    {
        var reader = Begin(utf8);
        string? symbol = null;
        long? tradeId = null;
        decimal? price = null, quantity = null;
        DateTimeOffset? tradeTime = null;
        var eventTime = DateTimeOffset.UnixEpoch;
        var isBuyerMaker = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8)) { symbol = ReadString(ref reader, "s"); }
            else if (reader.ValueTextEquals("t"u8)) { tradeId = ReadLong(ref reader, "t"); }
            else if (reader.ValueTextEquals("p"u8)) { price = ReadDecimal(ref reader, "p", allowNegative: false); }
            else if (reader.ValueTextEquals("q"u8)) { quantity = ReadDecimal(ref reader, "q", allowNegative: false); }
            else if (reader.ValueTextEquals("T"u8)) { tradeTime = ReadTime(ref reader, "T"); }
            else if (reader.ValueTextEquals("E"u8)) { eventTime = ReadTime(ref reader, "E"); }
            else if (reader.ValueTextEquals("m"u8)) { isBuyerMaker = ReadBool(ref reader, "m"); }
            else { SkipValue(ref reader); }
        }

        return new TradeUpdate(
            Required(symbol, "s"),
            Required(tradeId, "t"),
            Required(price, "p"),
            Required(quantity, "q"),
            Required(tradeTime, "T"),
            eventTime,
            isBuyerMaker);
    }

    internal static AggregateTradeUpdate ParseAggregateTrade(ReadOnlySpan<byte> utf8)
    {
        var reader = Begin(utf8);
        string? symbol = null;
        long? id = null, first = null, last = null;
        decimal? price = null, quantity = null;
        DateTimeOffset? tradeTime = null;
        var eventTime = DateTimeOffset.UnixEpoch;
        var isBuyerMaker = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8)) { symbol = ReadString(ref reader, "s"); }
            else if (reader.ValueTextEquals("a"u8)) { id = ReadLong(ref reader, "a"); }
            else if (reader.ValueTextEquals("p"u8)) { price = ReadDecimal(ref reader, "p", allowNegative: false); }
            else if (reader.ValueTextEquals("q"u8)) { quantity = ReadDecimal(ref reader, "q", allowNegative: false); }
            else if (reader.ValueTextEquals("f"u8)) { first = ReadLong(ref reader, "f"); }
            else if (reader.ValueTextEquals("l"u8)) { last = ReadLong(ref reader, "l"); }
            else if (reader.ValueTextEquals("T"u8)) { tradeTime = ReadTime(ref reader, "T"); }
            else if (reader.ValueTextEquals("E"u8)) { eventTime = ReadTime(ref reader, "E"); }
            else if (reader.ValueTextEquals("m"u8)) { isBuyerMaker = ReadBool(ref reader, "m"); }
            else { SkipValue(ref reader); }
        }

        var firstId = Required(first, "f");
        var lastId = Required(last, "l");
        if (lastId < firstId)
        {
            throw new FormatException("Field 'l' is below field 'f'.");
        }

        return new AggregateTradeUpdate(
            Required(symbol, "s"), Required(id, "a"), Required(price, "p"), Required(quantity, "q"), firstId, lastId, Required(tradeTime, "T"), eventTime, isBuyerMaker);
    }

    internal static MiniTickerUpdate ParseMiniTicker(ReadOnlySpan<byte> utf8)
    {
        var reader = Begin(utf8);
        string? symbol = null;
        decimal? last = null, open = null, high = null, low = null, volume = null, quoteVolume = null;
        var eventTime = DateTimeOffset.UnixEpoch;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8)) { symbol = ReadString(ref reader, "s"); }
            else if (reader.ValueTextEquals("E"u8)) { eventTime = ReadTime(ref reader, "E"); }
            else if (reader.ValueTextEquals("c"u8)) { last = ReadDecimal(ref reader, "c", allowNegative: false); }
            else if (reader.ValueTextEquals("o"u8)) { open = ReadDecimal(ref reader, "o", allowNegative: false); }
            else if (reader.ValueTextEquals("h"u8)) { high = ReadDecimal(ref reader, "h", allowNegative: false); }
            else if (reader.ValueTextEquals("l"u8)) { low = ReadDecimal(ref reader, "l", allowNegative: false); }
            else if (reader.ValueTextEquals("v"u8)) { volume = ReadDecimal(ref reader, "v", allowNegative: false); }
            else if (reader.ValueTextEquals("q"u8)) { quoteVolume = ReadDecimal(ref reader, "q", allowNegative: false); }
            else { SkipValue(ref reader); }
        }

        return new MiniTickerUpdate(Required(symbol, "s"), Required(last, "c"), Required(open, "o"), Required(high, "h"), Required(low, "l"), Required(volume, "v"), Required(quoteVolume, "q"), eventTime);
    }

    internal static BookTickerUpdate ParseBookTicker(ReadOnlySpan<byte> utf8)
    {
        var reader = Begin(utf8);
        string? symbol = null;
        long? updateId = null;
        decimal? bid = null, bidQty = null, ask = null, askQty = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8)) { symbol = ReadString(ref reader, "s"); }
            else if (reader.ValueTextEquals("u"u8)) { updateId = ReadLong(ref reader, "u"); }
            else if (reader.ValueTextEquals("b"u8)) { bid = ReadDecimal(ref reader, "b", allowNegative: false); }
            else if (reader.ValueTextEquals("B"u8)) { bidQty = ReadDecimal(ref reader, "B", allowNegative: false); }
            else if (reader.ValueTextEquals("a"u8)) { ask = ReadDecimal(ref reader, "a", allowNegative: false); }
            else if (reader.ValueTextEquals("A"u8)) { askQty = ReadDecimal(ref reader, "A", allowNegative: false); }
            else { SkipValue(ref reader); }
        }

        return new BookTickerUpdate(Required(symbol, "s"), Required(updateId, "u"), Required(bid, "b"), Required(bidQty, "B"), Required(ask, "a"), Required(askQty, "A"));
    }

    internal static DepthUpdate ParseDepth(ReadOnlySpan<byte> utf8)
    {
        var reader = Begin(utf8);
        string? symbol = null;
        long? first = null, final = null;
        List<OrderBookLevel>? bids = null, asks = null;
        var eventTime = DateTimeOffset.UnixEpoch;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8)) { symbol = ReadString(ref reader, "s"); }
            else if (reader.ValueTextEquals("U"u8)) { first = ReadLong(ref reader, "U"); }
            else if (reader.ValueTextEquals("u"u8)) { final = ReadLong(ref reader, "u"); }
            else if (reader.ValueTextEquals("b"u8)) { bids = ReadLevels(ref reader, "b"); }
            else if (reader.ValueTextEquals("a"u8)) { asks = ReadLevels(ref reader, "a"); }
            else if (reader.ValueTextEquals("E"u8)) { eventTime = ReadTime(ref reader, "E"); }
            else { SkipValue(ref reader); }
        }

        return new DepthUpdate(Required(symbol, "s"), Required(first, "U"), Required(final, "u"), Required(bids, "b"), Required(asks, "a"), eventTime);
    }

    internal static PartialDepthUpdate ParsePartialDepth(ReadOnlySpan<byte> utf8, string? streamName)
    {
        var reader = Begin(utf8);
        long? lastUpdateId = null;
        List<OrderBookLevel>? bids = null, asks = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("lastUpdateId"u8)) { lastUpdateId = ReadLong(ref reader, "lastUpdateId"); }
            else if (reader.ValueTextEquals("bids"u8)) { bids = ReadLevels(ref reader, "bids"); }
            else if (reader.ValueTextEquals("asks"u8)) { asks = ReadLevels(ref reader, "asks"); }
            else { SkipValue(ref reader); }
        }

        // The payload carries no symbol: it comes from the stream name ("" when unknown).
        var symbol = streamName is null ? string.Empty : StreamNames.SymbolOf(streamName);
        return new PartialDepthUpdate(symbol, Required(lastUpdateId, "lastUpdateId"), Required(bids, "bids"), Required(asks, "asks"));
    }

    internal static KlineUpdate ParseKline(ReadOnlySpan<byte> utf8)
    {
        var reader = Begin(utf8);
        string? symbol = null;
        var eventTime = DateTimeOffset.UnixEpoch;
        KlineInterval? interval = null;
        Kline? kline = null;
        var isClosed = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8)) { symbol = ReadString(ref reader, "s"); }
            else if (reader.ValueTextEquals("E"u8)) { eventTime = ReadTime(ref reader, "E"); }
            else if (reader.ValueTextEquals("k"u8)) { (kline, interval, isClosed, symbol) = ReadKlineBody(ref reader, symbol); }
            else { SkipValue(ref reader); }
        }

        return new KlineUpdate(Required(symbol, "s"), Required(interval, "k.i"), Required(kline, "k"), isClosed, eventTime);
    }

    private static (Kline Kline, KlineInterval Interval, bool IsClosed, string? Symbol) ReadKlineBody(ref Utf8JsonReader reader, string? symbol)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
        {
            throw new FormatException("Field 'k' is not an object.");
        }

        DateTimeOffset? openTime = null, closeTime = null;
        decimal? open = null, high = null, low = null, close = null, volume = null;
        decimal quoteVolume = 0, takerBase = 0, takerQuote = 0;
        long tradeCount = 0;
        KlineInterval? interval = null;
        var isClosed = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8)) { openTime = ReadTime(ref reader, "k.t"); }
            else if (reader.ValueTextEquals("T"u8)) { closeTime = ReadTime(ref reader, "k.T"); }
            else if (reader.ValueTextEquals("s"u8))
            {
                var klineSymbol = ReadString(ref reader, "k.s");
                symbol ??= klineSymbol;
            }
            else if (reader.ValueTextEquals("i"u8))
            {
                var wire = ReadString(ref reader, "k.i");
                interval = KlineIntervalExtensions.TryParse(wire, out var parsed) ? parsed : throw new FormatException($"Unknown kline interval '{wire}'.");
            }
            else if (reader.ValueTextEquals("o"u8)) { open = ReadDecimal(ref reader, "k.o", allowNegative: false); }
            else if (reader.ValueTextEquals("h"u8)) { high = ReadDecimal(ref reader, "k.h", allowNegative: false); }
            else if (reader.ValueTextEquals("l"u8)) { low = ReadDecimal(ref reader, "k.l", allowNegative: false); }
            else if (reader.ValueTextEquals("c"u8)) { close = ReadDecimal(ref reader, "k.c", allowNegative: false); }
            else if (reader.ValueTextEquals("v"u8)) { volume = ReadDecimal(ref reader, "k.v", allowNegative: false); }
            else if (reader.ValueTextEquals("q"u8)) { quoteVolume = ReadDecimal(ref reader, "k.q", allowNegative: false); }
            else if (reader.ValueTextEquals("V"u8)) { takerBase = ReadDecimal(ref reader, "k.V", allowNegative: false); }
            else if (reader.ValueTextEquals("Q"u8)) { takerQuote = ReadDecimal(ref reader, "k.Q", allowNegative: false); }
            else if (reader.ValueTextEquals("n"u8)) { tradeCount = ReadLong(ref reader, "k.n"); }
            else if (reader.ValueTextEquals("x"u8)) { isClosed = ReadBool(ref reader, "k.x"); }
            else { SkipValue(ref reader); }
        }

        var kline = new Kline(
            Required(openTime, "k.t"),
            Required(open, "k.o"),
            Required(high, "k.h"),
            Required(low, "k.l"),
            Required(close, "k.c"),
            Required(volume, "k.v"),
            Required(closeTime, "k.T"),
            quoteVolume,
            tradeCount,
            takerBase,
            takerQuote);
        return (kline, Required(interval, "k.i"), isClosed, symbol);
    }

    internal static TickerUpdate ParseTicker(ReadOnlySpan<byte> utf8)
    {
        var reader = Begin(utf8);
        string? symbol = null;
        decimal? last = null;
        decimal change = 0, changePercent = 0, weighted = 0, previousClose = 0, lastQty = 0, bid = 0, bidQty = 0, ask = 0, askQty = 0;
        decimal open = 0, high = 0, low = 0, volume = 0, quoteVolume = 0;
        DateTimeOffset openTime = DateTimeOffset.UnixEpoch, closeTime = DateTimeOffset.UnixEpoch, eventTime = DateTimeOffset.UnixEpoch;
        long firstId = 0, lastId = 0, count = 0;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8)) { symbol = ReadString(ref reader, "s"); }
            else if (reader.ValueTextEquals("E"u8)) { eventTime = ReadTime(ref reader, "E"); }
            else if (reader.ValueTextEquals("p"u8)) { change = ReadDecimal(ref reader, "p", allowNegative: true); }
            else if (reader.ValueTextEquals("P"u8)) { changePercent = ReadDecimal(ref reader, "P", allowNegative: true); }
            else if (reader.ValueTextEquals("w"u8)) { weighted = ReadDecimal(ref reader, "w", allowNegative: false); }
            else if (reader.ValueTextEquals("x"u8)) { previousClose = ReadDecimal(ref reader, "x", allowNegative: false); }
            else if (reader.ValueTextEquals("c"u8)) { last = ReadDecimal(ref reader, "c", allowNegative: false); }
            else if (reader.ValueTextEquals("Q"u8)) { lastQty = ReadDecimal(ref reader, "Q", allowNegative: false); }
            else if (reader.ValueTextEquals("b"u8)) { bid = ReadDecimal(ref reader, "b", allowNegative: false); }
            else if (reader.ValueTextEquals("B"u8)) { bidQty = ReadDecimal(ref reader, "B", allowNegative: false); }
            else if (reader.ValueTextEquals("a"u8)) { ask = ReadDecimal(ref reader, "a", allowNegative: false); }
            else if (reader.ValueTextEquals("A"u8)) { askQty = ReadDecimal(ref reader, "A", allowNegative: false); }
            else if (reader.ValueTextEquals("o"u8)) { open = ReadDecimal(ref reader, "o", allowNegative: false); }
            else if (reader.ValueTextEquals("h"u8)) { high = ReadDecimal(ref reader, "h", allowNegative: false); }
            else if (reader.ValueTextEquals("l"u8)) { low = ReadDecimal(ref reader, "l", allowNegative: false); }
            else if (reader.ValueTextEquals("v"u8)) { volume = ReadDecimal(ref reader, "v", allowNegative: false); }
            else if (reader.ValueTextEquals("q"u8)) { quoteVolume = ReadDecimal(ref reader, "q", allowNegative: false); }
            else if (reader.ValueTextEquals("O"u8)) { openTime = ReadTime(ref reader, "O"); }
            else if (reader.ValueTextEquals("C"u8)) { closeTime = ReadTime(ref reader, "C"); }
            else if (reader.ValueTextEquals("F"u8)) { firstId = ReadLong(ref reader, "F"); }
            else if (reader.ValueTextEquals("L"u8)) { lastId = ReadLong(ref reader, "L"); }
            else if (reader.ValueTextEquals("n"u8)) { count = ReadLong(ref reader, "n"); }
            else { SkipValue(ref reader); }
        }

        var ticker = new Ticker24h(
            Required(symbol, "s"), change, changePercent, weighted, previousClose, Required(last, "c"), lastQty,
            bid, bidQty, ask, askQty, open, high, low, volume, quoteVolume, openTime, closeTime, firstId, lastId, count);
        return new TickerUpdate(ticker, eventTime);
    }

    private static Utf8JsonReader Begin(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("Payload is not a JSON object.");
        }

        return reader;
    }

    /// <summary>Reads the next token; a payload that ends early is malformed.</summary>
    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new FormatException("Truncated JSON.");

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    private static string ReadString(ref Utf8JsonReader reader, string field) =>
        Next(ref reader) == JsonTokenType.String ? reader.GetString()! : throw new FormatException($"Field '{field}' is not a string.");

    private static bool ReadBool(ref Utf8JsonReader reader, string field) => Next(ref reader) switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new FormatException($"Field '{field}' is not a boolean."),
    };

    private static long ReadLong(ref Utf8JsonReader reader, string field)
    {
        var token = Next(ref reader);
        if (token == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        if (token == JsonTokenType.String && !reader.ValueIsEscaped
            && long.TryParse(reader.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return value;
        }

        throw new FormatException($"Field '{field}' is not an integer.");
    }

    private static DateTimeOffset ReadTime(ref Utf8JsonReader reader, string field)
    {
        // Milliseconds, or microseconds on a timeUnit=MICROSECOND connection: the shared reader tells them apart, to the tick.
        var value = ReadLong(ref reader, field);
        return JsonValues.TryFromUnixTime(value, out var time) ? time : throw new FormatException($"Field '{field}' is not a valid time.");
    }

    private static decimal ReadDecimal(ref Utf8JsonReader reader, string field, bool allowNegative)
    {
        Next(ref reader);
        if (!FastDecimal.TryRead(ref reader, out var value))
        {
            throw new FormatException($"Field '{field}' is not a decimal number.");
        }

        if (!allowNegative && value < 0)
        {
            throw new FormatException($"Field '{field}' is negative.");
        }

        return value;
    }

    private static List<OrderBookLevel> ReadLevels(ref Utf8JsonReader reader, string field)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
        {
            throw new FormatException($"Field '{field}' is not an array.");
        }

        var levels = new List<OrderBookLevel>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FormatException($"A level of '{field}' is not an array.");
            }

            var price = ReadDecimal(ref reader, field, allowNegative: false);
            var quantity = ReadDecimal(ref reader, field, allowNegative: false);
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                reader.Skip(); // extra elements are ignored
            }

            levels.Add(new OrderBookLevel(price, quantity));
        }

        return levels;
    }

    private static T Required<T>(T? value, string field)
        where T : class =>
        value ?? throw new FormatException($"Field '{field}' is missing.");

    private static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw new FormatException($"Field '{field}' is missing.");
}
