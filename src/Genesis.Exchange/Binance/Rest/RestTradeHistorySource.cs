using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>
/// Fills stream gaps over REST: trades (<c>GET /api/v3/historicalTrades?fromId=</c>) and aggregate trades
/// (<c>GET /api/v3/aggTrades?fromId=</c>).
/// </summary>
internal sealed class RestTradeHistorySource(IBinanceRestClient rest) : ITradeHistorySource, IAggregateTradeHistorySource
{
    public async Task<IReadOnlyList<Trade>> GetTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken)
    {
        var trades = await rest.GetHistoricalTradesAsync(symbol, fromId, Math.Clamp(limit, 1, 1000), cancellationToken).ConfigureAwait(false);
        if (trades.Count < 2)
        {
            return trades;
        }

        var sorted = trades.ToList();
        sorted.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return sorted;
    }

    public async Task<IReadOnlyList<AggregateTrade>> GetAggregateTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken = default)
    {
        var trades = await rest.GetAggregateTradesAsync(symbol, fromId, limit: Math.Clamp(limit, 1, 1000), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (trades.Count < 2)
        {
            return trades;
        }

        var sorted = trades.ToList();
        sorted.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return sorted;
    }
}
