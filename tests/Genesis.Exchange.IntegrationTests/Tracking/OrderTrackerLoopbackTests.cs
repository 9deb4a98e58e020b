using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Internal;
using Genesis.Exchange.IntegrationTests.EndToEnd;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.IntegrationTests.Tracking;

/// <summary>
/// The order tracker on a real user data subscription (WebSocket API client built by hand) against the fake Binance server
/// backed by the mock exchange, reconciling over the REST client; its state is compared with the exchange's (REST).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class OrderTrackerLoopbackTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private EndToEndHarness _harness = null!;
    private WebSocketApiClient _client = null!;
    private UserDataSubscription _subscription = null!;
    private OrderTracker _tracker = null!;
    private IBinanceRestClient _rest = null!;
    private BinanceRestClient _wsOrders = null!;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _harness = await EndToEndHarness.StartAsync();
        _rest = _harness.Services.GetRequiredService<IBinanceRestClient>();
        var time = TimeProvider.System;
        var credentials = new WebSocketApiCredentials(new SecretString(EndToEndHarness.ApiKey), SignerFactory.Create(new SecretString(EndToEndHarness.Secret), null)!);
        var connection = new WebSocketApiConnection(
            _harness.Server.WebSocketApiUrl,
            new ClientWebSocketConnectionFactory(time, TimeSpan.FromSeconds(5)),
            new WebSocketApiOptions { ReconnectBaseDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) },
            credentials,
            new ServerClock(time),
            time,
            NullLogger<WebSocketApiConnection>.Instance);
        _client = new WebSocketApiClient(connection);
        await connection.StartAsync();
        _subscription = await _client.SubscribeUserDataAsync();

        var options = new GenesisExchangeOptions();
        options.Orders.ValidateBeforeSend = false;
        options.Orders.ReconcileDelay = TimeSpan.FromMilliseconds(100);
        _wsOrders = new BinanceRestClient(_client.Transport, time, options, NullLogger<BinanceRestClient>.Instance);

        _tracker = new OrderTracker(_rest, time, new OrderTrackerOptions { ResubscriptionCheckInterval = TimeSpan.FromMilliseconds(50) });
        _running = _tracker.RunAsync(_subscription, _stop.Token);
        await EventuallyAsync(() => Task.FromResult(_tracker.Reconciliations >= 1), "the start-up reconciliation");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAny(_running, Task.Delay(Bound));
        _wsOrders.Dispose();
        await _client.DisposeAsync();
        await _harness.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task BurstOfFillsAndACancel_OverTheUserDataStream_EqualTheExchangesOrdersAndBalances()
    {
        var rules = await _rest.GetSymbolRulesAsync("BTCUSDT");
        var book = await _rest.GetOrderBookAsync("BTCUSDT", 5);
        var ids = new[] { "trk-burst-1", "trk-burst-2", "trk-burst-3" };
        foreach (var id in ids)
        {
            var request = OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.01m) with { ClientOrderId = id, ReferencePrice = book.BestAsk!.Value.Price };
            _tracker.OnSending(request);
            await _rest.PlaceOrderAsync(request);
        }

        var resting = OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, rules.RoundPrice(book.BestBid!.Value.Price * 0.9m, RoundingMode.Down)) with { ClientOrderId = "trk-rest-1" };
        _tracker.OnSending(resting);
        await _rest.PlaceOrderAsync(resting);
        await _rest.CancelOrderAsync("BTCUSDT", clientOrderId: "trk-rest-1");

        await EventuallyAsync(() => Task.FromResult(ids.All(id => _tracker.GetOrder(id)?.Status == OrderStatus.Filled) && _tracker.GetOrder("trk-rest-1")?.Status == OrderStatus.Canceled), "the fills and the cancel");
        foreach (var id in ids)
        {
            var exchange = await _rest.GetOrderAsync("BTCUSDT", clientOrderId: id);
            var tracked = _tracker.GetOrder(id)!;
            Assert.Equal(exchange.FilledQuantity, tracked.FilledQuantity);
            Assert.Equal(exchange.CumulativeQuoteQuantity, tracked.CumulativeQuoteQuantity);
            Assert.NotNull(tracked.Latency);
            Assert.NotNull(tracked.SlippageBps);
        }

        await AssertBalancesEqualTheExchangeAsync();
        Assert.Empty(_tracker.GetOrders("BTCUSDT", openOnly: true));
    }

    [Fact]
    public async Task ConnectionDroppedBetweenPlacementAndFill_AfterReconnect_TheTrackerShowsTheFillAndTheExchangesBalances()
    {
        var book = await _rest.GetOrderBookAsync("BTCUSDT", 5);
        var before = _subscription.Resubscriptions;
        _harness.Server.Faults.UserDataEventDelay = TimeSpan.FromMilliseconds(300); // the events would go out after the drop: lost
        _harness.Server.Faults.DropWebSocketApiAfterNextOrderResponses(1);
        var request = OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.02m) with { ClientOrderId = "trk-drop-1", ReferencePrice = book.BestAsk!.Value.Price };

        _tracker.OnSending(request);
        await _wsOrders.PlaceOrderAsync(request).WaitAsync(Bound); // the response arrives, then the connection drops

        await EventuallyAsync(() => Task.FromResult(_tracker.GetOrder("trk-drop-1")?.Status == OrderStatus.Filled), "the fill after the reconnect");
        _harness.Server.Faults.UserDataEventDelay = TimeSpan.Zero;
        var exchange = await _rest.GetOrderAsync("BTCUSDT", clientOrderId: "trk-drop-1");
        var trades = await _rest.GetMyTradesAsync("BTCUSDT", exchangeOrderId: exchange.ExchangeOrderId);
        var tracked = _tracker.GetOrder("trk-drop-1")!;
        Assert.True(_subscription.Resubscriptions > before, "the subscription was re-established on a new connection");
        Assert.Equal(OrderStatus.Filled, exchange.Status);
        Assert.Equal(exchange.FilledQuantity, tracked.FilledQuantity);
        Assert.Equal(exchange.CumulativeQuoteQuantity, tracked.CumulativeQuoteQuantity);
        Assert.Equal(trades.Select(t => t.Id).Order(), tracked.Fills.Select(f => f.TradeId));
        Assert.Equal(trades.Sum(t => t.Commission), tracked.Commissions.Values.Sum());
        await AssertBalancesEqualTheExchangeAsync();
    }

    private async Task AssertBalancesEqualTheExchangeAsync()
    {
        await EventuallyAsync(async () =>
        {
            var account = await _rest.GetAccountAsync();
            return account.Balances.All(b => _tracker.GetBalance(b.Asset) == b);
        }, "the balances");
        var account = await _rest.GetAccountAsync();
        foreach (var balance in account.Balances)
        {
            Assert.Equal(balance, _tracker.GetBalance(balance.Asset));
        }

        foreach (var (asset, balance) in _tracker.GetSnapshot().Balances)
        {
            Assert.Equal(account.Balances.FirstOrDefault(b => b.Asset == asset)?.Total ?? 0m, balance.Total);
        }
    }

    /// <summary>Re-checks a condition until it holds, bounded (loopback: the tracker and the server run on their own threads).</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(25);
        }
    }
}
