using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>
/// Fills stream gaps over REST: trades (<c>GET /api/v3/historicalTrades?fromId=</c>), aggregate trades
/// (<c>GET /api/v3/aggTrades?fromId=</c>) and klines (<c>GET /api/v3/klines?startTime&amp;endTime</c>, with
/// <c>timeZone</c> for the time-zone stream variant).
/// </summary>
internal sealed class RestTradeHistorySource(IBinanceRestClient rest) : ITradeHistorySource, IAggregateTradeHistorySource, IKlineHistorySource
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

    public async Task<IReadOnlyList<Kline>> GetKlinesAsync(
        string symbol, KlineInterval interval, DateTimeOffset startTime, DateTimeOffset endTime, TimeSpan? timeZone, int limit, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, 1000);
        IReadOnlyList<Kline> klines;
        if (timeZone is { } offset && offset != TimeSpan.Zero)
        {
            // IBinanceRestClient.GetKlinesAsync has no timeZone; the library's own client sends it.
            klines = rest is BinanceRestClient client
                ? await client.GetKlinesInTimeZoneAsync(symbol, interval, limit, startTime, endTime, offset, cancellationToken).ConfigureAwait(false)
                : throw new NotSupportedException($"Re-fetching time-zone klines needs the library's {nameof(BinanceRestClient)}; {rest.GetType().Name} cannot send timeZone.");
        }
        else
        {
            klines = await rest.GetKlinesAsync(symbol, interval, limit, startTime, endTime, cancellationToken).ConfigureAwait(false);
        }

        if (klines.Count < 2)
        {
            return klines;
        }

        var sorted = klines.ToList();
        sorted.Sort(static (a, b) => a.OpenTime.CompareTo(b.OpenTime));
        return sorted;
    }
}
