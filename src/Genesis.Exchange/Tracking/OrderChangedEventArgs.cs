namespace Genesis.Exchange.Tracking;

/// <summary>An order the <see cref="IOrderTracker"/> tracks changed.</summary>
/// <param name="order">The order after the change.</param>
/// <param name="previous">The order before the change; null when the tracker did not know it.</param>
public sealed class OrderChangedEventArgs(TrackedOrder order, TrackedOrder? previous) : EventArgs
{
    /// <summary>The order after the change.</summary>
    public TrackedOrder Order { get; } = order;

    /// <summary>The order before the change; null when the tracker did not know it.</summary>
    public TrackedOrder? Previous { get; } = previous;
}
