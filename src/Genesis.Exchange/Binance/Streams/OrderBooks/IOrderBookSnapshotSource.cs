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
