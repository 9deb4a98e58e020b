using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>
/// Log messages of stream continuity beyond the trade-id gap messages the id sequencer shares with the stream client
/// (event ids 3200–3249).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3200, LogLevel.Information, "Klines {Interval} of {Symbol}: resubscribed after open time {LastOpenTime:o}; re-fetching missed candles over REST")]
    public static partial void KlineFillStarted(ILogger logger, string symbol, string interval, DateTimeOffset lastOpenTime);

    [LoggerMessage(3201, LogLevel.Information, "Klines {Interval} of {Symbol}: {Count} missed candles re-fetched over REST and delivered as final")]
    public static partial void KlineFillCompleted(ILogger logger, string symbol, string interval, int count);

    [LoggerMessage(3202, LogLevel.Warning, "Klines {Interval} of {Symbol}: re-fetching from {StartTime:o} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void KlineFillRetry(ILogger logger, Exception exception, string symbol, string interval, DateTimeOffset startTime, int attempt, TimeSpan delay);

    [LoggerMessage(3203, LogLevel.Error, "Klines {Interval} of {Symbol}: re-fetching from {StartTime:o} failed; the kline subscriptions end with an error")]
    public static partial void KlineFillFailed(ILogger logger, Exception exception, string symbol, string interval, DateTimeOffset startTime);

    /// <summary>The wire name of an interval, for log fields.</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>E.g. <c>1m</c>.</returns>
    public static string Name(KlineInterval interval) => interval.ToWire();
}
