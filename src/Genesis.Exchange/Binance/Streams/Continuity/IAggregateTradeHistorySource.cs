using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>
/// Aggregate trades by id over REST (<c>GET /api/v3/aggTrades?symbol=X&amp;fromId=N&amp;limit=L</c>, weight 4), used to
/// fill <c>a</c>-id gaps of the <c>&lt;symbol&gt;@aggTrade</c> stream. The REST client implements it.
/// </summary>
internal interface IAggregateTradeHistorySource
{
    /// <summary>Aggregate trades of <paramref name="symbol"/> with id &gt;= <paramref name="fromId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="fromId">The first aggregate trade id wanted.</param>
    /// <param name="limit">The most wanted (1–1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The aggregate trades.</returns>
    Task<IReadOnlyList<AggregateTrade>> GetAggregateTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken = default);
}
