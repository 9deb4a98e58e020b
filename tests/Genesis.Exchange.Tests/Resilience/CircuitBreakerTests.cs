using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly CircuitBreaker _breaker;
    private readonly List<(CircuitState From, CircuitState To)> _changes = [];

    public CircuitBreakerTests()
    {
        _breaker = new CircuitBreaker(new CircuitBreakerOptions(), _time, NullLogger<CircuitBreaker>.Instance, inlineEvents: true);
        _breaker.StateChanged += (_, e) => _changes.Add((e.PreviousState, e.NewState));
    }

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            var trial = _breaker.Enter(null);
            _breaker.OnFailure(trial);
        }
    }

    [Fact]
    public void OnFailure_OpensAfterFiveFailuresWithinThirtySeconds()
    {
        Fail(4);
        Assert.Equal(CircuitState.Closed, _breaker.State);

        Fail(1);

        Assert.Equal(CircuitState.Open, _breaker.State);
        var ex = Assert.Throws<CircuitOpenException>(() => _breaker.Enter("c1"));
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
        Assert.Equal("c1", ex.CorrelationId);
    }

    [Fact]
    public void OnFailure_StaysClosed_WhenFailuresSpreadBeyondSamplingDuration()
    {
        Fail(4);
        _time.Advance(TimeSpan.FromSeconds(31));

        Fail(4);

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public void State_HalfOpensAfterBreakDuration_AndSuccessfulTrialCloses()
    {
        Fail(5);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(CircuitState.Open, _breaker.State);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
        var trial = _breaker.Enter(null);
        _breaker.OnSuccess(trial);

        Assert.True(trial);
        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Equal(
            [(CircuitState.Closed, CircuitState.Open), (CircuitState.Open, CircuitState.HalfOpen), (CircuitState.HalfOpen, CircuitState.Closed)],
            _changes);
    }

    [Fact]
    public void OnFailure_OfTrial_ReopensForAnotherBreakDuration()
    {
        Fail(5);
        _time.Advance(TimeSpan.FromSeconds(60));

        Fail(1);

        Assert.Equal(CircuitState.Open, _breaker.State);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Throws<CircuitOpenException>(() => _breaker.Enter(null));
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Open), _changes[^1]);
    }

    [Fact]
    public void Enter_RejectsOtherCalls_WhileTrialInFlight()
    {
        Fail(5);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(_breaker.Enter(null));

        var ex = Assert.Throws<CircuitOpenException>(() => _breaker.Enter(null));

        Assert.Equal(TimeSpan.Zero, ex.RetryAfter);
    }

    [Fact]
    public void OnAbandoned_OfTrial_LetsNextCallBeTheTrial()
    {
        Fail(5);
        _time.Advance(TimeSpan.FromSeconds(60));
        _breaker.OnAbandoned(_breaker.Enter(null));

        Assert.True(_breaker.Enter(null));
        Assert.Equal(CircuitState.HalfOpen, _breaker.State);
    }

    [Fact]
    public void Closed_AfterTrial_NeedsFiveNewFailuresToOpen()
    {
        Fail(5);
        _time.Advance(TimeSpan.FromSeconds(60));
        _breaker.OnSuccess(_breaker.Enter(null));

        Fail(4);

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }
}
