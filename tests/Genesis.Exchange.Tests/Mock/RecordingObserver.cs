using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>Records every event of a mock exchange.</summary>
internal sealed class RecordingObserver : IMockMarketObserver
{
    public List<TradeUpdate> Trades { get; } = [];

    public List<DepthUpdate> Depth { get; } = [];

    public List<PartialDepthUpdate> PartialDepth { get; } = [];

    public List<KlineUpdate> Klines { get; } = [];

    public List<TickerUpdate> Tickers { get; } = [];

    public void OnTrade(TradeUpdate update) => Trades.Add(update);

    public void OnDepth(DepthUpdate update) => Depth.Add(update);

    public void OnPartialDepth(PartialDepthUpdate update) => PartialDepth.Add(update);

    public void OnKline(KlineUpdate update) => Klines.Add(update);

    public void OnTicker(TickerUpdate update) => Tickers.Add(update);
}
