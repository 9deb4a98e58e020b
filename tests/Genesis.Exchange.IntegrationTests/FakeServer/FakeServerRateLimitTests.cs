using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using static Genesis.Exchange.IntegrationTests.FakeServer.FakeServerClient;

namespace Genesis.Exchange.IntegrationTests.FakeServer;

public sealed class FakeServerRateLimitTests : IAsyncLifetime, IDisposable
{
    // 100 ms into a second, so a 1-second window has 900 ms left.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 100, TimeSpan.Zero));
    private readonly ScriptedBackend _backend = new();
    private readonly HttpClient _http = new();
    private FakeBinanceServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
    {
        Backend = _backend,
        ApiKey = ApiKey,
        ApiSecret = new SecretString(Secret),
        TimeProvider = _time,
        RateLimits =
        [
            new(FakeRateLimitType.RequestWeight, FakeRateLimitInterval.Second, 1, 400),
            new(FakeRateLimitType.Orders, FakeRateLimitInterval.Second, 10, 3),
            new(FakeRateLimitType.Orders, FakeRateLimitInterval.Day, 1, 1000),
        ],
        BanDuration = TimeSpan.FromSeconds(120),
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task EveryResponse_CarriesTheUsedWeightOfTheConfiguredWindow()
    {
        var (_, _, first) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/depth?symbol=BTCUSDT&limit=500");
        var (_, _, second) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");

        Assert.Equal("25", Header(first, "X-MBX-USED-WEIGHT-1S"));
        Assert.Equal("26", Header(second, "X-MBX-USED-WEIGHT-1S"));
        Assert.Equal(26, _server.Counters.WeightPeak);
        Assert.Equal(400, _server.Counters.WeightLimit);
    }

    [Fact]
    public async Task Weight_ResetsWhenTheFixedWindowRolls()
    {
        await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");
        _time.Advance(TimeSpan.FromMilliseconds(900));

        var (_, _, response) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");

        Assert.Equal("1", Header(response, "X-MBX-USED-WEIGHT-1S"));
    }

    [Fact]
    public async Task OverLimit_Answers429_ThenBans418_WhenTheClientKeepsSending()
    {
        for (var i = 0; i < 20; i++)
        {
            var (ok, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");
            Assert.Equal(200, ok);
        }

        var (limited, limitedBody, limitedResponse) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");
        var (banned, bannedBody, bannedResponse) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");
        _time.Advance(TimeSpan.FromSeconds(5));
        var (stillBanned, _, stillResponse) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");
        _time.Advance(TimeSpan.FromSeconds(116));
        var (afterBan, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/ping");

        Assert.Equal(429, limited);
        Assert.Equal(-1003, (int)limitedBody!["code"]!);
        Assert.Equal("1", Header(limitedResponse, "Retry-After"));
        Assert.Equal("400", Header(limitedResponse, "X-MBX-USED-WEIGHT-1S"));
        Assert.Equal(418, banned);
        Assert.Equal(-1003, (int)bannedBody!["code"]!);
        Assert.Equal("120", Header(bannedResponse, "Retry-After"));
        Assert.Equal(418, stillBanned);
        Assert.Equal("115", Header(stillResponse, "Retry-After"));
        Assert.Equal(200, afterBan);
        Assert.Equal(1, _server.Counters.RateLimitedResponses);
        Assert.Equal(2, _server.Counters.BannedResponses);
        Assert.Equal(400, _server.Counters.WeightPeak);
    }

    [Fact]
    public async Task ClientThatWaitsForRetryAfter_IsNotBanned()
    {
        for (var i = 0; i < 20; i++)
        {
            await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");
        }

        var (limited, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");
        _time.Advance(TimeSpan.FromSeconds(1));
        var (after, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");

        Assert.Equal(429, limited);
        Assert.Equal(200, after);
        Assert.Equal(0, _server.Counters.BannedResponses);
    }

    [Fact]
    public async Task ExchangeInfo_AnnouncesTheServersConfiguredLimits()
    {
        var (_, body, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");

        var limits = body!["rateLimits"]!.AsArray();
        Assert.Equal(3, limits.Count);
        Assert.Equal("REQUEST_WEIGHT", (string)limits[0]!["rateLimitType"]!);
        Assert.Equal("SECOND", (string)limits[0]!["interval"]!);
        Assert.Equal(1, (int)limits[0]!["intervalNum"]!);
        Assert.Equal(400, (int)limits[0]!["limit"]!);
        Assert.Equal("ORDERS", (string)limits[1]!["rateLimitType"]!);
        Assert.Equal(10, (int)limits[1]!["intervalNum"]!);
        Assert.Equal("UTC", (string)body["timezone"]!);
    }

    [Fact]
    public async Task SuccessfulOrders_CarryOrderCountHeaders_AndTheOrderLimitAnswers1015()
    {
        var statuses = new List<int>();
        HttpResponseMessage? first = null;
        for (var i = 0; i < 4; i++)
        {
            var query = SignedQuery($"symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&newClientOrderId=c{i}", _time.GetUtcNow());
            var (status, body, response) = await SendAsync(_http, Signed(HttpMethod.Post, _server.RestBaseUrl, "/api/v3/order", query));
            statuses.Add(status);
            first ??= response;
            if (i == 3)
            {
                Assert.Equal(-1015, (int)body!["code"]!);
            }
        }

        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal("1", Header(first!, "X-MBX-ORDER-COUNT-10S"));
        Assert.Equal("1", Header(first!, "X-MBX-ORDER-COUNT-1D"));
        Assert.Equal(3, _backend.CountOf("order.place"));
        Assert.Equal(1, _server.Counters.OrdersCreatedFor("c0"));
        Assert.Equal(0, _server.Counters.OrdersCreatedFor("c3"));
        Assert.Equal(4, _server.Counters.RequestsFor("order.place"));
    }

    [Fact]
    public async Task DefaultLimits_AreBinances()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { Backend = _backend });

        var (_, body, response) = await GetAsync(_http, server.RestBaseUrl, "/api/v3/exchangeInfo");

        Assert.Equal("20", Header(response, "X-MBX-USED-WEIGHT-1M"));
        Assert.Equal(6000, server.Counters.WeightLimit);
        Assert.Equal(6000, (int)body!["rateLimits"]![0]!["limit"]!);
    }
}
