using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Mock;
using Genesis.Exchange.Tests.Streams.Contract;
using Genesis.Exchange.Tests.Streams.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams.Kinds;

/// <summary>
/// The new stream kinds in mock mode: the real client over the in-memory stream server receives frames the mock serves
/// from the exchange's state, equal to what the mock's REST API reports for the same moment.
/// </summary>
public sealed class MockModeStreamKindsTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(MockTestHarness.Start);
    private readonly SubscribedSignal _subscribed = new();
    private readonly MockExchange _exchange;
    private readonly MockStreams _streams;

    public MockModeStreamKindsTests()
    {
        _exchange = new MockExchange(new MockExchangeOptions(), _time);
        _streams = new MockStreams(_exchange, _time, _subscribed);
    }

    public async ValueTask DisposeAsync()
    {
        await _streams.DisposeAsync();
        _exchange.Dispose();
    }

    /// <summary>
    /// Subscribes, waits for the confirmation, steps the market once (its trades, then one ticker event per symbol) and
    /// returns the first frame received; nothing changes the exchange afterwards, so its REST answers are for the same moment.
    /// </summary>
    private async Task<T> AfterOneStepAsync<T>(MarketStream<T> stream)
        where T : class
    {
        var policy = stream.Delivery == StreamDelivery.Sequenced ? OverflowPolicy.Fail : OverflowPolicy.DropOldest;
        await using var updates = _streams.Client.SubscribeAsync<T>(stream.Name, stream.Kind, policy, CancellationToken.None).GetAsyncEnumerator();
        var first = updates.MoveNextAsync().AsTask();
        await _subscribed.WaitAsync();

        _exchange.Step();

        Assert.True(await first.WaitAsync(Wait));
        return updates.Current;
    }

    [Fact]
    public async Task AveragePrice_EqualsTheExchangesAveragePrice()
    {
        var update = await AfterOneStepAsync(MarketStreams.AveragePrice("BTCUSDT"));
        var rest = await _streams.Rest.GetAveragePriceAsync("BTCUSDT");

        Assert.Equal(("BTCUSDT", TimeSpan.FromMinutes(rest.Minutes), rest.Price), (update.Symbol, update.Interval, update.AveragePrice));
        Assert.Equal(_time.GetUtcNow(), update.EventTime);
    }

    [Theory]
    [InlineData(RollingWindow.OneHour)]
    [InlineData(RollingWindow.FourHours)]
    [InlineData(RollingWindow.OneDay)]
    public async Task RollingWindowTicker_EqualsTheExchangesRollingTicker(RollingWindow window)
    {
        var update = await AfterOneStepAsync(MarketStreams.RollingWindowTicker("BTCUSDT", window));
        var rest = await _streams.Rest.GetRollingTickerAsync("BTCUSDT", window.ToTimeSpan());

        Assert.Equal(window, update.Window);
        Assert.Equal(
            (rest.LastPrice, rest.OpenPrice, rest.HighPrice, rest.LowPrice, rest.Volume, rest.QuoteVolume, rest.TradeCount, rest.OpenTime, rest.LastTradeId),
            (update.LastPrice, update.OpenPrice, update.HighPrice, update.LowPrice, update.Volume, update.QuoteVolume, update.TradeCount, update.OpenTime, update.LastTradeId));
    }

    [Fact]
    public async Task AllRollingWindowTickers_CarryTheSymbolsThatChanged()
    {
        var batch = await AfterOneStepAsync(MarketStreams.AllRollingWindowTickers(RollingWindow.OneHour));

        Assert.Equal(0, batch.SkippedCount);
        var ticker = Assert.Single(batch.Tickers);
        var rest = await _streams.Rest.GetRollingTickerAsync(ticker.Symbol, TimeSpan.FromHours(1));
        Assert.Equal((rest.LastPrice, rest.Volume, rest.TradeCount), (ticker.LastPrice, ticker.Volume, ticker.TradeCount));
    }

    [Fact]
    public async Task AllMiniTickers_CarryTheSymbolsThatChanged()
    {
        var batch = await AfterOneStepAsync(MarketStreams.AllMiniTickers());

        Assert.Equal(0, batch.SkippedCount);
        var ticker = Assert.Single(batch.Tickers);
        var rest = await _streams.Rest.GetTicker24hAsync(ticker.Symbol);
        Assert.Equal((rest.LastPrice, rest.Volume, rest.QuoteVolume), (ticker.LastPrice, ticker.Volume, ticker.QuoteVolume));
    }

    [Fact]
    public async Task ReferencePrice_IsNull_TheMockCalculatesNone()
    {
        var update = await AfterOneStepAsync(MarketStreams.ReferencePrice("ETHUSDT"));

        Assert.Equal(new ReferencePriceUpdate("ETHUSDT", null, _time.GetUtcNow()), update);
    }

    [Fact]
    public async Task KlineInUtc8_OneMinute_IsTheExchangesMinuteBar()
    {
        var update = await AfterOneStepAsync(MarketStreams.Kline("BTCUSDT", KlineInterval.OneMinute, TimeSpan.FromHours(8)));
        var rest = await _streams.Rest.GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute, limit: 3);

        // The first frame of a step may be the bar it closed or the current one: either is the exchange's bar.
        Assert.Equal(KlineInterval.OneMinute, update.Interval);
        var bar = Assert.Single(rest, k => k.OpenTime == update.Kline.OpenTime);
        Assert.Equal((bar.Open, bar.High, bar.Low, bar.Close, bar.Volume), (update.Kline.Open, update.Kline.High, update.Kline.Low, update.Kline.Close, update.Kline.Volume));
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(10, true)]
    [InlineData(20, false)]
    public async Task PartialDepth_EveryLevelCountAndSpeed_IsServed(int levels, bool every100Milliseconds)
    {
        var update = await AfterOneStepAsync(MarketStreams.PartialDepth("BTCUSDT", levels, every100Milliseconds));

        Assert.Equal("BTCUSDT", update.Symbol);
        Assert.InRange(update.Bids.Count, 1, levels);
        Assert.InRange(update.Asks.Count, 1, levels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Depth_BothSpeeds_AreServed(bool every100Milliseconds)
    {
        await using var updates = _streams.Client.SubscribeAsync<DepthUpdate>(MarketStreams.Depth("BTCUSDT", every100Milliseconds).Name, StreamMessageKind.Depth, OverflowPolicy.Fail, CancellationToken.None).GetAsyncEnumerator();
        var first = updates.MoveNextAsync().AsTask();
        await _subscribed.WaitAsync();

        _exchange.Step();

        Assert.True(await first.WaitAsync(Wait));
        Assert.Equal("BTCUSDT", updates.Current.Symbol);
    }
}
