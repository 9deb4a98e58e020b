using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tracking;

/// <summary>A consistent view of everything the <see cref="IOrderTracker"/> knows, taken at one instant.</summary>
/// <param name="Orders">Every tracked order (open, of unknown outcome, and recently closed), by client order id.</param>
/// <param name="Balances">Every known balance, by asset.</param>
/// <param name="OrderLists">The latest status of every order list seen, by order list id.</param>
/// <param name="Time">When the snapshot was taken (the tracker's clock).</param>
public sealed record OrderTrackerSnapshot(
    IReadOnlyDictionary<string, TrackedOrder> Orders,
    IReadOnlyDictionary<string, Balance> Balances,
    IReadOnlyDictionary<long, ListStatusUpdate> OrderLists,
    DateTimeOffset Time)
{
    /// <summary>The orders that can still trade (or may, while their outcome is unknown).</summary>
    public IEnumerable<TrackedOrder> OpenOrders => Orders.Values.Where(static o => o.IsOpen);
}
