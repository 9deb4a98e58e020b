namespace Genesis.Exchange.Testing;

/// <summary>
/// A source of market events for the fake server's streams (for example the mock exchange's feed). Events are
/// <see cref="Models.TradeUpdate"/>, <see cref="Models.DepthUpdate"/>, <see cref="Models.PartialDepthUpdate"/>,
/// <see cref="Models.KlineUpdate"/> or <see cref="Models.TickerUpdate"/>; other objects are ignored.
/// </summary>
public interface IMarketEventSource
{
    /// <summary>Starts delivering events to <paramref name="onEvent"/> until the returned handle is disposed.</summary>
    /// <param name="onEvent">Called for each event, in order, per symbol; must not block for long.</param>
    /// <returns>Disposing it stops the delivery.</returns>
    IDisposable Subscribe(Action<object> onEvent);
}
