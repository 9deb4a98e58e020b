using System.Globalization;
using System.Text;
using System.Text.Json;
using Genesis.Exchange.Mock.WebSocketApi;

namespace Genesis.Exchange.Tests.Mock.WebSocketApi;

public sealed class WebSocketApiSessionTests : IAsyncDisposable
{
    private readonly WebSocketApiHarness _h = new();

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task Time_EchoesStringAndNumericIds_WithWeightCountedInTheRestLimiter()
    {
        var first = await _h.CallAsync("""{"id":"a-1","method":"time"}""");
        _ = _h.Mock.Send("time"); // REST, same limiter
        var second = await _h.CallAsync("""{"id":42,"method":"v3/time"}""");

        Assert.Equal("a-1", first.GetProperty("id").GetString());
        Assert.Equal(42, second.GetProperty("id").GetInt32());
        Assert.Equal(200, second.GetProperty("status").GetInt32());
        Assert.Equal(_h.Now, second.GetProperty("result").GetProperty("serverTime").GetInt64());
        var weight = Assert.Single(second.GetProperty("rateLimits").EnumerateArray());
        Assert.Equal("REQUEST_WEIGHT", weight.GetProperty("rateLimitType").GetString());
        Assert.Equal(6000, weight.GetProperty("limit").GetInt32());
        Assert.Equal(Count(first) + 2, Count(second));
        Assert.Equal(_h.Mock.Exchange.Limits.UsedWeight(_h.Mock.Time.GetUtcNow()), Count(second));
    }

    [Theory]
    [InlineData("depth", "depth", "limit", "5")]
    [InlineData("avgPrice", "avgPrice", "symbol", "BTCUSDT")]
    [InlineData("ticker.price", "ticker.price", "symbol", "BTCUSDT")]
    [InlineData("ticker.book", "ticker.book", "symbol", "BTCUSDT")]
    [InlineData("trades.recent", "trades", "limit", "10")]
    public async Task MirroredMethod_ReturnsTheRestBody_AsResult(string method, string restEndpoint, string name, string value)
    {
        var response = await _h.CallAsync(_h.Request(1, method, [("symbol", "BTCUSDT"), (name, value)]));
        var rest = _h.Mock.Json(restEndpoint, ("symbol", "BTCUSDT"), (name, value));

        Assert.Equal(200, response.GetProperty("status").GetInt32());
        Assert.Equal(rest.GetRawText(), response.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task ArrayParameter_IsPassedAsRestsJsonList()
    {
        var response = await _h.CallAsync("""{"id":1,"method":"ticker.price","params":{"symbols":["BTCUSDT", "ETHUSDT"]}}""");
        var rest = _h.Mock.Json("ticker.price", ("symbols", "[\"BTCUSDT\",\"ETHUSDT\"]"));

        Assert.Equal(200, response.GetProperty("status").GetInt32());
        Assert.Equal(2, response.GetProperty("result").GetArrayLength());
        Assert.Equal(rest.GetRawText(), response.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task RestingOrder_FilledByTheSimulatedMarket_IsReportedAsAMakerTrade()
    {
        await using var market = new WebSocketApiHarness(generateMarketData: true);
        await market.LogonAsync();
        await market.SubscribeAsync();
        var price = market.BestAsk() - 0.01m;
        await market.SendAsync(market.Request(1, "order.place", [("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("price", Price(price)), ("quantity", "0.0002"), ("newClientOrderId", "maker-1"), ("timestamp", market.Now)]));
        await market.DrainAsync();

        var events = new List<JsonElement>();
        for (var step = 0; step < 200 && !events.Exists(e => e.GetProperty("e").GetString() == "executionReport" && e.GetProperty("x").GetString() == "TRADE"); step++)
        {
            market.Mock.Exchange.Step();
            events.AddRange((await market.DrainAsync()).Select(f => f.GetProperty("event")));
        }

        var trade = events.First(e => e.GetProperty("e").GetString() == "executionReport" && e.GetProperty("x").GetString() == "TRADE");
        Assert.Equal("maker-1", trade.GetProperty("c").GetString());
        Assert.True(trade.GetProperty("m").GetBoolean());
        Assert.Equal("USDT", trade.GetProperty("N").GetString());
        Assert.Equal(Price(price), decimal.Parse(trade.GetProperty("L").GetString()!, CultureInfo.InvariantCulture).ToString("F2", CultureInfo.InvariantCulture));
        Assert.Equal("outboundAccountPosition", events[events.IndexOf(trade) + 1].GetProperty("e").GetString());
    }

    [Fact]
    public async Task MirroredMethod_ReturnsTheRestError_WithItsStatusAndCode()
    {
        var response = await _h.CallAsync(_h.Request("x", "order.place", [("symbol", "NOPE"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.001")], signed: true));
        var (status, code, msg) = _h.Mock.Error("order.place", ("symbol", "NOPE"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.001"));

        Assert.Equal(status, response.GetProperty("status").GetInt32());
        Assert.Equal(code, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(msg, response.GetProperty("error").GetProperty("msg").GetString());
        Assert.True(response.TryGetProperty("rateLimits", out _));
    }

    [Fact]
    public async Task UnknownMethod_IsAnsweredWith1020_AndMalformedJsonWithANullId()
    {
        var unknown = await _h.CallAsync("""{"id":3,"method":"order.teleport"}""");
        var malformed = await _h.CallAsync("""{"id":4,"method":""");

        Assert.Equal(400, unknown.GetProperty("status").GetInt32());
        Assert.Equal(-1020, unknown.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, malformed.GetProperty("id").ValueKind);
        Assert.Equal(400, malformed.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ReturnRateLimitsFalse_LeavesRateLimitsOut()
    {
        var response = await _h.CallAsync("""{"id":1,"method":"ping","params":{"returnRateLimits":false}}""");

        Assert.Equal(200, response.GetProperty("status").GetInt32());
        Assert.False(response.TryGetProperty("rateLimits", out _));
    }

    [Fact]
    public async Task SignedMethod_IsRefused_WithoutSignatureBadSignatureWrongKeyOrStaleTimestamp()
    {
        var unsigned = await _h.CallAsync(_h.Request(1, "account.status", [("timestamp", _h.Now)]));
        var bad = await _h.CallAsync(_h.Request(2, "account.status", signed: true).Replace("\"signature\":\"", "\"signature\":\"0", StringComparison.Ordinal));
        var stale = await _h.CallAsync(_h.Request(3, "account.status", signed: true, timestamp: _h.Now - 5001));
        var ahead = await _h.CallAsync(_h.Request(4, "account.status", signed: true, timestamp: _h.Now + 1000));
        var wrongKey = await _h.CallAsync(_h.Request(5, "account.status", signed: true).Replace(WebSocketApiHarness.ApiKey, "other", StringComparison.Ordinal));

        Assert.Equal(-1102, Code(unsigned));
        Assert.Equal(-1022, Code(bad));
        Assert.Equal(-1021, Code(stale));
        Assert.Equal(-1021, Code(ahead));
        Assert.Equal(-2015, Code(wrongKey));
        Assert.Equal(401, wrongKey.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task SignedMethod_IsAnswered_WithAValidSignature()
    {
        var response = await _h.CallAsync(_h.Request(1, "account.status", signed: true));

        Assert.Equal(200, response.GetProperty("status").GetInt32());
        Assert.Equal(_h.Mock.Json("account").GetRawText(), response.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task Logon_LetsSignedMethodsGoWithoutSignature_UntilLogout()
    {
        var logon = await _h.LogonAsync();
        var afterLogon = await _h.CallAsync(_h.Request(2, "account.commission", [("symbol", "BTCUSDT"), ("timestamp", _h.Now)]));
        var staleAfterLogon = await _h.CallAsync(_h.Request(3, "account.commission", [("symbol", "BTCUSDT"), ("timestamp", _h.Now - 6000)]));
        var logout = await _h.CallAsync(_h.Request(4, "session.logout"));
        var afterLogout = await _h.CallAsync(_h.Request(5, "account.commission", [("symbol", "BTCUSDT"), ("timestamp", _h.Now)]));

        Assert.Equal(WebSocketApiHarness.ApiKey, logon.GetProperty("result").GetProperty("apiKey").GetString());
        Assert.Equal(200, afterLogon.GetProperty("status").GetInt32());
        Assert.Equal(-1021, Code(staleAfterLogon));
        Assert.Equal(JsonValueKind.Null, logout.GetProperty("result").GetProperty("apiKey").ValueKind);
        Assert.Equal(-1102, Code(afterLogout));
    }

    [Fact]
    public async Task Logon_IsRefused_ForAKeyThatIsNotEd25519()
    {
        await using var hmac = new WebSocketApiHarness(ed25519Key: false);

        var response = await hmac.CallAsync(hmac.Request(1, "session.logon", signed: true));

        Assert.Equal(401, response.GetProperty("status").GetInt32());
        Assert.Equal(-1002, Code(response));
    }

    [Fact]
    public async Task SessionStatus_HasEveryFieldOfTheDocsExample()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();

        var status = await _h.CallAsync(_h.Request("s", "session.status"));

        var example = Fixture("web-socket-api__Query-session-status_1.json").GetProperty("result");
        var result = status.GetProperty("result");
        foreach (var field in example.EnumerateObject())
        {
            Assert.True(result.TryGetProperty(field.Name, out _), field.Name);
        }

        Assert.True(result.GetProperty("userDataStream").GetBoolean());
    }

    [Fact]
    public async Task Subscribe_IsRefusedWithoutLogon_ButSignatureSubscriptionIsNot()
    {
        var refused = await _h.CallAsync(_h.Request(1, "userDataStream.subscribe"));
        var bySignature = await _h.CallAsync(_h.Request(2, "userDataStream.subscribe.signature", signed: true));
        var again = await _h.CallAsync(_h.Request(3, "userDataStream.subscribe.signature", signed: true));
        var list = await _h.CallAsync(_h.Request(4, "session.subscriptions"));

        Assert.Equal(-1002, Code(refused));
        Assert.Equal(0, bySignature.GetProperty("result").GetProperty("subscriptionId").GetInt32());
        Assert.Equal(-2035, Code(again));
        Assert.Equal(0, Assert.Single(list.GetProperty("result").EnumerateArray()).GetProperty("subscriptionId").GetInt32());
    }

    [Fact]
    public async Task MarketOrder_SendsResponseThenNewThenTradeThenAccountPosition()
    {
        await _h.LogonAsync();
        var subscription = await _h.SubscribeAsync();

        await _h.SendAsync(_h.Request("o1", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("newClientOrderId", "fill-1"), ("timestamp", _h.Now)]));
        var frames = await _h.DrainAsync();

        Assert.Equal("o1", frames[0].GetProperty("id").GetString());
        var order = frames[0].GetProperty("result");
        Assert.Equal("FILLED", order.GetProperty("status").GetString());
        var events = frames.Skip(1).Select(f =>
        {
            Assert.Equal(subscription, f.GetProperty("subscriptionId").GetInt32());
            return f.GetProperty("event");
        }).ToList();
        Assert.Equal("executionReport", events[0].GetProperty("e").GetString());
        Assert.Equal("NEW", events[0].GetProperty("x").GetString());
        Assert.Equal("fill-1", events[0].GetProperty("c").GetString());
        var trades = events.Where(e => e.GetProperty("e").GetString() == "executionReport" && e.GetProperty("x").GetString() == "TRADE").ToList();
        Assert.NotEmpty(trades);
        Assert.Equal("FILLED", trades[^1].GetProperty("X").GetString());
        Assert.Equal(order.GetProperty("executedQty").GetString(), trades[^1].GetProperty("z").GetString());
        Assert.Equal(order.GetProperty("cummulativeQuoteQty").GetString(), trades[^1].GetProperty("Z").GetString());
        var fills = order.GetProperty("fills").EnumerateArray().ToList();
        Assert.Equal(fills.Select(f => f.GetProperty("tradeId").GetInt64()), trades.Select(t => t.GetProperty("t").GetInt64()));
        Assert.Equal(fills.Select(f => f.GetProperty("commission").GetString()), trades.Select(t => t.GetProperty("n").GetString()));
        Assert.All(trades, t => Assert.Equal("BTC", t.GetProperty("N").GetString()));
        Assert.All(trades, t => Assert.False(t.GetProperty("m").GetBoolean()));
        var position = events[^1];
        Assert.Equal("outboundAccountPosition", position.GetProperty("e").GetString());
        var balances = position.GetProperty("B").EnumerateArray().ToDictionary(b => b.GetProperty("a").GetString()!, b => decimal.Parse(b.GetProperty("f").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(_h.Mock.Exchange.GetBalance("BTC").Free, balances["BTC"]);
        Assert.Equal(_h.Mock.Exchange.GetBalance("USDT").Free, balances["USDT"]);
        Assert.Equal(trades.Count + 2, events.Count);
    }

    [Fact]
    public async Task ExecutionReport_HasEveryFieldOfTheDocsExample()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();

        await _h.SendAsync(_h.Request(1, "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("price", Price(_h.BestBid() - 100m)), ("quantity", "0.01"), ("timestamp", _h.Now)]));
        var frames = await _h.DrainAsync();

        var report = frames[1].GetProperty("event");
        var example = Fixture("user-data-stream__Order-Update__Payload.json").GetProperty("event");
        foreach (var field in example.EnumerateObject().Where(f => f.Name != "v")) // v: only for orders expired by STP
        {
            Assert.True(report.TryGetProperty(field.Name, out var value), field.Name);
            Assert.Equal(field.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : field.Value.ValueKind, value.ValueKind is JsonValueKind.False ? JsonValueKind.True : value.ValueKind);
        }

        Assert.Equal("NEW", report.GetProperty("X").GetString());
        Assert.True(report.GetProperty("w").GetBoolean());
        Assert.Equal(_h.Now, report.GetProperty("W").GetInt64());
        Assert.Equal("outboundAccountPosition", frames[2].GetProperty("event").GetProperty("e").GetString());
    }

    [Fact]
    public async Task CancelAndAmend_ProduceCanceledAndReplacedReports_EvenWhenDoneOverRest()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();
        var price = Price(_h.BestBid() - 100m);
        await _h.SendAsync(_h.Request(1, "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("price", price), ("quantity", "0.02"), ("newClientOrderId", "rest-1"), ("timestamp", _h.Now)]));
        await _h.DrainAsync();

        await _h.SendAsync(_h.Request(2, "order.amend.keepPriority", [("symbol", "BTCUSDT"), ("origClientOrderId", "rest-1"), ("newQty", "0.01"), ("newClientOrderId", "rest-2"), ("timestamp", _h.Now)]));
        var amended = await _h.DrainAsync();
        _h.Mock.Json("order.cancel", ("symbol", "BTCUSDT"), ("origClientOrderId", "rest-2"));
        var canceled = await _h.DrainAsync();

        Assert.Equal(200, amended[0].GetProperty("status").GetInt32());
        var replaced = amended[1].GetProperty("event");
        Assert.Equal("REPLACED", replaced.GetProperty("x").GetString());
        Assert.Equal("0.01000000", replaced.GetProperty("q").GetString());
        Assert.Equal("rest-2", replaced.GetProperty("c").GetString());
        Assert.Equal("rest-1", replaced.GetProperty("C").GetString());
        var cancel = canceled[0].GetProperty("event");
        Assert.Equal("CANCELED", cancel.GetProperty("x").GetString());
        Assert.Equal("CANCELED", cancel.GetProperty("X").GetString());
        Assert.Equal("outboundAccountPosition", canceled[1].GetProperty("event").GetProperty("e").GetString());
    }

    [Fact]
    public async Task OcoList_SendsTwoNewReportsThenListStatus()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();
        var bid = _h.BestBid();
        var ask = _h.BestAsk();

        await _h.SendAsync(_h.Request(1, "orderList.place.oco", [
            ("symbol", "BTCUSDT"), ("side", "SELL"), ("quantity", "0.01"),
            ("aboveType", "LIMIT_MAKER"), ("abovePrice", Price(ask + 100m)),
            ("belowType", "STOP_LOSS"), ("belowStopPrice", Price(bid - 100m)),
            ("timestamp", _h.Now)]));
        var frames = await _h.DrainAsync();

        Assert.Equal(200, frames[0].GetProperty("status").GetInt32());
        var events = frames.Skip(1).Select(f => f.GetProperty("event")).ToList();
        Assert.Equal(["executionReport", "executionReport", "listStatus", "outboundAccountPosition"], events.Select(e => e.GetProperty("e").GetString()));
        var list = events[2];
        Assert.Equal(frames[0].GetProperty("result").GetProperty("orderListId").GetInt64(), list.GetProperty("g").GetInt64());
        Assert.Equal("OCO", list.GetProperty("c").GetString());
        Assert.Equal("EXEC_STARTED", list.GetProperty("l").GetString());
        Assert.Equal(2, list.GetProperty("O").GetArrayLength());
    }

    [Fact]
    public async Task LostResponseFault_PlacesTheOrderOnce_AndStillSendsItsEvents()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();
        _h.Server.Faults.LoseNextOrderResponses();

        await _h.SendAsync(_h.Request("lost", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("newClientOrderId", "lost-1"), ("timestamp", _h.Now)]));
        var frames = await _h.DrainAsync();

        Assert.All(frames, f => Assert.False(f.TryGetProperty("id", out _)));
        Assert.Equal("NEW", frames[0].GetProperty("event").GetProperty("x").GetString());
        Assert.Equal(1, _h.Mock.Exchange.GetOrdersCreated("lost-1"));
        var next = await _h.CallAsync(_h.Request("after", "ping"));
        Assert.Equal("after", next.GetProperty("id").GetString());
    }

    [Fact]
    public async Task DropFault_DropsTheConnectionAfterTheResponse_BeforeTheFillEvents()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();
        _h.Server.Faults.DropAfterNextOrderResponses();

        await _h.SendAsync(_h.Request("drop", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("newClientOrderId", "drop-1"), ("timestamp", _h.Now)]));
        var response = await _h.NextAsync();

        Assert.Equal("drop", response.GetProperty("id").GetString());
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => _h.NextAsync());
        Assert.True(_h.Connection.Dropped);
        Assert.Equal(1, _h.Mock.Exchange.GetOrdersCreated("drop-1"));
        Assert.Empty(_h.Server.Connections);
    }

    [Fact]
    public async Task DelayFault_HoldsEventsUntilTheDelayElapses_InOrder()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();
        _h.Server.Faults.EventDelay = TimeSpan.FromMilliseconds(500);

        var response = await _h.CallAsync(_h.Request("d", "order.place", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01"), ("timestamp", _h.Now)]));
        var queuedBefore = _h.Connection.QueuedFrames;
        _h.Mock.Time.Advance(TimeSpan.FromMilliseconds(500));
        var first = await _h.NextAsync();

        Assert.Equal("d", response.GetProperty("id").GetString());
        Assert.Equal(0, queuedBefore);
        Assert.Equal("NEW", first.GetProperty("event").GetProperty("x").GetString());
    }

    [Fact]
    public async Task TerminateFault_SendsEventStreamTerminated_AndEndsTheSubscription()
    {
        await _h.LogonAsync();
        var subscription = await _h.SubscribeAsync();

        _h.Server.TerminateUserDataStreams();
        var terminated = await _h.NextAsync();
        var list = await _h.CallAsync(_h.Request(1, "session.subscriptions"));

        Assert.Equal(subscription, terminated.GetProperty("subscriptionId").GetInt32());
        Assert.Equal("eventStreamTerminated", terminated.GetProperty("event").GetProperty("e").GetString());
        Assert.Equal(_h.Now, terminated.GetProperty("event").GetProperty("E").GetInt64());
        Assert.Equal(0, list.GetProperty("result").GetArrayLength());
    }

    [Fact]
    public async Task Logout_TerminatesTheLogonSubscription_AfterItsResponse()
    {
        await _h.LogonAsync();
        await _h.SubscribeAsync();

        await _h.SendAsync(_h.Request("out", "session.logout"));
        var frames = await _h.DrainAsync();

        Assert.Equal("out", frames[0].GetProperty("id").GetString());
        Assert.Equal("eventStreamTerminated", frames[1].GetProperty("event").GetProperty("e").GetString());
    }

    [Fact]
    public async Task ShutdownFault_SendsTheServerShutdownConnectionEvent()
    {
        _h.Server.AnnounceShutdown();

        var frame = await _h.NextAsync();

        Assert.Equal("serverShutdown", frame.GetProperty("event").GetProperty("e").GetString());
        Assert.False(frame.TryGetProperty("subscriptionId", out _));
    }

    [Fact]
    public void SignaturePayload_IsTheDocumentedOne_ForTheDocsHmacExample()
    {
        // web-socket-api.md, "SIGNED request example (HMAC)", copied 2026-11-30.
        const string request = """{"id":"4885f793-e5ad-4c3b-8f6c-55d891472b71","method":"order.place","params":{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.01000000","price":"52000.00","recvWindow":100,"timestamp":1645423376532,"apiKey":"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A","signature":"aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24"}}""";

        var payload = WebSocketApiRequest.Parse(Encoding.UTF8.GetBytes(request)).SignaturePayload();
        var hmac = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"u8, Encoding.UTF8.GetBytes(payload)));

        Assert.Equal("apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT", payload);
        Assert.Equal("aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24", hmac);
    }

    [Fact]
    public void MethodTable_MapsEveryMirroredMethod_OntoARestEndpointTheMockServes()
    {
        var api = new Genesis.Exchange.Mock.MockRestApi(_h.Mock.Exchange);
        var rest = WebSocketApiMethods.All.Values.Where(m => m.Kind == WebSocketApiMethodKind.Rest).ToList();

        Assert.Equal(Genesis.Exchange.Binance.Protocol.SpotRestEndpoints.All.Count, rest.Count);
        Assert.Equal(api.ServedEndpoints, rest.Count);
        foreach (var name in new[] { "order.place", "order.cancelReplace", "order.amend.keepPriority", "openOrders.cancelAll", "orderList.place.otoco", "sor.order.place", "account.status", "order.amendments" })
        {
            Assert.Equal(WebSocketApiMethodKind.Rest, WebSocketApiMethods.Find(name)!.Kind);
        }
    }

    private static int Count(JsonElement response) => response.GetProperty("rateLimits").EnumerateArray()
        .Single(l => l.GetProperty("rateLimitType").GetString() == "REQUEST_WEIGHT").GetProperty("count").GetInt32();

    private static int Code(JsonElement response) => response.GetProperty("error").GetProperty("code").GetInt32();

    private static string Price(decimal value) => decimal.Round(value, 2).ToString("F2", CultureInfo.InvariantCulture);

    private static JsonElement Fixture(string name) =>
        JsonDocument.Parse(Support.TestPaths.Example(name)).RootElement.Clone();
}
