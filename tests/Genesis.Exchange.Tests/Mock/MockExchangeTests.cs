using System.Text.Json.Nodes;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Mock;

public sealed class MockExchangeTests
{
    private static MockExchange Create(FakeTimeProvider time, int seed = 7, string? file = null) =>
        new(new MockExchangeOptions { Seed = seed, MarketDataFile = file, Volatility = 0.001m }, time);

    [Fact]
    public void DefaultMarketData_IsTheFixtureFile()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "market_data.json")));

        Assert.True(JsonNode.DeepEquals(file, JsonNode.Parse(DefaultMarketData.Json)));
    }

    [Fact]
    public void Constructor_FixtureFile_LoadsSymbolsAndBooks()
    {
        using var exchange = Create(new FakeTimeProvider(MockTestHarness.Start), file: Path.Combine(AppContext.BaseDirectory, "fixtures", "market_data.json"));

        Assert.Equal(["BTCUSDT", "ETHUSDT", "ETHBTC"], exchange.Symbols);
        var book = exchange.GetOrderBook("ETHUSDT", 20);
        Assert.Equal(20, book.Bids.Count);
        Assert.Equal(20, book.Asks.Count);
        Assert.True(book.BestBid!.Value.Price < book.BestAsk!.Value.Price);
    }

    [Fact]
    public void Step_SameSeed_ProducesTheSameMarket()
    {
        static (long, decimal, decimal) Run(int seed)
        {
            var time = new FakeTimeProvider(MockTestHarness.Start);
            using var exchange = Create(time, seed);
            for (var i = 0; i < 50; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                exchange.Step();
            }

            var book = exchange.GetOrderBook("BTCUSDT");
            return (exchange.TradesPublished, book.BestBid!.Value.Price, book.BestAsk!.Value.Quantity);
        }

        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void Step_MovesTheMidPriceByARandomWalk()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = Create(time);
        var before = exchange.GetOrderBook("BTCUSDT").BestBid!.Value.Price;

        for (var i = 0; i < 100; i++)
        {
            exchange.Step();
        }

        Assert.NotEqual(before, exchange.GetOrderBook("BTCUSDT").BestBid!.Value.Price);
    }

    [Fact]
    public void Step_PublishesEachTradeOnceInIdOrder()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = Create(time);
        var observer = new RecordingObserver();
        using var subscription = exchange.Subscribe(observer);

        for (var i = 0; i < 30; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            exchange.Step();
        }

        var btc = observer.Trades.Where(t => t.Symbol == "BTCUSDT").Select(t => t.TradeId).ToArray();
        Assert.NotEmpty(btc);
        Assert.Equal(4000000051L, btc[0]);
        Assert.Equal(Enumerable.Range(0, btc.Length).Select(i => btc[0] + i), btc);
        Assert.Equal(observer.Trades.Count, exchange.TradesPublished);
    }

    [Fact]
    public void Step_DepthEventsChainUpdateIds_AndSnapshotMatchesTheLastEvent()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = Create(time);
        var startId = exchange.GetOrderBook("ETHBTC").LastUpdateId;
        var observer = new RecordingObserver();
        using var subscription = exchange.Subscribe(observer);

        for (var i = 0; i < 20; i++)
        {
            exchange.Step();
        }

        var events = observer.Depth.Where(d => d.Symbol == "ETHBTC").ToArray();
        Assert.Equal(startId + 1, events[0].FirstUpdateId);
        for (var i = 1; i < events.Length; i++)
        {
            Assert.Equal(events[i - 1].FinalUpdateId + 1, events[i].FirstUpdateId);
        }

        Assert.Equal(events[^1].FinalUpdateId, exchange.GetOrderBook("ETHBTC").LastUpdateId);
    }

    [Fact]
    public void DepthEvents_ReplayedOnTheStartingSnapshot_GiveTheCurrentBook()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = Create(time);
        var snapshot = exchange.GetOrderBook("BTCUSDT", 5000);
        var bids = snapshot.Bids.ToDictionary(l => l.Price, l => l.Quantity);
        var asks = snapshot.Asks.ToDictionary(l => l.Price, l => l.Quantity);
        var observer = new RecordingObserver();
        using var subscription = exchange.Subscribe(observer);

        for (var i = 0; i < 25; i++)
        {
            exchange.Step();
        }

        foreach (var d in observer.Depth.Where(d => d.Symbol == "BTCUSDT"))
        {
            Apply(bids, d.Bids);
            Apply(asks, d.Asks);
        }

        var now = exchange.GetOrderBook("BTCUSDT", 5000);
        Assert.Equal(now.Bids.Select(l => (l.Price, l.Quantity)), bids.OrderByDescending(kv => kv.Key).Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(now.Asks.Select(l => (l.Price, l.Quantity)), asks.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)));

        static void Apply(Dictionary<decimal, decimal> side, IReadOnlyList<OrderBookLevel> changes)
        {
            foreach (var c in changes)
            {
                if (c.Quantity == 0)
                {
                    side.Remove(c.Price);
                }
                else
                {
                    side[c.Price] = c.Quantity;
                }
            }
        }
    }

    [Fact]
    public void Step_PublishesKlinesTickersAndTop20Snapshots()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = Create(time);
        var observer = new RecordingObserver();
        using var subscription = exchange.Subscribe(observer);

        exchange.Step();
        time.Advance(TimeSpan.FromSeconds(40)); // crosses into the next minute
        exchange.Step();

        Assert.Contains(observer.Klines, k => k.IsClosed && k.Symbol == "BTCUSDT");
        Assert.Contains(observer.Klines, k => !k.IsClosed && k.Kline.OpenTime == new DateTimeOffset(2026, 3, 2, 12, 1, 0, TimeSpan.Zero));
        Assert.Contains(observer.Tickers, t => t.Ticker.Symbol == "ETHUSDT" && t.Ticker.LastPrice > 0);
        Assert.All(observer.PartialDepth, p => Assert.True(p.Bids.Count <= 20 && p.Asks.Count <= 20));
        Assert.Equal(6, observer.PartialDepth.Count);
    }

    [Fact]
    public void Start_StepsOnTheTimeProviderTimer()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = Create(time);
        var observer = new RecordingObserver();
        using var subscription = exchange.Subscribe(observer);

        exchange.Start();
        time.Advance(TimeSpan.FromMilliseconds(350));
        exchange.Stop();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3 * 3, observer.PartialDepth.Count);
    }

    [Fact]
    public async Task Step_RestingAccountOrder_FillsWhenTheMarketMovesThrough()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = new MockExchange(new MockExchangeOptions { Seed = 3, Volatility = 0.002m }, time);
        var transport = new MockExchangeTransport(exchange, time);
        var ask = exchange.GetOrderBook("BTCUSDT").BestAsk!.Value.Price;
        await transport.SendAsync(MockTestHarness.Request("order.place", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", (ask + 100m).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(0.01m, exchange.GetBalance("BTC").Locked);

        for (var i = 0; i < 2000 && exchange.GetBalance("BTC").Locked > 0; i++)
        {
            exchange.Step();
        }

        Assert.Equal(0m, exchange.GetBalance("BTC").Locked);
        Assert.Equal(0.99m, exchange.GetBalance("BTC").Free);
        Assert.True(exchange.GetBalance("USDT").Free > 100_000m);
    }

    [Fact]
    public async Task Steps_WithAccountOrders_ConserveEveryAssetAndNeverGoNegative()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        using var exchange = new MockExchange(new MockExchangeOptions { Seed = 5, Volatility = 0.003m }, time);
        var transport = new MockExchangeTransport(exchange, time);
        var ledger = exchange.Engine.Ledger;
        var totals = Enumerable.Range(0, ledger.Assets.Count).Select(ledger.Total).ToArray();
        var random = new Random(1);

        for (var i = 0; i < 300; i++)
        {
            var mid = exchange.GetOrderBook("ETHUSDT").BestBid!.Value.Price;
            var price = Math.Round(mid * (decimal)(0.995 + (random.NextDouble() * 0.01)), 2);
            var side = random.Next(2) == 0 ? "BUY" : "SELL";
            await transport.SendAsync(MockTestHarness.Request("order.place", ("symbol", "ETHUSDT"), ("side", side), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.1000"), ("price", price.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            exchange.Step();
        }

        for (var a = 0; a < totals.Length; a++)
        {
            Assert.Equal(totals[a], ledger.Total(a));
            Assert.True(ledger.Free(MatchingEngine.AccountOwner, a) >= 0);
            Assert.True(ledger.Locked(MatchingEngine.AccountOwner, a) >= 0);
        }
    }

    [Fact]
    public void GetOrderBook_UnknownSymbol_Throws()
    {
        using var exchange = Create(new FakeTimeProvider(MockTestHarness.Start));

        Assert.Throws<ArgumentException>(() => exchange.GetOrderBook("DOGEUSDT"));
    }

    [Fact]
    public void GetOrdersCreatedByClientOrderId_CountsPlacements()
    {
        var h = new MockTestHarness();
        h.Send("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "x1"));
        h.Send("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "x1"));

        Assert.Equal(2, h.Exchange.GetOrdersCreatedByClientOrderId()["x1"]);
    }
}
