using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>Where a local order book gets its snapshots (<c>GET /api/v3/depth</c>).</summary>
internal interface IOrderBookSnapshotSource
{
    /// <summary>A depth snapshot.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">Levels per side (1–5000).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The snapshot.</returns>
    Task<OrderBook> GetSnapshotAsync(string symbol, int limit, CancellationToken cancellationToken = default);
}

/// <summary>Snapshots over the REST client (weight 5 / 25 / 50 / 250 by depth, counted by the rate limiter).</summary>
/// <param name="rest">The REST client.</param>
internal sealed class RestOrderBookSnapshotSource(IBinanceRestClient rest) : IOrderBookSnapshotSource
{
    /// <inheritdoc />
    public Task<OrderBook> GetSnapshotAsync(string symbol, int limit, CancellationToken cancellationToken = default) =>
        rest.GetOrderBookAsync(symbol, limit, cancellationToken);
}
