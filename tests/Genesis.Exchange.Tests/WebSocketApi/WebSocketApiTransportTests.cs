using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Tests.Streams;
using Microsoft.Extensions.Logging.Abstractions;
using TestPaths = Genesis.Exchange.Tests.Support.TestPaths;

namespace Genesis.Exchange.Tests.WebSocketApi;

public sealed class WebSocketApiTransportTests
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedApiSocketFactory _factory;

    public WebSocketApiTransportTests() => _factory = new ScriptedApiSocketFactory(_time);

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "wsapi", name));

    private static ExchangeResponse ResponseOf(string fixture)
    {
        var bytes = Fixture(fixture);
        var frame = WebSocketApiFrameParser.Parse(bytes);
        Assert.Equal(WebSocketApiFrameKind.Response, frame.Kind);
        return WebSocketApiResponses.ToExchangeResponse(frame, bytes, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Response_CarriesTheResultAsBody_AndTheRateLimitsAsUsageHeaders()
    {
        var response = ResponseOf("response-success.json");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(ExchangeResponseKind.Success, response.Kind);
        Assert.Equal("321", response.Headers["X-MBX-USED-WEIGHT-1M"]);
        Assert.Equal("12", response.Headers["X-MBX-ORDER-COUNT-10S"]);
        Assert.Equal("4043", response.Headers["X-MBX-ORDER-COUNT-1D"]);
        var order = SpotRestEndpoints.PlaceOrder.Read(new(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Limit) { Quantity = 10m, Price = 0.1m }), response);
        Assert.Equal(12510053279, order.ExchangeOrderId);
        Assert.Equal("a097fe6304b20a7e4fc436", order.ClientOrderId);
    }

    [Fact]
    public void Response_CarriesTheErrorObjectAsBody_SoTheOneClassificationReadsItsCode()
    {
        var response = ResponseOf("response-error.json");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(ExchangeResponseKind.ExchangeError, response.Kind);
        Assert.Equal(-2010, response.ErrorCode);
        Assert.Equal("13", response.Headers["X-MBX-ORDER-COUNT-10S"]);
    }

    [Fact]
    public void Response_TurnsTheBanRetryAfterIntoSeconds_FromTheServerTime()
    {
        var response = ResponseOf("response-banned.json");

        Assert.Equal(ExchangeResponseKind.Banned, response.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3493), response.GetRetryAfter(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void FrameParser_ReadsEventsAndMalformedFrames_WithoutThrowing()
    {
        var shutdown = WebSocketApiFrameParser.Parse(Fixture("server-shutdown.json"));
        var broken = WebSocketApiFrameParser.Parse("""{"id":"x","status":"#"""u8);
        var shapeless = WebSocketApiFrameParser.Parse("""{"hello":1}"""u8);

        Assert.Equal((WebSocketApiFrameKind.Event, "serverShutdown", (int?)null), (shutdown.Kind, shutdown.EventType, shutdown.SubscriptionId));
        Assert.Equal(WebSocketApiFrameKind.Malformed, broken.Kind);
        Assert.Equal(WebSocketApiFrameKind.Malformed, shapeless.Kind);
    }

    [Fact]
    public async Task RateLimits_ReachTheSharedBudget_ThroughTheRateLimitingDecorator()
    {
        using var budget = new InMemoryRateLimitBudget(new RateLimitOptions(), _time);
        await using var connection = ApiHarness.Connection(_factory, _time);
        var pipeline = new RateLimitingTransport(new WebSocketApiTransport(connection), budget, _time, NullLogger<RateLimitingTransport>.Instance);

        var sending = pipeline.SendAsync(new ExchangeRequest(SpotRestEndpoints.ServerTime.Endpoint, [], 1, "weighed")).AsTask();
        var socket = await _factory.NextConnectionAsync();
        var sent = await socket.NextSentAsync();
        socket.EnqueueText(ApiReplies.Response(sent.Id(), """{"serverTime":1656400526260}""", rateLimits:
            """[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000,"count":321},{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":50,"count":12}]"""));
        await sending.WaitAsync(Bound.Safety);

        var usage = budget.GetUsage();
        Assert.Equal(321, usage.Single(u => u.Type == RateLimitType.RequestWeight && u.Window == TimeSpan.FromMinutes(1)).Used);
        Assert.Equal(12, usage.Single(u => u.Type == RateLimitType.Orders && u.Window == TimeSpan.FromSeconds(10)).Used);
    }

    [Fact]
    public async Task Transport_RefusesUnsent_AnEndpointWithoutAWebSocketApiMethod()
    {
        await using var connection = ApiHarness.Connection(_factory, _time);
        var endpoint = new ExchangeEndpoint("custom", HttpMethod.Get, "/api/v3/custom", EndpointSecurity.None, true, false, string.Empty);
        var request = new ExchangeRequest(endpoint, [], 1);

        var error = await Assert.ThrowsAsync<Genesis.Exchange.Errors.ExchangeException>(() => new WebSocketApiTransport(connection).SendAsync(request).AsTask());

        Assert.True(error.RequestNotSent);
        Assert.Equal(0, _factory.AttemptCount);
    }

    [Fact]
    public void Methods_CoverEveryDocumentedWebSocketApiMethod_AndNothingElse()
    {
        var documented = File.ReadAllLines(Path.Combine(TestPaths.Fixtures, "protocol", "web-socket-api-methods.txt")).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var ours = SpotRestEndpoints.All.Select(d => d.Endpoint).Concat(WebSocketApiEndpoints.All)
            .Select(e => WebSocketApiMethods.TryGetMethod(e, out var m) ? m : "(none for " + e.Name + ")")
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal([], ours.Except(documented).Order());
        // "Place new OCO - Deprecated" is not offered (REST has no descriptor for its old endpoint either).
        Assert.Equal(["orderList.place"], documented.Except(ours).Order());
    }

    [Fact]
    public void Methods_MapTheOrderEndpointToOrderPlace()
    {
        Assert.True(WebSocketApiMethods.TryGetMethod(SpotRestEndpoints.PlaceOrder.Endpoint, out var method));
        Assert.Equal("order.place", method);
    }

    [Fact]
    public void SessionStatus_ReadsTheDocsExample()
    {
        var response = ResponseOf("session-status.json");

        var status = WebSocketApiClient.ParseStatus(response.Body);

        Assert.Equal(ApiHarness.HmacApiKey, status.ApiKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1649729878532), status.AuthorizedSince);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1649729873021), status.ConnectedSince);
        Assert.True(status.UserDataStream);
        Assert.DoesNotContain(ApiHarness.HmacApiKey, status.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, WebSocketApiClient.ParseSubscriptionId(ResponseOf("user-data-subscribe-response.json").Body));
    }
}
