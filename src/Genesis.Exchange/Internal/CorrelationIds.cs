using System.Security.Cryptography;

namespace Genesis.Exchange.Internal;

/// <summary>Short, unique correlation ids (12 hex characters from a random prefix and a counter).</summary>
internal static class CorrelationIds
{
    private static readonly string Prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private static long _counter;

    public static string Next() => Prefix + (Interlocked.Increment(ref _counter) & 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
}
