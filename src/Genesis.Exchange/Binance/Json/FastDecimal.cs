using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;

namespace Genesis.Exchange.Binance.Json;

/// <summary>
/// The one reader of Binance decimals on every path (REST, streams, WebSocket API, mock requests): the strings Binance
/// sends (<c>"-123.45600000"</c>: optional sign, digits, optional fraction) straight from UTF-8 into a
/// <see cref="decimal"/>, keeping the scale. Up to 19 digits this is one pass over the bytes with no allocation; more
/// digits fall back to <see cref="Utf8Parser"/>. The common shape (sign, at most 19 digits in all, at most one dot) takes a
/// SWAR path first that reads eight ASCII digits per 64-bit load; anything else goes through the byte loop, which is
/// the reference: both give the same result (flag, value and scale) on every input. One strictness rule: plain notation only; exponents, NaN, Infinity,
/// whitespace and text are rejected (Binance never sends them, so they mean a broken or hostile payload).
/// </summary>
internal static class FastDecimal
{
    private const int MaxFastDigits = 19;

    /// <summary>Every byte's <c>'0'</c>, to turn eight ASCII digits into eight digit values with one subtraction.</summary>
    private const ulong AsciiZeros = 0x3030_3030_3030_3030;

    /// <summary>The high bit of every byte.</summary>
    private const ulong HighBits = 0x8080_8080_8080_8080;

    /// <summary>Powers of ten 10^0..10^8, to shift a mantissa left by the digits of one partial chunk.</summary>
    private static ReadOnlySpan<ulong> Pow10 => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>Parses a Binance decimal from its UTF-8 text by the rule above, keeping the scale.</summary>
    /// <param name="text">The UTF-8 text, without quotes.</param>
    /// <param name="value">The decimal; zero when the text is not one.</param>
    /// <returns>False when the text is not a decimal by the rule.</returns>
    public static bool TryParse(ReadOnlySpan<byte> text, out decimal value) =>
        TryParseSwar(text, out value) || TryParseBytewise(text, out value);

    /// <summary>
    /// The fast path: optional sign, digits, optional dot and digits, at least one and at most 19 digits in all (so the
    /// mantissa fits a <see cref="ulong"/> and the scale is at most 19). Declines (returns false, leaving the decision to
    /// <see cref="TryParseBytewise"/>) on anything else, so it never changes the outcome: on the inputs it accepts the
    /// byte loop computes the same mantissa, sign and scale.
    /// </summary>
    /// <param name="text">The UTF-8 text.</param>
    /// <param name="value">The decimal when accepted.</param>
    /// <returns>True when the text has the common shape and was parsed; false to decline.</returns>
    private static bool TryParseSwar(ReadOnlySpan<byte> text, out decimal value)
    {
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        // At most 19 digits and a dot; longer text is not the common shape (and could overflow the mantissa below).
        if (text.Length - i > MaxFastDigits + 1)
        {
            value = 0;
            return false;
        }

        var start = i;
        var mantissa = ReadDigits(text, ref i, 0);
        var digits = i - start;
        var scale = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            start = i;
            mantissa = ReadDigits(text, ref i, mantissa);
            scale = i - start;
            digits += scale;
        }

        if (i != text.Length || digits == 0 || digits > MaxFastDigits)
        {
            value = 0;
            return false;
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    /// <summary>
    /// Appends the run of ASCII digits at <paramref name="i"/> to <paramref name="mantissa"/>, eight at a time while eight
    /// bytes remain (a partial chunk ends the run), then byte by byte. Wraps silently past 20 digits; the caller rejects
    /// such runs by their length.
    /// </summary>
    /// <param name="text">The UTF-8 text.</param>
    /// <param name="i">The position of the run; moved past it.</param>
    /// <param name="mantissa">The digits so far.</param>
    /// <returns>The digits so far followed by the run.</returns>
    private static ulong ReadDigits(ReadOnlySpan<byte> text, ref int i, ulong mantissa)
    {
        while (text.Length - i >= 8)
        {
            var chunk = BinaryPrimitives.ReadUInt64LittleEndian(text[i..]);

            // A byte's high bit is set here when it is not an ASCII digit: below '0' the subtraction borrows, above '9'
            // the addition reaches 0x80 (bytes from 0xBA wrap, but then the subtraction has the high bit). Carries and
            // borrows start only at non-digit bytes and run toward later bytes, so the lowest flag is exact.
            var nonDigits = ((chunk + 0x4646_4646_4646_4646) | (chunk - AsciiZeros)) & HighBits;
            if (nonDigits == 0)
            {
                mantissa = (mantissa * 100_000_000) + EightDigits(chunk - AsciiZeros);
                i += 8;
                continue;
            }

            var count = BitOperations.TrailingZeroCount(nonDigits) >> 3;
            if (count != 0)
            {
                // The digit bytes are the low ones (no borrow reaches them); shifting them to the top fills leading zeros.
                mantissa = (mantissa * Pow10[count]) + EightDigits((chunk - AsciiZeros) << (64 - (8 * count)));
                i += count;
            }

            return mantissa;
        }

        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + d;
        }

        return mantissa;
    }

    /// <summary>The number written by eight digit values (0..9), first digit in the lowest byte: multiply-shift reduction.</summary>
    /// <param name="values">Eight digit values, little-endian.</param>
    /// <returns>The eight-digit number.</returns>
    private static uint EightDigits(ulong values)
    {
        values = (values * 10) + (values >> 8);
        values = (((values & 0x0000_00FF_0000_00FF) * (100 + (1_000_000UL << 32)))
                  + (((values >> 16) & 0x0000_00FF_0000_00FF) * (1 + (10_000UL << 32)))) >> 32;
        return (uint)values;
    }

    /// <summary>The byte loop: the reference rule for every input, and the path for whatever the SWAR path declines.</summary>
    /// <param name="text">The UTF-8 text.</param>
    /// <param name="value">The decimal; zero when the text is not one.</param>
    /// <returns>False when the text is not a decimal by the rule.</returns>
    internal static bool TryParseBytewise(ReadOnlySpan<byte> text, out decimal value)
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
