using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Redis.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Genesis.Exchange.Redis.Tests;

/// <summary>The shared budget against a real Redis-protocol server (Garnet in-process, or GENESIS_REDIS), with fake time.</summary>
public sealed class RedisRateLimitBudgetTests : IClassFixture<RedisServerFixture>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // 100 ms into a minute.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 100, TimeSpan.Zero));
    private readonly RedisServer _server;
    private readonly ConnectionMultiplexer _redis;
    private readonly string _prefix = RedisServer.UniquePrefix();
    private readonly List<RedisRateLimitBudget> _budgets = [];

    public RedisRateLimitBudgetTests(RedisServerFixture fixture)
    {
        _server = fixture.Server;
        _redis = _server.Connect();
    }

    public void Dispose()
    {
        foreach (var b in _budgets)
        {
            b.Dispose();
        }

        _redis.Dispose();
    }

    [Fact]
    public async Task Acquire_SharesOneCeiling_BetweenTwoProcesses()
    {
        var a = Budget();
        var b = Budget();

        await a.AcquireAsync(50, false);
        await b.AcquireAsync(30, false);
        var waiting = b.AcquireAsync(1, false).AsTask();
        await Task.Delay(200);

        Assert.False(waiting.IsCompleted);
        Assert.Equal(80, b.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used);
        Assert.Equal(2, a.PermitsFromRedis + b.PermitsFromRedis);
    }

    [Fact]
    public async Task Acquire_WaitsUntilTheSharedWindowRolls_WhenTheFleetReachedTheCeiling()
    {
        var a = Budget();
        var b = Budget();
        await a.AcquireAsync(80, false);
        a.Release(80, false);
        await FlushAsync(a);

        var waiting = b.AcquireAsync(10, false).AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));

        var grantedAt = await waiting.WaitAsync(Bound);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, 100, TimeSpan.Zero), grantedAt);
        Assert.Equal(10, b.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used);
    }

    [Fact]
    public async Task Acquire_SharesWeightPerIp_ButOrdersPerAccount()
    {
        var a = Budget(o => o.Account = "alice");
        var b = Budget(o => o.Account = "bob");
        for (var i = 0; i < 8; i++)
        {
            await a.AcquireAsync(1, countsAsOrder: true);
        }

        var bobsOrder = b.AcquireAsync(1, countsAsOrder: true).AsTask();
        var alicesNinth = a.AcquireAsync(1, countsAsOrder: true).AsTask();
        await bobsOrder.WaitAsync(Bound);
        await Task.Delay(200);

        Assert.False(alicesNinth.IsCompleted);
        Assert.Equal(9, b.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used);
        Assert.Equal(1, b.GetUsage().Single(u => u.Type == RateLimitType.Orders && u.Window == TimeSpan.FromSeconds(10)).Used);
    }

    [Fact]
    public async Task ReconcileUsage_RaisesTheSharedCount_ToTheServersReport()
    {
        var a = Budget();
        var b = Budget();
        var grantedAt = await a.AcquireAsync(1, false);
        a.ReconcileUsage(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1), 79, grantedAt);
        await FlushAsync(a);

        var waiting = b.AcquireAsync(2, false).AsTask();
        await Task.Delay(200);

        Assert.False(waiting.IsCompleted);
        Assert.Equal(79, b.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used);
    }

    [Fact]
    public async Task ReconcileUsage_IgnoresAReportFromAWindowThatHasRolled()
    {
        var a = Budget();
        var grantedAt = await a.AcquireAsync(1, false);
        _time.Advance(TimeSpan.FromMinutes(1));
        a.ReconcileUsage(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1), 79, grantedAt);
        await FlushAsync(a);

        await a.AcquireAsync(70, false).AsTask().WaitAsync(Bound);
    }

    [Fact]
    public async Task ReconcileUsage_OfAWindowNotYetDeclared_SeedsTheSharedCount_WhenExchangeInfoDeclaresIt()
    {
        // The exchangeInfo call is counted by the exchange in its 1-second window before the client knows that limit; the
        // exchange reports 50 there (this process's 20 and others' 30).
        var a = new RedisRateLimitBudget(_redis, new RedisRateLimitBudgetOptions { KeyPrefix = _prefix, MaxJitter = TimeSpan.Zero }, new RateLimitOptions(), _time);
        _budgets.Add(a);
        var grantedAt = await a.AcquireAsync(20, false);
        a.ReconcileUsage(RateLimitType.RequestWeight, TimeSpan.FromSeconds(1), 50, grantedAt);
        a.UpdateLimits([new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Second, 1, 100)]);
        await FlushAsync(a);
        var b = Budget();
        b.UpdateLimits([new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Second, 1, 100)]);

        await b.AcquireAsync(30, false).AsTask().WaitAsync(Bound);
        var waiting = b.AcquireAsync(1, false).AsTask();
        await Task.Delay(200);

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task UpdateLimits_StartsANewLimit_FromWhatEveryProcessSentInItsWindow()
    {
        // Each process sent exchangeInfo (20) before the 1-second limit was declared; the exchange counted both.
        var options = new RedisRateLimitBudgetOptions { KeyPrefix = _prefix, MaxJitter = TimeSpan.Zero };
        var a = new RedisRateLimitBudget(_redis, options, new RateLimitOptions(), _time);
        var b = new RedisRateLimitBudget(_redis, options, new RateLimitOptions(), _time);
        _budgets.AddRange([a, b]);
        await a.AcquireAsync(20, false);
        await b.AcquireAsync(20, false);
        a.UpdateLimits([new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Second, 1, 100)]);
        b.UpdateLimits([new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Second, 1, 100)]);
        await FlushAsync(a);

        await b.AcquireAsync(40, false).AsTask().WaitAsync(Bound);
        var waiting = b.AcquireAsync(1, false).AsTask();
        await Task.Delay(200);

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task PauseFor_PausesEveryProcessOfTheIpGroup_UntilRetryAfter()
    {
        var a = Budget();
        var b = Budget();
        await b.AcquireAsync(1, false);

        a.PauseFor(TimeSpan.FromSeconds(30));
        var waiting = b.AcquireAsync(1, false).AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(30));

        var grantedAt = await waiting.WaitAsync(Bound);
        Assert.True(grantedAt >= new DateTimeOffset(2026, 1, 1, 0, 0, 30, 100, TimeSpan.Zero));
    }

    [Fact]
    public async Task BanFor_BansEveryProcessOfTheIpGroup_UntilTheBanEnds()
    {
        var a = Budget();
        var b = Budget();
        var other = Budget(o => o.IpGroup = "other-ip");
        await b.AcquireAsync(1, false);

        a.BanFor(TimeSpan.FromMinutes(2));
        var ex = await Assert.ThrowsAsync<IpBannedException>(() => b.AcquireAsync(1, false).AsTask());
        await other.AcquireAsync(1, false).AsTask().WaitAsync(Bound);
        _time.Advance(TimeSpan.FromMinutes(2));
        await b.AcquireAsync(1, false).AsTask().WaitAsync(Bound);

        Assert.True(ex.RequestNotSent);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 2, 0, 100, TimeSpan.Zero), ex.BannedUntil);
    }

    [Fact]
    public async Task Acquire_CarriesTheFleetsInFlightCost_IntoTheNextWindow()
    {
        var a = Budget();
        var b = Budget();
        await a.AcquireAsync(50, false);
        _time.Advance(TimeSpan.FromMinutes(1));

        var waiting = b.AcquireAsync(40, false).AsTask();
        await Task.Delay(200);

        Assert.False(waiting.IsCompleted);
        Assert.Equal(50, b.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used);
    }

    [Fact]
    public async Task Acquire_DoesNotCarryReleasedCost_IntoTheNextWindow()
    {
        var a = Budget();
        var b = Budget();
        await a.AcquireAsync(50, false);
        a.Release(50, false);
        await FlushAsync(a);
        _time.Advance(TimeSpan.FromMinutes(1));

        await b.AcquireAsync(80, false).AsTask().WaitAsync(Bound);
    }

    [Fact]
    public async Task Acquire_CountsALateClockRead_InTheLaterWindow()
    {
        var a = Budget();
        var lateTime = new FakeTimeProvider(_time.GetUtcNow());
        var late = Budget(time: lateTime);
        _time.Advance(TimeSpan.FromMinutes(1));
        await a.AcquireAsync(70, false);

        // This process's clock still reads the previous minute: its request must count in the minute the fleet is in.
        var waiting = late.AcquireAsync(20, false).AsTask();
        await Task.Delay(200);

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task Acquire_IsCanceledWhileWaiting_AndReservesNothing()
    {
        var a = Budget();
        await a.AcquireAsync(80, false);
        using var cts = new CancellationTokenSource();
        var waiting = a.AcquireAsync(5, false, cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        Assert.Equal(80, a.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used);
    }

    [Fact]
    public async Task Acquire_ServesWaitersOfOneProcess_InArrivalOrder()
    {
        var a = Budget();
        await a.AcquireAsync(80, false);
        a.Release(80, false);
        var order = new List<int>();
        var waiters = new List<Task>();
        for (var i = 0; i < 5; i++)
        {
            var n = i;
            waiters.Add(Task.Run(async () =>
            {
                await a.AcquireAsync(10, false);
                lock (order)
                {
                    order.Add(n);
                }
            }));
            await WaitUntilAsync(() => a.WaitingCount == n + 1);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(waiters).WaitAsync(Bound);

        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public async Task Acquire_CountsEveryPermit_WhenManyConnectionsRaceForTheLastOnes()
    {
        // Four processes (four connections) race for a budget of 800: exactly 800 permits of weight 1 are granted.
        var connections = Enumerable.Range(0, 4).Select(_ => _server.Connect()).ToList();
        try
        {
            var budgets = connections.Select(c => Budget(connection: c, limit: 1000)).ToList();
            var granted = 0;
            var attempts = budgets.SelectMany(b => Enumerable.Range(0, 200).Select(async _ =>
            {
                await b.AcquireAsync(1, false);
                Interlocked.Increment(ref granted);
            })).ToList();
            await Task.WhenAll(attempts).WaitAsync(Bound);
            var extra = budgets.Select(b => b.AcquireAsync(1, false).AsTask()).ToList();
            await Task.Delay(200);

            Assert.Equal(800, granted);
            Assert.All(extra, t => Assert.False(t.IsCompleted));
        }
        finally
        {
            foreach (var c in connections)
            {
                c.Dispose();
            }
        }
    }

    [Fact]
    public async Task Acquire_NeverGrantsPastTheCeiling_WhenManyConnectionsRaceWithMixedWeights()
    {
        // Generous command timeouts: this test is about atomicity; a command slowed by a starved CPU must not send a
        // process to the fall-back (which is tested on its own).
        var connections = Enumerable.Range(0, 4).Select(_ => _server.Connect(operationTimeoutMs: 30_000)).ToList();
        try
        {
            var budgets = connections.Select(c => Budget(o => o.OperationTimeout = TimeSpan.FromSeconds(30), connection: c, limit: 10_000)).ToList();
            long granted = 0;
            using var stop = new CancellationTokenSource();
            var racers = budgets.SelectMany(b => Enumerable.Range(0, 64).Select(async i =>
            {
                var weight = 1 + (i % 5);
                try
                {
                    await b.AcquireAsync(weight, false, stop.Token);
                    Interlocked.Add(ref granted, weight);
                }
                catch (OperationCanceledException)
                {
                    // Refused for the rest of the minute.
                }
            })).ToList();
            for (var round = 0; round < 10; round++)
            {
                racers.AddRange(budgets.SelectMany(b => Enumerable.Range(0, 64).Select(async i =>
                {
                    var weight = 1 + (i % 5);
                    try
                    {
                        await b.AcquireAsync(weight, false, stop.Token);
                        Interlocked.Add(ref granted, weight);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                })));
            }

            // First until the fleet has granted what the ceiling allows (bounded: under load the grants arrive slowly, so
            // a quiet spell alone is no sign that they are over), then until the grants stop (every process's head
            // waits for the next minute, which never comes): anything granted past the ceiling would show up here.
            var reached = System.Diagnostics.Stopwatch.StartNew();
            while (Interlocked.Read(ref granted) < 7_996 && reached.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(50);
            }

            long last;
            do
            {
                last = Interlocked.Read(ref granted);
                await Task.Delay(300);
            }
            while (Interlocked.Read(ref granted) != last);

            await stop.CancelAsync();
            await Task.WhenAll(racers).WaitAsync(Bound);

            Assert.All(budgets, b => Assert.Equal(0, b.PermitsFromFallback));
            Assert.InRange(Interlocked.Read(ref granted), 7_996, 8_000);
        }
        finally
        {
            foreach (var c in connections)
            {
                c.Dispose();
            }
        }
    }

    private RedisRateLimitBudget Budget(Action<RedisRateLimitBudgetOptions>? configure = null, FakeTimeProvider? time = null, IConnectionMultiplexer? connection = null, int limit = 100)
    {
        var options = new RedisRateLimitBudgetOptions { KeyPrefix = _prefix, MaxJitter = TimeSpan.Zero };
        configure?.Invoke(options);
        var budget = new RedisRateLimitBudget(connection ?? _redis, options, new RateLimitOptions(), time ?? _time, random: new Random(1));
        budget.UpdateLimits(
        [
            new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, limit),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Second, 10, 10),
        ]);
        _budgets.Add(budget);
        return budget;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private static Task FlushAsync(RedisRateLimitBudget budget) => budget.FlushAsync().WaitAsync(Bound);
}
