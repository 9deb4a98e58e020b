using System.Buffers.Text;

namespace Genesis.Exchange.Binance.Json;

/// <summary>
/// The one reader of Binance decimals on every path (REST, streams, WebSocket API, mock requests): the strings Binance
/// sends (<c>"-123.45600000"</c>: optional sign, digits, optional fraction) straight from UTF-8 into a
/// <see cref="decimal"/>, keeping the scale. Up to 19 digits this is one pass over the bytes with no allocation; more
/// digits fall back to <see cref="Utf8Parser"/>. One strictness rule: plain notation only; exponents, NaN, Infinity,
/// whitespace and text are rejected (Binance never sends them, so they mean a broken or hostile payload).
/// </summary>
internal static class FastDecimal
{
    private const int MaxFastDigits = 19;

    public static bool TryParse(ReadOnlySpan<byte> text, out decimal value)
    {
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        var sawDot = false;
        var sawDigit = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'.')
            {
                if (sawDot)
                {
                    value = 0;
                    return false;
                }

                sawDot = true;
                continue;
            }

            var d = (uint)(c - '0');
            if (d > 9)
            {
                return Fallback(text, out value);
            }

            sawDigit = true;
            if (mantissa != 0 || d != 0)
            {
                digits++;
            }

            if (digits > MaxFastDigits)
            {
                return Fallback(text, out value);
            }

            mantissa = (mantissa * 10) + d;
            if (sawDot)
            {
                scale++;
            }
        }

        if (!sawDigit || scale > 28)
        {
            return Fallback(text, out value);
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    private static bool Fallback(ReadOnlySpan<byte> text, out decimal value)
    {
        // Only plain notation with more digits than the fast path holds; anything with an exponent or a letter is not a Binance decimal.
        foreach (var c in text)
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-' or (byte)'+'))
            {
                value = 0;
                return false;
            }
        }

        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    /// <summary>
    /// Reads the decimal at the reader's current token: a JSON string (the form Binance uses) or a JSON number, by the
    /// rule above. An escaped string is unescaped first (escapes never occur in real numbers, but they are not a reason to
    /// misread one); a token longer than any decimal is rejected without copying it.
    /// </summary>
    /// <param name="reader">The reader, positioned on the value.</param>
    /// <param name="value">The decimal.</param>
    /// <returns>False when the token is not a decimal by the rule.</returns>
    public static bool TryRead(ref System.Text.Json.Utf8JsonReader reader, out decimal value)
    {
        const int MaxLength = 96;
        switch (reader.TokenType)
        {
            case System.Text.Json.JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence:
                return TryParse(reader.ValueSpan, out value);
            case System.Text.Json.JsonTokenType.String:
                var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                if (length > MaxLength)
                {
                    value = 0;
                    return false;
                }

                Span<byte> copy = stackalloc byte[MaxLength];
                var written = reader.CopyString(copy);
                return TryParse(copy[..written], out value);
            case System.Text.Json.JsonTokenType.Number:
                return reader.TryGetDecimal(out value);
            default:
                value = 0;
                return false;
        }
    }
}
