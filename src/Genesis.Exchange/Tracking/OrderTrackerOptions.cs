namespace Genesis.Exchange.Tracking;

/// <summary>Options of the <see cref="OrderTracker"/>.</summary>
public sealed class OrderTrackerOptions
{
    /// <summary>
    /// How long after sending an order that the exchange does not know is still given a chance to appear (a request
    /// older than its <c>recvWindow</c> is rejected by Binance, so past this window it never will). After it, an order
    /// the exchange reports as unknown is marked <see cref="Models.OrderStatus.Rejected"/> with reject reason
    /// <c>NOT_FOUND_ON_EXCHANGE</c>. Default 1 minute.
    /// </summary>
    public TimeSpan UnknownOutcomeWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many closed orders are kept for queries (the oldest are forgotten first). Default 10 000.</summary>
    public int MaxClosedOrders { get; set; } = 10_000;

    /// <summary>Page size of <c>myTrades</c> during reconciliation (1–1000). Default 1000.</summary>
    public int TradesPageSize { get; set; } = 1000;

    /// <summary>
    /// How often a tracker attached to a user data subscription checks it for a resubscription (which triggers a
    /// reconciliation, as events sent while no connection was up are lost). Default 1 second.
    /// </summary>
    public TimeSpan ResubscriptionCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(UnknownOutcomeWindow, TimeSpan.Zero, nameof(UnknownOutcomeWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxClosedOrders, 0, nameof(MaxClosedOrders));
        ArgumentOutOfRangeException.ThrowIfLessThan(TradesPageSize, 1, nameof(TradesPageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TradesPageSize, 1000, nameof(TradesPageSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResubscriptionCheckInterval, TimeSpan.Zero, nameof(ResubscriptionCheckInterval));
    }
}
