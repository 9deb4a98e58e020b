using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>Snapshots over the REST client (weight 5 / 25 / 50 / 250 by depth, counted by the rate limiter).</summary>
/// <param name="rest">The REST client.</param>
internal sealed class RestOrderBookSnapshotSource(IBinanceRestClient rest) : IOrderBookSnapshotSource
{
    /// <inheritdoc />
    public Task<OrderBook> GetSnapshotAsync(string symbol, int limit, CancellationToken cancellationToken = default) =>
        rest.GetOrderBookAsync(symbol, limit, cancellationToken);
}
