using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>
/// Prices as integer ticks of 10⁻⁸ (Binance's finest price precision), so a book searches and compares
/// <see cref="long"/>s instead of <see cref="decimal"/>s. Converting reads the decimal's bits: no division, no allocation.
/// </summary>
internal static class PriceTicks
{
    /// <summary>Decimal places a tick represents.</summary>
    public const int Scale = 8;

    private static readonly ulong[] Powers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>The price in ticks of 10⁻⁸; false when it is negative, has more than 8 decimals or is too large (≥ 9.2·10¹⁰).</summary>
    /// <param name="price">The price.</param>
    /// <param name="ticks">The ticks.</param>
    /// <returns>Whether the price is representable.</returns>
    public static bool TryFromPrice(decimal price, out long ticks)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(price, bits);
        var flags = bits[3];
        var scale = (flags >> 16) & 0xFF;
        var mantissa = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        ticks = 0;
        if (bits[2] != 0 || (flags < 0 && mantissa != 0))
        {
            return false; // beyond 64 bits, or negative
        }

        while (scale > Scale)
        {
            if (mantissa % 10 != 0)
            {
                return false;
            }

            mantissa /= 10;
            scale--;
        }

        var power = Powers[Scale - scale];
        if (mantissa > (ulong)long.MaxValue / power)
        {
            return false;
        }

        ticks = (long)(mantissa * power);
        return true;
    }

    /// <summary>The price in ticks of 10⁻⁸.</summary>
    /// <param name="price">The price.</param>
    /// <returns>The ticks.</returns>
    /// <exception cref="MalformedResponseException">The price is negative, has more than 8 decimals or is too large.</exception>
    public static long FromPrice(decimal price) =>
        TryFromPrice(price, out var ticks)
            ? ticks
            : throw new MalformedResponseException($"Order book price {price} is not a non-negative price of at most 8 decimals below 92233720368.");
}
