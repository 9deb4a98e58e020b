using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

/// <summary>WebSocket connection attempts in <see cref="InMemoryRateLimitBudget"/>: 300 per 5 minutes per IP at Binance, 240 by default here.</summary>
public sealed class ConnectionAttemptBudgetTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly InMemoryRateLimitBudget _budget;

    public ConnectionAttemptBudgetTests()
    {
        _budget = new InMemoryRateLimitBudget(new RateLimitOptions(), _time);
    }

    public void Dispose() => _budget.Dispose();

    private async Task AttemptAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var attempt = _budget.AcquireConnectionAttemptAsync();
            Assert.True(attempt.IsCompletedSuccessfully, $"attempt {i + 1} waited");
            await attempt;
        }
    }

    [Fact]
    public void Options_DefaultToBinancesLimit_AndCeilingIsEightyPercent()
    {
        var options = new RateLimitOptions();

        Assert.Equal(300, options.ConnectionAttemptLimit);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ConnectionAttemptWindow);
        Assert.Equal(240, _budget.ConnectionAttemptCeiling);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_241stWaitsUntilTheWindowRolls_WhenCeilingReached()
    {
        await AttemptAsync(240);

        var waiting = _budget.AcquireConnectionAttemptAsync().AsTask();
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var grantedAt = await waiting.Within();

        Assert.Equal(TestRequests.Start.AddMinutes(5), grantedAt);
        Assert.Equal(1, _budget.ConnectionAttemptsInWindow);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_WindowSlides_SoNoFiveMinutesHoldMoreThanTheCeiling()
    {
        await AttemptAsync(120);
        _time.Advance(TimeSpan.FromMinutes(4));
        await AttemptAsync(120);

        // At 4:59 the first 120 still count: nothing more may go, although a clock-aligned window would have rolled.
        _time.Advance(TimeSpan.FromSeconds(59));
        var waiting = _budget.AcquireConnectionAttemptAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1)); // 5:00: the first 120 expire
        await waiting.Within();
        await AttemptAsync(119);
        Assert.False(_budget.AcquireConnectionAttemptAsync().AsTask().IsCompleted);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_WaitersAreGrantedInArrivalOrder_AndALaterCallerDoesNotOvertake()
    {
        await AttemptAsync(240);
        var first = _budget.AcquireConnectionAttemptAsync().AsTask();
        var second = _budget.AcquireConnectionAttemptAsync().AsTask();

        _time.Advance(TimeSpan.FromMinutes(5));
        await first.Within();
        await second.Within();
        Assert.Equal(2, _budget.ConnectionAttemptsInWindow);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_IsNotHeldBackByRestRequestWeight()
    {
        using var budget = new InMemoryRateLimitBudget(new RateLimitOptions { DefaultRequestWeightPerMinute = 10 }, _time);
        await budget.AcquireAsync(8, countsAsOrder: false);
        var rest = budget.AcquireAsync(8, countsAsOrder: false);
        Assert.False(rest.IsCompleted);

        var attempt = budget.AcquireConnectionAttemptAsync();

        Assert.True(attempt.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_Canceled_ReservesNothing_AndReleasesTheQueue()
    {
        await AttemptAsync(240);
        using var cts = new CancellationTokenSource();
        var canceled = _budget.AcquireConnectionAttemptAsync(cts.Token).AsTask();
        var next = _budget.AcquireConnectionAttemptAsync().AsTask();

        await cts.CancelAsync();
        _time.Advance(TimeSpan.FromMinutes(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.Within());
        await next.Within();
        Assert.Equal(1, _budget.ConnectionAttemptsInWindow);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_FailsFast_WhileTheIpIsBanned_AndFailsWaiters()
    {
        await AttemptAsync(240);
        var waiting = _budget.AcquireConnectionAttemptAsync().AsTask();

        _budget.BanFor(TimeSpan.FromMinutes(2));

        await Assert.ThrowsAsync<IpBannedException>(() => waiting.Within());
        await Assert.ThrowsAsync<IpBannedException>(() => _budget.AcquireConnectionAttemptAsync().AsTask());
    }

    [Fact]
    public void Ceiling_FollowsLimitAndMaxUtilization()
    {
        using var budget = new InMemoryRateLimitBudget(new RateLimitOptions { ConnectionAttemptLimit = 10, MaxUtilization = 0.5m }, _time);

        Assert.Equal(5, budget.ConnectionAttemptCeiling);
    }
}
