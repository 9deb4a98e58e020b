// A bot of a fleet: one process of several that flood the same (fake) exchange from one IP and one account.
// Arguments: --rest <url> --redis <host:port | none> --requests <n> --prefix <key prefix> [--fleet-size <n>] [--concurrency <n>]
// Prints "ready", waits for a line on standard input ("go"), floods, then prints one "result {json}" line and exits 0.
using System.Diagnostics;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Redis;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

var options = ParseArguments(args);
var rest = new Uri(options["rest"]);
var redisEndpoint = options["redis"];
var requests = int.Parse(options["requests"]);
var concurrency = options.TryGetValue("concurrency", out var c) ? int.Parse(c) : 32;
var fleetSize = options.TryGetValue("fleet-size", out var f) ? int.Parse(f) : 4;

ConnectionMultiplexer? redis = null;
var services = new ServiceCollection();
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new StandardErrorLoggerProvider()));
var builder = services.AddGenesisExchange(o =>
{
    o.UseCustomEndpoints(rest);
    o.ReadCredentialsFromEnvironment = false;

    // One attempt per request: the test counts what the exchange answered, and a bot must not hide 429s by retrying.
    o.Retry.Enabled = false;
    o.CircuitBreaker.Enabled = false;
});
if (redisEndpoint != "none")
{
    var configuration = ConfigurationOptions.Parse(redisEndpoint);
    configuration.AbortOnConnectFail = false;
    configuration.BacklogPolicy = BacklogPolicy.FailFast;
    configuration.ConnectTimeout = 1000;
    configuration.ReconnectRetryPolicy = new LinearRetry(200);
    redis = await ConnectionMultiplexer.ConnectAsync(configuration);
    builder.AddRedisRateLimitBudget(redis, options["prefix"], o =>
    {
        o.FleetSize = fleetSize;
        o.ProbeInterval = TimeSpan.FromMilliseconds(100);
        o.OperationTimeout = TimeSpan.FromSeconds(2);
        o.ResumeGracePeriod = TimeSpan.FromSeconds(1);
    });
}

await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IBinanceRestClient>();
var budget = provider.GetRequiredService<IRateLimitBudget>();
var shared = budget as RedisRateLimitBudget;
await client.GetExchangeInfoAsync();

Console.WriteLine("ready");
Console.Out.Flush();
Console.ReadLine();

// Watch the budget: when it comes back from the fall-back, remember how many shared permits it had then.
using var watchStop = new CancellationTokenSource();
long redisPermitsAtResume = -1;
var watcher = Task.Run(async () =>
{
    var wasDegraded = false;
    while (!watchStop.IsCancellationRequested && shared is not null)
    {
        var degraded = shared.IsDegraded;
        if (wasDegraded && !degraded)
        {
            Interlocked.Exchange(ref redisPermitsAtResume, shared.PermitsFromRedis);
        }

        wasDegraded = degraded;
        await Task.Delay(5);
    }
});

int ok = 0, rateLimited = 0, banned = 0, otherFailures = 0;
var next = -1;
var stopwatch = Stopwatch.StartNew();
var workers = Enumerable.Range(0, concurrency).Select(async _ =>
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        if (i >= requests)
        {
            return;
        }

        try
        {
            // Mixed weights: ping 1, klines 2, avgPrice 2, depth(50) 5, aggTrades 4 (average 1.6).
            await ((i % 10) switch
            {
                < 6 => client.PingAsync(),
                6 => client.GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute, 10),
                7 => client.GetAveragePriceAsync("ETHUSDT"),
                8 => client.GetOrderBookAsync("BTCUSDT", 50),
                _ => (Task)client.GetAggregateTradesAsync("ETHBTC", limit: 10),
            });
            Interlocked.Increment(ref ok);
        }
        catch (IpBannedException)
        {
            Interlocked.Increment(ref banned);
        }
        catch (RateLimitExceededException)
        {
            Interlocked.Increment(ref rateLimited);
        }
        catch (ExchangeException ex)
        {
            Interlocked.Increment(ref otherFailures);
            Console.Error.WriteLine($"request {i} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }
}).ToList();
await Task.WhenAll(workers);
stopwatch.Stop();
watchStop.Cancel();
await watcher;

var result = new Dictionary<string, object?>
{
    ["ok"] = ok,
    ["rateLimited"] = rateLimited,
    ["banned"] = banned,
    ["otherFailures"] = otherFailures,
    ["seconds"] = stopwatch.Elapsed.TotalSeconds,
    ["permitsFromRedis"] = shared?.PermitsFromRedis ?? 0,
    ["permitsFromFallback"] = shared?.PermitsFromFallback ?? 0,
    ["fallbackActivations"] = shared?.FallbackActivations ?? 0,
    ["degradedAtEnd"] = shared?.IsDegraded ?? false,
    ["redisPermitsAfterResume"] = redisPermitsAtResume < 0 ? 0 : (shared?.PermitsFromRedis ?? 0) - redisPermitsAtResume,
};
Console.WriteLine("result " + JsonSerializer.Serialize(result));
redis?.Dispose();
return 0;

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i].TrimStart('-')] = args[i + 1];
    }

    foreach (var required in new[] { "rest", "redis", "requests", "prefix" })
    {
        if (!parsed.ContainsKey(required))
        {
            throw new ArgumentException($"missing --{required}");
        }
    }

    return parsed;
}
