using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>Fills trade stream gaps over REST (<c>GET /api/v3/historicalTrades?fromId=</c>).</summary>
internal sealed class RestTradeHistorySource(IBinanceRestClient rest) : ITradeHistorySource
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
}
