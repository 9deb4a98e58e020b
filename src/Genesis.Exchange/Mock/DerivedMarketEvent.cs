using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// The streams a <see cref="MockExchange"/> serves from its state at each ticker event rather than from an event of
/// their own: <c>@avgPrice</c> (its 5-minute average price), <c>@ticker_&lt;1h|4h|1d&gt;</c> and <c>!ticker_&lt;window&gt;@arr</c>
/// (its rolling-window statistics, as <c>GET /api/v3/ticker</c> computes them) and <c>@referencePrice</c> (the mock
/// calculates no reference price, so it is null, as Binance sends for a symbol without one). The figures are computed
/// only when a connection is subscribed, while the stream server delivers the event: that happens inside the exchange's
/// observer call, so under the exchange's lock, as the exchange's internal readers require.
/// </summary>
internal sealed class DerivedMarketEvent
{
    /// <summary>The averaging interval of the mock's average price (<see cref="MockExchange.AveragePrice"/>).</summary>
    public static readonly TimeSpan AveragePriceInterval = TimeSpan.FromMinutes(5);

    private readonly MockExchange _exchange;

    /// <summary>Creates the event for the symbol of a ticker event.</summary>
    /// <param name="exchange">The exchange (its lock is held while the event is delivered).</param>
    /// <param name="ticker">The ticker event.</param>
    public DerivedMarketEvent(MockExchange exchange, TickerUpdate ticker)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(ticker);
        _exchange = exchange;
        Symbol = ticker.Ticker.Symbol;
        EventTime = ticker.EventTime;
    }

    /// <summary>The symbol.</summary>
    public string Symbol { get; }

    /// <summary>The event time.</summary>
    public DateTimeOffset EventTime { get; }

    /// <summary>The average price now. Caller holds the exchange's lock.</summary>
    /// <returns>The update.</returns>
    public AveragePriceUpdate AveragePrice()
    {
        var s = _exchange.GetSymbol(Symbol);
        return new AveragePriceUpdate(Symbol, AveragePriceInterval, _exchange.AveragePrice(s), DateTimeOffset.FromUnixTimeMilliseconds(s.LastTradeTime), EventTime);
    }

    /// <summary>The rolling-window statistics now. Caller holds the exchange's lock.</summary>
    /// <param name="window">The window.</param>
    /// <returns>The update.</returns>
    public RollingWindowTickerUpdate RollingWindowTicker(RollingWindow window)
    {
        var t = _exchange.RollingTicker(_exchange.GetSymbol(Symbol), (long)window.ToTimeSpan().TotalMilliseconds);
        return new RollingWindowTickerUpdate(
            Symbol, window, t.PriceChange ?? 0m, t.PriceChangePercent ?? 0m, t.OpenPrice, t.HighPrice, t.LowPrice, t.LastPrice,
            t.WeightedAveragePrice ?? 0m, t.Volume, t.QuoteVolume, t.OpenTime, t.CloseTime, t.FirstTradeId, t.LastTradeId, t.TradeCount, EventTime);
    }

    /// <summary>The reference price: none in the mock (null), valid at the event time.</summary>
    /// <returns>The update.</returns>
    public ReferencePriceUpdate ReferencePrice() => new(Symbol, null, EventTime);
}
