using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Testing;

/// <summary>Feeds the fake server's streams from a <see cref="MockExchange"/>: its trades, depth, klines and tickers, and the average price, rolling-window tickers and reference price derived from its state.</summary>
public sealed class MockExchangeEventSource : IMarketEventSource
{
    private readonly MockExchange _exchange;

    /// <summary>Creates the source.</summary>
    /// <param name="exchange">The mock exchange whose events are published.</param>
    public MockExchangeEventSource(MockExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        _exchange = exchange;
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<object> onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        return _exchange.Subscribe(new Observer(onEvent, _exchange));
    }

    private sealed class Observer(Action<object> onEvent, MockExchange exchange) : IMockMarketObserver
    {
        public void OnTrade(TradeUpdate update) => onEvent(update);

        public void OnDepth(DepthUpdate update) => onEvent(update);

        public void OnPartialDepth(PartialDepthUpdate update) => onEvent(update);

        public void OnKline(KlineUpdate update) => onEvent(update);

        public void OnTicker(TickerUpdate update)
        {
            onEvent(update);

            // avgPrice, rolling-window tickers and referencePrice from the exchange's state (computed, under the
            // exchange's lock, only when a connection is subscribed).
            onEvent(new DerivedMarketEvent(exchange, update));
        }
    }
}
