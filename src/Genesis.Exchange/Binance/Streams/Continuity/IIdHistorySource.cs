namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>
/// Items of one id-sequenced stream (trades, aggregate trades) by id over REST, used by <see cref="IdSequencer{T}"/> to
/// fill id gaps. Bound to one symbol; the items come back already shaped as the stream's updates.
/// </summary>
/// <typeparam name="T">The stream's update type.</typeparam>
internal interface IIdHistorySource<T>
{
    /// <summary>Items with id &gt;= <paramref name="fromId"/>, at most <paramref name="limit"/> (any order; the sequencer sorts).</summary>
    /// <param name="fromId">The first id wanted.</param>
    /// <param name="limit">The most items wanted (1–1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The items found; fewer than <paramref name="limit"/> when the history ends.</returns>
    Task<IReadOnlyList<T>> GetFromIdAsync(long fromId, int limit, CancellationToken cancellationToken = default);
}
