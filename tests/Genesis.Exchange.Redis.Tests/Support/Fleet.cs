using System.Diagnostics;
using System.Text.Json;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Xunit.Abstractions;

namespace Genesis.Exchange.Redis.Tests.Support;

/// <summary>What one fleet bot printed at the end.</summary>
public sealed record BotResult(
    int Ok,
    int RateLimited,
    int Banned,
    int OtherFailures,
    double Seconds,
    long PermitsFromRedis,
    long PermitsFromFallback,
    long FallbackActivations,
    bool DegradedAtEnd,
    long RedisPermitsAfterResume);

/// <summary>
/// The fake Binance server (with a lowered weight limit) plus N fleet bot processes (tests/Genesis.Exchange.Redis.FleetBot)
/// that flood it together. The bots are started with <c>dotnet &lt;dll&gt;</c>, wait for "go", and are killed if the test
/// ends before they do.
/// </summary>
public sealed class Fleet : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private readonly MockExchange _exchange;
    private readonly ITestOutputHelper _output;
    private readonly List<Bot> _bots = [];

    private Fleet(MockExchange exchange, FakeBinanceServer server, ITestOutputHelper output)
    {
        _exchange = exchange;
        Server = server;
        _output = output;
    }

    public FakeBinanceServer Server { get; }

    public FakeServerCounters Counters => Server.Counters;

    /// <summary>Starts the fake server with <paramref name="weightPerSecond"/> REQUEST_WEIGHT per second.</summary>
    public static async Task<Fleet> StartServerAsync(int weightPerSecond, ITestOutputHelper output)
    {
        var exchange = new MockExchange(new MockExchangeOptions(), TimeProvider.System);
        var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(exchange, TimeProvider.System),
            RateLimits =
            [
                new FakeRateLimit(FakeRateLimitType.RequestWeight, FakeRateLimitInterval.Second, 1, weightPerSecond),
                new FakeRateLimit(FakeRateLimitType.RawRequests, FakeRateLimitInterval.Minute, 5, 61_000),
                new FakeRateLimit(FakeRateLimitType.Orders, FakeRateLimitInterval.Second, 10, 100),
            ],
            BanDuration = TimeSpan.FromSeconds(120),
        });
        return new Fleet(exchange, server, output);
    }

    /// <summary>Starts <paramref name="count"/> bots and waits until each has read exchange info and is ready.</summary>
    /// <param name="count">How many processes.</param>
    /// <param name="redis">host:port of the shared Redis, or null for in-memory budgets.</param>
    /// <param name="requestsEach">Requests each bot sends.</param>
    /// <param name="keyPrefix">The shared key prefix.</param>
    public async Task StartBotsAsync(int count, string? redis, int requestsEach, string keyPrefix)
    {
        var dll = FleetBotPath();
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                dll, "--rest", Server.RestBaseUrl.ToString(), "--redis", redis ?? "none", "--requests", requestsEach.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--prefix", keyPrefix, "--fleet-size", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", "16",
            })
            {
                start.ArgumentList.Add(arg);
            }

            _bots.Add(new Bot(i, Process.Start(start)!));
        }

        await Task.WhenAll(_bots.Select(b => b.Ready.Task)).WaitAsync(StartBound);
    }

    /// <summary>Tells every bot to go at once.</summary>
    public async Task GoAsync()
    {
        foreach (var bot in _bots)
        {
            await bot.Process.StandardInput.WriteLineAsync("go");
            await bot.Process.StandardInput.FlushAsync();
        }
    }

    /// <summary>Waits for every bot to exit and returns what each printed.</summary>
    public async Task<IReadOnlyList<BotResult>> WaitAsync(TimeSpan bound)
    {
        await Task.WhenAll(_bots.Select(b => b.Process.WaitForExitAsync())).WaitAsync(bound);
        var results = new List<BotResult>();
        foreach (var bot in _bots)
        {
            await bot.Drained.WaitAsync(TimeSpan.FromSeconds(10));
            _output.WriteLine($"bot {bot.Index}: exit {bot.Process.ExitCode}, {bot.Result ?? "no result"}");
            foreach (var line in bot.Errors.Take(10))
            {
                _output.WriteLine($"bot {bot.Index} stderr: {line}");
            }

            Assert.Equal(0, bot.Process.ExitCode);
            Assert.NotNull(bot.Result);
            results.Add(JsonSerializer.Deserialize<BotResult>(bot.Result!, Json)!);
        }

        var c = Counters;
        _output.WriteLine($"server: weight limit {c.WeightLimit}/s, peak {c.WeightPeak} ({100.0 * c.WeightPeak / c.WeightLimit:0.#} %), 429s {c.RateLimitedResponses}, 418s {c.BannedResponses}, requests {c.RequestsByEndpoint.Values.Sum()}");
        return results;
    }

    /// <summary>Requests the server has received so far.</summary>
    public int RequestsReceived => Counters.RequestsByEndpoint.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in _bots)
        {
            if (!bot.Process.HasExited)
            {
                bot.Process.Kill(entireProcessTree: true);
                _output.WriteLine($"bot {bot.Index} killed; stderr: {string.Join(" | ", bot.Errors.Take(10))}");
            }

            bot.Process.Dispose();
        }

        await Server.DisposeAsync();
        _exchange.Dispose();
    }

    /// <summary>The FleetBot dll, built beside this test project with the same configuration.</summary>
    private static string FleetBotPath()
    {
        // bin/<Configuration>/<tfm>/ of this test project → the FleetBot project's same folder.
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var configuration = baseDir.Parent!.Name;
        var tests = baseDir.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, "Genesis.Exchange.Redis.FleetBot", "bin", configuration, tfm, "Genesis.Exchange.Redis.FleetBot.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build tests/Genesis.Exchange.Redis.FleetBot first (the test project references it).", dll);
    }

    private sealed class Bot
    {
        public Bot(int index, Process process)
        {
            Index = index;
            Process = process;
            _ = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line == "ready")
                    {
                        Ready.TrySetResult();
                    }
                    else if (line.StartsWith("result ", StringComparison.Ordinal))
                    {
                        Result = line["result ".Length..];
                    }
                }

                Ready.TrySetException(new InvalidOperationException($"bot {index} ended before it was ready: {string.Join(" | ", Errors.Take(10))}"));
                DrainedSource.TrySetResult();
            });
            _ = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    lock (Errors)
                    {
                        Errors.Add(line);
                    }
                }
            });
        }

        public int Index { get; }

        public Process Process { get; }

        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource DrainedSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Drained => DrainedSource.Task;

        public List<string> Errors { get; } = [];

        public string? Result { get; set; }

    }
}
