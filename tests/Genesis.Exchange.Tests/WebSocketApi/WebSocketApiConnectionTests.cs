using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Protocol.Args;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Tests.Streams;

namespace Genesis.Exchange.Tests.WebSocketApi;

public sealed class WebSocketApiConnectionTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedApiSocketFactory _factory;

    public WebSocketApiConnectionTests() => _factory = new ScriptedApiSocketFactory(_time);

    private static ExchangeRequest TimeRequest(string id) => new(SpotRestEndpoints.ServerTime.Endpoint, [], 1, id);

    private static ExchangeRequest OrderRequest(string clientOrderId) => new(
        SpotRestEndpoints.PlaceOrder.Endpoint,
        [new("symbol", "BTCUSDT"), new("side", "BUY"), new("type", "MARKET"), new("quantity", "1"), new("newClientOrderId", clientOrderId)],
        1,
        "order-" + clientOrderId);

    private WebSocketApiConnection Connection(WebSocketApiOptions? options = null, WebSocketApiCredentials? credentials = null) =>
        ApiHarness.Connection(_factory, _time, options, credentials);

    [Fact]
    public async Task SendAsync_MatchesResponsesById_WhenAnsweredOutOfOrder()
    {
        await using var connection = Connection();
        var transport = new WebSocketApiTransport(connection);

        var first = transport.SendAsync(TimeRequest("req-a")).AsTask();
        var socket = await _factory.NextConnectionAsync();
        var sentA = await socket.NextSentAsync();
        var second = transport.SendAsync(TimeRequest("req-b")).AsTask();
        var sentB = await socket.NextSentAsync();
        socket.Reply(sentB, """{"serverTime":1656400526261}""");
        socket.Reply(sentA, """{"serverTime":1656400526260}""");

        var a = await first.WaitAsync(Bound.Safety);
        var b = await second.WaitAsync(Bound.Safety);
        Assert.Equal(("req-a", "time"), (sentA.Id(), sentA.Method()));
        Assert.Equal("req-b", sentB.Id());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1656400526260), SpotRestEndpoints.ServerTime.Read(NoArgs.Instance, a));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1656400526261), SpotRestEndpoints.ServerTime.Read(NoArgs.Instance, b));
    }

    [Fact]
    public async Task SendAsync_ThrowsTimeoutWithUnknownOutcome_WhenNoResponseWithinRequestTimeout()
    {
        await using var connection = Connection(credentials: ApiHarness.Hmac());
        var transport = new WebSocketApiTransport(connection);
        var order = OrderRequest("cid-timeout");

        var sending = transport.SendAsync(order).AsTask();
        var socket = await _factory.NextConnectionAsync();
        var sent = await socket.NextSentAsync("order.place");
        await _time.WaitForTimerAsync(RequestTimeout);
        _time.Advance(RequestTimeout);

        var error = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => sending.WaitAsync(Bound.Safety));
        Assert.False(error.RequestNotSent);
        Assert.True(order.MayHaveBeenSent);

        // The answer that comes late matches no request any more: counted, not fatal.
        socket.Reply(sent, "{}");
        var ping = transport.SendAsync(new ExchangeRequest(SpotRestEndpoints.Ping.Endpoint, [], 1, "after")).AsTask();
        await ping.WaitAsync(Bound.Safety);
        Assert.Equal(1, connection.UnknownIdResponses);
    }

    [Fact]
    public async Task SendAsync_FailsUnsentAfterWaiting_WhenTheInFlightBoundIsReached()
    {
        await using var connection = Connection(ApiHarness.Options(o => { o.MaxInFlight = 1; o.InFlightWait = TimeSpan.FromSeconds(5); }));
        var transport = new WebSocketApiTransport(connection);
        var first = transport.SendAsync(TimeRequest("first")).AsTask();
        var socket = await _factory.NextConnectionAsync();
        await socket.NextSentAsync();
        var secondRequest = TimeRequest("second");

        var second = transport.SendAsync(secondRequest).AsTask();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => second.WaitAsync(Bound.Safety));
        Assert.True(error.RequestNotSent);
        Assert.False(secondRequest.MayHaveBeenSent);
        Assert.Single(socket.AllSent);
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public async Task SendAsync_GoesOut_WhenAnInFlightSlotFreesWithinTheWait()
    {
        await using var connection = Connection(ApiHarness.Options(o => o.MaxInFlight = 1));
        var transport = new WebSocketApiTransport(connection);
        var first = transport.SendAsync(TimeRequest("first")).AsTask();
        var socket = await _factory.NextConnectionAsync();
        var sentFirst = await socket.NextSentAsync();
        var second = transport.SendAsync(TimeRequest("second")).AsTask();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(5));

        socket.Reply(sentFirst, """{"serverTime":1}""");
        var sentSecond = await socket.NextSentAsync();
        socket.Reply(sentSecond, """{"serverTime":2}""");

        await first.WaitAsync(Bound.Safety);
        Assert.Equal(200, (await second.WaitAsync(Bound.Safety)).StatusCode);
    }

    [Fact]
    public async Task SendAsync_ReportsUnknownOutcome_WhenTheConnectionDropsWithAnOrderInFlight()
    {
        await using var connection = Connection(credentials: ApiHarness.Hmac());
        var transport = new WebSocketApiTransport(connection);
        var order = OrderRequest("cid-drop");

        var sending = transport.SendAsync(order).AsTask();
        var socket = await _factory.NextConnectionAsync();
        await socket.NextSentAsync("order.place");
        socket.Drop();

        var error = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => sending.WaitAsync(Bound.Safety));
        Assert.False(error.RequestNotSent);
        Assert.True(order.MayHaveBeenSent);
        Assert.Contains("outcome is unknown", error.Message, StringComparison.Ordinal);
        Assert.Equal("order-cid-drop", error.CorrelationId);
    }

    [Fact]
    public async Task SendAsync_FailsUnsent_WhenNoConnectionComesWithinTheConnectWait()
    {
        _factory.FailNext(int.MaxValue);
        await using var connection = Connection();
        var request = TimeRequest("nowhere");

        var sending = new WebSocketApiTransport(connection).SendAsync(request).AsTask();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => sending.WaitAsync(Bound.Safety));
        Assert.True(error.RequestNotSent);
        Assert.False(request.MayHaveBeenSent);
    }

    [Fact]
    public async Task Connection_ReconnectsWithExponentialBackoff_AfterFailedAttempts()
    {
        _factory.FailNext(2);
        await using var connection = Connection();
        await connection.StartAsync();

        var first = await _factory.NextAttemptAsync();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(0.75));
        _time.Advance(TimeSpan.FromSeconds(0.75));
        var second = await _factory.NextAttemptAsync();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1.5));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var third = await _factory.NextAttemptAsync();

        // Base 1 s doubling, with "equal jitter" at 0.5: 0.75 s, then 1.5 s.
        Assert.Equal(TimeSpan.FromSeconds(0.75), second - first);
        Assert.Equal(TimeSpan.FromSeconds(1.5), third - second);
        await connection.WaitReadyAsync().WaitAsync(Bound.Safety);
    }

    [Fact]
    public async Task Connection_ReconnectsAndServesRequests_AfterADrop()
    {
        await using var connection = Connection();
        var transport = new WebSocketApiTransport(connection);
        await connection.WaitReadyAsync().WaitAsync(Bound.Safety);
        var first = await _factory.NextConnectionAsync();

        first.Drop();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(0.75));
        _time.Advance(TimeSpan.FromSeconds(0.75));
        var second = await _factory.NextConnectionAsync();
        var sending = transport.SendAsync(TimeRequest("after-drop")).AsTask();
        second.Reply(await second.NextSentAsync(), """{"serverTime":1}""");

        Assert.Equal(200, (await sending.WaitAsync(Bound.Safety)).StatusCode);
        Assert.Equal(2, connection.Connects);
    }

    [Fact]
    public async Task Connection_LogsOnWithEd25519_AndSignedRequestsThenCarryNoSignature()
    {
        await using var connection = Connection(credentials: ApiHarness.Ed25519());
        var transport = new WebSocketApiTransport(connection);

        var sending = transport.SendAsync(OrderRequest("cid-logon")).AsTask();
        var socket = await _factory.NextConnectionAsync();
        var logon = await socket.NextSentAsync();
        var order = await socket.NextSentAsync();
        socket.Reply(order, """{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"cid-logon","transactTime":1}""");
        await sending.WaitAsync(Bound.Safety);

        Assert.Equal("session.logon", logon.Method());
        Assert.True(logon.HasParam("apiKey") && logon.HasParam("signature") && logon.HasParam("timestamp"));
        Assert.Equal("order.place", order.Method());
        Assert.True(order.HasParam("timestamp") && order.HasParam("recvWindow"));
        Assert.False(order.HasParam("apiKey"));
        Assert.False(order.HasParam("signature"));
    }

    [Fact]
    public async Task Connection_LogsOnAgain_AfterEveryReconnect_BeforeAnyRequest()
    {
        await using var connection = Connection(credentials: ApiHarness.Ed25519());
        await connection.WaitReadyAsync().WaitAsync(Bound.Safety);
        var first = await _factory.NextConnectionAsync();
        Assert.Equal("session.logon", (await first.NextSentAsync()).Method());

        first.Drop();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(0.75));
        _time.Advance(TimeSpan.FromSeconds(0.75));
        var second = await _factory.NextConnectionAsync();
        var sending = new WebSocketApiTransport(connection).SendAsync(OrderRequest("cid-relogon")).AsTask();
        var logon = await second.NextSentAsync();
        var order = await second.NextSentAsync();
        second.Reply(order, """{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"cid-relogon","transactTime":1}""");
        await sending.WaitAsync(Bound.Safety);

        Assert.Equal("session.logon", logon.Method());
        Assert.Equal("order.place", order.Method());
        Assert.False(order.HasParam("signature"));
        Assert.True(connection.Current!.IsAuthenticated);
    }

    [Fact]
    public async Task Connection_SignsEachRequest_WhenTheKeyCannotLogOn()
    {
        await using var connection = Connection(credentials: ApiHarness.Hmac());
        var sending = new WebSocketApiTransport(connection).SendAsync(OrderRequest("cid-hmac")).AsTask();
        var socket = await _factory.NextConnectionAsync();
        var order = await socket.NextSentAsync();
        socket.Reply(order, """{"symbol":"BTCUSDT","orderId":1,"orderListId":-1,"clientOrderId":"cid-hmac","transactTime":1}""");
        await sending.WaitAsync(Bound.Safety);

        Assert.Equal("order.place", order.Method());
        Assert.Equal(ApiHarness.HmacApiKey, order.GetProperty("params").GetProperty("apiKey").GetString());
        Assert.Equal(64, order.GetProperty("params").GetProperty("signature").GetString()!.Length);
    }

    [Fact]
    public async Task Connection_RoutesOrCountsUnsolicitedFrames_AndKeepsServing()
    {
        await using var connection = Connection();
        var events = new List<(int? Id, string Json)>();
        connection.EventReceived = (_, id, json) => events.Add((id, Encoding.UTF8.GetString(json)));
        await connection.WaitReadyAsync().WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();

        socket.EnqueueBinary([1, 2, 3]);
        socket.EnqueueText("""{"id":null,"status":401,"error":{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}}""");
        socket.EnqueueText("""{"id":"nobody-asked","status":200,"result":{}}""");
        socket.EnqueueText("not json at all");
        socket.EnqueueText("""{"subscriptionId":3,"event":{"e":"balanceUpdate","E":1,"a":"BTC","d":"1","T":1}}""");
        var transport = new WebSocketApiTransport(connection);
        var sending = transport.SendAsync(TimeRequest("still-alive")).AsTask();
        socket.Reply(await socket.NextSentAsync(), """{"serverTime":1}""");

        Assert.Equal(200, (await sending.WaitAsync(Bound.Safety)).StatusCode);
        Assert.Equal(1, connection.BinaryFrames);
        Assert.Equal(1, connection.IdlessErrors);
        Assert.Equal(1, connection.UnknownIdResponses);
        Assert.Equal(1, connection.MalformedFrames);
        var routed = Assert.Single(events);
        Assert.Equal(3, routed.Id);
        Assert.Contains("balanceUpdate", routed.Json, StringComparison.Ordinal);
        Assert.Equal(1, connection.Connects);
    }

    [Fact]
    public async Task Connection_ReplacesTheConnectionMakeBeforeBreak_OnServerShutdown()
    {
        await using var connection = Connection();
        var transport = new WebSocketApiTransport(connection);
        var inFlight = transport.SendAsync(TimeRequest("on-old")).AsTask();
        var old = await _factory.NextConnectionAsync();
        var sentOnOld = await old.NextSentAsync();

        old.EnqueueText(File.ReadAllText(Path.Combine(Support.TestPaths.Fixtures, "wsapi", "server-shutdown.json")));
        var replacement = await _factory.NextConnectionAsync();
        old.Reply(sentOnOld, """{"serverTime":1}""");
        var next = transport.SendAsync(TimeRequest("on-new")).AsTask();
        replacement.Reply(await replacement.NextSentAsync(), """{"serverTime":2}""");

        Assert.Equal(200, (await inFlight.WaitAsync(Bound.Safety)).StatusCode);
        Assert.Equal(200, (await next.WaitAsync(Bound.Safety)).StatusCode);
        Assert.Equal(1, connection.ServerShutdowns);
        Assert.Single(old.AllSent);
    }

    [Fact]
    public async Task Connection_RecyclesTheConnection_WhenTheIdleProbeGetsNoAnswer()
    {
        var socket = new ScriptedApiSocket { Responder = null };
        _factory.Prepare(socket);
        await using var connection = Connection(ApiHarness.Options(o => o.IdleProbeInterval = TimeSpan.FromSeconds(60)));
        await connection.WaitReadyAsync().WaitAsync(Bound.Safety);

        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("ping", (await socket.NextSentAsync()).Method());
        await _time.WaitForTimerAsync(RequestTimeout);
        _time.Advance(RequestTimeout);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(0.75));
        _time.Advance(TimeSpan.FromSeconds(0.75));

        await _factory.NextConnectionAsync(); // the first
        await _factory.NextConnectionAsync(); // its replacement
        Assert.Equal(2, connection.Connects);
    }

    [Fact]
    public async Task SendAsync_RefusesUnsent_WhenAnIdIsAlreadyInFlight()
    {
        await using var connection = Connection();
        var transport = new WebSocketApiTransport(connection);
        _ = transport.SendAsync(TimeRequest("same")).AsTask();
        var socket = await _factory.NextConnectionAsync();
        await socket.NextSentAsync();
        var duplicate = TimeRequest("same");

        var error = await Assert.ThrowsAsync<ExchangeValidationException>(() => transport.SendAsync(duplicate).AsTask().WaitAsync(Bound.Safety));

        Assert.True(error.RequestNotSent);
        Assert.False(duplicate.MayHaveBeenSent);
    }

    [Fact]
    public async Task DisposeAsync_FailsRequestsWaitingForAConnection_AsNotSent()
    {
        _factory.FailNext(int.MaxValue);
        var connection = Connection();
        var request = TimeRequest("waiting");
        var sending = new WebSocketApiTransport(connection).SendAsync(request).AsTask();
        await _factory.NextAttemptAsync();

        await connection.DisposeAsync();

        var error = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => sending.WaitAsync(Bound.Safety));
        Assert.True(error.RequestNotSent);
        Assert.False(request.MayHaveBeenSent);
    }

    [Fact]
    public async Task Connection_OpensTheReplacementBeforeClosingTheOld_WhenItReachesItsMaximumAge()
    {
        await using var connection = Connection();
        await connection.WaitReadyAsync().WaitAsync(Bound.Safety);
        var old = await _factory.NextConnectionAsync();

        await _time.WaitForTimerAsync(TimeSpan.FromHours(23));
        _time.Advance(TimeSpan.FromHours(23));
        await _factory.NextConnectionAsync();
        Assert.False(old.IsClosed);
        await connection.WaitReadyAsync().WaitAsync(Bound.Safety);
        await _time.WaitForTimerAsync(RequestTimeout);
        _time.Advance(RequestTimeout);

        await old.Closed.WaitAsync(Bound.Safety);
        Assert.Equal(2, connection.Connects);
    }

    [Fact]
    public async Task Transport_GivesARetryItsOwnId_SoALateAnswerToTheFirstAttemptIsNotTakenForIt()
    {
        await using var connection = Connection();
        var transport = new WebSocketApiTransport(connection);
        var request = TimeRequest("query");
        request.Attempt = 1;
        var first = transport.SendAsync(request).AsTask();
        var socket = await _factory.NextConnectionAsync();
        var sentFirst = await socket.NextSentAsync();
        await _time.WaitForTimerAsync(RequestTimeout);
        _time.Advance(RequestTimeout);
        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => first.WaitAsync(Bound.Safety));

        request.Attempt = 2;
        var retry = transport.SendAsync(request).AsTask();
        var sentRetry = await socket.NextSentAsync();
        socket.Reply(sentFirst, """{"serverTime":1}""");
        socket.Reply(sentRetry, """{"serverTime":2}""");

        Assert.Equal(("query", "query.2"), (sentFirst.Id(), sentRetry.Id()));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2), SpotRestEndpoints.ServerTime.Read(NoArgs.Instance, await retry.WaitAsync(Bound.Safety)));
        Assert.Equal(1, connection.UnknownIdResponses);
    }
}
