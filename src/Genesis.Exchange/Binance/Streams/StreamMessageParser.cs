using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Parses Binance stream messages (combined <c>{"stream":..,"data":..}</c> wrappers, raw payloads, all-market arrays and
/// control responses) in ONE pass of a <see cref="Utf8JsonReader"/> over the receive buffer. With an
/// <see cref="IStreamNameResolver"/> the stream name is resolved from its UTF-8 bytes to a cached
/// <see cref="StreamRoute"/> (no string), the payload is read as the route's kind, and records take the route's cached
/// symbol: a message allocates its record only (and the level arrays of a depth record). Frames of streams nobody wants
/// are <see cref="StreamMessageKind.Unroutable"/> without their data being read. Prices and quantities are decimal
/// strings read by <see cref="FastDecimal"/> (the one rule for every path); NaN, exponents, numbers where Binance sends
/// strings and negative prices or quantities make the message <see cref="StreamMessageKind.Malformed"/>. Times are
/// milliseconds or microseconds (<c>timeUnit=MICROSECOND</c>), told apart by <see cref="JsonValues.TryFromUnixTime"/>.
/// Unknown fields and unknown event types are ignored. Never throws on bad input.
/// </summary>
internal static class StreamMessageParser
{
    private const int MaxStreamNameBytes = 256;
    private const string ServerShutdownStream = "!serverShutdown";
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>Parses one complete message; the stream name of a combined frame is allocated (see the resolver overload).</summary>
    /// <param name="utf8">The message bytes.</param>
    /// <returns>What the message is; <see cref="StreamMessageKind.Malformed"/> with a reason when it cannot be trusted.</returns>
    public static StreamMessage Parse(ReadOnlySpan<byte> utf8) => Parse(utf8, resolver: null);

    /// <summary>
    /// Parses one complete message, resolving a combined frame's stream name with <paramref name="resolver"/>: no
    /// per-message string, the payload read as the route's kind, the record carrying the route's symbol.
    /// </summary>
    /// <param name="frame">The message bytes.</param>
    /// <param name="resolver">Maps stream names to routes; null to allocate the name instead (and detect the kind).</param>
    /// <returns>What the message is; <see cref="StreamMessage.Route"/> set for a resolved stream.</returns>
    public static StreamMessage Parse(ReadOnlySpan<byte> frame, IStreamNameResolver? resolver)
    {
        if (resolver is not null && FastFrameScanner.TryParse(frame, resolver, out var fast))
        {
            return fast; // the busiest frames (trade, depth) in Binance's exact form; anything else (or wrong) takes the general reader
        }

        return ParseWithReader(frame, resolver);
    }

    /// <summary>Parses one complete message with the general JSON reader (no fast path; tests compare the two).</summary>
    /// <param name="frame">The message bytes.</param>
    /// <param name="resolver">Maps stream names to routes, or null.</param>
    /// <returns>What the message is.</returns>
    internal static StreamMessage ParseWithReader(ReadOnlySpan<byte> frame, IStreamNameResolver? resolver)
    {
        var context = default(Context);
        try
        {
            return ParseFrame(frame, resolver, ref context);
        }
        catch (JsonException ex)
        {
            return context.Malformed("Invalid JSON: " + ex.Message);
        }
        catch (FormatException ex)
        {
            return context.Malformed(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetXxx on a token of the wrong type.
            return context.Malformed("Unexpected token: " + ex.Message);
        }
    }

    /// <summary>Parses a raw (unwrapped) payload, e.g. from a <c>/ws/&lt;stream&gt;</c> connection or a test.</summary>
    /// <param name="utf8">The payload bytes.</param>
    /// <param name="streamName">The stream it came from (supplies the symbol of partial-depth payloads), if known.</param>
    /// <returns>What the payload is.</returns>
    public static StreamMessage ParsePayload(ReadOnlySpan<byte> utf8, string? streamName)
    {
        var context = new Context { StreamName = streamName };
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            Next(ref reader);
            var message = ParseData(ref reader, ref context);
            EndOfFrame(ref reader);
            return message;
        }
        catch (JsonException ex)
        {
            return context.Malformed("Invalid JSON: " + ex.Message);
        }
        catch (FormatException ex)
        {
            return context.Malformed(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return context.Malformed("Unexpected token: " + ex.Message);
        }
    }

    private static StreamMessage ParseFrame(ReadOnlySpan<byte> frame, IStreamNameResolver? resolver, ref Context context)
    {
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        if (!reader.Read())
        {
            return context.Malformed("Empty message.");
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            // A raw all-market array (/ws/!miniTicker@arr).
            var raw = ParseData(ref reader, ref context);
            EndOfFrame(ref reader);
            return raw;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return context.Malformed("Message is not a JSON object.");
        }

        int deferredStart = 0, deferredEnd = 0;
        bool hasDeferred = false, hasStream = false, hasResult = false, hasCode = false;
        var data = default(StreamMessage); // Kind is Ignored (0) until a payload is read
        var hasData = false;
        long? id = null;
        int? errorCode = null;
        string? errorMessage = null;
        string[]? result = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stream"u8))
            {
                if (Next(ref reader) != JsonTokenType.String)
                {
                    throw new FormatException("Field 'stream' is not a string.");
                }

                hasStream = true;
                if (!ResolveStream(ref reader, resolver, ref context))
                {
                    return new StreamMessage(StreamMessageKind.Unroutable, null, null, null, null);
                }

                if (hasDeferred)
                {
                    // "data" came before "stream": read it now from where it started (the slower path).
                    data = ParseDeferred(frame[deferredStart..deferredEnd], ref context);
                    hasData = true;
                    hasDeferred = false;
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                Next(ref reader);
                if (hasStream)
                {
                    data = ParseData(ref reader, ref context);
                    hasData = true;
                }
                else
                {
                    deferredStart = (int)reader.TokenStartIndex;
                    hasDeferred = true;
                    reader.Skip();
                    deferredEnd = (int)reader.BytesConsumed;
                }
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
                ReadErrorObject(ref reader, ref errorCode, ref errorMessage);
            }
            else if (!hasStream && !hasDeferred && !hasResult && !hasCode && id is null)
            {
                // Not an envelope: a raw payload such as {"e":"trade",...}; read it from its start.
                reader = new Utf8JsonReader(frame, ReaderOptions);
                reader.Read();
                var raw = ParseData(ref reader, ref context);
                EndOfFrame(ref reader);
                return raw;
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        EndOfFrame(ref reader);
        if (hasDeferred)
        {
            // "data" without "stream".
            data = ParseDeferred(frame[deferredStart..deferredEnd], ref context);
            hasData = true;
        }

        if (hasData)
        {
            return data;
        }

        if (hasCode)
        {
            return new StreamMessage(StreamMessageKind.ControlResponse, null, null, id, errorMessage ?? "Unknown error.", errorCode);
        }

        if (hasResult && id is not null)
        {
            return new StreamMessage(StreamMessageKind.ControlResponse, null, result, id, null);
        }

        return context.Ignored();
    }

    private static StreamMessage ParseDeferred(ReadOnlySpan<byte> data, ref Context context)
    {
        var reader = new Utf8JsonReader(data, ReaderOptions);
        reader.Read();
        return ParseData(ref reader, ref context);
    }

    /// <summary>Reads the stream name the reader is on into the context; false when the resolver does not know it.</summary>
    private static bool ResolveStream(ref Utf8JsonReader reader, IStreamNameResolver? resolver, ref Context context)
    {
        if (resolver is null)
        {
            context.StreamName = reader.GetString();
            return true;
        }

        Span<byte> buffer = stackalloc byte[MaxStreamNameBytes];
        scoped ReadOnlySpan<byte> name;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            name = reader.ValueSpan;
        }
        else
        {
            if (reader.ValueSpan.Length > MaxStreamNameBytes)
            {
                return false;
            }

            name = buffer[..reader.CopyString(buffer)];
        }

        if (name.SequenceEqual("!serverShutdown"u8))
        {
            context.StreamName = ServerShutdownStream;
            return true;
        }

        context.Route = resolver.Resolve(name);
        context.StreamName = context.Route?.Name;
        return context.Route is not null;
    }

    private static void ReadErrorObject(ref Utf8JsonReader reader, ref int? errorCode, ref string? errorMessage)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
            return;
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
                SkipValue(ref reader);
            }
        }
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

    /// <summary>Reads the payload the reader is on (an object or an all-market array) as the route's kind, or as its event type says.</summary>
    private static StreamMessage ParseData(ref Utf8JsonReader reader, ref Context context)
    {
        var route = context.Route;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return ParseArray(ref reader, ref context);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("Payload is not a JSON object.");
        }

        var kind = route is not null && IsObjectKind(route.Kind) ? route.Kind : DetectKind(reader);
        object? payload = kind switch
        {
            StreamMessageKind.Trade => ReadTrade(ref reader, route),
            StreamMessageKind.AggregateTrade => ReadAggregateTrade(ref reader, route),
            StreamMessageKind.BlockTrade => ReadBlockTrade(ref reader, route),
            StreamMessageKind.Depth => ReadDepth(ref reader, route),
            StreamMessageKind.PartialDepth => ReadPartialDepth(ref reader, route?.Symbol ?? (context.StreamName is { } name ? StreamNames.SymbolOf(name) : string.Empty)),
            StreamMessageKind.Kline => ReadKline(ref reader, route),
            StreamMessageKind.Ticker => ReadTicker(ref reader, route),
            StreamMessageKind.MiniTicker => ReadMiniTicker(ref reader, route),
            StreamMessageKind.RollingWindowTicker => ReadRollingWindowTicker(ref reader, route),
            StreamMessageKind.BookTicker => ReadBookTicker(ref reader, route),
            StreamMessageKind.AveragePrice => ReadAveragePrice(ref reader, route),
            StreamMessageKind.ReferencePrice => ReadReferencePrice(ref reader, route),
            StreamMessageKind.ServerShutdown => ReadServerShutdown(ref reader),
            _ => Skip(ref reader),
        };

        return kind == StreamMessageKind.Ignored ? context.Ignored() : new StreamMessage(kind, context.StreamName, payload, null, null, null, route);
    }

    private static bool IsObjectKind(StreamMessageKind kind) => kind is StreamMessageKind.Trade or StreamMessageKind.AggregateTrade
        or StreamMessageKind.BlockTrade or StreamMessageKind.Depth or StreamMessageKind.PartialDepth or StreamMessageKind.Kline
        or StreamMessageKind.Ticker or StreamMessageKind.MiniTicker or StreamMessageKind.RollingWindowTicker
        or StreamMessageKind.BookTicker or StreamMessageKind.AveragePrice or StreamMessageKind.ReferencePrice;

    private static object? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>
    /// The kind of an object payload, read on a copy of the reader: its event type (<c>e</c>, normally the first
    /// field), <c>lastUpdateId</c> (partial depth) or an update id <c>u</c> without event type (book ticker).
    /// </summary>
    private static StreamMessageKind DetectKind(Utf8JsonReader reader)
    {
        var hasUpdateId = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e')
            {
                if (Next(ref reader) != JsonTokenType.String)
                {
                    throw new FormatException("Event type is not a string.");
                }

                return reader.ValueTextEquals("trade"u8) ? StreamMessageKind.Trade
                    : reader.ValueTextEquals("aggTrade"u8) ? StreamMessageKind.AggregateTrade
                    : reader.ValueTextEquals("depthUpdate"u8) ? StreamMessageKind.Depth
                    : reader.ValueTextEquals("kline"u8) ? StreamMessageKind.Kline
                    : reader.ValueTextEquals("24hrMiniTicker"u8) ? StreamMessageKind.MiniTicker
                    : reader.ValueTextEquals("24hrTicker"u8) ? StreamMessageKind.Ticker
                    : reader.ValueTextEquals("blockTrade"u8) ? StreamMessageKind.BlockTrade
                    : reader.ValueTextEquals("avgPrice"u8) ? StreamMessageKind.AveragePrice
                    : reader.ValueTextEquals("referencePrice"u8) ? StreamMessageKind.ReferencePrice
                    : RollingWindowOf(ref reader) != RollingWindow.Unknown ? StreamMessageKind.RollingWindowTicker
                    : reader.ValueTextEquals("serverShutdown"u8) ? StreamMessageKind.ServerShutdown
                    : StreamMessageKind.Ignored;
            }

            if (reader.ValueTextEquals("lastUpdateId"u8))
            {
                return StreamMessageKind.PartialDepth;
            }

            hasUpdateId |= key == (byte)'u';
            SkipValue(ref reader);
        }

        return hasUpdateId ? StreamMessageKind.BookTicker : StreamMessageKind.Ignored;
    }

    private static RollingWindow RollingWindowOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("1hTicker"u8) ? RollingWindow.OneHour
        : reader.ValueTextEquals("4hTicker"u8) ? RollingWindow.FourHours
        : reader.ValueTextEquals("1dTicker"u8) ? RollingWindow.OneDay
        : RollingWindow.Unknown;

    /// <summary>
    /// An all-market array (<c>!miniTicker@arr</c>, <c>!ticker_&lt;window&gt;@arr</c>): one record holding the list. An
    /// element that cannot be trusted is skipped and counted; broken JSON still makes the whole frame malformed.
    /// </summary>
    private static StreamMessage ParseArray(ref Utf8JsonReader reader, ref Context context)
    {
        var expected = context.Route?.Kind;
        if (expected is not (null or StreamMessageKind.MiniTickerArray or StreamMessageKind.RollingWindowTickerArray))
        {
            throw new FormatException($"An array payload on a {expected} stream.");
        }

        var window = expected == StreamMessageKind.RollingWindowTickerArray ? WindowOfArrayStream(context.Route!.Name) : RollingWindow.Unknown;
        var kind = expected;
        List<MiniTickerUpdate>? minis = null;
        List<RollingWindowTickerUpdate>? rolling = null;
        var skipped = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                skipped++;
                continue;
            }

            var element = reader;
            try
            {
                var elementKind = kind switch
                {
                    StreamMessageKind.MiniTickerArray => StreamMessageKind.MiniTicker,
                    StreamMessageKind.RollingWindowTickerArray => StreamMessageKind.RollingWindowTicker,
                    _ => DetectKind(reader),
                };

                if (elementKind == StreamMessageKind.MiniTicker)
                {
                    var ticker = ReadMiniTicker(ref reader, null);
                    kind = StreamMessageKind.MiniTickerArray;
                    (minis ??= []).Add(ticker);
                }
                else if (elementKind == StreamMessageKind.RollingWindowTicker)
                {
                    var ticker = ReadRollingWindowTicker(ref reader, null);
                    kind = StreamMessageKind.RollingWindowTickerArray;
                    if (window == RollingWindow.Unknown)
                    {
                        window = ticker.Window;
                    }

                    if (ticker.Window == window)
                    {
                        (rolling ??= []).Add(ticker);
                    }
                    else
                    {
                        skipped++;
                    }
                }
                else
                {
                    reader.Skip();
                    skipped++;
                }
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                // This element only: back to its start and over it (broken JSON throws again, and fails the frame).
                reader = element;
                reader.Skip();
                skipped++;
            }
        }

        return kind switch
        {
            StreamMessageKind.MiniTickerArray => new StreamMessage(kind.Value, context.StreamName, new MiniTickerBatch(minis?.ToArray() ?? [], skipped), null, null, null, context.Route),
            StreamMessageKind.RollingWindowTickerArray => new StreamMessage(kind.Value, context.StreamName, new RollingWindowTickerBatch(window, rolling?.ToArray() ?? [], skipped), null, null, null, context.Route),
            _ => context.Ignored(), // an empty (or all-foreign) array of a stream we do not know
        };
    }

    private static RollingWindow WindowOfArrayStream(string name) =>
        name.StartsWith("!ticker_1h@", StringComparison.Ordinal) ? RollingWindow.OneHour
        : name.StartsWith("!ticker_4h@", StringComparison.Ordinal) ? RollingWindow.FourHours
        : name.StartsWith("!ticker_1d@", StringComparison.Ordinal) ? RollingWindow.OneDay
        : RollingWindow.Unknown;

    private static TradeUpdate ReadTrade(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        long? tradeId = null;
        decimal? price = null, quantity = null;
        DateTimeOffset? tradeTime = null;
        var eventTime = DateTimeOffset.UnixEpoch;
        var isBuyerMaker = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            switch (Key(ref reader))
            {
                case (byte)'e': ExpectEvent(ref reader, "trade"u8); break;
                case (byte)'E': eventTime = ReadTime(ref reader, "E"); break;
                case (byte)'s': symbol = ReadSymbol(ref reader, route); break;
                case (byte)'t': tradeId = ReadLong(ref reader, "t"); break;
                case (byte)'p': price = ReadDecimal(ref reader, "p", allowNegative: false); break;
                case (byte)'q': quantity = ReadDecimal(ref reader, "q", allowNegative: false); break;
                case (byte)'T': tradeTime = ReadTime(ref reader, "T"); break;
                case (byte)'m': isBuyerMaker = ReadBool(ref reader, "m"); break;
                default: SkipValue(ref reader); break;
            }
        }

        return new TradeUpdate(Required(symbol, "s"), Required(tradeId, "t"), Required(price, "p"), Required(quantity, "q"), Required(tradeTime, "T"), eventTime, isBuyerMaker);
    }

    private static BlockTradeUpdate ReadBlockTrade(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        long? tradeId = null;
        decimal? price = null, quantity = null;
        DateTimeOffset? tradeTime = null;
        var eventTime = DateTimeOffset.UnixEpoch;
        var isBuyerMaker = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e') { ExpectEvent(ref reader, "blockTrade"u8); }
            else if (key == (byte)'E') { eventTime = ReadTime(ref reader, "E"); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'t') { tradeId = ReadLong(ref reader, "t"); }
            else if (key == (byte)'p') { price = ReadDecimal(ref reader, "p", allowNegative: false); }
            else if (key == (byte)'q') { quantity = ReadDecimal(ref reader, "q", allowNegative: false); }
            else if (key == (byte)'T') { tradeTime = ReadTime(ref reader, "T"); }
            else if (key == (byte)'m') { isBuyerMaker = ReadBool(ref reader, "m"); }
            else { SkipValue(ref reader); }
        }

        return new BlockTradeUpdate(Required(symbol, "s"), Required(tradeId, "t"), Required(price, "p"), Required(quantity, "q"), Required(tradeTime, "T"), eventTime, isBuyerMaker);
    }

    private static AggregateTradeUpdate ReadAggregateTrade(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        long? id = null, first = null, last = null;
        decimal? price = null, quantity = null;
        DateTimeOffset? tradeTime = null;
        var eventTime = DateTimeOffset.UnixEpoch;
        var isBuyerMaker = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e') { ExpectEvent(ref reader, "aggTrade"u8); }
            else if (key == (byte)'E') { eventTime = ReadTime(ref reader, "E"); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'a') { id = ReadLong(ref reader, "a"); }
            else if (key == (byte)'p') { price = ReadDecimal(ref reader, "p", allowNegative: false); }
            else if (key == (byte)'q') { quantity = ReadDecimal(ref reader, "q", allowNegative: false); }
            else if (key == (byte)'f') { first = ReadLong(ref reader, "f"); }
            else if (key == (byte)'l') { last = ReadLong(ref reader, "l"); }
            else if (key == (byte)'T') { tradeTime = ReadTime(ref reader, "T"); }
            else if (key == (byte)'m') { isBuyerMaker = ReadBool(ref reader, "m"); }
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

    private static MiniTickerUpdate ReadMiniTicker(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        decimal? last = null, open = null, high = null, low = null, volume = null, quoteVolume = null;
        var eventTime = DateTimeOffset.UnixEpoch;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e') { ExpectEvent(ref reader, "24hrMiniTicker"u8); }
            else if (key == (byte)'E') { eventTime = ReadTime(ref reader, "E"); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'c') { last = ReadDecimal(ref reader, "c", allowNegative: false); }
            else if (key == (byte)'o') { open = ReadDecimal(ref reader, "o", allowNegative: false); }
            else if (key == (byte)'h') { high = ReadDecimal(ref reader, "h", allowNegative: false); }
            else if (key == (byte)'l') { low = ReadDecimal(ref reader, "l", allowNegative: false); }
            else if (key == (byte)'v') { volume = ReadDecimal(ref reader, "v", allowNegative: false); }
            else if (key == (byte)'q') { quoteVolume = ReadDecimal(ref reader, "q", allowNegative: false); }
            else { SkipValue(ref reader); }
        }

        return new MiniTickerUpdate(Required(symbol, "s"), Required(last, "c"), Required(open, "o"), Required(high, "h"), Required(low, "l"), Required(volume, "v"), Required(quoteVolume, "q"), eventTime);
    }

    private static RollingWindowTickerUpdate ReadRollingWindowTicker(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        var window = RollingWindow.Unknown;
        decimal? change = null, changePercent = null, open = null, high = null, low = null, last = null, weighted = null, volume = null, quoteVolume = null;
        DateTimeOffset? openTime = null, closeTime = null;
        long? firstId = null, lastId = null, count = null;
        var eventTime = DateTimeOffset.UnixEpoch;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e')
            {
                if (Next(ref reader) != JsonTokenType.String || (window = RollingWindowOf(ref reader)) == RollingWindow.Unknown)
                {
                    throw new FormatException("Event type is not 1hTicker, 4hTicker or 1dTicker.");
                }
            }
            else if (key == (byte)'E') { eventTime = ReadTime(ref reader, "E"); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'p') { change = ReadDecimal(ref reader, "p", allowNegative: true); }
            else if (key == (byte)'P') { changePercent = ReadDecimal(ref reader, "P", allowNegative: true); }
            else if (key == (byte)'o') { open = ReadDecimal(ref reader, "o", allowNegative: false); }
            else if (key == (byte)'h') { high = ReadDecimal(ref reader, "h", allowNegative: false); }
            else if (key == (byte)'l') { low = ReadDecimal(ref reader, "l", allowNegative: false); }
            else if (key == (byte)'c') { last = ReadDecimal(ref reader, "c", allowNegative: false); }
            else if (key == (byte)'w') { weighted = ReadDecimal(ref reader, "w", allowNegative: false); }
            else if (key == (byte)'v') { volume = ReadDecimal(ref reader, "v", allowNegative: false); }
            else if (key == (byte)'q') { quoteVolume = ReadDecimal(ref reader, "q", allowNegative: false); }
            else if (key == (byte)'O') { openTime = ReadTime(ref reader, "O"); }
            else if (key == (byte)'C') { closeTime = ReadTime(ref reader, "C"); }
            else if (key == (byte)'F') { firstId = ReadLong(ref reader, "F"); }
            else if (key == (byte)'L') { lastId = ReadLong(ref reader, "L"); }
            else if (key == (byte)'n') { count = ReadLong(ref reader, "n"); }
            else { SkipValue(ref reader); }
        }

        if (window == RollingWindow.Unknown)
        {
            throw new FormatException("Field 'e' is missing.");
        }

        return new RollingWindowTickerUpdate(
            Required(symbol, "s"), window, Required(change, "p"), Required(changePercent, "P"), Required(open, "o"), Required(high, "h"), Required(low, "l"),
            Required(last, "c"), Required(weighted, "w"), Required(volume, "v"), Required(quoteVolume, "q"), Required(openTime, "O"), Required(closeTime, "C"),
            Required(firstId, "F"), Required(lastId, "L"), Required(count, "n"), eventTime);
    }

    private static BookTickerUpdate ReadBookTicker(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        long? updateId = null;
        decimal? bid = null, bidQty = null, ask = null, askQty = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'u') { updateId = ReadLong(ref reader, "u"); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'b') { bid = ReadDecimal(ref reader, "b", allowNegative: false); }
            else if (key == (byte)'B') { bidQty = ReadDecimal(ref reader, "B", allowNegative: false); }
            else if (key == (byte)'a') { ask = ReadDecimal(ref reader, "a", allowNegative: false); }
            else if (key == (byte)'A') { askQty = ReadDecimal(ref reader, "A", allowNegative: false); }
            else if (key == (byte)'e') { throw new FormatException("A book ticker carries no event type."); }
            else { SkipValue(ref reader); }
        }

        return new BookTickerUpdate(Required(symbol, "s"), Required(updateId, "u"), Required(bid, "b"), Required(bidQty, "B"), Required(ask, "a"), Required(askQty, "A"));
    }

    private static AveragePriceUpdate ReadAveragePrice(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        TimeSpan? interval = null;
        decimal? price = null;
        DateTimeOffset? lastTradeTime = null;
        var eventTime = DateTimeOffset.UnixEpoch;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e') { ExpectEvent(ref reader, "avgPrice"u8); }
            else if (key == (byte)'E') { eventTime = ReadTime(ref reader, "E"); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'i') { interval = ReadInterval(ref reader, "i"); }
            else if (key == (byte)'w') { price = ReadDecimal(ref reader, "w", allowNegative: false); }
            else if (key == (byte)'T') { lastTradeTime = ReadTime(ref reader, "T"); }
            else { SkipValue(ref reader); }
        }

        return new AveragePriceUpdate(Required(symbol, "s"), Required(interval, "i"), Required(price, "w"), Required(lastTradeTime, "T"), eventTime);
    }

    private static ReferencePriceUpdate ReadReferencePrice(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        decimal? price = null;
        var hasPrice = false;
        DateTimeOffset? time = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e') { ExpectEvent(ref reader, "referencePrice"u8); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'r')
            {
                // "null if no reference price".
                hasPrice = true;
                price = Next(ref reader) == JsonTokenType.Null ? null : ReadDecimalValue(ref reader, "r");
            }
            else if (key == (byte)'t') { time = ReadTime(ref reader, "t"); }
            else { SkipValue(ref reader); }
        }

        if (!hasPrice)
        {
            throw new FormatException("Field 'r' is missing.");
        }

        return new ReferencePriceUpdate(Required(symbol, "s"), price, Required(time, "t"));
    }

    private static object? ReadServerShutdown(ref Utf8JsonReader reader)
    {
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'E') { ReadTime(ref reader, "E"); }
            else { SkipValue(ref reader); }
        }

        return null;
    }

    private static DepthUpdate ReadDepth(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        long? first = null, final = null;
        OrderBookLevel[]? bids = null, asks = null;
        var eventTime = DateTimeOffset.UnixEpoch;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            switch (Key(ref reader))
            {
                case (byte)'e': ExpectEvent(ref reader, "depthUpdate"u8); break;
                case (byte)'E': eventTime = ReadTime(ref reader, "E"); break;
                case (byte)'s': symbol = ReadSymbol(ref reader, route); break;
                case (byte)'U': first = ReadLong(ref reader, "U"); break;
                case (byte)'u': final = ReadLong(ref reader, "u"); break;
                case (byte)'b': bids = ReadLevels(ref reader, "b"); break;
                case (byte)'a': asks = ReadLevels(ref reader, "a"); break;
                default: SkipValue(ref reader); break;
            }
        }

        return new DepthUpdate(Required(symbol, "s"), Required(first, "U"), Required(final, "u"), Required(bids, "b"), Required(asks, "a"), eventTime);
    }

    private static PartialDepthUpdate ReadPartialDepth(ref Utf8JsonReader reader, string symbol)
    {
        long? lastUpdateId = null;
        OrderBookLevel[]? bids = null, asks = null;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("lastUpdateId"u8)) { lastUpdateId = ReadLong(ref reader, "lastUpdateId"); }
            else if (reader.ValueTextEquals("bids"u8)) { bids = ReadLevels(ref reader, "bids"); }
            else if (reader.ValueTextEquals("asks"u8)) { asks = ReadLevels(ref reader, "asks"); }
            else { SkipValue(ref reader); }
        }

        // The payload carries no symbol: it comes from the stream name ("" when unknown).
        return new PartialDepthUpdate(symbol, Required(lastUpdateId, "lastUpdateId"), Required(bids, "bids"), Required(asks, "asks"));
    }

    private static KlineUpdate ReadKline(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        var eventTime = DateTimeOffset.UnixEpoch;
        KlineInterval? interval = null;
        Kline? kline = null;
        var isClosed = false;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e') { ExpectEvent(ref reader, "kline"u8); }
            else if (key == (byte)'E') { eventTime = ReadTime(ref reader, "E"); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'k') { (kline, interval, isClosed, symbol) = ReadKlineBody(ref reader, symbol, route); }
            else { SkipValue(ref reader); }
        }

        return new KlineUpdate(Required(symbol, "s"), Required(interval, "k.i"), Required(kline, "k"), isClosed, eventTime);
    }

    private static (Kline Kline, KlineInterval Interval, bool IsClosed, string? Symbol) ReadKlineBody(ref Utf8JsonReader reader, string? symbol, StreamRoute? route)
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
            var key = Key(ref reader);
            if (key == (byte)'t') { openTime = ReadTime(ref reader, "k.t"); }
            else if (key == (byte)'T') { closeTime = ReadTime(ref reader, "k.T"); }
            else if (key == (byte)'s')
            {
                var klineSymbol = ReadSymbol(ref reader, route);
                symbol ??= klineSymbol;
            }
            else if (key == (byte)'i')
            {
                if (Next(ref reader) != JsonTokenType.String || !TryReadKlineInterval(ref reader, out var parsed))
                {
                    throw new FormatException("Field 'k.i' is not a kline interval.");
                }

                interval = parsed;
            }
            else if (key == (byte)'o') { open = ReadDecimal(ref reader, "k.o", allowNegative: false); }
            else if (key == (byte)'h') { high = ReadDecimal(ref reader, "k.h", allowNegative: false); }
            else if (key == (byte)'l') { low = ReadDecimal(ref reader, "k.l", allowNegative: false); }
            else if (key == (byte)'c') { close = ReadDecimal(ref reader, "k.c", allowNegative: false); }
            else if (key == (byte)'v') { volume = ReadDecimal(ref reader, "k.v", allowNegative: false); }
            else if (key == (byte)'q') { quoteVolume = ReadDecimal(ref reader, "k.q", allowNegative: false); }
            else if (key == (byte)'V') { takerBase = ReadDecimal(ref reader, "k.V", allowNegative: false); }
            else if (key == (byte)'Q') { takerQuote = ReadDecimal(ref reader, "k.Q", allowNegative: false); }
            else if (key == (byte)'n') { tradeCount = ReadLong(ref reader, "k.n"); }
            else if (key == (byte)'x') { isClosed = ReadBool(ref reader, "k.x"); }
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

    /// <summary>The kline interval the reader is on, compared as bytes (no string).</summary>
    private static bool TryReadKlineInterval(ref Utf8JsonReader reader, out KlineInterval interval)
    {
        foreach (var candidate in KlineIntervals)
        {
            if (reader.ValueTextEquals(candidate.Wire))
            {
                interval = candidate.Interval;
                return true;
            }
        }

        interval = default;
        return false;
    }

    private static readonly (KlineInterval Interval, byte[] Wire)[] KlineIntervals =
        [.. Enum.GetValues<KlineInterval>().Select(i => (i, System.Text.Encoding.ASCII.GetBytes(i.ToWire())))];

    private static TickerUpdate ReadTicker(ref Utf8JsonReader reader, StreamRoute? route)
    {
        string? symbol = null;
        decimal? last = null;
        decimal change = 0, changePercent = 0, weighted = 0, previousClose = 0, lastQty = 0, bid = 0, bidQty = 0, ask = 0, askQty = 0;
        decimal open = 0, high = 0, low = 0, volume = 0, quoteVolume = 0;
        DateTimeOffset openTime = DateTimeOffset.UnixEpoch, closeTime = DateTimeOffset.UnixEpoch, eventTime = DateTimeOffset.UnixEpoch;
        long firstId = 0, lastId = 0, count = 0;

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = Key(ref reader);
            if (key == (byte)'e') { ExpectEvent(ref reader, "24hrTicker"u8); }
            else if (key == (byte)'s') { symbol = ReadSymbol(ref reader, route); }
            else if (key == (byte)'E') { eventTime = ReadTime(ref reader, "E"); }
            else if (key == (byte)'p') { change = ReadDecimal(ref reader, "p", allowNegative: true); }
            else if (key == (byte)'P') { changePercent = ReadDecimal(ref reader, "P", allowNegative: true); }
            else if (key == (byte)'w') { weighted = ReadDecimal(ref reader, "w", allowNegative: false); }
            else if (key == (byte)'x') { previousClose = ReadDecimal(ref reader, "x", allowNegative: false); }
            else if (key == (byte)'c') { last = ReadDecimal(ref reader, "c", allowNegative: false); }
            else if (key == (byte)'Q') { lastQty = ReadDecimal(ref reader, "Q", allowNegative: false); }
            else if (key == (byte)'b') { bid = ReadDecimal(ref reader, "b", allowNegative: false); }
            else if (key == (byte)'B') { bidQty = ReadDecimal(ref reader, "B", allowNegative: false); }
            else if (key == (byte)'a') { ask = ReadDecimal(ref reader, "a", allowNegative: false); }
            else if (key == (byte)'A') { askQty = ReadDecimal(ref reader, "A", allowNegative: false); }
            else if (key == (byte)'o') { open = ReadDecimal(ref reader, "o", allowNegative: false); }
            else if (key == (byte)'h') { high = ReadDecimal(ref reader, "h", allowNegative: false); }
            else if (key == (byte)'l') { low = ReadDecimal(ref reader, "l", allowNegative: false); }
            else if (key == (byte)'v') { volume = ReadDecimal(ref reader, "v", allowNegative: false); }
            else if (key == (byte)'q') { quoteVolume = ReadDecimal(ref reader, "q", allowNegative: false); }
            else if (key == (byte)'O') { openTime = ReadTime(ref reader, "O"); }
            else if (key == (byte)'C') { closeTime = ReadTime(ref reader, "C"); }
            else if (key == (byte)'F') { firstId = ReadLong(ref reader, "F"); }
            else if (key == (byte)'L') { lastId = ReadLong(ref reader, "L"); }
            else if (key == (byte)'n') { count = ReadLong(ref reader, "n"); }
            else { SkipValue(ref reader); }
        }

        var ticker = new Ticker24h(
            Required(symbol, "s"), change, changePercent, weighted, previousClose, Required(last, "c"), lastQty,
            bid, bidQty, ask, askQty, open, high, low, volume, quoteVolume, openTime, closeTime, firstId, lastId, count);
        return new TickerUpdate(ticker, eventTime);
    }

    /// <summary>Reads the next token; a payload that ends early is malformed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new FormatException("Truncated JSON.");

    /// <summary>The frame ends after its root value (the reader rejects trailing data).</summary>
    private static void EndOfFrame(ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth == 0 && reader.Read())
        {
            throw new FormatException("Data after the message.");
        }
    }

    /// <summary>
    /// The one-byte name of the property the reader is on (every stream field is one letter), 0 for longer names:
    /// one comparison per field instead of a chain of <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Key(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var name = reader.ValueSpan;
            return name.Length == 1 ? name[0] : (byte)0;
        }

        Span<byte> unescaped = stackalloc byte[8];
        return reader.ValueSpan.Length <= 8 && reader.CopyString(unescaped) == 1 ? unescaped[0] : (byte)0;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    private static void ExpectEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected)
    {
        if (Next(ref reader) != JsonTokenType.String
            || !(!reader.ValueIsEscaped && !reader.HasValueSequence ? reader.ValueSpan.SequenceEqual(expected) : reader.ValueTextEquals(expected)))
        {
            throw new FormatException($"Event type is not '{System.Text.Encoding.UTF8.GetString(expected)}' on this stream.");
        }
    }

    /// <summary>The symbol: the route's cached string when the payload names the same symbol (no allocation).</summary>
    private static string ReadSymbol(ref Utf8JsonReader reader, StreamRoute? route)
    {
        if (Next(ref reader) != JsonTokenType.String)
        {
            throw new FormatException("Field 's' is not a string.");
        }

        if (route is not null && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.SequenceEqual(route.SymbolUtf8))
        {
            return route.Symbol;
        }

        var symbol = reader.GetString()!;
        return symbol.Length == 0 ? throw new FormatException("Field 's' is empty.") : symbol;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadBool(ref Utf8JsonReader reader, string field) => Next(ref reader) switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw NotA(field, "a boolean"),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

        throw NotA(field, "an integer");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DateTimeOffset ReadTime(ref Utf8JsonReader reader, string field)
    {
        // Milliseconds, or microseconds on a timeUnit=MICROSECOND connection: the shared reader tells them apart, to the tick.
        var value = ReadLong(ref reader, field);
        return JsonValues.TryFromUnixTime(value, out var time) ? time : throw NotA(field, "a valid time");
    }

    /// <summary>An interval such as <c>5m</c>: a positive count and a unit (s, m, h, d).</summary>
    private static TimeSpan ReadInterval(ref Utf8JsonReader reader, string field)
    {
        if (Next(ref reader) == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan is { Length: >= 2 and <= 6 } text
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            switch (text[^1])
            {
                case (byte)'s': return TimeSpan.FromSeconds(count);
                case (byte)'m': return TimeSpan.FromMinutes(count);
                case (byte)'h': return TimeSpan.FromHours(count);
                case (byte)'d': return TimeSpan.FromDays(count);
            }
        }

        throw new FormatException($"Field '{field}' is not an interval.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal ReadDecimal(ref Utf8JsonReader reader, string field, bool allowNegative)
    {
        Next(ref reader);
        return ReadDecimalValue(ref reader, field, allowNegative);
    }

    /// <summary>The decimal string the reader is on: plain notation only (Binance sends strings; a JSON number is the wrong type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal ReadDecimalValue(ref Utf8JsonReader reader, string field, bool allowNegative = false)
    {
        var value = 0m;
        var parsed = reader.TokenType == JsonTokenType.String
            && (!reader.ValueIsEscaped && !reader.HasValueSequence
                ? FastDecimal.TryParse(reader.ValueSpan, out value) // the hot path: straight from the frame's bytes
                : FastDecimal.TryRead(ref reader, out value));
        if (!parsed)
        {
            throw NotA(field, "a decimal number");
        }

        // A sign bit test, not a decimal comparison (which costs as much as the parse on a depth level). "-0" is refused too.
        if (!allowNegative && decimal.IsNegative(value))
        {
            throw NotA(field, "positive or zero");
        }

        return value;
    }

    /// <summary>Price levels <c>[["price","qty"],…]</c> into one exact-size array (parsed into a stack buffer first).</summary>
    private static OrderBookLevel[] ReadLevels(ref Utf8JsonReader reader, string field)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
        {
            throw new FormatException($"Field '{field}' is not an array.");
        }

        var levels = new LevelBuilder(stackalloc OrderBookLevel[32]);
        try
        {
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new FormatException($"A level of '{field}' is not an array.");
                }

                var price = ReadDecimal(ref reader, field, allowNegative: false);
                var quantity = ReadDecimal(ref reader, field, allowNegative: false);
                if (Next(ref reader) != JsonTokenType.EndArray)
                {
                    do
                    {
                        reader.Skip(); // extra elements are ignored
                    }
                    while (Next(ref reader) != JsonTokenType.EndArray);
                }

                levels.Add(new OrderBookLevel(price, quantity));
            }

            return levels.ToArray();
        }
        finally
        {
            levels.Return();
        }
    }

    /// <summary>The error of a field (built out of line, so the readers inline small).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FormatException NotA(string field, string what) => new($"Field '{field}' is not {what}.");

    private static T Required<T>(T? value, string field)
        where T : class =>
        value ?? throw new FormatException($"Field '{field}' is missing.");

    private static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw new FormatException($"Field '{field}' is missing.");

    /// <summary>What is known about the frame so far (for the malformed report).</summary>
    private struct Context
    {
        public StreamRoute? Route;
        public string? StreamName;

        public readonly StreamMessage Malformed(string error) => new(StreamMessageKind.Malformed, StreamName, null, null, error, null, Route);

        public readonly StreamMessage Ignored() => new(StreamMessageKind.Ignored, StreamName, null, null, null, null, Route);
    }
}
