using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Genesis.Exchange.IntegrationTests.WebSocketApi;

/// <summary>The fake server's <c>/ws-api/v3</c> over real loopback sockets, with a raw <see cref="ClientWebSocket"/>.</summary>
public sealed class ServerTests : IAsyncLifetime, IDisposable
{
    private const string ApiKey = "ws-api-test-key";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 30, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _privatePem;
    private readonly string _publicPem;
    private MockExchange _exchange = null!;
    private FakeBinanceServer _server = null!;
    private WebSocketApiTestClient _client = null!;

    public ServerTests() => (_privatePem, _publicPem) = Ed25519Keys();

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task InitializeAsync()
    {
        _exchange = new MockExchange(new MockExchangeOptions { GenerateMarketData = false }, _time);
        _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(_exchange, _time),
            ApiKey = ApiKey,
            PublicKeyPem = _publicPem,
            TimeProvider = _time,
        });
        _client = await ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        _exchange.Dispose();
    }

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task MarketDataMethods_AreAnswered_WithTheRestBodies()
    {
        (string Method, (string, object)[] Params, JsonValueKind Kind)[] calls =
        [
            ("ping", [], JsonValueKind.Object),
            ("time", [], JsonValueKind.Object),
            ("exchangeInfo", [("symbol", "BTCUSDT")], JsonValueKind.Object),
            ("depth", [("symbol", "BTCUSDT"), ("limit", 5)], JsonValueKind.Object),
            ("trades.recent", [("symbol", "BTCUSDT"), ("limit", 5)], JsonValueKind.Array),
            ("trades.aggregate", [("symbol", "BTCUSDT"), ("limit", 5)], JsonValueKind.Array),
            ("klines", [("symbol", "BTCUSDT"), ("interval", "1m"), ("limit", 5)], JsonValueKind.Array),
            ("avgPrice", [("symbol", "BTCUSDT")], JsonValueKind.Object),
            ("ticker.24hr", [("symbol", "BTCUSDT")], JsonValueKind.Object),
            ("ticker.price", [("symbol", "BTCUSDT")], JsonValueKind.Object),
            ("ticker.book", [("symbol", "BTCUSDT")], JsonValueKind.Object),
            ("ticker", [("symbol", "BTCUSDT")], JsonValueKind.Object),
        ];

        foreach (var (method, parameters, kind) in calls)
        {
            var response = await _client.CallAsync(_client.Request(method, method, parameters));
            Assert.True(response.GetProperty("status").GetInt32() == 200, method + ": " + response.GetRawText());
            Assert.Equal(method, response.GetProperty("id").GetString());
            Assert.Equal(kind, response.GetProperty("result").ValueKind);
        }

        var depth = await _client.CallAsync(_client.Request(1, "depth", [("symbol", "BTCUSDT"), ("limit", 5)]));
        Assert.Equal(5, depth.GetProperty("result").GetProperty("bids").GetArrayLength());
    }

    [Fact]
    public async Task Time_ShowsTheServerClock_WithItsSkew_AsRestDoes()
    {
        _server.Faults.ClockSkew = TimeSpan.FromSeconds(7);

        var time = await _client.CallAsync(_client.Request(1, "time"));

        Assert.Equal(_server.ServerTime.ToUnixTimeMilliseconds(), time.GetProperty("result").GetProperty("serverTime").GetInt64());
    }

    [Fact]
    public async Task LatencyFault_DelaysMirroredMethods_OnTheServersClock()
    {
        _server.Faults.Latency = TimeSpan.FromSeconds(3);

        await _client.SendAsync(_client.Request("slow", "depth", [("symbol", "BTCUSDT"), ("limit", 5)]));
        var answer = _client.NextAsync();
        var early = await Task.WhenAny(answer, Task.Delay(TimeSpan.FromMilliseconds(200))) == answer;
        _time.Advance(TimeSpan.FromSeconds(3));
        var response = await answer;

        Assert.False(early);
        Assert.Equal("slow", response.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ExchangeInfo_AnnouncesTheServersRateLimits_AsRestDoes()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(_exchange, _time),
            ApiKey = ApiKey,
            PublicKeyPem = _publicPem,
            TimeProvider = _time,
            RateLimits = [new FakeRateLimit(FakeRateLimitType.RequestWeight, FakeRateLimitInterval.Minute, 1, 1200)],
        });
        await using var client = await WebSocketApiTestClient.ConnectAsync(server.WebSocketApiUrl, null, ApiKey, () => Now);

        var info = await client.CallAsync(client.Request(1, "exchangeInfo", [("symbol", "BTCUSDT")]));

        var limit = Assert.Single(info.GetProperty("result").GetProperty("rateLimits").EnumerateArray());
        Assert.Equal(1200, limit.GetProperty("limit").GetInt32());
        Assert.Equal(1200, Assert.Single(info.GetProperty("rateLimits").EnumerateArray()).GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task OrderMethods_PlaceQueryAmendReplaceAndCancel_WithPerRequestEd25519Signatures()
    {
        var price = Price(BestBid() - 100m);

        var placed = await Ok("order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("price", price), ("quantity", "0.02"), ("newClientOrderId", "ws-1")]);
        var status = await Ok("order.status", [("symbol", "BTCUSDT"), ("origClientOrderId", "ws-1")]);
        var amended = await Ok("order.amend.keepPriority", [("symbol", "BTCUSDT"), ("origClientOrderId", "ws-1"), ("newQty", "0.01"), ("newClientOrderId", "ws-2")]);
        var replaced = await Ok("order.cancelReplace", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("price", price), ("quantity", "0.01"), ("cancelReplaceMode", "STOP_ON_FAILURE"), ("cancelOrigClientOrderId", "ws-2"), ("newClientOrderId", "ws-3")]);
        var open = await Ok("openOrders.status", [("symbol", "BTCUSDT")]);
        var canceled = await Ok("order.cancel", [("symbol", "BTCUSDT"), ("origClientOrderId", "ws-3")]);
        var test = await Ok("order.test", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("price", price), ("quantity", "0.01")]);
        var all = await Ok("allOrders", [("symbol", "BTCUSDT")]);
        var amendments = await Ok("order.amendments", [("symbol", "BTCUSDT"), ("orderId", placed.GetProperty("orderId").GetInt64())]);

        Assert.Equal("NEW", placed.GetProperty("status").GetString());
        Assert.Equal("ws-1", status.GetProperty("clientOrderId").GetString());
        Assert.Equal("0.01000000", amended.GetProperty("amendedOrder").GetProperty("qty").GetString());
        Assert.Equal("SUCCESS", replaced.GetProperty("cancelResult").GetString());
        Assert.Equal("ws-3", Assert.Single(open.EnumerateArray()).GetProperty("clientOrderId").GetString());
        Assert.Equal("CANCELED", canceled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, test.ValueKind);
        Assert.Equal(2, all.GetArrayLength());
        Assert.Equal(1, amendments.GetArrayLength());
        Assert.Equal(1, _server.Counters.OrdersCreatedFor("ws-1"));
    }

    [Fact]
    public async Task OrderListAndAccountMethods_AreAnswered()
    {
        var bid = BestBid();
        var ask = BestAsk();
        await Ok("order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01")]);

        var oco = await Ok("orderList.place.oco", [("symbol", "BTCUSDT"), ("side", "SELL"), ("quantity", "0.01"), ("aboveType", "LIMIT_MAKER"), ("abovePrice", Price(ask + 100m)), ("belowType", "STOP_LOSS"), ("belowStopPrice", Price(bid - 100m))]);
        var listId = oco.GetProperty("orderListId").GetInt64();
        var listStatus = await Ok("orderList.status", [("orderListId", listId)]);
        var openLists = await Ok("openOrderLists.status", []);
        var listCancel = await Ok("orderList.cancel", [("symbol", "BTCUSDT"), ("orderListId", listId)]);
        var oto = await Ok("orderList.place.oto", [("symbol", "BTCUSDT"), ("workingType", "LIMIT"), ("workingSide", "BUY"), ("workingPrice", Price(bid - 100m)), ("workingQuantity", "0.01"), ("workingTimeInForce", "GTC"), ("pendingType", "LIMIT_MAKER"), ("pendingSide", "SELL"), ("pendingPrice", Price(ask + 100m)), ("pendingQuantity", "0.01")]);
        var cancelAll = await Ok("openOrders.cancelAll", [("symbol", "BTCUSDT")]);
        var account = await Ok("account.status", []);
        var commission = await Ok("account.commission", [("symbol", "BTCUSDT")]);
        var trades = await Ok("myTrades", [("symbol", "BTCUSDT")]);
        var sorTest = await Ok("sor.order.test", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("price", Price(bid - 100m)), ("quantity", "0.01")]);

        Assert.Equal("OCO", oco.GetProperty("contingencyType").GetString());
        Assert.Equal(listId, listStatus.GetProperty("orderListId").GetInt64());
        Assert.Single(openLists.EnumerateArray());
        Assert.Equal("ALL_DONE", listCancel.GetProperty("listOrderStatus").GetString());
        Assert.Equal("OTO", oto.GetProperty("contingencyType").GetString());
        Assert.NotEqual(0, cancelAll.GetArrayLength());
        Assert.True(account.GetProperty("balances").GetArrayLength() > 0);
        Assert.Equal("BTCUSDT", commission.GetProperty("symbol").GetString());
        Assert.NotEqual(0, trades.GetArrayLength());
        Assert.Equal(JsonValueKind.Object, sorTest.ValueKind);
    }

    [Fact]
    public async Task RateLimits_CountInTheSameLimiterAsRest()
    {
        using var http = new HttpClient();
        var first = await _client.CallAsync(_client.Request(1, "time"));
        using var rest = await http.GetAsync(new Uri(_server.RestBaseUrl, "/api/v3/depth?symbol=BTCUSDT&limit=5"));
        var second = await _client.CallAsync(_client.Request(2, "time"));

        var before = Weight(first);
        var after = Weight(second);
        Assert.Equal(before + 5 + 1, after);
        Assert.Equal(after.ToString(CultureInfo.InvariantCulture), rest.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single() is var h ? (int.Parse(h, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) : null);
    }

    [Fact]
    public async Task Logon_ThenUserData_SendsResponseThenNewThenTradeThenAccountPosition()
    {
        await LogonAndSubscribeAsync();

        await _client.SendAsync(_client.Request("buy", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("newClientOrderId", "ud-1")], timestamp: true));
        var response = await _client.NextAsync();
        var events = await EventsUntilPositionAsync();

        Assert.Equal("buy", response.GetProperty("id").GetString());
        Assert.Equal("FILLED", response.GetProperty("result").GetProperty("status").GetString());
        Assert.Equal("NEW", events[0].GetProperty("x").GetString());
        Assert.All(events.Skip(1).SkipLast(1), e => Assert.Equal("TRADE", e.GetProperty("x").GetString()));
        Assert.Equal("FILLED", events[^2].GetProperty("X").GetString());
        Assert.Equal("outboundAccountPosition", events[^1].GetProperty("e").GetString());
        var btc = events[^1].GetProperty("B").EnumerateArray().Single(b => b.GetProperty("a").GetString() == "BTC");
        Assert.Equal(_exchange.GetBalance("BTC").Free, decimal.Parse(btc.GetProperty("f").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Logon_IsRefused_WithABadSignature_AndSignedMethodsWithoutOne()
    {
        var bad = await _client.CallAsync(_client.Request(1, "session.logon", sign: true).Replace("\"signature\":\"", "\"signature\":\"AAAA", StringComparison.Ordinal));
        var unsigned = await _client.CallAsync(_client.Request(2, "account.status", timestamp: true));

        Assert.Equal(-1022, bad.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-1102, unsigned.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task HmacKey_SignsEachRequest_ButCannotLogOn()
    {
        const string secret = "ws-api-hmac-secret";
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(_exchange, _time),
            ApiKey = ApiKey,
            ApiSecret = new SecretString(secret),
            TimeProvider = _time,
        });
        await using var client = await WebSocketApiTestClient.ConnectAsync(server.WebSocketApiUrl, SignerFactory.Create(new SecretString(secret), null), ApiKey, () => Now);

        var account = await client.CallAsync(client.Request(1, "account.status", sign: true));
        var logon = await client.CallAsync(client.Request(2, "session.logon", sign: true));

        Assert.Equal(200, account.GetProperty("status").GetInt32());
        Assert.Equal(401, logon.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task RsaKey_SignsEachRequest()
    {
        using var rsa = RSA.Create(2048);
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(_exchange, _time),
            ApiKey = ApiKey,
            PublicKeyPem = rsa.ExportSubjectPublicKeyInfoPem(),
            TimeProvider = _time,
        });
        await using var client = await WebSocketApiTestClient.ConnectAsync(server.WebSocketApiUrl, SignerFactory.Create(null, new SecretString(rsa.ExportPkcs8PrivateKeyPem())), ApiKey, () => Now);

        var account = await client.CallAsync(client.Request(1, "account.status", sign: true));

        Assert.Equal(200, account.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task DropFault_DropsTheSocketAfterThePlacementResponse_AndTheFillIsThereAfterReconnect()
    {
        await LogonAndSubscribeAsync();
        _server.Faults.DropWebSocketApiAfterNextOrderResponses();

        await _client.SendAsync(_client.Request("p", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("newClientOrderId", "drop-1")], timestamp: true));
        var response = await _client.NextAsync();
        await Assert.ThrowsAsync<WebSocketException>(() => _client.NextAsync());

        await using var again = await ConnectAsync();
        var status = await again.CallAsync(again.Request(1, "order.status", [("symbol", "BTCUSDT"), ("origClientOrderId", "drop-1")], sign: true));
        Assert.Equal("p", response.GetProperty("id").GetString());
        Assert.Equal("FILLED", status.GetProperty("result").GetProperty("status").GetString());
        Assert.Equal(1, _server.Counters.OrdersCreatedFor("drop-1"));
    }

    [Fact]
    public async Task LostResponseFault_NeverAnswersThePlacement_ButSendsItsEvents()
    {
        await LogonAndSubscribeAsync();
        _server.Faults.LoseNextWebSocketApiOrderResponses();

        await _client.SendAsync(_client.Request("lost", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("newClientOrderId", "lost-1")], timestamp: true));
        var events = await EventsUntilPositionAsync();
        var ping = await _client.CallAsync(_client.Request("ping", "ping"));

        Assert.Equal("NEW", events[0].GetProperty("x").GetString());
        Assert.Equal("lost-1", events[0].GetProperty("c").GetString());
        Assert.Equal("ping", ping.GetProperty("id").GetString());
        Assert.Equal(1, _exchange.GetOrdersCreated("lost-1"));
    }

    [Fact]
    public async Task DelayFault_SendsEventsOnlyOnceTheDelayElapsed()
    {
        await LogonAndSubscribeAsync();
        _server.Faults.UserDataEventDelay = TimeSpan.FromSeconds(2);

        var response = await _client.CallAsync(_client.Request("d", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01")], timestamp: true));
        var ping = await _client.CallAsync(_client.Request("ping", "ping"));
        _time.Advance(TimeSpan.FromSeconds(2));
        var events = await EventsUntilPositionAsync();

        Assert.Equal("d", response.GetProperty("id").GetString());
        Assert.Equal("ping", ping.GetProperty("id").GetString()); // nothing came before it
        Assert.Equal("NEW", events[0].GetProperty("x").GetString());
    }

    [Fact]
    public async Task TerminateFault_SendsEventStreamTerminated_AndReLogonRecovers()
    {
        var subscription = await LogonAndSubscribeAsync();

        _server.TerminateUserDataStreams();
        var terminated = await _client.NextAsync();
        var resubscribed = await _client.CallAsync(_client.Request("again", "userDataStream.subscribe"));

        Assert.Equal(subscription, terminated.GetProperty("subscriptionId").GetInt32());
        Assert.Equal("eventStreamTerminated", terminated.GetProperty("event").GetProperty("e").GetString());
        Assert.Equal(subscription + 1, resubscribed.GetProperty("result").GetProperty("subscriptionId").GetInt32());
    }

    [Fact]
    public async Task ShutdownFault_AndDispose_SendServerShutdown()
    {
        _server.AnnounceWebSocketApiShutdown();
        var announced = await _client.NextAsync();
        await _server.DisposeAsync();
        var atDispose = await _client.NextAsync();

        Assert.Equal("serverShutdown", announced.GetProperty("event").GetProperty("e").GetString());
        Assert.Equal("serverShutdown", atDispose.GetProperty("event").GetProperty("e").GetString());
    }

    private async Task<WebSocketApiTestClient> ConnectAsync() =>
        await WebSocketApiTestClient.ConnectAsync(_server.WebSocketApiUrl, SignerFactory.Create(null, new SecretString(_privatePem)), ApiKey, () => Now);

    private async Task<int> LogonAndSubscribeAsync()
    {
        var logon = await _client.CallAsync(_client.Request("logon", "session.logon", sign: true));
        Assert.True(logon.GetProperty("status").GetInt32() == 200, logon.GetRawText());
        var subscribed = await _client.CallAsync(_client.Request("sub", "userDataStream.subscribe"));
        Assert.True(subscribed.GetProperty("status").GetInt32() == 200, subscribed.GetRawText());
        return subscribed.GetProperty("result").GetProperty("subscriptionId").GetInt32();
    }

    private async Task<List<JsonElement>> EventsUntilPositionAsync()
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var frame = await _client.NextAsync();
            Assert.True(frame.TryGetProperty("subscriptionId", out _), frame.GetRawText());
            var e = frame.GetProperty("event");
            events.Add(e);
            if (e.GetProperty("e").GetString() == "outboundAccountPosition")
            {
                return events;
            }
        }
    }

    private async Task<JsonElement> Ok(string method, (string, object)[] parameters)
    {
        var response = await _client.CallAsync(_client.Request(method, method, parameters, sign: true));
        Assert.True(response.GetProperty("status").GetInt32() == 200, method + ": " + response.GetRawText());
        return response.GetProperty("result");
    }

    private decimal BestBid() => _exchange.GetOrderBook("BTCUSDT").BestBid!.Value.Price;

    private decimal BestAsk() => _exchange.GetOrderBook("BTCUSDT").BestAsk!.Value.Price;

    private static int Weight(JsonElement response) => response.GetProperty("rateLimits").EnumerateArray()
        .Single(l => l.GetProperty("rateLimitType").GetString() == "REQUEST_WEIGHT").GetProperty("count").GetInt32();

    private static string Price(decimal value) => decimal.Round(value, 2).ToString("F2", CultureInfo.InvariantCulture);

    private static (string PrivatePem, string PublicPem) Ed25519Keys()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var privateDer = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded();
        var publicDer = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        return (new string(PemEncoding.Write("PRIVATE KEY", privateDer)), new string(PemEncoding.Write("PUBLIC KEY", publicDer)));
    }
}
