using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>Creates the <see cref="StalenessTracker{T}"/> of each latest-value stream kind with its order key.</summary>
internal static class StalenessTrackers
{
    /// <summary><c>@ticker</c> and rolling-window tickers, ordered by event time.</summary>
    /// <param name="updateInterval">The stream's update speed.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="staleAfterIntervals">Intervals without news that make it stale.</param>
    /// <param name="minimumStaleAfter">The floor of the threshold, or null for the default.</param>
    /// <returns>The tracker.</returns>
    public static StalenessTracker<TickerUpdate> ForTicker(TimeSpan updateInterval, TimeProvider timeProvider, int staleAfterIntervals = StalenessTracker<TickerUpdate>.DefaultStaleAfterIntervals, TimeSpan? minimumStaleAfter = null) =>
        new(static u => u.EventTime.ToUnixTimeMilliseconds(), updateInterval, timeProvider, staleAfterIntervals, minimumStaleAfter);

    /// <summary><c>@miniTicker</c>, ordered by event time.</summary>
    /// <param name="updateInterval">The stream's update speed.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="staleAfterIntervals">Intervals without news that make it stale.</param>
    /// <param name="minimumStaleAfter">The floor of the threshold, or null for the default.</param>
    /// <returns>The tracker.</returns>
    public static StalenessTracker<MiniTickerUpdate> ForMiniTicker(TimeSpan updateInterval, TimeProvider timeProvider, int staleAfterIntervals = StalenessTracker<MiniTickerUpdate>.DefaultStaleAfterIntervals, TimeSpan? minimumStaleAfter = null) =>
        new(static u => u.EventTime.ToUnixTimeMilliseconds(), updateInterval, timeProvider, staleAfterIntervals, minimumStaleAfter);

    /// <summary><c>@bookTicker</c>, ordered by the book update id (<c>u</c>).</summary>
    /// <param name="updateInterval">The stream's update speed (zero: real-time, the minimum threshold applies).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="staleAfterIntervals">Intervals without news that make it stale.</param>
    /// <param name="minimumStaleAfter">The floor of the threshold, or null for the default.</param>
    /// <returns>The tracker.</returns>
    public static StalenessTracker<BookTickerUpdate> ForBookTicker(TimeSpan updateInterval, TimeProvider timeProvider, int staleAfterIntervals = StalenessTracker<BookTickerUpdate>.DefaultStaleAfterIntervals, TimeSpan? minimumStaleAfter = null) =>
        new(static u => u.UpdateId, updateInterval, timeProvider, staleAfterIntervals, minimumStaleAfter);

    /// <summary><c>@depth&lt;N&gt;</c> partial book, ordered by the book's last update id.</summary>
    /// <param name="updateInterval">The stream's update speed.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="staleAfterIntervals">Intervals without news that make it stale.</param>
    /// <param name="minimumStaleAfter">The floor of the threshold, or null for the default.</param>
    /// <returns>The tracker.</returns>
    public static StalenessTracker<PartialDepthUpdate> ForPartialDepth(TimeSpan updateInterval, TimeProvider timeProvider, int staleAfterIntervals = StalenessTracker<PartialDepthUpdate>.DefaultStaleAfterIntervals, TimeSpan? minimumStaleAfter = null) =>
        new(static u => u.LastUpdateId, updateInterval, timeProvider, staleAfterIntervals, minimumStaleAfter);
}
