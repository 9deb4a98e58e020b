using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// The cost of acquiring a rate-limit permit: a bare lock and counter (baseline), the budget uncontended, and the
/// budget with two threads acquiring at once. Limits are set so high that no call ever waits.
/// </summary>
[MemoryDiagnoser]
public class RateLimiterBenchmarks
{
    private const int PerThread = 10_000;
    private readonly Lock _gate = new();
    private InMemoryRateLimitBudget _budget = null!;
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        _budget = new InMemoryRateLimitBudget(new RateLimitOptions(), TimeProvider.System);
        _budget.UpdateLimits(
        [
            new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Second, 1, int.MaxValue),
            new RateLimit(RateLimitType.RawRequests, RateLimitInterval.Second, 1, int.MaxValue),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Second, 1, int.MaxValue),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Second, 2, int.MaxValue),
        ]);
    }

    [GlobalCleanup]
    public void Cleanup() => _budget.Dispose();

    /// <summary>The floor of any locked limiter: take a lock and add to a counter.</summary>
    [Benchmark(Baseline = true)]
    public long LockAndIncrement()
    {
        lock (_gate)
        {
            return ++_counter;
        }
    }

    /// <summary>Reading the clock alone, which every acquire does once: the part of the cost the lock cannot remove.</summary>
    [Benchmark]
    public DateTimeOffset ClockRead() => TimeProvider.System.GetUtcNow();

    /// <summary>One uncontended permit (weight 1, not an order).</summary>
    [Benchmark]
    public DateTimeOffset AcquireUncontended() => Consume(_budget.AcquireAsync(1, countsAsOrder: false));

    /// <summary>One uncontended order permit (counts on both ORDERS limits).</summary>
    [Benchmark]
    public DateTimeOffset AcquireOrderUncontended() => Consume(_budget.AcquireAsync(1, countsAsOrder: true));

    /// <summary>The full permit cycle the transport runs per request: acquire before sending, release on the answer.</summary>
    [Benchmark]
    public DateTimeOffset AcquireAndReleaseUncontended()
    {
        var grantedAt = Consume(_budget.AcquireAsync(1, countsAsOrder: false));
        _budget.Release(1, countsAsOrder: false);
        return grantedAt;
    }

    /// <summary>Two threads acquiring permits at once; reported per permit.</summary>
    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public void AcquireTwoThreadsContending() => Parallel.Invoke(AcquireMany, AcquireMany);

    private void AcquireMany()
    {
        for (var i = 0; i < PerThread; i++)
        {
            Consume(_budget.AcquireAsync(1, countsAsOrder: false));
        }
    }

    /// <summary>Takes the result of a permit that completed synchronously (the uncontended path) or blocks for it.</summary>
    private static DateTimeOffset Consume(ValueTask<DateTimeOffset> permit) =>
        permit.IsCompletedSuccessfully ? permit.Result : permit.AsTask().GetAwaiter().GetResult();
}
