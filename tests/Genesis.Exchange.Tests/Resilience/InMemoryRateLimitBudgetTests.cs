using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class InMemoryRateLimitBudgetTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly InMemoryRateLimitBudget _budget;

    public InMemoryRateLimitBudgetTests()
    {
        // Weight 100/min → ceiling 80; orders 10 per 10 s → ceiling 8.
        _budget = new InMemoryRateLimitBudget(
            new RateLimitOptions { DefaultRequestWeightPerMinute = 100, DefaultOrdersPerTenSeconds = 10, DefaultOrdersPerDay = 1000 },
            _time);
    }

    public void Dispose() => _budget.Dispose();

    private long Used(RateLimitType type, TimeSpan window) =>
        _budget.GetUsage().Single(u => u.Type == type && u.Window == window).Used;

    [Fact]
    public void Acquire_CompletesSynchronously_WhenBelowCeiling()
    {
        Assert.True(TestRequests.CompletedNow(_budget.AcquireAnswered(30, countsAsOrder: false)));
        Assert.Equal(30, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void GetUsage_ReportsEveryDefaultLimitWithCeilingAndReset()
    {
        var usage = _budget.GetUsage();

        Assert.Equal(4, usage.Count);
        var weight = usage.Single(u => u.Type == RateLimitType.RequestWeight);
        Assert.Equal(100, weight.Limit);
        Assert.Equal(80, weight.Ceiling);
        Assert.Equal(TestRequests.Start.AddMinutes(1), weight.WindowResetsAt);
        Assert.Contains(usage, u => u.Type == RateLimitType.RawRequests && u.Window == TimeSpan.FromMinutes(5));
        Assert.Contains(usage, u => u.Type == RateLimitType.Orders && u.Window == TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Acquire_WaitsUntilWindowRolls_WhenCeilingReached()
    {
        await _budget.AcquireAnswered(80, false);

        var waiting = _budget.AcquireAnswered(1, false).AsTask();
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.Within();
        Assert.Equal(1, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Acquire_RequestsStillInFlightAtTheRoll_AreCarriedIntoTheNextWindow()
    {
        // Granted but not answered: the exchange may count it when it arrives, in the next window.
        await _budget.AcquireAsync(80, false);
        _time.Advance(TimeSpan.FromMinutes(1));

        var waiting = _budget.AcquireAnswered(1, false).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(80, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));

        _budget.Release(80, false);
        _time.Advance(TimeSpan.FromMinutes(1));
        await waiting.Within();
        Assert.Equal(1, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Acquire_TimeFromJustBeforeTheCurrentWindow_DoesNotRollBackAndResetTheCount()
    {
        // Callers read the clock before taking the lock, so a late thread can carry a time from the previous window.
        var clock = new Genesis.Exchange.Internal.ServerClock(_time);
        using var budget = new InMemoryRateLimitBudget(new RateLimitOptions { DefaultRequestWeightPerMinute = 100 }, _time, clock);
        _time.Advance(TimeSpan.FromMinutes(1));
        await budget.AcquireAnswered(80, false);

        clock.SetOffset(TimeSpan.FromSeconds(-1), _time.GetUtcNow());
        var late = budget.AcquireAnswered(1, false).AsTask();

        Assert.False(late.IsCompleted);
        Assert.Equal(80, budget.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used);
    }

    [Fact]
    public void UpdateLimits_NewWindow_StartsFromWhatTheExchangeReportedForIt()
    {
        // The exchangeInfo call itself (weight 20) is reported in a 1 s window the budget did not track yet.
        _budget.ReconcileUsage(RateLimitType.RequestWeight, TimeSpan.FromSeconds(1), 20, _time.GetUtcNow());

        _budget.UpdateLimits([new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Second, 1, 600)]);

        Assert.Equal(20, Used(RateLimitType.RequestWeight, TimeSpan.FromSeconds(1)));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Used(RateLimitType.RequestWeight, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Release_BeforeTheRoll_LetsTheNextWindowStartEmpty()
    {
        await _budget.AcquireAsync(50, countsAsOrder: true);
        _budget.Release(50, countsAsOrder: true);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
        Assert.Equal(0, Used(RateLimitType.Orders, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, Used(RateLimitType.Orders, TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task Acquire_WindowIsFixedToTheClock_NotSliding()
    {
        _time.Advance(TimeSpan.FromSeconds(45));
        await _budget.AcquireAnswered(80, false);

        var waiting = _budget.AcquireAnswered(1, false).AsTask();
        _time.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1)); // 00:01:00, not 00:01:45

        await waiting.Within();
    }

    [Fact]
    public async Task Acquire_ReleasesQueuedCallersInArrivalOrder_WithoutOvertaking()
    {
        await _budget.AcquireAnswered(70, false);

        var first = _budget.AcquireAnswered(20, false).AsTask();   // does not fit (90 > 80)
        var second = _budget.AcquireAnswered(5, false).AsTask();   // would fit, but must not overtake
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(first, second).Within();
        Assert.Equal(25, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Acquire_ReleasesOnlyWhatFits_RestWaitsForNextWindow()
    {
        await _budget.AcquireAnswered(80, false);
        var a = _budget.AcquireAnswered(40, false).AsTask();
        var b = _budget.AcquireAnswered(40, false).AsTask();
        var c = _budget.AcquireAnswered(40, false).AsTask();
        Assert.False(a.IsCompleted || b.IsCompleted || c.IsCompleted);

        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(a, b).Within();
        Assert.False(c.IsCompleted);

        _time.Advance(TimeSpan.FromMinutes(1));
        await c.Within();
    }

    [Fact]
    public async Task Acquire_CountsOneOrderOnEveryOrdersLimit()
    {
        await _budget.AcquireAnswered(1, countsAsOrder: true);
        await _budget.AcquireAnswered(1, countsAsOrder: false);

        Assert.Equal(1, Used(RateLimitType.Orders, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, Used(RateLimitType.Orders, TimeSpan.FromDays(1)));
        Assert.Equal(2, Used(RateLimitType.RawRequests, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Acquire_WaitsForOrderWindow_WhenOrderCeilingReached()
    {
        for (var i = 0; i < 8; i++)
        {
            await _budget.AcquireAnswered(1, true);
        }

        var order = _budget.AcquireAnswered(1, true).AsTask();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(order.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await order.Within();
    }

    [Fact]
    public async Task Acquire_NonOrderRequestGoesThroughAtOnce_WhileAnOrderWaitsForTheTenSecondOrdersWindow()
    {
        for (var i = 0; i < 8; i++)
        {
            await _budget.AcquireAnswered(1, true);
        }

        var order = _budget.AcquireAnswered(1, true).AsTask();
        var cancel = _budget.AcquireAnswered(1, false);

        Assert.False(order.IsCompleted);
        Assert.True(TestRequests.CompletedNow(cancel));
        _time.Advance(TimeSpan.FromSeconds(10));
        await order.Within();
    }

    [Fact]
    public async Task Acquire_NonOrderRequestGoesThroughAtOnce_WhileAnOrderWaitsForTheDailyOrdersWindow()
    {
        using var budget = new InMemoryRateLimitBudget(
            new RateLimitOptions { DefaultRequestWeightPerMinute = 100, DefaultOrdersPerTenSeconds = 1000, DefaultOrdersPerDay = 5 },
            _time);
        for (var i = 0; i < 4; i++)
        {
            await budget.AcquireAnswered(1, true);
        }

        var order = budget.AcquireAnswered(1, true).AsTask();
        var market = budget.AcquireAnswered(5, false);
        _time.Advance(TimeSpan.FromHours(1));
        var laterCancel = budget.AcquireAnswered(1, false);

        Assert.False(order.IsCompleted);
        Assert.True(TestRequests.CompletedNow(market));
        Assert.True(TestRequests.CompletedNow(laterCancel));
        _time.Advance(TimeSpan.FromHours(23));
        await order.Within();
    }

    [Fact]
    public async Task Acquire_OrderQueuedBehindAWaitingOrder_DoesNotOvertakeIt()
    {
        for (var i = 0; i < 7; i++)
        {
            await _budget.AcquireAnswered(1, true);
        }

        var big = _budget.AcquireAnswered(30, true); // 8th order fits the ORDERS window
        await big;
        var first = _budget.AcquireAnswered(60, true).AsTask();  // waits: ORDERS full and weight 37 + 60 > 80
        var second = _budget.AcquireAnswered(1, true).AsTask();  // waits behind the first order (FIFO on ORDERS)

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(first.IsCompleted);  // ORDERS rolled, weight has not
        Assert.False(second.IsCompleted); // and the second still may not overtake it
        _time.Advance(TimeSpan.FromSeconds(50));
        await Task.WhenAll(first, second).Within();
    }

    [Fact]
    public async Task Acquire_NonOrderRequest_WaitsBehindAnOrderThatWaitsForWeight()
    {
        await _budget.AcquireAnswered(70, false);

        var order = _budget.AcquireAnswered(20, true).AsTask();  // waits for weight (90 > 80)
        var market = _budget.AcquireAnswered(5, false).AsTask(); // would fit, but FIFO holds on the weight limit

        Assert.False(order.IsCompleted);
        Assert.False(market.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(order, market).Within();
        Assert.Equal(25, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Acquire_Canceled_UnblocksALaterNonOrderRequest_QueuedBehindIt()
    {
        await _budget.AcquireAnswered(70, false);
        using var cts = new CancellationTokenSource();
        var canceled = _budget.AcquireAnswered(20, false, cts.Token).AsTask();
        var small = _budget.AcquireAnswered(5, false).AsTask();
        Assert.False(small.IsCompleted);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.Within());
        await small.Within();
        Assert.Equal(75, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Acquire_Canceled_RemovesWaiterAndLetsNextThrough()
    {
        await _budget.AcquireAnswered(80, false);
        using var cts = new CancellationTokenSource();
        var canceled = _budget.AcquireAnswered(50, false, cts.Token).AsTask();
        var next = _budget.AcquireAnswered(10, false).AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.Within());
        Assert.False(next.IsCompleted); // 80 + 10 does not fit either: it waits for the roll, not for the canceled one
        _time.Advance(TimeSpan.FromMinutes(1));
        await next.Within();

        Assert.Equal(10, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Acquire_RequestLargerThanCeiling_GoesAloneIntoEmptyWindow()
    {
        Assert.True(TestRequests.CompletedNow(_budget.AcquireAnswered(95, false)));
        var next = _budget.AcquireAnswered(1, false).AsTask();
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        await next.Within();
    }

    [Fact]
    public async Task ReconcileUsage_TakesServerCount_WhenHigher()
    {
        var grantedAt = await _budget.AcquireAnswered(5, false);

        _budget.ReconcileUsage(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1), 78, grantedAt);

        Assert.Equal(78, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
        Assert.False(TestRequests.CompletedNow(_budget.AcquireAnswered(5, false)));
    }

    [Fact]
    public async Task ReconcileUsage_KeepsLocalCount_WhenServerCountIsLower()
    {
        var grantedAt = await _budget.AcquireAnswered(40, false);

        _budget.ReconcileUsage(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1), 10, grantedAt);

        Assert.Equal(40, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task ReconcileUsage_IgnoresCount_WhenWindowRolledSinceGrant()
    {
        var grantedAt = await _budget.AcquireAnswered(5, false);
        _time.Advance(TimeSpan.FromMinutes(1));

        _budget.ReconcileUsage(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1), 79, grantedAt);

        Assert.Equal(0, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task UpdateLimits_TracksDeclaredLimits_AndKeepsCurrentCounts()
    {
        await _budget.AcquireAnswered(30, false);

        _budget.UpdateLimits(
        [
            new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, 1000),
            new RateLimit(RateLimitType.RawRequests, RateLimitInterval.Minute, 5, 61000),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Second, 10, 50),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Day, 1, 160000),
            new RateLimit(RateLimitType.Unknown, RateLimitInterval.Minute, 1, 5),
        ]);

        var usage = _budget.GetUsage();
        Assert.Equal(4, usage.Count);
        var weight = usage.Single(u => u.Type == RateLimitType.RequestWeight);
        Assert.Equal(800, weight.Ceiling);
        Assert.Equal(30, weight.Used);
        Assert.Equal(40, usage.Single(u => u.Window == TimeSpan.FromSeconds(10)).Ceiling);
    }

    [Fact]
    public async Task UpdateLimits_ReleasesWaiters_WhenLimitRaised()
    {
        await _budget.AcquireAnswered(80, false);
        var waiting = _budget.AcquireAnswered(10, false).AsTask();
        Assert.False(waiting.IsCompleted);

        _budget.UpdateLimits([new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, 1000)]);
        _time.Advance(TimeSpan.FromTicks(1));

        await waiting.Within();
    }

    [Fact]
    public async Task PauseFor_HoldsEveryRequestUntilPauseEnds()
    {
        _budget.PauseFor(TimeSpan.FromSeconds(5));

        var waiting = _budget.AcquireAnswered(1, false).AsTask();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.Within();
    }

    [Fact]
    public async Task PauseFor_RequestArrivingAtThePauseEnd_DoesNotOvertakeOneQueuedDuringThePause()
    {
        await _budget.AcquireAnswered(75, false);
        _budget.PauseFor(TimeSpan.FromSeconds(5));
        var queued = _budget.AcquireAnswered(5, false).AsTask();

        // The clock passes the end of the pause before the timer pumps (AdjustTime moves the clock without firing timers).
        _time.AdjustTime(_time.GetUtcNow().AddSeconds(5));
        var late = _budget.AcquireAnswered(5, false).AsTask();

        Assert.False(late.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        await queued.Within();
        Assert.False(late.IsCompleted); // 80 used: the late one waits for the next window
    }

    [Fact]
    public async Task BanFor_FailsFastUntilBanEnds()
    {
        _budget.BanFor(TimeSpan.FromMinutes(2));

        var ex = await Assert.ThrowsAsync<IpBannedException>(() => _budget.AcquireAnswered(1, false).AsTask());
        Assert.Equal(TestRequests.Start.AddMinutes(2), ex.BannedUntil);
        Assert.Equal(TestRequests.Start.AddMinutes(2), _budget.BannedUntil);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(TestRequests.CompletedNow(_budget.AcquireAnswered(1, false)));
        Assert.Null(_budget.BannedUntil);
    }

    [Fact]
    public async Task BanFor_FailsCallersAlreadyWaiting()
    {
        await _budget.AcquireAnswered(80, false);
        var waiting = _budget.AcquireAnswered(1, false).AsTask();
        Assert.False(waiting.IsCompleted);

        _budget.BanFor(TimeSpan.FromMinutes(2));

        await Assert.ThrowsAsync<IpBannedException>(() => waiting.Within());
    }

    [Fact]
    public async Task Acquire_LogsCeilingWarningOncePerWindow()
    {
        var logger = new CapturingLogger<InMemoryRateLimitBudget>();
        using var budget = new InMemoryRateLimitBudget(new RateLimitOptions { DefaultRequestWeightPerMinute = 100 }, _time, logger: logger);
        await budget.AcquireAnswered(80, false);

        var a = budget.AcquireAnswered(1, false).AsTask();
        var b = budget.AcquireAnswered(1, false).AsTask();
        Assert.Single(logger.Entries, e => e.EventId.Id == 4001 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);

        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(a, b).Within();
        await budget.AcquireAnswered(78, false);
        var c = budget.AcquireAnswered(1, false).AsTask();
        Assert.Equal(2, logger.Entries.Count(e => e.EventId.Id == 4001));
        _time.Advance(TimeSpan.FromMinutes(1));
        await c.Within();
    }

    [Fact]
    public async Task Acquire_AlignsWindowsToServerClock_WhenGiven()
    {
        var clock = new Genesis.Exchange.Internal.ServerClock(_time);
        clock.SetOffset(TimeSpan.FromSeconds(10), _time.GetUtcNow()); // server is 10 s ahead
        using var budget = new InMemoryRateLimitBudget(new RateLimitOptions { DefaultRequestWeightPerMinute = 100 }, _time, clock);
        await budget.AcquireAnswered(80, false);

        var waiting = budget.AcquireAnswered(1, false).AsTask();
        _time.Advance(TimeSpan.FromSeconds(49));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1)); // server time 00:01:00

        await waiting.Within();
    }
}
