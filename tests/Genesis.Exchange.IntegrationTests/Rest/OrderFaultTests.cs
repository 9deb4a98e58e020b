using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Genesis.Exchange.IntegrationTests.Rest;

/// <summary>
/// Placement faults on the real HTTP path (loopback WireMock.Net): the caller always learns either the order, a typed
/// "not sent", a typed rejection, or <see cref="UnknownOrderStatusException"/> with the client order id.
/// </summary>
public sealed class OrderFaultTests : IDisposable
{
    private const string ExchangeInfo = """
    {"timezone":"UTC","serverTime":1700000000000,"rateLimits":[],
     "symbols":[{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","orderTypes":["LIMIT","MARKET"],
       "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01","maxPrice":"1000000","tickSize":"0.01"},{"filterType":"LOT_SIZE","minQty":"0.00001","maxQty":"9000","stepSize":"0.00001"}]}]}
    """;

    private const string NotFound = """{"code":-2013,"msg":"Order does not exist."}""";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ILoggerFactory _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));

    public OrderFaultTests() => Respond("GET", "/api/v3/exchangeInfo", 200, ExchangeInfo);

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _loggerFactory.Dispose();
    }

    private static OrderRequest Order(string clientOrderId) => OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 100m) with { ClientOrderId = clientOrderId };

    private static string OrderJson(string clientOrderId, string status) =>
        $$"""{"symbol":"BTCUSDT","orderId":77,"clientOrderId":"{{clientOrderId}}","time":1,"updateTime":1,"price":"100","origQty":"1","executedQty":"0","cummulativeQuoteQty":"0","status":"{{status}}","timeInForce":"GTC","type":"LIMIT","side":"BUY"}""";

    private void Respond(string method, string path, int status, string body, TimeSpan? delay = null, string contentType = "application/json")
    {
        var request = Request.Create().WithPath(path);
        request = method == "POST" ? request.UsingPost() : request.UsingGet();
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        _server.Given(request).RespondWith(response);
    }

    private RestStack Stack(Action<GenesisExchangeOptions>? configure = null) => new(_server.Url!, _loggerFactory, o =>
    {
        o.Orders.ReconcileAttempts = 2;
        o.Orders.ReconcileDelay = TimeSpan.FromMilliseconds(20);
        configure?.Invoke(o);
    });

    private bool Queried(string clientOrderId) => _server.LogEntries.Any(e =>
        e.RequestMessage.Method == "GET" && e.RequestMessage.Path == "/api/v3/order" && e.RequestMessage.RawQuery!.Contains("origClientOrderId=" + clientOrderId, StringComparison.Ordinal));

    [Fact]
    public async Task CallerCancelsAfterTheOrderWasSent_IsUnknownStatus_AfterAReconcile()
    {
        Respond("POST", "/api/v3/order", 200, OrderJson("cancel-1", "NEW"), delay: TimeSpan.FromSeconds(3));
        Respond("GET", "/api/v3/order", 400, NotFound);
        using var stack = Stack();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => stack.Client.PlaceOrderAsync(Order("cancel-1"), cts.Token).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("cancel-1", ex.ClientOrderId);
        Assert.Contains("caller cancelled", ex.Message, StringComparison.Ordinal);
        Assert.True(Queried("cancel-1"));
    }

    [Fact]
    public async Task HttpClientDisposedMidRequest_IsUnknownStatus_NotARawCancellation()
    {
        Respond("POST", "/api/v3/order", 200, OrderJson("shutdown-1", "NEW"), delay: TimeSpan.FromSeconds(3));
        var options = new GenesisExchangeOptions { ApiKey = new SecretString(RestStack.ApiKey), ApiSecret = new SecretString(RestStack.Secret) }.UseCustomEndpoints(new Uri(_server.Url!));
        options.Orders.ReconcileDelay = TimeSpan.FromMilliseconds(20);
        var http = HttpHandlerFactory.CreateClient(HttpHandlerFactory.Create(options));
        var transport = new HttpExchangeTransport(http, new Uri(_server.Url!), SignerFactory.Create(options.ApiSecret, null), options.ApiKey, new ServerClock(TimeProvider.System), TimeProvider.System, options, _loggerFactory.CreateLogger<HttpExchangeTransport>());
        using var client = new BinanceRestClient(transport, TimeProvider.System, options, _loggerFactory.CreateLogger<BinanceRestClient>());
        await client.GetExchangeInfoAsync();

        var placing = client.PlaceOrderAsync(Order("shutdown-1"));
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // lets the POST reach the server; the outcome below holds whenever the disposal lands
        http.Dispose();
        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => placing.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("shutdown-1", ex.ClientOrderId);
    }

    [Fact]
    public async Task ConnectionRefused_IsTypedNotSent_NeverUnknownStatus()
    {
        using var stack = new RestStack("http://127.0.0.1:1", _loggerFactory, o => o.Orders.ValidateBeforeSend = false);

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => stack.Client.PlaceOrderAsync(Order("refused-1")).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(ex.RequestNotSent);
    }

    [Fact]
    public async Task Http200WithGarbageBody_IsReconciled_ToTheOrderThatExists()
    {
        Respond("POST", "/api/v3/order", 200, "garbage");
        Respond("GET", "/api/v3/order", 200, OrderJson("garbage-1", "NEW"));
        using var stack = Stack();

        var order = await stack.Client.PlaceOrderAsync(Order("garbage-1")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal(77, order.ExchangeOrderId);
        Assert.Single(_server.LogEntries, e => e.RequestMessage.Method == "POST");
    }

    [Fact]
    public async Task Order503WithTimeoutBody_IsUnknownStatus_KeepingCode1007()
    {
        Respond("POST", "/api/v3/order", 503, """{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}""");
        Respond("GET", "/api/v3/order", 400, NotFound);
        using var stack = Stack();

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => stack.Client.PlaceOrderAsync(Order("t1007-1")).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(-1007, ex.BinanceCode);
        Assert.Equal(503, ex.HttpStatus);
        Assert.Contains("2 queries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query503WithTimeoutBody_IsExchangeTimeout_KeepingCode1007()
    {
        Respond("GET", "/api/v3/ticker/price", 503, """{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}""");
        using var stack = Stack();

        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => stack.Client.GetPriceAsync("BTCUSDT").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(-1007, ex.BinanceCode);
    }

    [Fact]
    public async Task Ban418_IsIpBanned_KeepingCode1003()
    {
        Respond("GET", "/api/v3/ticker/price", 418, """{"code":-1003,"msg":"Way too much request weight used; IP banned until 1700000120000."}""");
        using var stack = Stack();

        var ex = await Assert.ThrowsAsync<IpBannedException>(() => stack.Client.GetPriceAsync("BTCUSDT").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(-1003, ex.BinanceCode);
        Assert.Equal(418, ex.HttpStatus);
    }
}
