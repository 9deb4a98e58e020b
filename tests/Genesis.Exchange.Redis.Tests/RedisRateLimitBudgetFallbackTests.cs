using System.Net;
using System.Net.Sockets;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Redis.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Genesis.Exchange.Redis.Tests;

/// <summary>What a process does while Redis cannot be reached, and when it comes back.</summary>
/// <remarks>Stops and restarts the server: with an external redis-server (shared by every class) it must not run in parallel.</remarks>
[Collection(FleetGroup.Name)]
public sealed class RedisRateLimitBudgetFallbackTests : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 100, TimeSpan.Zero));
    private readonly RedisServer _server;

    public RedisRateLimitBudgetFallbackTests(RedisServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task Acquire_FallsBackToMemory_AtTheCeilingDividedByFleetSize_WhenRedisIsUnreachable()
    {
        using var nowhere = ConnectToClosedPort();
        using var budget = Budget(nowhere, RedisServer.UniquePrefix(), fleetSize: 4);
        var health = new RedisRateLimitBudgetHealthCheck(budget);

        // 100 per minute × 80 % / 4 processes = 20 for this process while blind.
        await budget.AcquireAsync(20, false).AsTask().WaitAsync(Bound);
        budget.Release(20, false);
        var waiting = budget.AcquireAsync(1, false).AsTask();
        var status = await health.CheckHealthAsync(new HealthCheckContext());

        Assert.False(waiting.IsCompleted);
        Assert.True(budget.IsDegraded);
        Assert.Equal(HealthStatus.Degraded, status.Status);
        Assert.Equal(1, budget.FallbackActivations);
        Assert.Equal(20, budget.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Ceiling);
        _time.Advance(TimeSpan.FromMinutes(1));
        await waiting.WaitAsync(Bound);
    }

    [Fact]
    public async Task Acquire_OnTheFallBack_StartsFromWhatTheFleetHadUsedInTheWindow()
    {
        var prefix = RedisServer.UniquePrefix();
        using var redis = _server.Connect();
        using var budget = Budget(redis, prefix, fleetSize: 2);
        await budget.AcquireAsync(35, false);
        budget.Release(35, false);
        _server.Stop();
        try
        {
            // 100 × 80 % / 2 = 40 while blind, of which the fleet had already used 35 in this minute.
            await budget.AcquireAsync(5, false).AsTask().WaitAsync(Bound);
            var waiting = budget.AcquireAsync(1, false).AsTask();
            await Task.Delay(100);

            Assert.True(budget.IsDegraded);
            Assert.False(waiting.IsCompleted);
        }
        finally
        {
            _server.StartAgain();
        }
    }

    [Fact]
    public async Task Budget_SharesAgain_WhenRedisIsBack_AndAddsWhatItUsedMeanwhile()
    {
        var prefix = RedisServer.UniquePrefix();
        using var redis = _server.Connect();
        using var budget = Budget(redis, prefix, fleetSize: 2);
        await budget.AcquireAsync(1, false);
        budget.Release(1, false);
        _server.Stop();
        await budget.AcquireAsync(30, false).AsTask().WaitAsync(Bound);
        budget.Release(30, false);
        Assert.True(budget.IsDegraded);

        _server.StartAgain();
        using (var timeout = new CancellationTokenSource(Bound))
        {
            while (budget.IsDegraded)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(50, timeout.Token);
            }
        }

        await budget.FlushAsync().WaitAsync(Bound);
        using var other = Budget(redis, prefix, fleetSize: 2);
        await other.AcquireAsync(1, false).AsTask().WaitAsync(Bound);
        var status = await new RedisRateLimitBudgetHealthCheck(budget).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, status.Status);

        // The server restarted empty; the 30 used on the fall-back in this minute are back in the shared count.
        Assert.True(other.GetUsage().Single(u => u.Type == RateLimitType.RequestWeight).Used >= 31);
    }

    [Fact]
    public void Options_RejectAFleetSizeBelowOne_WithAClearMessage()
    {
        var options = new RedisRateLimitBudgetOptions { FleetSize = 0 };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("FleetSize", ex.Message, StringComparison.Ordinal);
    }

    private RedisRateLimitBudget Budget(IConnectionMultiplexer redis, string prefix, int fleetSize)
    {
        var options = new RedisRateLimitBudgetOptions
        {
            KeyPrefix = prefix,
            FleetSize = fleetSize,
            MaxJitter = TimeSpan.Zero,
            ProbeInterval = TimeSpan.FromSeconds(1),
            OperationTimeout = TimeSpan.FromSeconds(1),
        };
        var budget = new RedisRateLimitBudget(redis, options, new RateLimitOptions(), _time, random: new Random(1));
        budget.UpdateLimits([new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, 100)]);
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
}
