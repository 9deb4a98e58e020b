using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// The fast path of the busiest frame, a combined <c>&lt;symbol&gt;@trade</c> frame exactly as Binance writes it:
/// <c>{"stream":"btcusdt@trade","data":{"e":"trade","E":…,"s":"BTCUSDT","t":…,"p":"…","q":"…","T":…,"m":true,"M":true}}</c>.
/// One forward pass over the bytes instead of a general JSON reader.
/// </summary>
/// <remarks>
/// <para>It accepts a strict subset of JSON and nothing else: no whitespace, no escapes, string bytes printable ASCII
/// only, integers in JSON's own form, one-letter member names, scalar values, the stream member first. Every frame
/// outside that subset, and every frame whose content is wrong (another event type, a negative price, a missing field,
/// a symbol that is not the stream's), is declined: <see cref="StreamMessageParser"/> then reads it with its general
/// reader and reports the precise error. So a frame accepted here yields exactly what the general reader yields, and
/// one declined costs a few byte comparisons (tests compare both paths on generated and mutated frames).</para>
/// </remarks>
internal static class TradeFrameScanner
{
    private static ReadOnlySpan<byte> Prefix => "{\"stream\":\""u8;

    private static ReadOnlySpan<byte> DataMember => "\",\"data\":{"u8;

    private static ReadOnlySpan<byte> TradeSuffix => "@trade"u8;

    /// <summary>Reads <paramref name="frame"/> when it is a trade frame of a routed trade stream in Binance's exact form.</summary>
    /// <param name="frame">The whole frame.</param>
    /// <param name="resolver">The route table.</param>
    /// <param name="message">The parsed message, as the general parser would produce it.</param>
    /// <returns>False to leave the frame to the general parser.</returns>
    public static bool TryParse(ReadOnlySpan<byte> frame, IStreamNameResolver resolver, out StreamMessage message)
    {
        message = default;
        if (!frame.StartsWith(Prefix))
        {
            return false;
        }

        var rest = frame[Prefix.Length..];
        var nameLength = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (nameLength <= 0 || rest[nameLength] != (byte)'"')
        {
            return false;
        }

        var name = rest[..nameLength];
        if (!name.EndsWith(TradeSuffix) || name.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || !rest[nameLength..].StartsWith(DataMember))
        {
            return false;
        }

        var route = resolver.Resolve(name);
        if (route is null || route.Kind != StreamMessageKind.Trade)
        {
            return false;
        }

        var cursor = new Cursor(rest[(nameLength + DataMember.Length)..]);
        if (!TryReadTrade(ref cursor, route, out var trade) || !cursor.IsAt("}"u8))
        {
            return false;
        }

        message = new StreamMessage(StreamMessageKind.Trade, route.Name, trade, null, null, null, route);
        return true;
    }

    /// <summary>The trade object's members after its <c>{</c>, through its <c>}</c>.</summary>
    private static bool TryReadTrade(ref Cursor cursor, StreamRoute route, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TradeUpdate? trade)
    {
        trade = null;
        long tradeId = 0, tradeTime = 0, eventTime = 0;
        decimal price = 0, quantity = 0;
        bool maker = false, hasEvent = false, hasSymbol = false, hasId = false, hasPrice = false, hasQuantity = false, hasTradeTime = false, hasEventTime = false;
        ReadOnlySpan<byte> value;
        do
        {
            if (!cursor.TryReadKey(out var key))
            {
                return false;
            }

            switch (key)
            {
                case (byte)'e':
                    if (!cursor.TryReadString(out value) || !value.SequenceEqual("trade"u8))
                    {
                        return false;
                    }

                    hasEvent = true;
                    break;
                case (byte)'E':
                    if (!cursor.TryReadInteger(out eventTime))
                    {
                        return false;
                    }

                    hasEventTime = true;
                    break;
                case (byte)'s':
                    if (!cursor.TryReadString(out value) || !value.SequenceEqual(route.SymbolUtf8) || value.IsEmpty)
                    {
                        return false;
                    }

                    hasSymbol = true;
                    break;
                case (byte)'t':
                    if (!cursor.TryReadInteger(out tradeId))
                    {
                        return false;
                    }

                    hasId = true;
                    break;
                case (byte)'p':
                    if (!cursor.TryReadString(out value) || !FastDecimal.TryParse(value, out price) || decimal.IsNegative(price))
                    {
                        return false;
                    }

                    hasPrice = true;
                    break;
                case (byte)'q':
                    if (!cursor.TryReadString(out value) || !FastDecimal.TryParse(value, out quantity) || decimal.IsNegative(quantity))
                    {
                        return false;
                    }

                    hasQuantity = true;
                    break;
                case (byte)'T':
                    if (!cursor.TryReadInteger(out tradeTime))
                    {
                        return false;
                    }

                    hasTradeTime = true;
                    break;
                case (byte)'m':
                    if (!cursor.TryReadBoolean(out maker))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!cursor.TrySkipScalar())
                    {
                        return false;
                    }

                    break;
            }
        }
        while (cursor.TryConsume((byte)','));

        if (!cursor.TryConsume((byte)'}') || !hasSymbol || !hasId || !hasPrice || !hasQuantity || !hasTradeTime
            || !JsonValues.TryFromUnixTime(tradeTime, out var time))
        {
            return false;
        }

        var eventAt = DateTimeOffset.UnixEpoch;
        if (hasEventTime && !JsonValues.TryFromUnixTime(eventTime, out eventAt))
        {
            return false;
        }

        _ = hasEvent; // the general reader does not require "e" either; when present it must say "trade"
        trade = new TradeUpdate(route.Symbol, tradeId, price, quantity, time, eventAt, maker);
        return true;
    }

    /// <summary>A forward-only reader of the accepted subset.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _bytes = bytes;

        /// <summary>Whether exactly <paramref name="tail"/> is left.</summary>
        public readonly bool IsAt(ReadOnlySpan<byte> tail) => _bytes.SequenceEqual(tail);

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

        /// <summary>A string of printable ASCII without escapes; <paramref name="value"/> is its content.</summary>
        public bool TryReadString(out ReadOnlySpan<byte> value)
        {
            value = default;
            if (_bytes.IsEmpty || _bytes[0] != (byte)'"')
            {
                return false;
            }

            var end = _bytes[1..].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
            var close = _bytes[1..].IndexOfAny((byte)'"', (byte)'\\');
            if (close < 0 || _bytes[1 + close] != (byte)'"' || (end >= 0 && end < close))
            {
                return false;
            }

            value = _bytes.Slice(1, close);
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

        /// <summary>Skips the value of a member the trade does not use: a string, an integer, a boolean or null.</summary>
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
