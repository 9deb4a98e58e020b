using System.Buffers.Text;

namespace Genesis.Exchange.Binance.Json;

/// <summary>
/// Parses the decimal strings Binance sends (<c>"-123.45600000"</c>: optional sign, digits, optional fraction) straight
/// from UTF-8 into a <see cref="decimal"/>, keeping the scale. Up to 19 digits this is one pass over the bytes with no
/// allocation; anything else (exponents, more digits) falls back to <see cref="Utf8Parser"/>. Rejects NaN, Infinity and text.
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

    private static bool Fallback(ReadOnlySpan<byte> text, out decimal value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
}
