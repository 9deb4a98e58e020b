using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// The fast path of the busiest frames, combined <c>&lt;symbol&gt;@trade</c>, <c>&lt;symbol&gt;@depth[@100ms]</c> and
/// <c>&lt;symbol&gt;@depth&lt;N&gt;[@100ms]</c> frames exactly as Binance writes them, e.g.
/// <c>{"stream":"btcusdt@trade","data":{"e":"trade","E":…,"s":"BTCUSDT","t":…,"p":"…","q":"…","T":…,"m":true,"M":true}}</c>:
/// one forward pass over the bytes instead of a general JSON reader.
/// </summary>
/// <remarks>
/// <para>It accepts a strict subset of JSON and nothing else: no whitespace, no escapes, string bytes printable ASCII
/// only, integers in JSON's own form, scalar values or price levels (<c>[["price","qty"],…]</c>, two strings each), the
/// stream member first. Every frame outside that subset, and every frame whose content is wrong (another event type, a
/// negative price, a missing field, a symbol that is not the stream's), is declined: <see cref="StreamMessageParser"/>
/// then reads it with its general reader and reports the precise error. So a frame accepted here yields exactly what the
/// general reader yields, and one declined costs a few byte comparisons (tests compare both paths on generated and
/// mutated frames).</para>
/// </remarks>
internal static class FastFrameScanner
{
    private static ReadOnlySpan<byte> StreamMember => "{\"stream\":"u8;

    private static ReadOnlySpan<byte> DataMember => ",\"data\":{"u8;

    /// <summary>Reads <paramref name="frame"/> when it is a frame of a routed trade or depth stream in Binance's exact form.</summary>
    /// <param name="frame">The whole frame.</param>
    /// <param name="resolver">The route table.</param>
    /// <param name="message">The parsed message, as the general parser would produce it.</param>
    /// <returns>False to leave the frame to the general parser.</returns>
    public static bool TryParse(ReadOnlySpan<byte> frame, IStreamNameResolver resolver, out StreamMessage message)
    {
        message = default;
        var cursor = new Cursor(frame);
        if (!cursor.TryConsume(StreamMember) || !cursor.TryReadString(out var name)
            || !(name.EndsWith("@trade"u8) || name.IndexOf("@depth"u8) > 0) || !cursor.TryConsume(DataMember))
        {
            return false; // not a combined frame in the exact form, or another kind: not worth a second route lookup
        }

        var route = resolver.Resolve(name);
        if (route is null)
        {
            return false;
        }

        object? payload = route.Kind switch
        {
            StreamMessageKind.Trade => ReadTrade(ref cursor, route),
            StreamMessageKind.Depth => ReadDepth(ref cursor, route),
            StreamMessageKind.PartialDepth => ReadPartialDepth(ref cursor, route),
            _ => null,
        };

        if (payload is null || !cursor.IsAt("}"u8))
        {
            return false;
        }

        message = new StreamMessage(route.Kind, route.Name, payload, null, null, null, route);
        return true;
    }

    /// <summary>The trade object's members after its <c>{</c>, through its <c>}</c>; null to decline.</summary>
    private static TradeUpdate? ReadTrade(ref Cursor cursor, StreamRoute route)
    {
        long tradeId = 0, tradeTime = 0, eventTime = 0;
        decimal price = 0, quantity = 0;
        bool maker = false, hasSymbol = false, hasId = false, hasPrice = false, hasQuantity = false, hasTradeTime = false, hasEventTime = false;
        do
        {
            if (!cursor.TryReadKey(out var key))
            {
                return null;
            }

            var ok = key switch
            {
                (byte)'e' => cursor.TryReadExact("trade"u8), // not required (nor by the general reader); when present it must say trade
                (byte)'E' => hasEventTime = cursor.TryReadInteger(out eventTime),
                (byte)'s' => hasSymbol = cursor.TryReadSymbol(route),
                (byte)'t' => hasId = cursor.TryReadInteger(out tradeId),
                (byte)'p' => hasPrice = cursor.TryReadDecimal(out price),
                (byte)'q' => hasQuantity = cursor.TryReadDecimal(out quantity),
                (byte)'T' => hasTradeTime = cursor.TryReadInteger(out tradeTime),
                (byte)'m' => cursor.TryReadBoolean(out maker),
                _ => cursor.TrySkipScalar(),
            };
            if (!ok)
            {
                return null;
            }
        }
        while (cursor.TryConsume((byte)','));

        if (!cursor.TryConsume((byte)'}') || !hasSymbol || !hasId || !hasPrice || !hasQuantity || !hasTradeTime
            || !JsonValues.TryFromUnixTime(tradeTime, out var time) || !TryEventTime(hasEventTime, eventTime, out var eventAt))
        {
            return null;
        }

        return new TradeUpdate(route.Symbol, tradeId, price, quantity, time, eventAt, maker);
    }

    /// <summary>The diff-depth object's members after its <c>{</c>, through its <c>}</c>; null to decline.</summary>
    private static DepthUpdate? ReadDepth(ref Cursor cursor, StreamRoute route)
    {
        long first = 0, final = 0, eventTime = 0;
        OrderBookLevel[]? bids = null, asks = null;
        bool hasSymbol = false, hasFirst = false, hasFinal = false, hasEventTime = false;
        do
        {
            if (!cursor.TryReadKey(out var key))
            {
                return null;
            }

            var ok = key switch
            {
                (byte)'e' => cursor.TryReadExact("depthUpdate"u8),
                (byte)'E' => hasEventTime = cursor.TryReadInteger(out eventTime),
                (byte)'s' => hasSymbol = cursor.TryReadSymbol(route),
                (byte)'U' => hasFirst = cursor.TryReadInteger(out first),
                (byte)'u' => hasFinal = cursor.TryReadInteger(out final),
                (byte)'b' => (bids = ReadLevels(ref cursor)) is not null,
                (byte)'a' => (asks = ReadLevels(ref cursor)) is not null,
                _ => cursor.TrySkipScalar(),
            };
            if (!ok)
            {
                return null;
            }
        }
        while (cursor.TryConsume((byte)','));

        if (!cursor.TryConsume((byte)'}') || !hasSymbol || !hasFirst || !hasFinal || bids is null || asks is null
            || !TryEventTime(hasEventTime, eventTime, out var eventAt))
        {
            return null;
        }

        return new DepthUpdate(route.Symbol, first, final, bids, asks, eventAt);
    }

    /// <summary>The partial-depth object's members after its <c>{</c>, through its <c>}</c>; null to decline.</summary>
    private static PartialDepthUpdate? ReadPartialDepth(ref Cursor cursor, StreamRoute route)
    {
        long lastUpdateId = 0;
        OrderBookLevel[]? bids = null, asks = null;
        var hasLastUpdateId = false;
        do
        {
            if (!cursor.TryReadName(out var name))
            {
                return null;
            }

            var ok = name.SequenceEqual("lastUpdateId"u8) ? hasLastUpdateId = cursor.TryReadInteger(out lastUpdateId)
                : name.SequenceEqual("bids"u8) ? (bids = ReadLevels(ref cursor)) is not null
                : name.SequenceEqual("asks"u8) ? (asks = ReadLevels(ref cursor)) is not null
                : cursor.TrySkipScalar();
            if (!ok)
            {
                return null;
            }
        }
        while (cursor.TryConsume((byte)','));

        return cursor.TryConsume((byte)'}') && hasLastUpdateId && bids is not null && asks is not null
            ? new PartialDepthUpdate(route.Symbol, lastUpdateId, bids, asks)
            : null;
    }

    /// <summary>Price levels <c>[["price","qty"],…]</c> into one exact-size array (as the general reader makes it); null to decline.</summary>
    private static OrderBookLevel[]? ReadLevels(ref Cursor cursor)
    {
        if (!cursor.TryConsume((byte)'['))
        {
            return null;
        }

        if (cursor.TryConsume((byte)']'))
        {
            return [];
        }

        var levels = new LevelBuilder(stackalloc OrderBookLevel[32]);
        try
        {
            do
            {
                if (!cursor.TryConsume((byte)'[') || !cursor.TryReadDecimal(out var price) || !cursor.TryConsume((byte)',')
                    || !cursor.TryReadDecimal(out var quantity) || !cursor.TryConsume((byte)']'))
                {
                    return null;
                }

                levels.Add(new OrderBookLevel(price, quantity));
            }
            while (cursor.TryConsume((byte)','));

            return cursor.TryConsume((byte)']') ? levels.ToArray() : null;
        }
        finally
        {
            levels.Return();
        }
    }

    /// <summary>The event time as the general reader takes it: the Unix epoch when absent.</summary>
    private static bool TryEventTime(bool present, long value, out DateTimeOffset time)
    {
        time = DateTimeOffset.UnixEpoch;
        return !present || JsonValues.TryFromUnixTime(value, out time);
    }

    /// <summary>A forward-only reader of the accepted subset.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _bytes = bytes;

        /// <summary>Whether exactly <paramref name="tail"/> is left.</summary>
        public readonly bool IsAt(ReadOnlySpan<byte> tail) => _bytes.SequenceEqual(tail);

        /// <summary>Exactly <paramref name="bytes"/> next.</summary>
        public bool TryConsume(ReadOnlySpan<byte> bytes)
        {
            if (_bytes.StartsWith(bytes))
            {
                _bytes = _bytes[bytes.Length..];
                return true;
            }

            return false;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryConsume(byte b)
        {
            if (!_bytes.IsEmpty && _bytes[0] == b)
            {
                _bytes = _bytes[1..];
                return true;
            }

            return false;
        }

        /// <summary>A one-letter member name and its colon: <c>"x":</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryReadKey(out byte key)
        {
            if (_bytes.Length >= 4 && _bytes[0] == (byte)'"' && _bytes[2] == (byte)'"' && _bytes[3] == (byte)':' && IsPlain(_bytes[1]))
            {
                key = _bytes[1];
                _bytes = _bytes[4..];
                return true;
            }

            key = 0;
            return false;
        }

        /// <summary>A member name of plain characters and its colon: <c>"name":</c>.</summary>
        public bool TryReadName(out ReadOnlySpan<byte> name)
        {
            if (TryReadString(out name) && TryConsume((byte)':'))
            {
                return true;
            }

            name = default;
            return false;
        }

        /// <summary>A string equal to <paramref name="expected"/>.</summary>
        public bool TryReadExact(ReadOnlySpan<byte> expected) => TryReadString(out var value) && value.SequenceEqual(expected);

        /// <summary>The route's symbol (the general reader would allocate any other one; this path declines it).</summary>
        public bool TryReadSymbol(StreamRoute route) => TryReadString(out var value) && !value.IsEmpty && value.SequenceEqual(route.SymbolUtf8);

        /// <summary>A decimal string in plain notation, not negative (the general reader's rule for prices and quantities).</summary>
        public bool TryReadDecimal(out decimal value)
        {
            value = 0;
            return TryReadString(out var text) && FastDecimal.TryParse(text, out value) && !decimal.IsNegative(value);
        }

        /// <summary>A string of printable ASCII without escapes; <paramref name="value"/> is its content.</summary>
        public bool TryReadString(out ReadOnlySpan<byte> value)
        {
            value = default;
            if (_bytes.IsEmpty || _bytes[0] != (byte)'"')
            {
                return false;
            }

            var close = _bytes[1..].IndexOfAny((byte)'"', (byte)'\\');
            if (close < 0 || _bytes[1 + close] != (byte)'"')
            {
                return false;
            }

            value = _bytes.Slice(1, close);
            if (value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
            {
                value = default; // a control character (invalid JSON) or a non-ASCII byte: the general reader decides
                return false;
            }

            _bytes = _bytes[(close + 2)..];
            return true;
        }

        /// <summary>An integer in JSON's form (<c>-?(0|[1-9][0-9]*)</c>) that fits a long, followed by <c>,</c> or <c>}</c>.</summary>
        public bool TryReadInteger(out long value)
        {
            var digits = _bytes.Length > 0 && _bytes[0] == (byte)'-' ? _bytes[1..] : _bytes;
            var length = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            if (length <= 0 || (digits[0] == (byte)'0' && length > 1) || (digits[length] != (byte)',' && digits[length] != (byte)'}'))
            {
                value = 0;
                return false;
            }

            var total = length + (_bytes.Length - digits.Length);
            if (!Utf8Parser.TryParse(_bytes[..total], out value, out var consumed) || consumed != total)
            {
                return false;
            }

            _bytes = _bytes[total..];
            return true;
        }

        public bool TryReadBoolean(out bool value)
        {
            if (_bytes.StartsWith("true"u8))
            {
                _bytes = _bytes[4..];
                value = true;
                return true;
            }

            if (_bytes.StartsWith("false"u8))
            {
                _bytes = _bytes[5..];
                value = false;
                return true;
            }

            value = false;
            return false;
        }

        /// <summary>Skips the value of a member the record does not use: a string, an integer, a boolean or null.</summary>
        public bool TrySkipScalar()
        {
            if (_bytes.StartsWith("null"u8))
            {
                _bytes = _bytes[4..];
                return true;
            }

            return TryReadString(out _) || TryReadInteger(out _) || TryReadBoolean(out _);
        }

        private static bool IsPlain(byte b) => b is >= 0x20 and <= 0x7E and not (byte)'"' and not (byte)'\\';
    }
}
