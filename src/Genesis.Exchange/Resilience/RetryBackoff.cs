using System.Diagnostics.CodeAnalysis;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Resilience;

/// <summary>The backoff before each retry: exponential from <see cref="RetryOptions.BaseDelay"/>, capped at <see cref="RetryOptions.MaxDelay"/>.</summary>
internal static class RetryBackoff
{
    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1 for the first retry): <c>BaseDelay × 2^(retry−1)</c>
    /// capped at <c>MaxDelay</c> (1, 2, 4, 8, 16, 30, 30 s by default). With jitter ("equal jitter") the delay is
    /// uniform in <c>[d/2, d]</c> for that capped <c>d</c>, so it never exceeds the cap and never falls below half.
    /// </summary>
    /// <param name="retry">The retry number, from 1.</param>
    /// <param name="options">Base and maximum delay, and whether jitter is on.</param>
    /// <param name="random">The jitter source; no jitter when null. Not thread-safe: the caller serializes access.</param>
    /// <returns>The delay.</returns>
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Jitter spreads retries; it protects nothing.")]
    public static TimeSpan GetDelay(int retry, RetryOptions options, Random? random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        ArgumentNullException.ThrowIfNull(options);
        var cap = Math.Max(0, options.MaxDelay.Ticks);
        var baseTicks = Math.Max(0, options.BaseDelay.Ticks);

        // 2^62 overflows nothing as a double; the cap bounds the result.
        var exponential = baseTicks * Math.Pow(2, Math.Min(retry - 1, 62));
        var ticks = exponential >= cap ? cap : (long)exponential;
        if (options.UseJitter && random is not null)
        {
            var half = ticks / 2;
            ticks = half + (long)((ticks - half) * random.NextDouble());
        }

        return TimeSpan.FromTicks(ticks);
    }
}
