using System.Net;
using System.Net.Sockets;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Genesis.Exchange.Redis.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Genesis.Exchange.Redis.Tests;

/// <summary>WebSocket connection attempts in the shared budget: one sliding window per IP group for the whole fleet.</summary>
public sealed class RedisConnectionAttemptBudgetTests : IClassFixture<RedisServerFixture>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly TimerSignalingTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 100, TimeSpan.Zero));
    private readonly RedisServer _server;
    private readonly ConnectionMultiplexer _redis;
    private readonly string _prefix = RedisServer.UniquePrefix();
    private readonly List<RedisRateLimitBudget> _budgets = [];

    public RedisConnectionAttemptBudgetTests(RedisServerFixture fixture)
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
    public async Task AcquireConnectionAttempt_TwoProcessesShareOneCeiling_AndTheNextWaitsUntilTheWindowRolls()
    {
        var a = Budget();
        var b = Budget();
        for (var i = 0; i < 5; i++)
        {
            await a.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound);
        }

        for (var i = 0; i < 3; i++)
        {
            await b.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound);
        }

        // 10 per 5 minutes × 80 % = 8 for the fleet: both processes are now refused.
        var waitingA = a.AcquireConnectionAttemptAsync().AsTask();
        var waitingB = b.AcquireConnectionAttemptAsync().AsTask();
        await _time.WaitForTimersAsync(TimeSpan.FromMinutes(5), count: 2).WaitAsync(Bound); // both refused, waiting for the window
        Assert.False(waitingA.IsCompleted);
        Assert.False(waitingB.IsCompleted);

        _time.Advance(TimeSpan.FromMinutes(5));
        var grantedA = await waitingA.WaitAsync(Bound);
        var grantedB = await waitingB.WaitAsync(Bound);

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 5, 0, 100, TimeSpan.Zero), grantedA);
        Assert.Equal(grantedA, grantedB);
        Assert.Equal(8, a.ConnectionAttemptCeiling);
        Assert.Equal(10, a.PermitsFromRedis + b.PermitsFromRedis);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_FailsFast_WhenAnotherProcessOfTheIpWasBanned()
    {
        var a = Budget();
        var b = Budget();

        a.BanFor(TimeSpan.FromMinutes(2));

        var banned = await Assert.ThrowsAsync<IpBannedException>(() => b.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 2, 0, 100, TimeSpan.Zero), banned.BannedUntil);
        Assert.Equal(0, b.PermitsFromRedis);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_IsCountedPerIpGroup()
    {
        var a = Budget(o => o.IpGroup = "ip-a");
        var b = Budget(o => o.IpGroup = "ip-b");
        for (var i = 0; i < 8; i++)
        {
            await a.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound);
        }

        var other = b.AcquireConnectionAttemptAsync().AsTask();

        await other.WaitAsync(Bound);
        var same = a.AcquireConnectionAttemptAsync().AsTask();
        await Task.Delay(200);
        Assert.False(same.IsCompleted);
    }

    [Fact]
    public async Task AcquireConnectionAttempt_FallsBackToTheCeilingDividedByFleetSize_WhenRedisIsUnreachable()
    {
        using var nowhere = ConnectToClosedPort();
        var budget = Budget(o => o.FleetSize = 2, connection: nowhere);

        // 10 × 80 % / 2 processes = 4 for this process while blind.
        for (var i = 0; i < 4; i++)
        {
            await budget.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound);
        }

        var waiting = budget.AcquireConnectionAttemptAsync().AsTask();
        await Task.Delay(200);

        Assert.False(waiting.IsCompleted);
        Assert.True(budget.IsDegraded);
        Assert.Equal(4, budget.PermitsFromFallback);
        _time.Advance(TimeSpan.FromMinutes(5));
        await waiting.WaitAsync(Bound);
    }

    private RedisRateLimitBudget Budget(Action<RedisRateLimitBudgetOptions>? configure = null, IConnectionMultiplexer? connection = null)
    {
        var options = new RedisRateLimitBudgetOptions { KeyPrefix = _prefix, MaxJitter = TimeSpan.Zero };
        configure?.Invoke(options);
        var budget = new RedisRateLimitBudget(connection ?? _redis, options, new RateLimitOptions { ConnectionAttemptLimit = 10 }, _time, random: new Random(1));
        _budgets.Add(budget);
        return budget;
    }

    private static ConnectionMultiplexer ConnectToClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = ConfigurationOptions.Parse($"127.0.0.1:{port}");
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 500;
        return ConnectionMultiplexer.Connect(options);
    }

    /// <summary>A FakeTimeProvider that lets a test wait until the budget has armed its wait, so it advances only then.</summary>
    private sealed class TimerSignalingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly Lock _lock = new();
        private readonly List<TimeSpan> _dues = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TaskCompletionSource changed;
            lock (_lock)
            {
                _dues.Add(dueTime);
                changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
            return timer;
        }

        public async Task WaitForTimersAsync(TimeSpan due, int count)
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (_dues.Count(d => d == due) >= count)
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed;
            }
        }
    }
}
