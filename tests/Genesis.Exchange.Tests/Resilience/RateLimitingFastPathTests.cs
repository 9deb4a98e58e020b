using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

/// <summary>
/// The permit's fast path (issue 12, pipeline cost): a request that gets its permit at once arms no wait-limit timer and
/// links no token; a request that has to wait still gets the wait limit.
/// </summary>
public sealed class RateLimitingFastPathTests : IDisposable
{
    private readonly TimerCountingTimeProvider _time = new();
    private readonly InMemoryRateLimitBudget _budget;
    private readonly ScriptedTransport _inner;
    private readonly RateLimitingTransport _sut;

    public RateLimitingFastPathTests()
    {
        _budget = new InMemoryRateLimitBudget(new RateLimitOptions { DefaultRequestWeightPerMinute = 100 }, _time);
        _inner = new ScriptedTransport(_time);
        _sut = new RateLimitingTransport(_inner, _budget, _time, NullLogger<RateLimitingTransport>.Instance, maxWait: TimeSpan.FromSeconds(20));
    }

    public void Dispose() => _budget.Dispose();

    [Fact]
    public async Task PermitAvailableNow_ArmsNoWaitLimitTimer()
    {
        using var caller = new CancellationTokenSource();
        var before = _time.TimersCreated;

        for (var i = 0; i < 10; i++)
        {
            await _sut.SendAsync(TestRequests.Market(), caller.Token).AsTask().Within();
        }

        Assert.Equal(before, _time.TimersCreated);
        Assert.Equal(10, _inner.Count);
    }

    [Fact]
    public async Task PermitThatMustWait_StillHasItsWaitLimit()
    {
        _inner.Then(ScriptedTransport.Ok("{}", ("X-MBX-USED-WEIGHT-1M", "80")));
        await _sut.SendAsync(TestRequests.Market());

        var waiting = _sut.SendAsync(TestRequests.Market(weight: 30)).AsTask();
        _time.Advance(TimeSpan.FromSeconds(20));

        // The minute's window does not roll within 20 s of the start here, so the wait limit ends it first.
        var ex = await Assert.ThrowsAsync<Genesis.Exchange.Errors.ExchangeTimeoutException>(() => waiting.Within());
        Assert.True(ex.RequestNotSent);
    }

    /// <summary>A fake clock that counts the timers created on it.</summary>
    private sealed class TimerCountingTimeProvider : FakeTimeProvider
    {
        private int _timers;

        public TimerCountingTimeProvider()
            : base(TestRequests.Start)
        {
        }

        public int TimersCreated => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
