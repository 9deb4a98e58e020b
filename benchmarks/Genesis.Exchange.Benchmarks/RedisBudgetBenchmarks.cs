using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Garnet;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Redis;
using Genesis.Exchange.Resilience;
using StackExchange.Redis;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// The cost of one permit through the Redis budget (one Lua round trip to Garnet on loopback, started in-process),
/// against the in-memory budget (baseline). Each operation is the transport's full cycle: acquire, then release (the
/// release rides on the next acquire). Limits are so high that no call waits.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(PercentileConfig))]
public class RedisBudgetBenchmarks
{
    private RedisBudgetRig _rig = null!;

    [GlobalSetup]
    public void Setup() => _rig = RedisBudgetRig.Start();

    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    /// <summary>In-memory budget: acquire and release one permit.</summary>
    [Benchmark(Baseline = true)]
    public async Task<DateTimeOffset> InMemoryPermit()
    {
        var at = await _rig.InMemory.AcquireAsync(1, countsAsOrder: false);
        _rig.InMemory.Release(1, countsAsOrder: false);
        return at;
    }

    /// <summary>Redis budget over Garnet on loopback: acquire (one round trip) and release one permit.</summary>
    [Benchmark]
    public async Task<DateTimeOffset> RedisPermit()
    {
        var at = await _rig.Redis.AcquireAsync(1, countsAsOrder: false);
        _rig.Redis.Release(1, countsAsOrder: false);
        return at;
    }

    /// <summary>Redis budget, an order permit (four limits in the script: weight, raw requests, orders 10 s and 1 day).</summary>
    [Benchmark]
    public async Task<DateTimeOffset> RedisOrderPermit()
    {
        var at = await _rig.Redis.AcquireAsync(1, countsAsOrder: true);
        _rig.Redis.Release(1, countsAsOrder: true);
        return at;
    }

    private sealed class PercentileConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public PercentileConfig() => AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P95);
    }
}

/// <summary>Garnet on a free loopback port with Lua, one connection, and the two budgets under comparison.</summary>
internal sealed class RedisBudgetRig : IDisposable
{
    private readonly GarnetServer _garnet;
    private readonly ConnectionMultiplexer _connection;

    private RedisBudgetRig(GarnetServer garnet, ConnectionMultiplexer connection, RedisRateLimitBudget redis, InMemoryRateLimitBudget inMemory)
    {
        _garnet = garnet;
        _connection = connection;
        Redis = redis;
        InMemory = inMemory;
    }

    public RedisRateLimitBudget Redis { get; }

    public InMemoryRateLimitBudget InMemory { get; }

    public static RedisBudgetRig Start()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var garnet = new GarnetServer(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "true", "--lua-transaction-mode", "true"]);
        garnet.Start();
        var connection = ConnectionMultiplexer.Connect($"127.0.0.1:{port}");
        RateLimit[] limits =
        [
            new(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, int.MaxValue),
            new(RateLimitType.RawRequests, RateLimitInterval.Minute, 5, int.MaxValue),
            new(RateLimitType.Orders, RateLimitInterval.Second, 10, int.MaxValue),
            new(RateLimitType.Orders, RateLimitInterval.Day, 1, int.MaxValue),
        ];
        var redis = new RedisRateLimitBudget(connection, new RedisRateLimitBudgetOptions { KeyPrefix = "bench" + Guid.NewGuid().ToString("N")[..8] }, new RateLimitOptions(), TimeProvider.System);
        redis.UpdateLimits(limits);
        var inMemory = new InMemoryRateLimitBudget(new RateLimitOptions(), TimeProvider.System);
        inMemory.UpdateLimits(limits);
        return new RedisBudgetRig(garnet, connection, redis, inMemory);
    }

    public void Dispose()
    {
        Redis.Dispose();
        InMemory.Dispose();
        _connection.Dispose();
        _garnet.Dispose();
    }
}

/// <summary>
/// Per-permit latency distribution (median, p99, max) of both budgets, one permit at a time, measured with a
/// <see cref="Stopwatch"/> around each acquire: <c>dotnet run -c Release -- redis-latency [count]</c>.
/// </summary>
internal static class RedisBudgetLatency
{
    public static void Run(int count)
    {
        using var rig = RedisBudgetRig.Start();
        Measure("in-memory (baseline)", count, rig.InMemory.AcquireAsync, rig.InMemory.Release);
        Measure("redis (garnet loopback)", count, rig.Redis.AcquireAsync, rig.Redis.Release);
        Measure("in-memory (baseline)", count, rig.InMemory.AcquireAsync, rig.InMemory.Release);
        Measure("redis (garnet loopback)", count, rig.Redis.AcquireAsync, rig.Redis.Release);
    }

    private static void Measure(string name, int count, Func<int, bool, CancellationToken, ValueTask<DateTimeOffset>> acquire, Action<int, bool> release)
    {
        var samples = new double[count];
        for (var i = -count / 10; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            acquire(1, false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            release(1, false);
            if (i >= 0)
            {
                samples[i] = elapsed;
            }
        }

        Array.Sort(samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-26} permits {count}: median {samples[count / 2],8:0.0} µs, p99 {samples[(int)(count * 0.99)],8:0.0} µs, max {samples[^1],9:0.0} µs"));
    }
}
