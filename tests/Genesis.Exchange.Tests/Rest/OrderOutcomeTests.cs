using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>
/// What <see cref="BinanceRestClient.PlaceOrderAsync"/> tells its caller for every way a placement can fail: a typed
/// "not sent" when nothing left, <see cref="UnknownOrderStatusException"/> (after a bounded reconcile) when it may have.
/// </summary>
public sealed class OrderOutcomeTests
{
    private const string Cid = "outcome-1";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private readonly OrderWire _wire = new();

    private static OrderRequest Order => OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = Cid };

    private BinanceRestClient Client(Action<GenesisExchangeOptions>? configure = null)
    {
        var options = new GenesisExchangeOptions();
        options.Orders.ReconcileAttempts = 3;
        options.Orders.ReconcileDelay = TimeSpan.Zero;
        configure?.Invoke(options);
        return new BinanceRestClient(_wire, _time, options, NullLogger<BinanceRestClient>.Instance);
    }

    /// <summary>Advances the fake clock in small steps until the task completes (continuations run inline on Advance).</summary>
    private async Task<T> Drive<T>(Task<T> task, TimeSpan step, int maxSteps = 2_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            _time.Advance(step);
            await Task.Yield();
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<Exception> Failure(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException("Expected the call to fail.");
    }

    // ---- Item 1: once the order may have left, the caller learns Unknown (or the reconciled order), never a bare exception.

    [Fact]
    public async Task PlaceOrder_CallerCancelsAfterSend_ReconcilesDespiteTheCancelledToken_AndReportsUnknownStatus()
    {
        _wire.On("order.place", OrderWire.HangAfterSend()).On("order.status", OrderWire.NotFound());
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var task = client.PlaceOrderAsync(Order, cts.Token);
        await _wire.PlacementArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(Cid, ex.ClientOrderId);
        Assert.Contains("caller cancelled", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _wire.Count("order.status"));
        Assert.Equal(1, _wire.Count("order.place"));
    }

    [Fact]
    public async Task PlaceOrder_CallerCancelsAfterSend_ReturnsTheOrder_WhenTheReconcileFindsIt()
    {
        _wire.On("order.place", OrderWire.HangAfterSend()).On("order.status", OrderWire.Found("FILLED"));
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var task = client.PlaceOrderAsync(Order, cts.Token);
        await _wire.PlacementArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        var order = await task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(Cid, order.ClientOrderId);
    }

    public static TheoryData<string> RawFailuresAfterSend() => ["disposed", "http", "io", "canceled"];

    [Theory]
    [MemberData(nameof(RawFailuresAfterSend))]
    public async Task PlaceOrder_RawFailureAfterSend_IsReconciled_NeverLeaksToTheCaller(string kind)
    {
        Exception raw = kind switch
        {
            "disposed" => new ObjectDisposedException(typeof(HttpClient).FullName),
            "http" => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
            "io" => new IOException("Connection reset by peer"),
            _ => new TaskCanceledException("The operation was canceled."),
        };
        _wire.On("order.place", OrderWire.FailAfterSend(raw)).On("order.status", OrderWire.NotFound());
        using var client = Client();

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(Order));

        Assert.Equal(Cid, ex.ClientOrderId);
        Assert.Equal(3, _wire.Count("order.status"));
    }

    public static TheoryData<string> ReconcileFailures() => ["connect-timeout", "5xx", "circuit", "ban", "http"];

    [Theory]
    [MemberData(nameof(ReconcileFailures))]
    public async Task PlaceOrder_AnswerLost_ThenReconcileQueriesFail_IsUnknownStatus_WithTheClientOrderId(string kind)
    {
        var query = kind switch
        {
            // .NET raises a connect timeout as TaskCanceledException wrapping a TimeoutException.
            "connect-timeout" => OrderWire.FailAfterSend(new TaskCanceledException("canceled", new TimeoutException("The connection attempt timed out."))),
            "5xx" => OrderWire.Answer(503, "<html>503 Service Temporarily Unavailable</html>"),
            "circuit" => OrderWire.FailBeforeSend(new CircuitOpenException("open", TimeSpan.FromSeconds(30))),
            "ban" => OrderWire.FailBeforeSend(new IpBannedException("banned", DateTimeOffset.MaxValue, binanceCode: -1003) { RequestNotSent = true }),
            _ => OrderWire.FailAfterSend(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")),
        };
        _wire.On("order.place", OrderWire.FailAfterSend(new ExchangeTimeoutException("read timeout"))).On("order.status", query);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(Order));

        Assert.Equal(Cid, ex.ClientOrderId);
        Assert.Equal("BTCUSDT", ex.Symbol);
        Assert.Equal(1, _wire.Count("order.place"));
    }

    [Fact]
    public async Task PlaceOrder_Http200WithBodyThatDoesNotParse_IsReconciled_ToTheOrderTheExchangeHas()
    {
        _wire.On("order.place", OrderWire.Answer(200, """{"symbol":"BTCUSDT","orderId":4""")).On("order.status", OrderWire.Found("NEW"));
        using var client = Client();

        var order = await client.PlaceOrderAsync(Order);

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal(Cid, order.ClientOrderId);
        Assert.Equal(1, _wire.Count("order.place"));
        Assert.Equal(1, _wire.Count("order.status"));
    }

    [Fact]
    public async Task PlaceOrder_Http200WithHtml_AndOrderNeverFound_IsUnknownStatus_NotMalformedResponse()
    {
        _wire.On("order.place", OrderWire.Answer(200, "<html>captive portal</html>")).On("order.status", OrderWire.NotFound());
        using var client = Client();

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(Order));

        Assert.Equal(200, ex.HttpStatus);
        Assert.Contains("does not parse", ex.Message, StringComparison.Ordinal);
    }

    // ---- Item 2: when nothing was sent, a typed exception says so and nothing is reconciled.

    [Fact]
    public async Task PlaceOrder_TotalTimeoutWhileWaitingToBeSent_IsTypedTimeout_NotSent_AndNotReconciled()
    {
        _wire.On("order.place", OrderWire.HangBeforeSend());
        using var client = Client(o => o.Timeouts.Total = TimeSpan.FromSeconds(30));

        var task = client.PlaceOrderAsync(Order);
        await _wire.PlacementArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => Drive(task, TimeSpan.FromSeconds(1)));

        Assert.True(ex.RequestNotSent);
        Assert.Equal(0, _wire.Count("order.status"));
    }

    public static TheoryData<string> FailuresBeforeSend() => ["time-sync", "circuit", "ban", "limiter"];

    [Theory]
    [MemberData(nameof(FailuresBeforeSend))]
    public async Task PlaceOrder_FailureBeforeTheWire_IsTypedNotSent_NeverUnknown(string kind)
    {
        Exception failure = kind switch
        {
            // A layer that does not know to say RequestNotSent: the request's own signal proves it.
            "time-sync" => new ExchangeUnavailableException("Server time synchronization failed (HTTP 503)."),
            "circuit" => new CircuitOpenException("open"),
            "ban" => new IpBannedException("banned", DateTimeOffset.MaxValue, binanceCode: -1003),
            _ => new RateLimitExceededException("would exceed the ORDERS limit"),
        };
        _wire.On("order.place", OrderWire.FailBeforeSend(failure)).On("order.status", OrderWire.Found("NEW"));
        using var client = Client();

        var ex = await Failure(() => client.PlaceOrderAsync(Order));

        Assert.Same(failure, ex);
        Assert.True(((ExchangeException)ex).RequestNotSent);
        Assert.Equal(0, _wire.Count("order.status"));
    }

    [Fact]
    public async Task PlaceOrder_ConnectFailure_IsNotSent_EvenThoughTheRequestReachedTheWire()
    {
        var refused = new ExchangeUnavailableException("could not connect; the request was not sent.") { RequestNotSent = true };
        _wire.On("order.place", OrderWire.FailAfterSend(refused)).On("order.status", OrderWire.Found("NEW"));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => client.PlaceOrderAsync(Order));

        Assert.True(ex.RequestNotSent);
        Assert.Equal(0, _wire.Count("order.status"));
    }

    [Fact]
    public async Task PlaceOrder_CallerCancelsBeforeSend_ThrowsOperationCanceled_AndIsNotReconciled()
    {
        _wire.On("order.place", OrderWire.HangBeforeSend()).On("order.status", OrderWire.Found("NEW"));
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var task = client.PlaceOrderAsync(Order, cts.Token);
        await _wire.PlacementArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, _wire.Count("order.status"));
    }

    // ---- Item 3: other calls map timeouts and connection failures to the documented tree.

    public static TheoryData<string, Type> RawTransportFailures() => new()
    {
        { "connect-timeout", typeof(ExchangeTimeoutException) },
        { "canceled", typeof(ExchangeTimeoutException) },
        { "http", typeof(ExchangeUnavailableException) },
        { "disposed", typeof(ExchangeUnavailableException) },
        { "io", typeof(ExchangeUnavailableException) },
    };

    [Theory]
    [MemberData(nameof(RawTransportFailures))]
    public async Task OtherCalls_RawTransportFailure_BecomesTheDocumentedException(string kind, Type expected)
    {
        Exception raw = kind switch
        {
            "connect-timeout" => new TaskCanceledException("canceled", new TimeoutException("The connection attempt timed out.")),
            "canceled" => new TaskCanceledException("The operation was canceled."),
            "http" => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"),
            "disposed" => new ObjectDisposedException(typeof(HttpClient).FullName),
            _ => new IOException("reset"),
        };
        _wire.On("order.status", OrderWire.FailAfterSend(raw));
        using var client = Client();

        var ex = await Failure(() => client.GetOrderAsync("BTCUSDT", clientOrderId: Cid));

        Assert.IsType(expected, ex);
        Assert.Same(raw, ex.InnerException);
        Assert.NotNull(((ExchangeException)ex).CorrelationId);
    }

    [Fact]
    public async Task OtherCalls_CallersOwnCancellation_StaysOperationCanceled()
    {
        _wire.On("order.status", OrderWire.HangAfterSend());
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var task = client.GetOrderAsync("BTCUSDT", clientOrderId: Cid, cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task OtherCalls_TotalTimeout_IsExchangeTimeout()
    {
        _wire.On("order.status", OrderWire.HangAfterSend());
        using var client = Client(o => o.Timeouts.Total = TimeSpan.FromSeconds(5));

        var task = client.GetOrderAsync("BTCUSDT", clientOrderId: Cid);
        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => Drive(task, TimeSpan.FromSeconds(1)));

        Assert.False(ex.RequestNotSent);
    }

    // ---- Item 5: one overall time bound; the message says what actually happened.

    [Fact]
    public async Task Reconcile_StopsAtItsTimeBound_AndReportsTheQueriesActuallyMade()
    {
        _wire.On("order.place", OrderWire.Answer(502, "<html>Bad Gateway</html>")).On("order.status", OrderWire.NotFound());
        using var client = Client(o =>
        {
            o.Orders.ReconcileAttempts = 5;
            o.Orders.ReconcileDelay = TimeSpan.FromSeconds(1);
            o.Orders.ReconcileTimeout = TimeSpan.FromSeconds(2.5);
        });

        var task = client.PlaceOrderAsync(Order);
        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => Drive(task, TimeSpan.FromMilliseconds(100)));

        Assert.Equal(2, _wire.Count("order.status"));
        Assert.Contains("2 queries by client order id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("#1 not found (-2013)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("#2 not found (-2013)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("time bound of 2.5 s ran out", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("5 queries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_QueryThatNeverAnswers_IsCutOffByTheTimeBound_NotByTheTotalTimeout()
    {
        _wire.On("order.place", OrderWire.FailAfterSend(new ExchangeTimeoutException("read timeout"))).On("order.status", OrderWire.HangAfterSend());
        using var client = Client(o =>
        {
            o.Timeouts.Total = TimeSpan.FromSeconds(30);
            o.Orders.ReconcileTimeout = TimeSpan.FromSeconds(4);
        });

        var task = client.PlaceOrderAsync(Order);
        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => Drive(task, TimeSpan.FromMilliseconds(500)));

        Assert.Equal(1, _wire.Count("order.status"));
        Assert.Contains("1 query by client order id could not settle it: #1 no answer before the time bound", ex.Message, StringComparison.Ordinal);
        Assert.Contains("time bound of 4 s ran out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_MessageNamesWhatEachQueryGot()
    {
        _wire.On("order.place", OrderWire.Answer(503, "upstream"))
            .On("order.status", OrderWire.NotFound(), OrderWire.Answer(503, "<html>busy</html>"), OrderWire.FailBeforeSend(new CircuitOpenException("circuit open")));
        using var client = Client(o => o.Orders.ReconcileAttempts = 5);

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(Order));

        Assert.Equal(3, _wire.Count("order.status"));
        Assert.Contains("3 queries by client order id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("#1 not found (-2013)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("#2 ExchangeUnavailableException (HTTP 503)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("#3 CircuitOpenException", ex.Message, StringComparison.Ordinal);
        Assert.IsType<CircuitOpenException>(ex.InnerException);
    }

    // ---- Item 6: the Binance code the exchange sent survives.

    [Fact]
    public async Task PlaceOrder_503WithTimeoutBody_UnknownStatusKeepsCodeAndStatus()
    {
        _wire.On("order.place", OrderWire.Answer(503, """{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}"""))
            .On("order.status", OrderWire.NotFound());
        using var client = Client();

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(Order));

        Assert.Equal(-1007, ex.BinanceCode);
        Assert.Equal(503, ex.HttpStatus);
        Assert.Contains("-1007", ex.ResponseBodyExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaceOrder_TimeoutExceptionCarryingACode_UnknownStatusKeepsIt()
    {
        _wire.On("order.place", OrderWire.FailAfterSend(new ExchangeTimeoutException("timeout", -1007, 408)))
            .On("order.status", OrderWire.NotFound());
        using var client = Client();

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(Order));

        Assert.Equal(-1007, ex.BinanceCode);
        Assert.Equal(408, ex.HttpStatus);
    }

    [Fact]
    public async Task IpBan418_KeepsTheBinanceCode()
    {
        _wire.On("order.status", OrderWire.Answer(418, """{"code":-1003,"msg":"Way too much request weight used; IP banned until 1700000120000."}""", new() { ["Retry-After"] = "120" }));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<IpBannedException>(() => client.GetOrderAsync("BTCUSDT", clientOrderId: Cid));

        Assert.Equal(-1003, ex.BinanceCode);
        Assert.Equal(418, ex.HttpStatus);
    }

    [Fact]
    public async Task Timeout503Body_OnAQuery_IsExchangeTimeoutWithCode()
    {
        _wire.On("order.status", OrderWire.Answer(503, """{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}"""));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => client.GetOrderAsync("BTCUSDT", clientOrderId: Cid));

        Assert.Equal(-1007, ex.BinanceCode);
        Assert.Equal(503, ex.HttpStatus);
    }

    [Fact]
    public async Task Rejection_KeepsTheBinanceCode_AndIsNotReconciled()
    {
        _wire.On("order.place", OrderWire.Answer(400, """{"code":-2010,"msg":"Order would immediately match and take."}""")).On("order.status", OrderWire.Found("NEW"));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<OrderRejectedException>(() => client.PlaceOrderAsync(Order));

        Assert.Equal(-2010, ex.BinanceCode);
        Assert.Equal(400, ex.HttpStatus);
        Assert.Equal(0, _wire.Count("order.status"));
    }
}
