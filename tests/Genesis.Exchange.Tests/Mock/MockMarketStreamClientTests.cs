using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Mock;

public sealed class MockMarketStreamClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SubscribeTrades_YieldsStepTradesInIdOrder()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = new MockExchange(new MockExchangeOptions(), time);
        var client = new MockMarketStreamClient(exchange);
        using var cts = new CancellationTokenSource();
        await using var trades = client.SubscribeTradesAsync("btcusdt", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();

        for (var i = 0; i < 10; i++)
        {
            exchange.Step();
        }

        Assert.True(await first.WaitAsync(Wait));
        var ids = new List<long> { trades.Current.TradeId };
        while (ids.Count < 5)
        {
            Assert.True(await trades.MoveNextAsync().AsTask().WaitAsync(Wait));
            Assert.Equal("BTCUSDT", trades.Current.Symbol);
            ids.Add(trades.Current.TradeId);
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => ids[0] + i), ids);
    }

    [Fact]
    public async Task SubscribeDepth_Canceled_EndsWithOperationCanceledException()
    {
        using var exchange = new MockExchange(new MockExchangeOptions(), new FakeTimeProvider(MockTestHarness.Start));
        var client = new MockMarketStreamClient(exchange);
        using var cts = new CancellationTokenSource();
        await using var depth = client.SubscribeDepthAsync("ETHBTC", cts.Token).GetAsyncEnumerator(cts.Token);
        var next = depth.MoveNextAsync().AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Wait));
    }

    [Fact]
    public async Task StreamDropInterval_DropsBufferedEventsAndReconnects()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        var options = new MockExchangeOptions();
        options.Faults.StreamDropInterval = TimeSpan.FromSeconds(1);
        using var exchange = new MockExchange(options, time);
        var client = new MockMarketStreamClient(exchange);
        using var cts = new CancellationTokenSource();
        await using var tickers = client.SubscribeTickerAsync("ETHUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = tickers.MoveNextAsync().AsTask();
        exchange.Step();
        Assert.True(await first.WaitAsync(Wait));
        exchange.Step(); // buffered, then lost in the drop

        time.Advance(TimeSpan.FromSeconds(1));
        var next = tickers.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(1));
        exchange.Step();

        Assert.True(await next.WaitAsync(Wait));
        Assert.Equal(time.GetUtcNow(), tickers.Current.EventTime);
        Assert.Equal(1, client.Reconnects);
    }

    [Fact]
    public void SubscribeKlines_NotOneMinute_Throws()
    {
        using var exchange = new MockExchange(new MockExchangeOptions(), new FakeTimeProvider(MockTestHarness.Start));
        var client = new MockMarketStreamClient(exchange);

        Assert.Throws<NotSupportedException>(() => client.SubscribeKlinesAsync("BTCUSDT", KlineInterval.OneHour));
    }

    [Fact]
    public void Subscribe_UnknownSymbol_Throws()
    {
        using var exchange = new MockExchange(new MockExchangeOptions(), new FakeTimeProvider(MockTestHarness.Start));
        var client = new MockMarketStreamClient(exchange);

        Assert.Throws<ArgumentException>(() => client.SubscribeTradesAsync("NOPE"));
    }

    [Fact]
    public async Task SubscribeKlines_OneMinute_YieldsUpdates()
    {
        using var exchange = new MockExchange(new MockExchangeOptions(), new FakeTimeProvider(MockTestHarness.Start));
        var client = new MockMarketStreamClient(exchange);
        using var cts = new CancellationTokenSource();
        await using var klines = client.SubscribeKlinesAsync("BTCUSDT", KlineInterval.OneMinute, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = klines.MoveNextAsync().AsTask();

        exchange.Step();

        Assert.True(await first.WaitAsync(Wait));
        Assert.Equal(KlineInterval.OneMinute, klines.Current.Interval);
    }
}
