using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>
/// Klines by time range over REST (<c>GET /api/v3/klines?symbol&amp;interval&amp;startTime&amp;endTime&amp;limit</c>, weight 2;
/// <c>timeZone</c> for the time-zone stream variant), used by <see cref="KlineContinuity"/> to re-fetch the candles
/// missed while disconnected. The REST client implements it.
/// </summary>
internal interface IKlineHistorySource
{
    /// <summary>Klines whose open time is within [<paramref name="startTime"/>, <paramref name="endTime"/>], oldest first, at most <paramref name="limit"/>.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="startTime">The earliest open time (UTC, inclusive).</param>
    /// <param name="endTime">The latest open time (UTC, inclusive).</param>
    /// <param name="timeZone">The offset the intervals are aligned to (the <c>@+08:00</c> stream variant), or null for UTC.</param>
    /// <param name="limit">The most wanted (1–1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The klines.</returns>
    Task<IReadOnlyList<Kline>> GetKlinesAsync(
        string symbol, KlineInterval interval, DateTimeOffset startTime, DateTimeOffset endTime, TimeSpan? timeZone, int limit, CancellationToken cancellationToken = default);
}
