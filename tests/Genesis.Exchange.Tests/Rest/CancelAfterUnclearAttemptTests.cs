using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>
/// A cancel whose first attempt ended without a clear answer is retried; if the retry is told "unknown order" (-2011),
/// the first attempt may have cancelled it, so the client asks for the order's real state.
/// </summary>
public sealed class CancelAfterUnclearAttemptTests
{
    private const string UnknownOrder = """{"code":-2011,"msg":"Unknown order sent."}""";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private readonly OrderWire _wire = new();

    private BinanceRestClient Client()
    {
        var options = new GenesisExchangeOptions();
        var retry = new RetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.Zero, UseJitter = false };
        var transport = Genesis.Exchange.Tests.Resilience.TestPipelines.Retry(_wire, retry, _time, new Random(1), options.Timeouts.Total);
        return new BinanceRestClient(transport, _time, options, NullLogger<BinanceRestClient>.Instance);
    }

    public static TheoryData<string> UnclearFirstAttempts() => ["timeout", "503"];

    [Theory]
    [MemberData(nameof(UnclearFirstAttempts))]
    public async Task Cancel_RetryAnswersUnknownOrder_AfterUnclearFirstAttempt_ReturnsTheCanceledOrder(string first)
    {
        var firstAttempt = first == "timeout"
            ? OrderWire.FailAfterSend(new ExchangeTimeoutException("read timeout"))
            : OrderWire.Answer(503, "<html>503</html>");
        _wire.On("order.cancel", firstAttempt, OrderWire.Answer(400, UnknownOrder)).On("order.status", OrderWire.Found("CANCELED"));
        using var client = Client();

        var order = await client.CancelOrderAsync("BTCUSDT", clientOrderId: "c-1");

        Assert.Equal(OrderStatus.Canceled, order.Status);
        Assert.Equal("c-1", order.ClientOrderId);
        Assert.Equal(2, _wire.Count("order.cancel"));
        Assert.Equal("c-1", _wire.Requests.Single(r => r.Endpoint.Name == "order.status").GetParameter("origClientOrderId"));
    }

    [Fact]
    public async Task Cancel_UnknownOrder_AfterUnclearFirstAttempt_ButOrderFilled_KeepsTheExchangesAnswer()
    {
        _wire.On("order.cancel", OrderWire.FailAfterSend(new ExchangeTimeoutException("read timeout")), OrderWire.Answer(400, UnknownOrder))
            .On("order.status", OrderWire.Found("FILLED"));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<OrderNotFoundException>(() => client.CancelOrderAsync("BTCUSDT", clientOrderId: "c-2"));

        Assert.Equal(-2011, ex.BinanceCode);
        Assert.Equal(1, _wire.Count("order.status"));
    }

    [Fact]
    public async Task Cancel_UnknownOrder_AfterAttemptThatWasNotSent_IsOrderNotFound_WithoutAQuery()
    {
        var refused = new ExchangeUnavailableException("could not connect; not sent") { RequestNotSent = true };
        _wire.On("order.cancel", OrderWire.FailAfterSend(refused), OrderWire.Answer(400, UnknownOrder)).On("order.status", OrderWire.Found("CANCELED"));
        using var client = Client();

        await Assert.ThrowsAsync<OrderNotFoundException>(() => client.CancelOrderAsync("BTCUSDT", clientOrderId: "c-3"));

        Assert.Equal(0, _wire.Count("order.status"));
    }

    [Fact]
    public async Task Cancel_UnknownOrder_OnFirstAttempt_IsOrderNotFound_WithoutAQuery()
    {
        _wire.On("order.cancel", OrderWire.Answer(400, UnknownOrder)).On("order.status", OrderWire.Found("CANCELED"));
        using var client = Client();

        await Assert.ThrowsAsync<OrderNotFoundException>(() => client.CancelOrderAsync("BTCUSDT", clientOrderId: "c-4"));

        Assert.Equal(0, _wire.Count("order.status"));
    }

    [Fact]
    public async Task Retry_After429_DoesNotMarkTheEarlierAttemptUnclear()
    {
        _wire.On("order.cancel", OrderWire.Answer(429, """{"code":-1003,"msg":"Too many requests."}""", new() { ["Retry-After"] = "0" }), OrderWire.Answer(400, UnknownOrder))
            .On("order.status", OrderWire.Found("CANCELED"));
        using var client = Client();

        await Assert.ThrowsAsync<OrderNotFoundException>(() => client.CancelOrderAsync("BTCUSDT", clientOrderId: "c-5"));

        Assert.False(_wire.Requests.First(r => r.Endpoint.Name == "order.cancel").EarlierAttemptOutcomeUnknown);
    }
}
