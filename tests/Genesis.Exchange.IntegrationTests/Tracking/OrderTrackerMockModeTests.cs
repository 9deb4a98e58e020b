using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Mock.WebSocketApi;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.IntegrationTests.Tracking;

/// <summary>
/// The order tracker in mock mode: the WebSocket API client over the in-memory WebSocket API of the mock exchange, the REST
/// client over the mock transport. <c>eventStreamTerminated</c> ends the subscription; what happens before the next one
/// is recovered when it starts.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class OrderTrackerMockModeTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly MockExchange _exchange = new(new MockExchangeOptions(), TimeProvider.System);
    private InMemoryWebSocketApiServer _server = null!;
    private WebSocketApiClient _client = null!;
    private BinanceRestClient _rest = null!;

    public async Task InitializeAsync()
    {
        var time = TimeProvider.System;
        _server = new InMemoryWebSocketApiServer(_exchange, isEd25519Key: false);
        var credentials = new WebSocketApiCredentials(new SecretString("mock-key"), SignerFactory.Create(new SecretString("mock-secret"), null)!);
        var connection = new WebSocketApiConnection(InMemoryWebSocketApiServer.BaseUrl, _server, new WebSocketApiOptions(), credentials, new ServerClock(time), time, NullLogger<WebSocketApiConnection>.Instance);
        _client = new WebSocketApiClient(connection);
        await connection.StartAsync();
        var options = new GenesisExchangeOptions();
        options.Orders.ValidateBeforeSend = false;
        _rest = new BinanceRestClient(new MockExchangeTransport(_exchange, time), time, options, NullLogger<BinanceRestClient>.Instance);
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _client.DisposeAsync();
        _server.Dispose();
        _exchange.Dispose();
    }

    [Fact]
    public async Task EventStreamTerminated_IsReconciled_AndAFillWhileUnsubscribedIsRecoveredByTheNextSubscription()
    {
        var tracker = new OrderTracker(_rest, TimeProvider.System);
        var first = await _client.SubscribeUserDataAsync();
        var running = tracker.RunAsync(first);
        await PlaceAsync(tracker, "mock-trk-1");
        await EventuallyAsync(() => tracker.GetOrder("mock-trk-1")?.Status == OrderStatus.Filled, "the first fill from the stream");
        var streamed = tracker.GetOrder("mock-trk-1")!;

        _server.TerminateUserDataStreams();
        await running.WaitAsync(Bound); // eventStreamTerminated: reconciled, then the subscription completed
        var afterTermination = tracker.Reconciliations;
        await PlaceAsync(tracker, "mock-trk-2"); // nobody is subscribed: its events are lost
        var unseen = tracker.GetOrder("mock-trk-2")!;
        var second = await _client.SubscribeUserDataAsync();
        using var stop = new CancellationTokenSource();
        var again = tracker.RunAsync(second, stop.Token);
        await EventuallyAsync(() => tracker.GetOrder("mock-trk-2")?.Status == OrderStatus.Filled, "the fill recovered at the next start");

        var exchangeOrder = await _rest.GetOrderAsync("BTCUSDT", clientOrderId: "mock-trk-2");
        var account = await _rest.GetAccountAsync();
        var recovered = tracker.GetOrder("mock-trk-2")!;
        Assert.NotNull(streamed.Latency); // the first came over the stream
        Assert.Equal(2, afterTermination); // start + eventStreamTerminated
        Assert.True(unseen.IsOutcomeUnknown);
        Assert.Equal(exchangeOrder.FilledQuantity, recovered.FilledQuantity);
        Assert.Equal(exchangeOrder.CumulativeQuoteQuantity, recovered.CumulativeQuoteQuantity);
        Assert.NotEmpty(recovered.Fills);
        foreach (var balance in account.Balances)
        {
            Assert.Equal(balance, tracker.GetBalance(balance.Asset));
        }

        await stop.CancelAsync();
        await Task.WhenAny(again, Task.Delay(Bound));
    }

    private async Task PlaceAsync(OrderTracker tracker, string clientOrderId)
    {
        var request = OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.01m) with { ClientOrderId = clientOrderId };
        tracker.OnSending(request);
        await _rest.PlaceOrderAsync(request).WaitAsync(Bound);
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(25);
        }
    }
}
