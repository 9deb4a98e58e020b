using System.Security.Cryptography;
using System.Text;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Genesis.Exchange.IntegrationTests.Rest;

/// <summary>The real HTTP path on loopback against WireMock.Net: success, every error class, HTML, malformed JSON, timeouts, reconcile.</summary>
public sealed class RestClientWireMockTests : IDisposable
{
    private const string ExchangeInfo = """
    {"timezone":"UTC","serverTime":1700000000000,"rateLimits":[],
     "symbols":[{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","orderTypes":["LIMIT","MARKET"],
       "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01","maxPrice":"1000000","tickSize":"0.01"},{"filterType":"LOT_SIZE","minQty":"0.00001","maxQty":"9000","stepSize":"0.00001"}]}]}
    """;

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public RestClientWireMockTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        Json("/api/v3/exchangeInfo", ExchangeInfo);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _loggerFactory.Dispose();
    }

    private RestStack Stack(Action<Genesis.Exchange.Options.GenesisExchangeOptions>? configure = null) => new(_server.Url!, _loggerFactory, configure);

    private void Json(string path, string body, int status = 200, string method = "GET", TimeSpan? delay = null, string contentType = "application/json")
    {
        var request = Request.Create().WithPath(path);
        request = method switch
        {
            "POST" => request.UsingPost(),
            "DELETE" => request.UsingDelete(),
            _ => request.UsingGet(),
        };
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithHeader("X-MBX-USED-WEIGHT-1M", "7").WithBody(body);
        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        _server.Given(request).RespondWith(response);
    }

    [Fact]
    public async Task MarketData_Success_OverRealHttp()
    {
        Json("/api/v3/depth", """{"lastUpdateId":5,"bids":[["100.5","2"]],"asks":[["101","3"]]}""");
        using var stack = Stack();

        var book = await stack.Client.GetOrderBookAsync("BTCUSDT", 10);

        Assert.Equal(5, book.LastUpdateId);
        Assert.Equal(100.5m, book.BestBid!.Value.Price);
        var entry = Assert.Single(_server.LogEntries, e => e.RequestMessage.Path == "/api/v3/depth");
        Assert.Equal("symbol=BTCUSDT&limit=10", entry.RequestMessage.RawQuery?.TrimStart('?'));
    }

    [Fact]
    public async Task SignedOrder_GoesInTheFormBody_WithApiKeyHeader_AndAValidSignature()
    {
        Json("/api/v3/order", """{"symbol":"BTCUSDT","orderId":1,"clientOrderId":"abc","transactTime":1,"price":"100","origQty":"1","executedQty":"0","cummulativeQuoteQty":"0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY"}""", method: "POST");
        using var stack = Stack();

        var order = await stack.Client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 100m) with { ClientOrderId = "abc" });

        Assert.Equal(OrderStatus.New, order.Status);
        var entry = Assert.Single(_server.LogEntries, e => e.RequestMessage.Path == "/api/v3/order");
        var message = entry.RequestMessage;
        Assert.True(string.IsNullOrEmpty(message.RawQuery?.TrimStart('?')), "order parameters must not be in the query string");
        Assert.Equal(RestStack.ApiKey, message.Headers!["X-MBX-APIKEY"].Single());
        Assert.StartsWith("application/x-www-form-urlencoded", message.Headers["Content-Type"].Single(), StringComparison.Ordinal);
        var body = message.Body!;
        Assert.StartsWith("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=100&newClientOrderId=abc&newOrderRespType=FULL&recvWindow=5000&timestamp=", body, StringComparison.Ordinal);
        var signed = body[..body.IndexOf("&signature=", StringComparison.Ordinal)];
        var signature = body[(body.IndexOf("&signature=", StringComparison.Ordinal) + 11)..];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(RestStack.Secret), Encoding.UTF8.GetBytes(signed)));
        Assert.Equal(expected, signature);
    }

    public static TheoryData<int, string, Type> ErrorClasses() => new()
    {
        { 400, """{"code":-1121,"msg":"Invalid symbol."}""", typeof(ExchangeValidationException) },
        { 400, """{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}""", typeof(TimestampException) },
        { 400, """{"code":-1022,"msg":"Signature for this request is not valid."}""", typeof(AuthenticationException) },
        { 401, """{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}""", typeof(AuthenticationException) },
        { 400, """{"code":-2010,"msg":"Account has insufficient balance for requested action."}""", typeof(InsufficientBalanceException) },
        { 400, """{"code":-2013,"msg":"Order does not exist."}""", typeof(OrderNotFoundException) },
        { 429, """{"code":-1003,"msg":"Too many requests."}""", typeof(RateLimitExceededException) },
        { 418, """{"code":-1003,"msg":"IP banned."}""", typeof(IpBannedException) },
        { 503, """{"code":-1016,"msg":"This service is no longer available."}""", typeof(ExchangeUnavailableException) },
        { 502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", typeof(ExchangeUnavailableException) },
    };

    [Theory]
    [MemberData(nameof(ErrorClasses))]
    public async Task ErrorClasses_AreTyped_OverRealHttp(int status, string body, Type expected)
    {
        Json("/api/v3/ticker/price", body, status, contentType: body.StartsWith('<') ? "text/html" : "application/json");
        using var stack = Stack();

        var ex = await Assert.ThrowsAnyAsync<ExchangeException>(() => stack.Client.GetPriceAsync("BTCUSDT"));

        Assert.IsType(expected, ex);
        Assert.Equal(status, ex.HttpStatus);
        Assert.NotNull(ex.ResponseBodyExcerpt);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"price\":\"1.0", "application/json")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"price\":\"NaN\"}", "application/json")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"price\":\"-3\"}", "application/json")]
    [InlineData("", "application/json")]
    public async Task Http200_WithUntrustworthyBody_IsMalformedResponse(string body, string contentType)
    {
        Json("/api/v3/ticker/price", body, 200, contentType: contentType);
        using var stack = Stack();

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => stack.Client.GetPriceAsync("BTCUSDT"));

        Assert.Equal(200, ex.HttpStatus);
    }

    [Fact]
    public async Task OversizedBody_IsRejected_NotBuffered()
    {
        Json("/api/v3/ticker/price", "[" + string.Join(',', Enumerable.Repeat("{\"symbol\":\"BTCUSDT\",\"price\":\"1\"}", 2000)) + "]");
        using var stack = Stack(o => o.MaxResponseBytes = 4096);

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => stack.Client.GetPriceAsync("BTCUSDT"));

        Assert.Contains("cap", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowResponse_HitsReadTimeout_AsTypedTimeout()
    {
        Json("/api/v3/time", """{"serverTime":1}""", delay: TimeSpan.FromSeconds(5));
        using var stack = Stack(o => o.Timeouts.Read = TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => stack.Client.GetServerTimeAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("read timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionRefused_IsExchangeUnavailable()
    {
        using var stack = new RestStack("http://127.0.0.1:1", _loggerFactory);

        await Assert.ThrowsAsync<ExchangeUnavailableException>(() => stack.Client.GetServerTimeAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task OrderResponseLostToTimeout_IsReconciled_AndPlacedExactlyOnce()
    {
        Json("/api/v3/order", """{"symbol":"BTCUSDT","orderId":9,"clientOrderId":"slow-1","transactTime":1,"price":"100","origQty":"1","executedQty":"1","cummulativeQuoteQty":"100","status":"FILLED","timeInForce":"GTC","type":"LIMIT","side":"BUY"}""", method: "POST", delay: TimeSpan.FromSeconds(3));
        Json("/api/v3/order", """{"symbol":"BTCUSDT","orderId":9,"clientOrderId":"slow-1","time":1,"updateTime":1,"price":"100","origQty":"1","executedQty":"1","cummulativeQuoteQty":"100","status":"FILLED","timeInForce":"GTC","type":"LIMIT","side":"BUY"}""");
        using var stack = Stack(o => o.Timeouts.Read = TimeSpan.FromMilliseconds(400));

        var order = await stack.Client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 100m) with { ClientOrderId = "slow-1" }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(9, order.ExchangeOrderId);
        await WaitUntilAsync(() => _server.LogEntries.Any(e => e.RequestMessage.Method == "POST"), TimeSpan.FromSeconds(10));
        Assert.Single(_server.LogEntries, e => e.RequestMessage.Path == "/api/v3/order" && e.RequestMessage.Method == "POST");
        Assert.Contains(_server.LogEntries, e => e.RequestMessage.Path == "/api/v3/order" && e.RequestMessage.Method == "GET" && e.RequestMessage.RawQuery!.Contains("origClientOrderId=slow-1", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }

    [Fact]
    public async Task Order5xxHtml_IsReconciled_NotReported_AsFailed()
    {
        Json("/api/v3/order", "<html><body>502 Bad Gateway</body></html>", 502, method: "POST", contentType: "text/html");
        Json("/api/v3/order", """{"symbol":"BTCUSDT","orderId":10,"clientOrderId":"gw-1","time":1,"price":"100","origQty":"1","executedQty":"0","cummulativeQuoteQty":"0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY"}""");
        using var stack = Stack();

        var order = await stack.Client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 100m) with { ClientOrderId = "gw-1" }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Single(_server.LogEntries, e => e.RequestMessage.Path == "/api/v3/order" && e.RequestMessage.Method == "POST");
    }

    [Fact]
    public async Task Secrets_NeverAppear_InLogsOrExceptions()
    {
        Json("/api/v3/order", """{"code":-1022,"msg":"Signature for this request is not valid."}""", 400, method: "POST");
        Json("/api/v3/account", "<html>oops</html>", 500, contentType: "text/html");
        using var stack = Stack();

        var errors = new List<Exception>
        {
            await Assert.ThrowsAnyAsync<ExchangeException>(() => stack.Client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 100m))),
            await Assert.ThrowsAnyAsync<ExchangeException>(() => stack.Client.GetAccountAsync()),
        };

        var text = _logs.All + string.Join('\n', errors.Select(e => e.ToString())) + stack.Options.ApiKey + stack.Options.ApiSecret;
        Assert.NotEmpty(_logs.Lines);
        Assert.Contains("CorrelationId=", _logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(RestStack.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(RestStack.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("signature=", text, StringComparison.Ordinal);
    }
}
