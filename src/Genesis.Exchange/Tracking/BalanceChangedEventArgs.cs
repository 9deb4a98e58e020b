using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tracking;

/// <summary>A balance the <see cref="IOrderTracker"/> tracks changed.</summary>
/// <param name="balance">The balance after the change.</param>
/// <param name="previous">The balance before the change; null when the tracker did not know the asset.</param>
public sealed class BalanceChangedEventArgs(Balance balance, Balance? previous) : EventArgs
{
    /// <summary>The balance after the change.</summary>
    public Balance Balance { get; } = balance;

    /// <summary>The balance before the change; null when the tracker did not know the asset.</summary>
    public Balance? Previous { get; } = previous;
}
