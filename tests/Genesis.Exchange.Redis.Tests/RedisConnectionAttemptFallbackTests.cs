using Genesis.Exchange.Options;
using Genesis.Exchange.Redis.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Redis.Tests;

/// <summary>Connection attempts while Redis is down, and when it comes back.</summary>
/// <remarks>Stops and restarts the server: with an external redis-server (shared by every class) it must not run in parallel.</remarks>
[Collection(FleetGroup.Name)]
public sealed class RedisConnectionAttemptFallbackTests : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 100, TimeSpan.Zero));
    private readonly RedisServer _server;

    public RedisConnectionAttemptFallbackTests(RedisServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task AcquireConnectionAttempt_OnTheFallBack_CountsWhatRedisGrantedThisProcessInTheWindow_AndTheFleetGetsTheOfflineAttemptsBack()
    {
        var prefix = RedisServer.UniquePrefix();
        using var redis = _server.Connect();
        using var a = Budget(redis, prefix);
        await a.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound);
        _server.Stop();
        try
        {
            // 10 × 80 % / 2 processes = 4 while blind, one of which Redis granted before the outage.
            for (var i = 0; i < 3; i++)
            {
                await a.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound);
            }

            var blind = a.AcquireConnectionAttemptAsync().AsTask();
            await Task.Delay(100);
            Assert.True(a.IsDegraded);
            Assert.False(blind.IsCompleted);
            Assert.Equal(3, a.PermitsFromFallback);
        }
        finally
        {
            _server.StartAgain();
        }

        using (var timeout = new CancellationTokenSource(Bound))
        {
            while (a.IsDegraded)
            {
                await Task.Delay(50, timeout.Token);
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        await a.PushOfflineConnectionsAsync().WaitAsync(Bound);

        // The server restarted empty: the shared window holds the 3 offline attempts, so another process gets 5 of 8.
        using var b = Budget(redis, prefix);
        for (var i = 0; i < 5; i++)
        {
            await b.AcquireConnectionAttemptAsync().AsTask().WaitAsync(Bound);
        }

        var ninth = b.AcquireConnectionAttemptAsync().AsTask();
        await Task.Delay(200);
        Assert.False(ninth.IsCompleted);
    }

    private RedisRateLimitBudget Budget(StackExchange.Redis.IConnectionMultiplexer redis, string prefix)
    {
        var options = new RedisRateLimitBudgetOptions
        {
            KeyPrefix = prefix,
            FleetSize = 2,
            MaxJitter = TimeSpan.Zero,
            ProbeInterval = TimeSpan.FromSeconds(1),
            OperationTimeout = TimeSpan.FromSeconds(1),
        };
        return new RedisRateLimitBudget(redis, options, new RateLimitOptions { ConnectionAttemptLimit = 10 }, _time, random: new Random(1));
    }
}
