using System.Security.Cryptography;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.IntegrationTests.Rest;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Mock.WebSocketApi;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Genesis.Exchange.IntegrationTests.WebSocketApi;

/// <summary>
/// Issue 14's transport "done when", through <see cref="IExchangeGateway"/> with <c>OrderTransport = WebSocketApi</c> and an
/// Ed25519 key (so every connection logs on with <c>session.logon</c>): against the fake Binance server on loopback
/// (<see cref="GatewayOverWebSocketApiOnFakeServer"/>) and in mock mode over the in-memory WebSocket API
/// (<see cref="GatewayOverWebSocketApiInMockMode"/>).
/// </summary>
public abstract class GatewayOverWebSocketApiTests : IAsyncLifetime
{
    /// <summary>The bound on every wait.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private WebSocketApiTarget? _target;

    private protected WebSocketApiTarget Target => _target ?? throw new InvalidOperationException("Not started.");

    private IExchangeGateway Gateway => Target.Gateway;

    private OrderTransportRouter Router => Target.Holder.Router ?? throw new InvalidOperationException("OrderTransport is not WebSocketApi.");

    private WebSocketApiClient Client => Target.Holder.Client;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _target = await StartAsync();
        await Client.Connection.WaitReadyAsync().WaitAsync(Bound);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    /// <summary>Configures the client the same way on both targets.</summary>
    /// <param name="o">The options.</param>
    /// <param name="privateKeyPem">The Ed25519 private key.</param>
    private protected static void ConfigureClient(GenesisExchangeOptions o, string privateKeyPem)
    {
        o.ReadCredentialsFromEnvironment = false;
        o.ApiKey = new SecretString(EndToEnd.EndToEndHarness.ApiKey);
        o.ApiSecret = null;
        o.PrivateKeyPem = new SecretString(privateKeyPem);
        o.OrderTransport = OrderTransport.WebSocketApi;
        o.Orders.ReconcileDelay = TimeSpan.FromMilliseconds(100);
        o.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
        o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        o.WebSocketApi.RequestTimeout = TimeSpan.FromSeconds(2);
        o.WebSocketApi.ReconnectBaseDelay = TimeSpan.FromMilliseconds(50);
        o.WebSocketApi.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
    }

    /// <summary>A fresh Ed25519 key pair (PKCS#8 private, SPKI public).</summary>
    /// <returns>The PEMs.</returns>
    private protected static (string PrivatePem, string PublicPem) Ed25519Keys()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var privateDer = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded();
        var publicDer = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        return (new string(PemEncoding.Write("PRIVATE KEY", privateDer)), new string(PemEncoding.Write("PUBLIC KEY", publicDer)));
    }

    /// <summary>Starts the gateway and the exchange behind it.</summary>
    /// <returns>The running target.</returns>
    private protected abstract Task<WebSocketApiTarget> StartAsync();

    [Fact]
    public async Task OrderEntry_PlaceAmendReplaceAndCancel_GoOverTheWebSocketApi_OnALoggedOnSession()
    {
        var price = await FarBidAsync(0.9m);
        var status = await Client.GetSessionStatusAsync();

        var placed = await Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price));
        var amended = await Gateway.Rest.AmendOrderKeepPriorityAsync("BTCUSDT", 0.005m, clientOrderId: placed.ClientOrderId);
        var replaced = await Gateway.Rest.CancelReplaceAsync(new CancelReplaceRequest(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, await FarBidAsync(0.85m)))
        {
            CancelOrigClientOrderId = amended.AmendedOrder.ClientOrderId,
        });
        var canceled = await Gateway.CancelOrderAsync("BTCUSDT", replaced.NewOrderResponse!.ClientOrderId);

        Assert.Equal(EndToEnd.EndToEndHarness.ApiKey, status.ApiKey);
        Assert.Equal(OrderStatus.New, placed.Status);
        Assert.Equal(0.005m, amended.AmendedOrder.Quantity);
        Assert.Equal(CancelReplaceStatus.Success, replaced.CancelResult);
        Assert.Equal(CancelReplaceStatus.Success, replaced.NewOrderResult);
        Assert.Equal(OrderStatus.Canceled, canceled.Status);
        Assert.Equal(4, Router.OverWebSocketApi);
        Assert.Equal(0, Router.Fallbacks);
        Assert.Empty(await Gateway.GetOpenOrdersAsync("BTCUSDT"));
    }

    [Fact]
    public async Task UserData_ABurstOfFills_ProducesAnExecutionReportForEveryFill()
    {
        await using var userData = await Gateway.SubscribeUserDataAsync();
        var ids = Enumerable.Range(0, 10).Select(i => $"burst-{i}-{Guid.NewGuid():N}"[..30]).ToArray();

        var orders = await Task.WhenAll(ids.Select(id => Gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.001m) with { ClientOrderId = id })));
        var filled = new Dictionary<string, ExecutionReport>();
        using var bound = new CancellationTokenSource(Bound);
        await foreach (var item in userData.WithCancellation(bound.Token))
        {
            if (item is ExecutionReport { Status: OrderStatus.Filled } report && ids.Contains(report.ClientOrderId))
            {
                filled[report.ClientOrderId] = report;
                if (filled.Count == ids.Length)
                {
                    break;
                }
            }
        }

        Assert.All(orders, o => Assert.Equal(OrderStatus.Filled, o.Status));
        Assert.Equal(ids.Order(), filled.Keys.Order());
        Assert.All(filled.Values, r => Assert.Equal(ExecutionType.Trade, r.ExecutionType));
        Assert.All(orders, o => Assert.Equal(o.FilledQuantity, filled[o.ClientOrderId].CumulativeFilledQuantity));
        Assert.Equal(ids.Length, Router.OverWebSocketApi);
    }

    [Fact]
    public async Task LostResponse_TheOrderIsPlacedExactlyOnce_AndReportedFromReconciliation()
    {
        var price = await FarBidAsync(0.9m);
        var id = "lost-" + Guid.NewGuid().ToString("N")[..20];
        Target.LoseNextOrderResponse();

        var order = await Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price) with { ClientOrderId = id });

        Assert.Contains(Target.Logs.Lines, l => l.Contains("order.place request", StringComparison.Ordinal) && l.Contains("outcome unknown", StringComparison.Ordinal));
        Assert.Equal(id, order.ClientOrderId);
        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal(0.01m, order.Quantity);
        Assert.Single(await Gateway.Rest.GetAllOrdersAsync("BTCUSDT"), o => o.ClientOrderId == id);
        Assert.Equal(1, Router.OverWebSocketApi);
        Assert.Equal(0, Router.Fallbacks);
        await Gateway.CancelOrderAsync("BTCUSDT", id);
    }

    [Fact]
    public async Task EventStreamTerminated_IsDelivered_AndTheStreamSubscribesAgain()
    {
        await using var userData = await Gateway.SubscribeUserDataAsync();
        var firstId = userData.SubscriptionId;

        Target.TerminateUserDataStreams();
        Assert.IsType<EventStreamTerminated>(await userData.Events.ReadAsync().AsTask().WaitAsync(Bound));
        await WaitUntilAsync(() => userData.Resubscriptions == 1 && userData.SubscriptionId != firstId);
        var placed = await Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, await FarBidAsync(0.9m)));

        var report = await NextReportAsync(userData, placed.ClientOrderId);
        Assert.Equal(ExecutionType.New, report.ExecutionType);
        Assert.Equal(1, userData.Terminations);
        await Gateway.CancelOrderAsync("BTCUSDT", placed.ClientOrderId);
    }

    [Fact]
    public async Task Reconnect_LogsOnAgain_AndTheUserDataSubscriptionRecovers()
    {
        await using var userData = await Gateway.SubscribeUserDataAsync();
        var connects = Client.Connection.Connects;

        Target.DropWebSocketApiConnections();
        await WaitUntilAsync(() => Client.Connection.Connects > connects && userData.Resubscriptions >= 1 && Client.Connection.Current is { IsClosed: false });
        var status = await Client.GetSessionStatusAsync();
        var placed = await Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, await FarBidAsync(0.9m)));

        Assert.Equal(EndToEnd.EndToEndHarness.ApiKey, status.ApiKey);
        Assert.Equal(ExecutionType.New, (await NextReportAsync(userData, placed.ClientOrderId)).ExecutionType);
        await Gateway.CancelOrderAsync("BTCUSDT", placed.ClientOrderId);
        Assert.Equal(ExecutionType.Canceled, (await NextReportAsync(userData, placed.ClientOrderId)).ExecutionType);
        Assert.Equal(0, Router.Fallbacks);
    }

    [Fact]
    public async Task OrderTracker_FollowsTheGatewaysOrders_AcrossADroppedConnection_AndMatchesTheExchange()
    {
        await Gateway.StartOrderTrackingAsync().WaitAsync(Bound);
        var resting = await Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, await FarBidAsync(0.9m)));
        var bought = await Gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.002m));
        await WaitUntilAsync(() => Gateway.Orders.GetOrder(bought.ClientOrderId) is { Status: OrderStatus.Filled } && Gateway.Orders.GetOrder(resting.ClientOrderId) is { Status: OrderStatus.New });

        // After a dropped connection the stream is subscribed again and the tracker reconciled; it keeps following.
        var connects = Client.Connection.Connects;
        var reconciliations = Gateway.Orders.Reconciliations;
        Target.DropWebSocketApiConnections();
        await WaitUntilAsync(() => Client.Connection.Connects > connects && Client.Connection.Current is { IsClosed: false } && Gateway.Orders.Reconciliations > reconciliations);
        var sold = await Gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Sell, 0.001m));
        await Gateway.CancelOrderAsync("BTCUSDT", resting.ClientOrderId);
        await WaitUntilAsync(() => Gateway.Orders.GetOrder(sold.ClientOrderId) is { Status: OrderStatus.Filled } && Gateway.Orders.GetOrder(resting.ClientOrderId) is { Status: OrderStatus.Canceled });

        var tracked = Gateway.Orders.GetOrder(bought.ClientOrderId)!;
        Assert.Equal(bought.FilledQuantity, tracked.FilledQuantity);
        Assert.Equal(bought.FilledQuantity, tracked.Fills.Sum(f => f.Quantity));
        Assert.True(tracked.AveragePrice > 0m);
        Assert.NotNull(tracked.Latency);
        Assert.NotNull(tracked.SentTime);
        var account = await Gateway.GetAccountAsync();
        await WaitUntilAsync(() => account.Balances.Where(b => b.Asset is "BTC" or "USDT").All(b => Gateway.Orders.GetBalance(b.Asset) is { } mine && mine.Free == b.Free && mine.Locked == b.Locked));
    }

    [Fact]
    public async Task OrderTracker_ConnectionDroppedBetweenPlacementAndFill_AfterReconnect_ShowsTheFillAndTheExchangesBalances()
    {
        await Gateway.StartOrderTrackingAsync().WaitAsync(Bound);
        Target.DelayUserDataEvents(TimeSpan.FromMilliseconds(300)); // the fill's events would go out after the drop: lost
        Target.DropAfterNextOrderResponse();

        var bought = await Gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.002m)); // the response arrives, then the connection drops

        await WaitUntilAsync(() => Gateway.Orders.GetOrder(bought.ClientOrderId) is { Status: OrderStatus.Filled } tracked && tracked.FilledQuantity == bought.FilledQuantity);
        Target.DelayUserDataEvents(TimeSpan.Zero);
        var trades = await Gateway.Rest.GetMyTradesAsync("BTCUSDT", exchangeOrderId: bought.ExchangeOrderId);
        var mine = Gateway.Orders.GetOrder(bought.ClientOrderId)!;
        Assert.Equal(trades.Select(t => t.Id).Order(), mine.Fills.Select(f => f.TradeId));
        Assert.Equal(trades.Sum(t => t.Commission), mine.Commissions.Values.Sum());
        // The balance events went out after the drop and were lost: only the reconciliation after the resubscription
        // brings the tracker's balances to the exchange's.
        await WaitUntilAsync(() => Client.Connection.Connects > 1);
        var account = await Gateway.GetAccountAsync();
        await WaitUntilAsync(() => account.Balances.Where(b => b.Asset is "BTC" or "USDT").All(b => Gateway.Orders.GetBalance(b.Asset) is { } balance && balance.Free == b.Free && balance.Locked == b.Locked));
    }

    [Fact]
    public async Task OrderEntry_FallsBackToRest_WhenTheWebSocketApiIsDown()
    {
        var price = await FarBidAsync(0.9m);
        await Client.DisposeAsync();

        var placed = await Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price));
        var canceled = await Gateway.CancelOrderAsync("BTCUSDT", placed.ClientOrderId);

        Assert.Equal(OrderStatus.New, placed.Status);
        Assert.Equal(OrderStatus.Canceled, canceled.Status);
        Assert.Equal(2, Router.Fallbacks);
        Assert.Equal(0, Router.OverWebSocketApi);
    }

    private static async Task<ExecutionReport> NextReportAsync(UserDataStreamSubscription userData, string clientOrderId)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (true)
        {
            var item = await userData.Events.ReadAsync(bound.Token);
            if (item is ExecutionReport report && (report.ClientOrderId == clientOrderId || report.OriginalClientOrderId == clientOrderId))
            {
                return report;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(20, bound.Token);
        }
    }

    private async Task<decimal> FarBidAsync(decimal factor)
    {
        var rules = await Gateway.GetSymbolRulesAsync("BTCUSDT");
        var book = await Gateway.GetOrderBookAsync("BTCUSDT", 5);
        return rules.RoundPrice(book.BestBid!.Value.Price * factor, RoundingMode.Down);
    }
}

/// <summary>A running gateway over the WebSocket API and the faults of what it talks to.</summary>
internal sealed class WebSocketApiTarget(
    IExchangeGateway gateway, WebSocketApiClientHolder holder, CapturingLoggerProvider logs, Action loseNextOrderResponse, Action terminateUserDataStreams, Action dropConnections, Func<ValueTask> dispose,
    Action dropAfterNextOrderResponse, Action<TimeSpan> delayUserDataEvents)
    : IAsyncDisposable
{
    /// <summary>The connection drops right after the next order response is sent (before its fill events).</summary>
    public void DropAfterNextOrderResponse() => dropAfterNextOrderResponse();

    /// <summary>User data events go out this much later (so a drop right after a response loses them).</summary>
    public void DelayUserDataEvents(TimeSpan delay) => delayUserDataEvents(delay);

    public IExchangeGateway Gateway { get; } = gateway;

    public WebSocketApiClientHolder Holder { get; } = holder;

    public CapturingLoggerProvider Logs { get; } = logs;

    public void LoseNextOrderResponse() => loseNextOrderResponse();

    public void TerminateUserDataStreams() => terminateUserDataStreams();

    public void DropWebSocketApiConnections() => dropConnections();

    public ValueTask DisposeAsync() => dispose();
}

/// <summary>Against the fake Binance server: REST, streams and the WebSocket API on loopback, Ed25519 signatures verified.</summary>
public sealed class GatewayOverWebSocketApiOnFakeServer : GatewayOverWebSocketApiTests
{
    private protected override async Task<WebSocketApiTarget> StartAsync()
    {
        var (privatePem, publicPem) = Ed25519Keys();
        var exchange = new MockExchange(new MockExchangeOptions(), TimeProvider.System);
        var fake = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(exchange, TimeProvider.System),
            EventSource = new MockExchangeEventSource(exchange),
            ApiKey = EndToEnd.EndToEndHarness.ApiKey,
            PublicKeyPem = publicPem,
        });
        exchange.Start();
        var services = new ServiceCollection();
        var logs = new CapturingLoggerProvider();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddGenesisExchange(o =>
        {
            o.UseCustomEndpoints(fake.RestBaseUrl, fake.StreamBaseUrl, fake.WebSocketApiUrl);
            ConfigureClient(o, privatePem);
        });
        var provider = services.BuildServiceProvider();
        return new WebSocketApiTarget(
            provider.GetRequiredService<IExchangeGateway>(),
            provider.GetRequiredService<WebSocketApiClientHolder>(),
            logs,
            () => fake.Faults.LoseNextWebSocketApiOrderResponses(),
            fake.TerminateUserDataStreams,
            fake.DropWebSocketApiConnections,
            async () =>
            {
                if (provider.GetService<IMarketStreamClient>() is IAsyncDisposable streams)
                {
                    await streams.DisposeAsync();
                }

                await provider.DisposeAsync();
                await fake.DisposeAsync();
                exchange.Dispose();
            },
            () => fake.Faults.DropWebSocketApiAfterNextOrderResponses(1),
            delay => fake.Faults.UserDataEventDelay = delay);
    }
}

/// <summary>In mock mode: the same client over the in-memory WebSocket API of the mock exchange (no sockets).</summary>
public sealed class GatewayOverWebSocketApiInMockMode : GatewayOverWebSocketApiTests
{
    private protected override Task<WebSocketApiTarget> StartAsync()
    {
        var (privatePem, _) = Ed25519Keys();
        var services = new ServiceCollection();
        var logs = new CapturingLoggerProvider();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddGenesisExchange(o => ConfigureClient(o, privatePem));
        var provider = services.BuildServiceProvider();
        var server = provider.GetRequiredService<InMemoryWebSocketApiServer>();
        return Task.FromResult(new WebSocketApiTarget(
            provider.GetRequiredService<IExchangeGateway>(),
            provider.GetRequiredService<WebSocketApiClientHolder>(),
            logs,
            () => server.Faults.LoseNextOrderResponses(),
            server.TerminateUserDataStreams,
            server.DropAll,
            async () =>
            {
                if (provider.GetService<IMarketStreamClient>() is IAsyncDisposable streams)
                {
                    await streams.DisposeAsync();
                }

                await provider.DisposeAsync();
            },
            () => server.Faults.DropAfterNextOrderResponses(1),
            delay => server.Faults.EventDelay = delay));
    }
}
