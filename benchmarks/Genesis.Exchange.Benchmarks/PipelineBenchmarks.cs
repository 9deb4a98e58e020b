using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Benchmarks.Legacy;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// The overhead of the resilience pipeline itself: the inner transport called directly (baseline, a no-op that answers
/// at once) against the same transport behind <see cref="ResilienceComposer.Compose"/> with default options (total
/// timeout, retry, circuit breaker, time sync, rate-limit permit and reconcile). Limits are set so high that nothing
/// waits and the time offset is fresh, so what is measured is the permit plus the pipeline, not a wait. Uses only
/// <c>ResilienceComposer.Compose</c>, so the same file measures the hand-written decorators (before) and the Polly
/// pipeline (after).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private readonly NoOpTransport _inner = new();
    private InMemoryRateLimitBudget _budget = null!;
    private IExchangeTransport _pipeline = null!;
    private CancellationTokenSource _caller = null!;
    private IExchangeTransport _pipelineWithoutTotalTimeout = null!;
    private ExchangeRequest _market = null!;
    private ExchangeRequest _signed = null!;
    private BinanceRestClient _client = null!;
#pragma warning disable CA1859 // Called through the interface, like the pipeline: the same dispatch on both sides.
    private IExchangeTransport _decorators = null!;
#pragma warning restore CA1859

    [GlobalSetup]
    public void Setup()
    {
        var options = new GenesisExchangeOptions();
        _budget = new InMemoryRateLimitBudget(options.RateLimits, TimeProvider.System);
        _budget.UpdateLimits(
        [
            new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, int.MaxValue),
            new RateLimit(RateLimitType.RawRequests, RateLimitInterval.Minute, 5, int.MaxValue),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Second, 10, int.MaxValue),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Day, 1, int.MaxValue),
        ]);
        var clock = new ServerClock(TimeProvider.System);
        clock.SetOffset(TimeSpan.Zero, DateTimeOffset.UtcNow);
        options.TimeSync.ResyncInterval = TimeSpan.FromDays(1);
        options.TimeSync.MaxOffsetAge = TimeSpan.FromDays(2);
        _pipeline = ResilienceComposer.Compose(_inner, options, TimeProvider.System, clock, _budget, NullLoggerFactory.Instance);
        _caller = new CancellationTokenSource();
        _client = new BinanceRestClient(_pipeline, TimeProvider.System, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);
        options.Timeouts.Total = TimeSpan.FromDays(2);
        _pipelineWithoutTotalTimeout = ResilienceComposer.Compose(_inner, options, TimeProvider.System, clock, _budget, NullLoggerFactory.Instance);
        // The decorators the pipeline replaced, composed as commit 1bbaa9e did: retry → breaker → time sync → permit.
        var legacyOptions = new GenesisExchangeOptions();
        legacyOptions.TimeSync.ResyncInterval = TimeSpan.FromDays(1);
        legacyOptions.TimeSync.MaxOffsetAge = TimeSpan.FromDays(2);
        IExchangeTransport legacy = new RateLimitingTransport(_inner, _budget, TimeProvider.System, NullLogger<RateLimitingTransport>.Instance, ResilienceComposer.RateLimitWaitLimit(legacyOptions.Timeouts), enforceLimits: true);
        legacy = new TimeSyncTransport(legacy, clock, legacyOptions.TimeSync, TimeProvider.System, NullLogger<TimeSyncTransport>.Instance);
        legacy = new LegacyCircuitBreakerTransport(legacy, new CircuitBreaker(legacyOptions.CircuitBreaker, TimeProvider.System, NullLogger<CircuitBreaker>.Instance), NullLogger.Instance);
        _decorators = new LegacyRetryTransport(legacy, legacyOptions.Retry, TimeProvider.System, null, legacyOptions.Timeouts.Total, NullLogger.Instance);
        _market = new ExchangeRequest(BinanceEndpoints.Klines, [new("symbol", "BTCUSDT")], 2);
        _signed = new ExchangeRequest(BinanceEndpoints.OpenOrders, [new("symbol", "BTCUSDT")], 6);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _caller.Dispose();
        _client.Dispose();
        _budget.Dispose();
    }

    /// <summary>The floor: the inner transport called directly.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> InnerDirect() => Status(_inner.SendAsync(_market));

    /// <summary>In-run baseline: the market-data request through the decorators the pipeline replaced (no total-timeout timer).</summary>
    [Benchmark]
    public Task<int> DecoratorsMarketData() => Status(_decorators.SendAsync(_market));

    /// <summary>
    /// In-run baseline: the decorators plus the total-timeout timer the typed client armed around them before the pipeline
    /// took it over (a timer source linked to the caller's token, per call), i.e. the same work as <see cref="PipelineMarketData"/>.
    /// </summary>
    [Benchmark]
    public async Task<int> DecoratorsMarketDataWithTotalTimer()
    {
        using var total = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None, total.Token);
        return (await _decorators.SendAsync(_market, linked.Token).ConfigureAwait(false)).StatusCode;
    }

    /// <summary>A market-data request (unsigned) through the whole pipeline.</summary>
    [Benchmark]
    public Task<int> PipelineMarketData() => Status(_pipeline.SendAsync(_market));

    /// <summary>
    /// The same request with a cancelable token, as the typed client always passes one (its total-timeout token linked
    /// to the caller's): layers that link tokens only do so then.
    /// </summary>
    [Benchmark]
    public Task<int> PipelineMarketDataWithCallerToken() => Status(_pipeline.SendAsync(_market, _caller.Token));

    /// <summary>
    /// The market-data request through a pipeline whose total timeout is beyond a day, which Polly's timeout strategy does
    /// not take: the pipeline without the total timeout's timer (the decorators never had one: the typed client keeps its
    /// own total-timeout token around every call).
    /// </summary>
    [Benchmark]
    public Task<int> PipelineMarketDataWithoutTotalTimeout() => Status(_pipelineWithoutTotalTimeout.SendAsync(_market));

    /// <summary>A signed request through the whole pipeline (time sync checks the offset's age).</summary>
    [Benchmark]
    public Task<int> PipelineSigned() => Status(_pipeline.SendAsync(_signed));

    /// <summary>
    /// A typed call (ping) through the client and the whole pipeline: what a caller pays above the transport, including the
    /// total-timeout timer (armed by the client before, by the pipeline's timeout strategy after; one per call either way).
    /// </summary>
    [Benchmark]
    public Task ClientPingThroughPipeline() => _client.PingAsync();

    private static async Task<int> Status(ValueTask<ExchangeResponse> pending) => (await pending.ConfigureAwait(false)).StatusCode;

    /// <summary>Answers every request at once with the same 200 response.</summary>
    private sealed class NoOpTransport : IExchangeTransport
    {
        private static readonly ExchangeResponse Ok = new(
            200,
            Encoding.UTF8.GetBytes("[]"),
            new Dictionary<string, string> { ["X-MBX-USED-WEIGHT-1M"] = 1.ToString(CultureInfo.InvariantCulture) });

        public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
        {
            request.MarkMayHaveBeenSent();
            return ValueTask.FromResult(Ok);
        }
    }
}
