using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Trades by id over REST (<c>GET /api/v3/historicalTrades?symbol=X&amp;fromId=N&amp;limit=L</c>), used to fill
/// trade-id gaps after a reconnect. The REST client implements it.
/// </summary>
internal interface ITradeHistorySource
{
    /// <summary>Trades of <paramref name="symbol"/> with id &gt;= <paramref name="fromId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Trade>> GetTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken);
}
