using System.Text;
using System.Text.Json;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using static Genesis.Exchange.IntegrationTests.FakeServer.FakeServerClient;

namespace Genesis.Exchange.IntegrationTests.FakeServer;

public sealed class FakeServerFaultTests : IAsyncLifetime, IDisposable
{
    private readonly ScriptedBackend _backend = new();
    private readonly HttpClient _http = new();
    private FakeBinanceServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
    {
        Backend = _backend,
        ApiKey = ApiKey,
        ApiSecret = new SecretString(Secret),
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task ServerErrorBurst_AnswersHtml5xx_ThenRecovers()
    {
        _server.Faults.InjectServerErrors(2, 502);

        var (first, _, firstResponse) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/depth?symbol=BTCUSDT");
        var html = await firstResponse.Content.ReadAsStringAsync();
        var (second, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/depth?symbol=BTCUSDT");
        var (third, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/depth?symbol=BTCUSDT");

        Assert.Equal([502, 502, 200], new[] { first, second, third });
        Assert.Equal("<html><body>Bad Gateway</body></html>", html);
        Assert.Equal("text/html", firstResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, _backend.CountOf("depth"));
    }

    [Fact]
    public async Task ServerErrorAfterBackend_CreatesTheOrderButAnswers5xx()
    {
        _server.Faults.InjectServerErrors(1, 503, afterBackend: true);

        var (status, _, _) = await PlaceOrderAsync("after-backend");

        Assert.Equal(503, status);
        Assert.Equal(1, _server.Counters.OrdersCreatedFor("after-backend"));
    }

    [Fact]
    public async Task MalformedResponses_TruncateTheNextJsonBodies()
    {
        _server.Faults.MalformNextResponses(1);

        var (_, _, broken) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");
        var brokenText = await broken.Content.ReadAsStringAsync();
        var (_, healthy, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(brokenText));
        Assert.NotNull(healthy);
        Assert.Equal(2, _backend.CountOf("exchangeInfo"));
    }

    [Fact]
    public async Task Latency_MakesAShortTimeoutClientGiveUp()
    {
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        _server.Faults.Latency = TimeSpan.FromSeconds(5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.GetAsync(new Uri(_server.RestBaseUrl, "/api/v3/ping")));
        _server.Faults.Latency = TimeSpan.Zero;
        var (status, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task DelayedOrderResponse_TimesOutTheClient_WhileTheOrderExists()
    {
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        _server.Faults.DelayNextOrderResponses(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.SendAsync(OrderRequest("delayed")));

        Assert.Equal(1, _backend.CountOf("order.place"));
        Assert.Equal(1, _server.Counters.OrdersCreatedFor("delayed"));
    }

    [Fact]
    public async Task KillSocketAfterOrder_AbortsTheConnection_AfterTheOrderIsCreated()
    {
        _server.Faults.KillSocketAfterNextOrders(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.SendAsync(OrderRequest("killed")));
        var (next, _, _) = await PlaceOrderAsync("next");

        Assert.Equal(1, _server.Counters.OrdersCreatedFor("killed"));
        Assert.Equal(200, next);
        Assert.Equal(2, _backend.CountOf("order.place"));
    }

    [Theory]
    [InlineData(MaintenanceMode.JsonError, "application/json")]
    [InlineData(MaintenanceMode.HtmlPage, "text/html")]
    public async Task Maintenance_Answers503OnEveryEndpoint_UntilSwitchedOff(MaintenanceMode mode, string mediaType)
    {
        _server.Faults.Maintenance = mode;

        var (status, body, response) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");
        var (orderStatus, _, _) = await PlaceOrderAsync("maintenance");
        _server.Faults.Maintenance = MaintenanceMode.Off;
        var (after, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");

        Assert.Equal(503, status);
        Assert.Equal(503, orderStatus);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        if (mode == MaintenanceMode.JsonError)
        {
            Assert.Equal(-1016, (int)body!["code"]!);
        }

        Assert.Equal(200, after);
        Assert.Equal(0, _backend.CountOf("order.place"));
    }

    [Fact]
    public async Task BackendFailure_Answers500WithCode1000()
    {
        _backend.Script = _ => throw new InvalidOperationException("backend exploded");

        var (status, body, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/depth?symbol=BTCUSDT");

        Assert.Equal(500, status);
        Assert.Equal(-1000, (int)body!["code"]!);
    }

    [Fact]
    public async Task Counters_CountRequestsPerEndpoint()
    {
        await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");
        await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");
        await GetAsync(_http, _server.RestBaseUrl, "/api/v3/time");

        Assert.Equal(2, _server.Counters.RequestsFor("ping"));
        Assert.Equal(1, _server.Counters.RequestsByEndpoint["time"]);
    }

    private HttpRequestMessage OrderRequest(string clientOrderId)
    {
        // Parameters in the form body, as a client that must never be re-sent by the handler does it.
        var body = SignedQuery($"symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&newClientOrderId={clientOrderId}", DateTimeOffset.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.RestBaseUrl, "/api/v3/order"))
        {
            Content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-MBX-APIKEY", ApiKey);
        return request;
    }

    private Task<(int Status, System.Text.Json.Nodes.JsonNode? Body, HttpResponseMessage Response)> PlaceOrderAsync(string clientOrderId) =>
        SendAsync(_http, OrderRequest(clientOrderId));
}
