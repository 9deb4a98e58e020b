using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Health;
using Genesis.Exchange.Models;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace Genesis.Exchange.IntegrationTests.EndToEnd;

/// <summary>The real REST and stream clients against the fake Binance server (issue 3's end-to-end suite).</summary>
public sealed class EndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SignedOrderFlow_PlaceQueryCancel()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var gw = h.Gateway;
        var rules = await gw.GetSymbolRulesAsync("BTCUSDT");
        var book = await gw.GetOrderBookAsync("BTCUSDT", 5);
        var price = rules.RoundPrice(book.BestBid!.Value.Price * 0.95m, RoundingMode.Down);
        var usdtBefore = (await gw.GetAccountAsync()).GetBalance("USDT");

        var placed = await gw.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price));
        var queried = await gw.GetOrderAsync("BTCUSDT", placed.ClientOrderId);
        var locked = (await gw.GetAccountAsync()).GetBalance("USDT");
        var open = await gw.GetOpenOrdersAsync("BTCUSDT");
        var canceled = await gw.CancelOrderAsync("BTCUSDT", placed.ClientOrderId);
        var after = (await gw.GetAccountAsync()).GetBalance("USDT");

        Assert.Equal(OrderStatus.New, placed.Status);
        Assert.Equal(placed.ExchangeOrderId, queried.ExchangeOrderId);
        Assert.Equal(OrderStatus.New, queried.Status);
        Assert.Contains(open, o => o.ClientOrderId == placed.ClientOrderId);
        Assert.Equal(0.01m * price, locked.Locked - usdtBefore.Locked);
        Assert.Equal(OrderStatus.Canceled, canceled.Status);
        Assert.Equal(usdtBefore.Free, after.Free);
        Assert.Empty(await gw.GetOpenOrdersAsync("BTCUSDT"));
        Assert.Equal(1, h.Server.Counters.OrdersCreatedFor(placed.ClientOrderId));
        Assert.Equal(0, h.Server.Counters.SignatureFailures);
        Assert.Equal(0, h.Server.Counters.TimestampRejections);
    }

    [Fact]
    public async Task Flood_OfMixedWeights_StaysUnder80Percent_WithZero429()
    {
        const int limitPerSecond = 600;
        await using var h = await EndToEndHarness.StartAsync(server: s => s.RateLimits =
        [
            new FakeRateLimit(FakeRateLimitType.RequestWeight, FakeRateLimitInterval.Second, 1, limitPerSecond),
            new FakeRateLimit(FakeRateLimitType.Orders, FakeRateLimitInterval.Second, 10, 100),
            new FakeRateLimit(FakeRateLimitType.RawRequests, FakeRateLimitInterval.Minute, 5, 61000),
        ]);
        var rest = h.Services.GetRequiredService<IBinanceRestClient>();
        await rest.GetExchangeInfoAsync();
        var budget = h.Services.GetRequiredService<IRateLimitBudget>();
        Assert.Contains(budget.GetUsage(), u => u.Type == RateLimitType.RequestWeight && u.Limit == limitPerSecond && u.Ceiling == limitPerSecond * 8 / 10);

        var calls = Enumerable.Range(0, 2000).Select(i => (i % 5) switch
        {
            0 => rest.PingAsync(),
            1 => (Task)rest.GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute, 10),
            2 => rest.GetAveragePriceAsync("ETHUSDT"),
            3 => rest.GetOrderBookAsync("BTCUSDT", 50),
            _ => rest.GetAggregateTradesAsync("ETHBTC", limit: 10),
        }).ToList();
        var all = Task.WhenAll(calls);
        try
        {
            await all.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (ExchangeException)
        {
            // Reported below with the server's counters.
        }

        var c = h.Server.Counters;
        foreach (var line in h.Logs.Lines.Where(l => l.Contains("Warning", StringComparison.Ordinal)).Take(20))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"weight limit {c.WeightLimit}/s, peak {c.WeightPeak} ({100.0 * c.WeightPeak / c.WeightLimit:0.#} %), 429s {c.RateLimitedResponses}, 418s {c.BannedResponses}, requests {c.RequestsByEndpoint.Values.Sum()}");
        Assert.Equal(0, c.RateLimitedResponses);
        Assert.Equal(0, c.BannedResponses);
        Assert.True(all.IsCompletedSuccessfully);
        Assert.InRange(c.WeightPeak, 1, limitPerSecond * 8 / 10);
    }

    [Fact]
    public async Task ServerErrorBurst_OpensTheBreaker_ThenFailsFast_AndHealthSaysSo()
    {
        await using var h = await EndToEndHarness.StartAsync();
        await h.Gateway.GetPriceAsync("BTCUSDT");
        h.Server.Faults.InjectServerErrors(50, 502);
        var monitor = h.Services.GetRequiredService<ICircuitBreakerMonitor>();

        var first = await Assert.ThrowsAnyAsync<ExchangeUnavailableException>(() => h.Gateway.GetPriceAsync("BTCUSDT"));
        var requestsWhenOpen = h.Server.Counters.RequestsFor("ticker.price");
        var second = await Assert.ThrowsAsync<CircuitOpenException>(() => h.Gateway.GetPriceAsync("BTCUSDT"));
        var health = await h.Services.GetRequiredService<ExchangeHealthCheck>().CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(CircuitState.Open, monitor.State);
        Assert.NotNull(second.RetryAfter);
        Assert.Equal(requestsWhenOpen, h.Server.Counters.RequestsFor("ticker.price"));
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        output.WriteLine($"first failure: {first.GetType().Name}; requests before opening: {requestsWhenOpen}");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task SkewedClock_IsRecoveredByTimeSync(int skewSeconds)
    {
        await using var h = await EndToEndHarness.StartAsync();
        h.Server.Faults.ClockSkew = TimeSpan.FromSeconds(skewSeconds);

        var account = await h.Gateway.GetAccountAsync();
        Assert.NotEmpty(account.Balances);
        Assert.InRange(h.Gateway.Clock.Offset.TotalSeconds, skewSeconds - 1, skewSeconds + 1);
        Assert.Equal(0, h.Server.Counters.TimestampRejections);

        // The exchange's clock jumps while we run: the next signed request gets -1021, resyncs once and succeeds.
        h.Server.Faults.ClockSkew = TimeSpan.FromSeconds(-skewSeconds);
        await h.Gateway.GetAccountAsync();

        Assert.Equal(1, h.Server.Counters.TimestampRejections);
        Assert.InRange(h.Gateway.Clock.Offset.TotalSeconds, -skewSeconds - 1, -skewSeconds + 1);
    }

    public static TheoryData<string> LostResponses() => ["killed socket", "delayed past read timeout", "5xx after creating"];

    [Theory]
    [MemberData(nameof(LostResponses))]
    public async Task OrderWhoseResponseIsLost_IsPlacedExactlyOnce_AndReconciled(string fault)
    {
        await using var h = await EndToEndHarness.StartAsync(client: o => o.Timeouts.Read = TimeSpan.FromMilliseconds(800));
        var rules = await h.Gateway.GetSymbolRulesAsync("BTCUSDT");
        var price = rules.RoundPrice((await h.Gateway.GetBookTickerAsync("BTCUSDT")).BidPrice * 0.9m, RoundingMode.Down);
        await h.Gateway.GetAccountAsync(); // the first signed call synchronizes the clock, so the fault below hits the order itself
        switch (fault)
        {
            case "killed socket":
                h.Server.Faults.KillSocketAfterNextOrders(1);
                break;
            case "delayed past read timeout":
                h.Server.Faults.DelayNextOrderResponses(TimeSpan.FromSeconds(3), 1);
                break;
            default:
                h.Server.Faults.InjectServerErrors(1, 503, afterBackend: true);
                break;
        }

        var order = await h.Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price) with { ClientOrderId = "lost-response-1" }).WaitAsync(Bound);

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal("lost-response-1", order.ClientOrderId);
        Assert.Equal(1, h.Server.Counters.OrdersCreatedFor("lost-response-1"));
        Assert.Equal(1, h.Exchange.GetOrdersCreated("lost-response-1"));
        Assert.Equal(1, h.Server.Counters.RequestsFor("order.place"));
        Assert.True(h.Server.Counters.RequestsFor("order.status") >= 1);
    }

    [Fact]
    public async Task TimeSyncFailingBeforeAnOrder_ReportsNotSent_WithoutReconciling()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var rules = await h.Gateway.GetSymbolRulesAsync("BTCUSDT");
        h.Server.Faults.InjectServerErrors(20, 503);

        var ex = await Assert.ThrowsAnyAsync<ExchangeUnavailableException>(() => h.Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, rules.RoundPrice(50_000m)) with { ClientOrderId = "never-sent-1" }));

        Assert.True(ex.RequestNotSent);
        Assert.IsNotType<UnknownOrderStatusException>(ex);
        Assert.Equal(0, h.Server.Counters.RequestsFor("order.place"));
        Assert.Equal(0, h.Exchange.GetOrdersCreated("never-sent-1"));
    }

    [Theory]
    [InlineData(MaintenanceMode.JsonError)]
    [InlineData(MaintenanceMode.HtmlPage)]
    public async Task ExchangeMaintenance_YieldsMaintenanceState(MaintenanceMode mode)
    {
        await using var h = await EndToEndHarness.StartAsync();
        var normal = await h.Gateway.GetMarketStateAsync("BTCUSDT");
        h.Server.Faults.Maintenance = mode;

        var report = await h.Gateway.GetMarketStateAsync("BTCUSDT").WaitAsync(Bound);

        Assert.NotEqual(MarketState.Maintenance, normal.State);
        Assert.Equal(MarketState.Maintenance, report.State);
        output.WriteLine(report.Reason);
    }

    [Fact]
    public async Task TradeStream_SurvivesRepeatedDrops_EveryTradeIdOnceInOrder()
    {
        await using var h = await EndToEndHarness.StartAsync(mock: m => m.TickInterval = TimeSpan.FromMilliseconds(10));
        var received = new List<TradeUpdate>();
        using var cts = new CancellationTokenSource(Bound);
        var enumerate = Task.Run(async () =>
        {
            await foreach (var trade in h.Gateway.Streams.SubscribeTradesAsync("BTCUSDT", cts.Token))
            {
                lock (received)
                {
                    received.Add(trade);
                }

                if (received.Count >= 300 && h.Server.Counters.StreamConnectionsDropped >= 4)
                {
                    return;
                }
            }
        }, cts.Token);

        h.Exchange.Start();
        await WaitUntilAsync(() => h.Server.Counters.StreamConnectionsAccepted >= 1, cts.Token);
        h.Server.Faults.StreamDropInterval = TimeSpan.FromMilliseconds(400);
        await enumerate.WaitAsync(Bound);
        h.Exchange.Stop();

        var ids = received.Select(t => t.TradeId).ToList();
        output.WriteLine($"{ids.Count} trades, ids {ids[0]}..{ids[^1]}, drops {h.Server.Counters.StreamConnectionsDropped}, connections {h.Server.Counters.StreamConnectionsAccepted}, gap-fill requests {h.Server.Counters.RequestsFor("historicalTrades")}");
        Assert.True(h.Server.Counters.StreamConnectionsDropped >= 4);
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.Equal(ids[i - 1] + 1, ids[i]);
        }

        Assert.True(h.Server.Counters.RequestsFor("historicalTrades") >= 1, "gaps must have been filled over REST");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
