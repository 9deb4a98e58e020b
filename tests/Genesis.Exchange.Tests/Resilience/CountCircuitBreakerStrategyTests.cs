using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class CountCircuitBreakerStrategyTests
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly CircuitBreaker _breaker;
    private readonly ScriptedTransport _inner;
    private readonly ResiliencePipelineTransport _sut;

    public CountCircuitBreakerStrategyTests()
    {
        _breaker = new CircuitBreaker(new CircuitBreakerOptions(), _time, NullLogger<CircuitBreaker>.Instance);
        _inner = new ScriptedTransport(_time);
        _sut = TestPipelines.Breaker(_inner, _breaker, _time);
    }

    private async Task SendIgnoringErrorsAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            try
            {
                await _sut.SendAsync(TestRequests.Market());
            }
            catch (ExchangeUnavailableException)
            {
            }
        }
    }

    [Fact]
    public async Task SendAsync_OpensAfterFive5xx_ThenFailsFastWithoutSending()
    {
        _inner.Fallback = _ => ScriptedTransport.Status(503);
        await SendIgnoringErrorsAsync(5);

        var ex = await Assert.ThrowsAsync<CircuitOpenException>(() => _sut.SendAsync(TestRequests.Market()).AsTask());

        Assert.Equal(5, _inner.Count);
        Assert.True(ex.RequestNotSent);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_CountsUnavailableAndTimeoutExceptions()
    {
        _inner.Fallback = _ => throw new ExchangeUnavailableException("down");
        await SendIgnoringErrorsAsync(3);
        _inner.Fallback = _ => throw new ExchangeTimeoutException("slow");
        await SendIgnoringErrorsAsync(2);

        Assert.Equal(CircuitState.Open, _breaker.State);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(429)]
    [InlineData(418)]
    public async Task SendAsync_DoesNotCount4xx(int status)
    {
        _inner.Fallback = _ => ScriptedTransport.Error(status, -1100);

        for (var i = 0; i < 10; i++)
        {
            await _sut.SendAsync(TestRequests.Market());
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Equal(10, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_DoesNotCountCallerCancellation()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        _inner.Fallback = _ => throw new OperationCanceledException(cts.Token);

        for (var i = 0; i < 6; i++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sut.SendAsync(TestRequests.Market(), cts.Token).AsTask());
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task SendAsync_ClosedOpenHalfOpenClosedAndOpenAgain()
    {
        _inner.Fallback = _ => ScriptedTransport.Status(500);
        await SendIgnoringErrorsAsync(5);
        Assert.Equal(CircuitState.Open, _breaker.State);

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        _inner.Then(ScriptedTransport.Ok());
        await _sut.SendAsync(TestRequests.Market());
        Assert.Equal(CircuitState.Closed, _breaker.State);

        await SendIgnoringErrorsAsync(5);
        Assert.Equal(CircuitState.Open, _breaker.State);
        _time.Advance(TimeSpan.FromSeconds(60));
        await _sut.SendAsync(TestRequests.Market()); // failed trial (500 is returned, not thrown)
        Assert.Equal(CircuitState.Open, _breaker.State);
    }

    [Fact]
    public async Task SendAsync_RejectsConcurrentCalls_WhileTrialInFlight()
    {
        _inner.Fallback = _ => ScriptedTransport.Status(502);
        await SendIgnoringErrorsAsync(5);
        _time.Advance(TimeSpan.FromSeconds(60));
        var trialResponse = new TaskCompletionSource<ExchangeResponse>();
        _inner.Then((_, _) => new ValueTask<ExchangeResponse>(trialResponse.Task));

        var trial = _sut.SendAsync(TestRequests.Market()).AsTask();
        await Assert.ThrowsAsync<CircuitOpenException>(() => _sut.SendAsync(TestRequests.Market()).AsTask());
        trialResponse.SetResult(ScriptedTransport.Ok());
        await trial.Within();

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task SendAsync_ThrowingStateChangedHandler_DoesNotChangeTheResultOfTheCallThatTrippedIt()
    {
        var logger = new CapturingLogger<CircuitBreaker>();
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { FailureThreshold = 1 }, _time, logger, inlineEvents: true);
        var sut = TestPipelines.Breaker(_inner, breaker, _time);
        var secondHandlerCalls = 0;
        breaker.StateChanged += (_, _) => throw new InvalidOperationException("handler bug");
        breaker.StateChanged += (_, _) => secondHandlerCalls++;
        _inner.Then(ScriptedTransport.Status(503));
        _inner.Then(ScriptedTransport.Ok("{\"orderId\":1}"));

        var tripping = await sut.SendAsync(TestRequests.Market());      // opens the circuit (Closed → Open)
        _time.Advance(TimeSpan.FromSeconds(60));
        var trial = await sut.SendAsync(TestRequests.PlaceOrder());     // Open → HalfOpen on entry, HalfOpen → Closed on success

        Assert.Equal(503, tripping.StatusCode);
        Assert.Equal(200, trial.StatusCode);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(3, secondHandlerCalls);
        Assert.Equal(3, logger.Entries.Count(e => e.Exception is InvalidOperationException));
    }

    [Fact]
    public async Task SendAsync_DoesNotCountRequestsThatWereNeverSent_LikeARateLimitWaitTimeout()
    {
        _inner.Fallback = _ => throw new ExchangeTimeoutException("waited too long for the rate limits", innerException: new OperationCanceledException()) { RequestNotSent = true };

        for (var i = 0; i < 6; i++)
        {
            await Assert.ThrowsAsync<ExchangeTimeoutException>(() => _sut.SendAsync(TestRequests.Market()).AsTask());
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task SendAsync_CountsANotSentFailure_WhoseCauseIsAnExchangeFailure()
    {
        // A failed time sync: the signed request was not sent because the exchange did not answer /api/v3/time.
        _inner.Fallback = _ => throw new ExchangeUnavailableException("time sync failed", innerException: new ExchangeUnavailableException("connection refused")) { RequestNotSent = true };

        await SendIgnoringErrorsAsync(5);

        Assert.Equal(CircuitState.Open, _breaker.State);
    }

    [Fact]
    public async Task SendAsync_DoesNotCountRequestsRefusedLocallyByIpBan()
    {
        _inner.Fallback = _ => throw new IpBannedException("banned", TestRequests.Start.AddMinutes(2));

        for (var i = 0; i < 6; i++)
        {
            await Assert.ThrowsAsync<IpBannedException>(() => _sut.SendAsync(TestRequests.Market()).AsTask());
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task SendAsync_ReturnsWhileAStateChangedHandlerStillRuns_BecauseEventsAreOffTheRequestPath()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { FailureThreshold = 1 }, _time, NullLogger<CircuitBreaker>.Instance);
        var sut = TestPipelines.Breaker(_inner, breaker, _time);
        using var release = new ManualResetEventSlim();
        var handlerFinished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        breaker.StateChanged += (_, _) =>
        {
            // A slow alerting handler; bounded so that a regression fails the test instead of hanging it.
            var released = release.Wait(TimeSpan.FromSeconds(5));
            handlerFinished.TrySetResult(released);
        };
        _inner.Then(ScriptedTransport.Status(503));

        var response = await sut.SendAsync(TestRequests.Market()).AsTask().Within();

        Assert.Equal(503, response.StatusCode);
        Assert.False(handlerFinished.Task.IsCompleted);
        release.Set();
        Assert.True(await handlerFinished.Task.Within());
    }

    [Fact]
    public async Task StateChanged_DeliversEveryChangeInOrder_AndSurvivesAThrowingHandler()
    {
        var logger = new CapturingLogger<CircuitBreaker>();
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { FailureThreshold = 1 }, _time, logger);
        var sut = TestPipelines.Breaker(_inner, breaker, _time);
        var changes = new List<(CircuitState From, CircuitState To)>();
        var allDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        breaker.StateChanged += (_, _) => throw new InvalidOperationException("handler bug");
        breaker.StateChanged += (_, e) =>
        {
            changes.Add((e.PreviousState, e.NewState));
            if (changes.Count == 3)
            {
                allDelivered.TrySetResult();
            }
        };
        _inner.Then(ScriptedTransport.Status(503)).Then(ScriptedTransport.Ok());

        await sut.SendAsync(TestRequests.Market());
        _time.Advance(TimeSpan.FromSeconds(60));
        await sut.SendAsync(TestRequests.Market());
        await allDelivered.Task.Within();

        Assert.Equal([(CircuitState.Closed, CircuitState.Open), (CircuitState.Open, CircuitState.HalfOpen), (CircuitState.HalfOpen, CircuitState.Closed)], changes);
        Assert.Equal(3, logger.Entries.Count(e => e.Exception is InvalidOperationException));
    }
}
