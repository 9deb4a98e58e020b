using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// Receives every market event of a <see cref="MockExchange"/>, for all symbols, in order. Called synchronously
/// while the exchange holds its lock: hand the event off (e.g. <c>ChannelWriter.TryWrite</c>) and return; never
/// block and never call back into the exchange.
/// </summary>
public interface IMockMarketObserver
{
    /// <summary>A trade; trade ids are strictly increasing per symbol and each is delivered once.</summary>
    /// <param name="update">The trade.</param>
    void OnTrade(TradeUpdate update);

    /// <summary>A diff-depth event; <c>U</c> is the previous event's <c>u</c> + 1 per symbol.</summary>
    /// <param name="update">The event.</param>
    void OnDepth(DepthUpdate update);

    /// <summary>A top-20 snapshot, once per simulator step.</summary>
    /// <param name="update">The snapshot.</param>
    void OnPartialDepth(PartialDepthUpdate update);

    /// <summary>A 1m kline update.</summary>
    /// <param name="update">The update.</param>
    void OnKline(KlineUpdate update);

    /// <summary>A 24 h ticker update.</summary>
    /// <param name="update">The update.</param>
    void OnTicker(TickerUpdate update);
}
