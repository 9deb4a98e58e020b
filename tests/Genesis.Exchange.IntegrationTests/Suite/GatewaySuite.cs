using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.IntegrationTests.Suite;

/// <summary>
/// One integration suite, run twice (issue 12: "mock mode and the fake server run the same integration suite"): against
/// the fake Binance server over HTTP and WebSockets on loopback (<see cref="GatewaySuiteOnFakeServer"/>) and in mock mode
/// over the in-memory transport and in-memory WebSocket connections (<see cref="GatewaySuiteInMockMode"/>). Every test
/// goes through <see cref="IExchangeGateway"/> as a trading app does, and checks the answers against the mock exchange
/// that backs both.
/// </summary>
public abstract class GatewaySuite : IAsyncLifetime
{
    /// <summary>The bound on every wait for a stream message.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private SuiteTarget? _target;

    /// <summary>The gateway under test.</summary>
    protected IExchangeGateway Gateway => Target.Gateway;

    /// <summary>The mock exchange that answers, whichever way the gateway reaches it.</summary>
    protected MockExchange Exchange => Target.Exchange;

    private SuiteTarget Target => _target ?? throw new InvalidOperationException("Not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _target = await StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    /// <summary>Starts the gateway and the exchange behind it.</summary>
    /// <returns>The running target.</returns>
    private protected abstract Task<SuiteTarget> StartAsync();

    [Fact]
    public async Task ServerTime_IsTheExchangeClock()
    {
        var time = await Gateway.GetServerTimeAsync();

        Assert.InRange(time, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task ExchangeInfo_AndSymbolRules_DescribeTheMockSymbols()
    {
        var info = await Gateway.GetExchangeInfoAsync();
        var rules = await Gateway.GetSymbolRulesAsync("BTCUSDT");

        Assert.True(info.Symbols.ContainsKey("BTCUSDT"));
        Assert.True(info.Symbols.ContainsKey("ETHUSDT"));
        Assert.Equal("BTC", rules.BaseAsset);
        Assert.Equal("USDT", rules.QuoteAsset);
        Assert.NotEmpty(rules.Filters);
    }

    [Fact]
    public async Task MarketData_EveryCall_AnswersFromTheSameBook()
    {
        var book = await Gateway.GetOrderBookAsync("BTCUSDT", 5);
        var bookTicker = await Gateway.GetBookTickerAsync("BTCUSDT");
        var price = await Gateway.GetPriceAsync("BTCUSDT");
        var ticker = await Gateway.GetTicker24hAsync("BTCUSDT");
        var trades = await Gateway.GetRecentTradesAsync("BTCUSDT", 10);
        var klines = await Gateway.GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute, 5);
        var avg = await Gateway.Rest.GetAveragePriceAsync("BTCUSDT");
        var rolling = await Gateway.Rest.GetRollingTickerAsync("BTCUSDT", TimeSpan.FromHours(1));
        var ui = await Gateway.Rest.GetUiKlinesAsync("BTCUSDT", KlineInterval.OneHour, 3, timeZone: TimeSpan.FromHours(8));

        Assert.NotNull(book.BestBid);
        Assert.NotNull(book.BestAsk);
        Assert.True(book.BestBid!.Value.Price < book.BestAsk!.Value.Price);
        Assert.True(book.Bids.Count <= 5 && book.Asks.Count <= 5);
        Assert.True(bookTicker.BidPrice < bookTicker.AskPrice);
        Assert.True(price > 0);
        Assert.Equal("BTCUSDT", ticker.Symbol);
        Assert.NotEmpty(trades);
        Assert.True(trades.Zip(trades.Skip(1)).All(p => p.First.Id < p.Second.Id), "recent trades oldest first, ids rising");
        Assert.NotEmpty(klines);
        Assert.True(avg.Price > 0);
        Assert.Equal("BTCUSDT", rolling.Symbol);
        Assert.All(ui, k => Assert.Equal(0, (k.OpenTime.ToUnixTimeMilliseconds() + (8 * 3_600_000L)) % 3_600_000L));
    }

    [Fact]
    public async Task LimitOrder_PlaceQueryListCancel_LocksAndReleasesTheQuote()
    {
        var rules = await Gateway.GetSymbolRulesAsync("BTCUSDT");
        var book = await Gateway.GetOrderBookAsync("BTCUSDT", 5);
        var price = rules.RoundPrice(book.BestBid!.Value.Price * 0.9m, RoundingMode.Down);
        var before = (await Gateway.GetAccountAsync()).GetBalance("USDT");

        var placed = await Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price));
        var queried = await Gateway.GetOrderAsync("BTCUSDT", placed.ClientOrderId);
        var open = await Gateway.GetOpenOrdersAsync("BTCUSDT");
        var locked = (await Gateway.GetAccountAsync()).GetBalance("USDT");
        var canceled = await Gateway.CancelOrderAsync("BTCUSDT", placed.ClientOrderId);
        var after = (await Gateway.GetAccountAsync()).GetBalance("USDT");

        Assert.Equal(OrderStatus.New, placed.Status);
        Assert.Equal(placed.ExchangeOrderId, queried.ExchangeOrderId);
        Assert.Contains(open, o => o.ClientOrderId == placed.ClientOrderId);
        Assert.Equal(0.01m * price, locked.Locked - before.Locked);
        Assert.Equal(OrderStatus.Canceled, canceled.Status);
        Assert.Equal(before.Free, after.Free);
        Assert.DoesNotContain(await Gateway.GetOpenOrdersAsync("BTCUSDT"), o => o.ClientOrderId == placed.ClientOrderId);
        Assert.Equal(1, Exchange.GetOrdersCreated(placed.ClientOrderId));
    }

    [Fact]
    public async Task MarketOrder_Fills_AndItsTradesAreInMyTradesAndHistory()
    {
        var start = await Gateway.GetServerTimeAsync();
        var before = await Gateway.GetAccountAsync();

        var filled = await Gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.01m));
        var trades = await Gateway.Rest.GetMyTradesAsync("BTCUSDT", exchangeOrderId: filled.ExchangeOrderId);
        var history = await Gateway.Rest.GetAllOrdersAsync("BTCUSDT", startTime: start.AddSeconds(-1), endTime: start.AddMinutes(5));
        var after = await Gateway.GetAccountAsync();

        Assert.Equal(OrderStatus.Filled, filled.Status);
        Assert.Equal(0.01m, filled.FilledQuantity);
        Assert.NotEmpty(trades);
        Assert.All(trades, t => Assert.Equal(filled.ExchangeOrderId, t.OrderId));
        Assert.Equal(0.01m, trades.Sum(t => t.Quantity));
        Assert.Equal(filled.CumulativeQuoteQuantity, trades.Sum(t => t.QuoteQuantity));
        Assert.Contains(history, o => o.ClientOrderId == filled.ClientOrderId);
        Assert.Equal(before.GetBalance("USDT").Free - filled.CumulativeQuoteQuantity!.Value, after.GetBalance("USDT").Free);
        Assert.Equal(before.GetBalance("BTC").Free + 0.01m - trades.Where(t => t.CommissionAsset == "BTC").Sum(t => t.Commission), after.GetBalance("BTC").Free);
    }

    [Fact]
    public async Task TestOrder_ValidatesWithoutPlacing()
    {
        var result = await Gateway.TestOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Sell, 0.01m) with { ClientOrderId = "suite-test-order" });

        Assert.NotNull(result);
        Assert.Equal(0, Exchange.GetOrdersCreated("suite-test-order"));
        Assert.DoesNotContain(await Gateway.GetOpenOrdersAsync("BTCUSDT"), o => o.ClientOrderId == "suite-test-order");
    }

    [Fact]
    public async Task Refusals_AreTypedWithTheExchangeCode()
    {
        var unknownOrder = await Assert.ThrowsAsync<OrderNotFoundException>(() => Gateway.GetOrderAsync("BTCUSDT", "suite-no-such-order"));
        var cancelUnknown = await Assert.ThrowsAnyAsync<ExchangeException>(() => Gateway.CancelOrderAsync("BTCUSDT", "suite-no-such-order"));
        var badRange = await Assert.ThrowsAsync<ArgumentException>(() =>
            Gateway.Rest.GetMyTradesAsync("BTCUSDT", startTime: DateTimeOffset.UtcNow.AddDays(-2), endTime: DateTimeOffset.UtcNow));

        Assert.Equal(-2013, unknownOrder.BinanceCode);
        Assert.Equal(-2011, cancelUnknown.BinanceCode);
        Assert.Contains("24 hours", badRange.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateClientOrderId_OfAnOpenOrder_IsRefused_AndPlacesNothingMore()
    {
        var rules = await Gateway.GetSymbolRulesAsync("BTCUSDT");
        var book = await Gateway.GetOrderBookAsync("BTCUSDT", 5);
        var price = rules.RoundPrice(book.BestBid!.Value.Price * 0.9m, RoundingMode.Down);
        var request = OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price) with { ClientOrderId = "suite-dup-1" };
        await Gateway.PlaceOrderAsync(request);

        var refused = await Assert.ThrowsAnyAsync<ExchangeException>(() => Gateway.PlaceOrderAsync(request));

        Assert.Equal(-2010, refused.BinanceCode);
        Assert.Equal(1, Exchange.GetOrdersCreated("suite-dup-1"));
        await Gateway.CancelOrderAsync("BTCUSDT", "suite-dup-1");
    }

    [Fact]
    public async Task TradeStream_DeliversTheTradesOfAFill_ThroughTheRealStreamClient()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var trades = Gateway.Streams.SubscribeTradesAsync("ETHUSDT", cts.Token).GetAsyncEnumerator(cts.Token);

        // The mock's market generates trades: the first one says the subscription is live.
        Assert.True(await trades.MoveNextAsync());
        var filled = await Gateway.PlaceOrderAsync(OrderRequest.Market("ETHUSDT", OrderSide.Buy, 0.5m), cts.Token);
        var mine = (await Gateway.Rest.GetMyTradesAsync("ETHUSDT", exchangeOrderId: filled.ExchangeOrderId, cancellationToken: cts.Token)).ToDictionary(t => t.Id);
        var seen = new Dictionary<long, TradeUpdate>();
        while (seen.Count < mine.Count && await trades.MoveNextAsync())
        {
            if (mine.ContainsKey(trades.Current.TradeId))
            {
                seen.Add(trades.Current.TradeId, trades.Current);
            }
        }

        Assert.NotEmpty(mine);
        Assert.Equal(mine.Keys.Order(), seen.Keys.Order());
        Assert.All(seen.Values, t =>
        {
            Assert.Equal("ETHUSDT", t.Symbol);
            Assert.Equal(mine[t.TradeId].Price, t.Price);
            Assert.Equal(mine[t.TradeId].Quantity, t.Quantity);
        });
    }

    [Fact]
    public async Task AggregateTradeAndBookTickerStreams_DeliverTheFillAndTheTopOfTheBook()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var aggregates = Gateway.Streams.SubscribeAggregateTradesAsync("ETHUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        await using var tops = Gateway.Streams.SubscribeBookTickerAsync("ETHUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        await using var minis = Gateway.Streams.SubscribeMiniTickerAsync("ETHUSDT", cts.Token).GetAsyncEnumerator(cts.Token);

        // The mock's market generates trades and book changes: the first of each says the subscription is live.
        Assert.True(await aggregates.MoveNextAsync());
        Assert.True(await tops.MoveNextAsync());
        var filled = await Gateway.PlaceOrderAsync(OrderRequest.Market("ETHUSDT", OrderSide.Sell, 0.5m), cts.Token);
        var mine = (await Gateway.Rest.GetMyTradesAsync("ETHUSDT", exchangeOrderId: filled.ExchangeOrderId, cancellationToken: cts.Token)).ToDictionary(t => t.Id);
        var seen = new HashSet<long>();
        while (seen.Count < mine.Count && await aggregates.MoveNextAsync())
        {
            var a = aggregates.Current;
            Assert.Equal("ETHUSDT", a.Symbol);
            Assert.True(a.FirstTradeId <= a.LastTradeId);
            for (var id = a.FirstTradeId; id <= a.LastTradeId; id++)
            {
                if (mine.ContainsKey(id))
                {
                    seen.Add(id);
                }
            }
        }

        Assert.NotEmpty(mine);
        Assert.Equal(mine.Keys.Order(), seen.Order());
        var top = tops.Current;
        Assert.Equal("ETHUSDT", top.Symbol);
        Assert.True(top.BidPrice < top.AskPrice);
        Assert.True(top.UpdateId > 0 && top.BidQuantity > 0 && top.AskQuantity > 0);
        Assert.True(await minis.MoveNextAsync());
        Assert.Equal("ETHUSDT", minis.Current.Symbol);
        Assert.InRange(minis.Current.LastPrice, minis.Current.LowPrice, minis.Current.HighPrice);
    }
}
