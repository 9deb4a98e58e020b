using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

/// <summary>
/// The one-pass reservation: limits are charged in order and taken back when a later one overflows, so a refused
/// request never leaves a charge behind on the limits checked before the one that refused it.
/// </summary>
public sealed class InMemoryRateLimitBudgetReserveTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly InMemoryRateLimitBudget _budget;

    public InMemoryRateLimitBudgetReserveTests()
    {
        // Weight 100/min → ceiling 80; orders 10 per 10 s → ceiling 8. Weight and raw requests come before the orders
        // limits, so an order refused by ORDERS has already been charged on them when the refusal is found.
        _budget = new InMemoryRateLimitBudget(
            new RateLimitOptions { DefaultRequestWeightPerMinute = 100, DefaultOrdersPerTenSeconds = 10, DefaultOrdersPerDay = 1000 },
            _time);
    }

    public void Dispose() => _budget.Dispose();

    [Fact]
    public void Acquire_LeavesNoChargeOnEarlierLimits_WhenALaterLimitRefuses()
    {
        for (var i = 0; i < 8; i++)
        {
            Assert.True(TestRequests.CompletedNow(_budget.AcquireAnswered(2, countsAsOrder: true)));
        }

        var refused = _budget.AcquireAnswered(5, countsAsOrder: true);

        Assert.False(refused.IsCompleted);
        Assert.Equal(16, Used(RateLimitType.RequestWeight, Minute));
        Assert.Equal(8, Used(RateLimitType.RawRequests, FiveMinutes));
        Assert.Equal(8, Used(RateLimitType.Orders, TenSeconds));
        Assert.Equal(8, Used(RateLimitType.Orders, TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task Acquire_ChargesEveryLimitOnce_WhenTheRefusedOrderIsGrantedLater()
    {
        for (var i = 0; i < 8; i++)
        {
            await _budget.AcquireAnswered(2, countsAsOrder: true);
        }

        var waiting = _budget.AcquireAnswered(5, countsAsOrder: true).AsTask();
        Assert.False(waiting.IsCompleted);

        _time.Advance(TenSeconds);
        await waiting.Within();

        Assert.Equal(21, Used(RateLimitType.RequestWeight, Minute));
        Assert.Equal(9, Used(RateLimitType.RawRequests, FiveMinutes));
        Assert.Equal(1, Used(RateLimitType.Orders, TenSeconds));
        Assert.Equal(9, Used(RateLimitType.Orders, TimeSpan.FromDays(1)));
    }

    private long Used(RateLimitType type, TimeSpan window) =>
        _budget.GetUsage().Single(u => u.Type == type && u.Window == window).Used;
}
