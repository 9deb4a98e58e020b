using System.Diagnostics.Metrics;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class ResilienceComposerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly ScriptedTransport _inner;
    private readonly ServerClock _clock;
    private readonly InMemoryRateLimitBudget _budget;

    public ResilienceComposerTests()
    {
        _inner = new ScriptedTransport(_time);
        _clock = new ServerClock(_time);
        _budget = new InMemoryRateLimitBudget(new RateLimitOptions(), _time);
    }

    public void Dispose() => _budget.Dispose();

    private Abstractions.IExchangeTransport Compose(GenesisExchangeOptions options) =>
        ResilienceComposer.Compose(_inner, options, _time, _clock, _budget, NullLoggerFactory.Instance, new Random(1));

    [Fact]
    public async Task Compose_WithEveryLayerDisabled_StillHonours418_FailingFastWithoutSending()
    {
        var options = new GenesisExchangeOptions();
        options.Retry.Enabled = false;
        options.CircuitBreaker.Enabled = false;
        options.TimeSync.Enabled = false;
        options.RateLimits.Enabled = false;
        var transport = Compose(options);
        _inner.Then(ScriptedTransport.Status(418, retryAfter: TimeSpan.FromMinutes(2)));
        await transport.SendAsync(TestRequests.Market());

        var ex = await Assert.ThrowsAsync<IpBannedException>(() => transport.SendAsync(TestRequests.PlaceOrder()).AsTask());

        Assert.True(ex.RequestNotSent);
        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task Compose_WithClientSideLimitingDisabled_StillPausesAfter429()
    {
        var options = new GenesisExchangeOptions();
        options.RateLimits.Enabled = false;
        options.Retry.Enabled = false;
        var transport = Compose(options);
        _inner.Then(ScriptedTransport.Status(429, retryAfter: TimeSpan.FromSeconds(10)));
        await transport.SendAsync(TestRequests.Market());

        var next = transport.SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(9));
        Assert.False(next.IsCompleted);
        _time.AdvanceInline(TimeSpan.FromSeconds(1));

        await next.Within();
        Assert.Equal(2, _inner.Count);
    }

    [Theory]
    [InlineData(30, 10, 20)]
    [InlineData(10, 10, 5)]
    [InlineData(60, 10, 50)]
    public void RateLimitWaitLimit_LeavesOneReadTimeoutOfTheTotal_AtLeastHalf(int totalSeconds, int readSeconds, int expectedSeconds)
    {
        var timeouts = new TimeoutOptions { Total = TimeSpan.FromSeconds(totalSeconds), Read = TimeSpan.FromSeconds(readSeconds) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ResilienceComposer.RateLimitWaitLimit(timeouts));
    }

    [Fact]
    public void Compose_PutsRetryOutermost()
    {
        var pipeline = Assert.IsType<ResiliencePipelineTransport>(Compose(new GenesisExchangeOptions()));

        Assert.Equal([ResilienceComposer.TimeoutLayer, ResilienceComposer.RetryLayer, ResilienceComposer.CircuitBreakerLayer], pipeline.Layers);
    }

    [Fact]
    public void Compose_PutsBreakerOutermost_WhenRetryDisabled()
    {
        var options = new GenesisExchangeOptions();
        options.Retry.Enabled = false;

        var pipeline = Assert.IsType<ResiliencePipelineTransport>(Compose(options));

        Assert.Equal([ResilienceComposer.TimeoutLayer, ResilienceComposer.CircuitBreakerLayer], pipeline.Layers);
    }

    [Fact]
    public async Task Compose_CountsTimeSyncInBudget_BecauseTimeSyncSitsAboveLimiter()
    {
        var transport = Compose(new GenesisExchangeOptions());
        _inner.Fallback = r => r.Endpoint == BinanceEndpoints.ServerTime
            ? ScriptedTransport.Ok($"{{\"serverTime\":{TestRequests.Start.ToUnixTimeMilliseconds()}}}")
            : ScriptedTransport.Ok();

        await transport.SendAsync(TestRequests.Account());

        // Three /time samples (weight 1 each), then the account call (weight 20).
        Assert.Equal([BinanceEndpoints.ServerTime, BinanceEndpoints.ServerTime, BinanceEndpoints.ServerTime, BinanceEndpoints.Account], _inner.Requests.Select(r => r.Endpoint));
        Assert.Equal(23, _budget.GetUsage().Single(u => u.Type == global::Genesis.Exchange.Models.RateLimitType.RequestWeight).Used);
    }

    [Fact]
    public async Task Compose_OpenCircuitStopsRetries()
    {
        var options = new GenesisExchangeOptions();
        options.Retry.UseJitter = false;
        options.Retry.MaxRetries = 10;
        options.Timeouts.Total = TimeSpan.FromMinutes(5);
        options.RateLimits.Enabled = false;
        var transport = Compose(options);
        _inner.Fallback = _ => ScriptedTransport.Status(503);

        var task = transport.SendAsync(TestRequests.Market()).AsTask();
        foreach (var backoff in new[] { 1, 2, 4, 8, 16 })
        {
            _time.AdvanceInline(TimeSpan.FromSeconds(backoff)); // five failures within 30 s open the circuit
        }

        await Assert.ThrowsAsync<CircuitOpenException>(() => task.Within());
        Assert.Equal(5, _inner.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Compose_FailsWithExchangeTimeout_WhenNoAnswerWithinTheTotalTimeout(bool mayHaveBeenSent)
    {
        var options = new GenesisExchangeOptions();
        options.Timeouts.Total = TimeSpan.FromSeconds(30);
        var transport = Compose(options);
        _inner.Then(async (request, cancellationToken) =>
        {
            if (mayHaveBeenSent)
            {
                request.MarkMayHaveBeenSent();
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });

        var task = transport.SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        Assert.False(task.IsCompleted);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1));

        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => task.Within());
        Assert.Equal(!mayHaveBeenSent, ex.RequestNotSent);
        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task Compose_CountsRetriesInTheGenesisExchangeMeter()
    {
        using var meter = new Meter("Genesis.Exchange");
        var events = new List<(string? Strategy, string? Event)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "genesis.exchange.resilience.events")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var tagList = tags.ToArray();
            events.Add((tagList.Single(t => t.Key == "strategy").Value as string, tagList.Single(t => t.Key == "event").Value as string));
        });
        listener.Start();
        var options = new GenesisExchangeOptions();
        options.Retry.UseJitter = false;
        var transport = ResilienceComposer.ComposeWithBreaker(_inner, options, _time, _clock, _budget, NullLoggerFactory.Instance, breaker: null, new Random(1), meter);
        _inner.Then(ScriptedTransport.Status(503)).Then(ScriptedTransport.Ok());

        var task = transport.SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(1));
        await task.Within();

        Assert.Equal([("Genesis.Exchange.Retry", "OnRetry")], events);
    }

    [Fact]
    public async Task Compose_RecordsCircuitRejections_InTheGenesisExchangeMeter()
    {
        using var meter = new Meter("Genesis.Exchange");
        var events = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (events)
            {
                events.Add(tags.ToArray().Single(t => t.Key == "event").Value as string);
            }
        });
        listener.Start();
        var options = new GenesisExchangeOptions();
        options.Retry.Enabled = false;
        options.CircuitBreaker.FailureThreshold = 1;
        var breaker = new CircuitBreaker(options.CircuitBreaker, _time, NullLogger<CircuitBreaker>.Instance, inlineEvents: true);
        var transport = ResilienceComposer.ComposeWithBreaker(_inner, options, _time, _clock, _budget, NullLoggerFactory.Instance, breaker, new Random(1), meter);
        _inner.Then(ScriptedTransport.Status(503));

        await transport.SendAsync(TestRequests.Market());
        await Assert.ThrowsAsync<CircuitOpenException>(() => transport.SendAsync(TestRequests.Market()).AsTask());

        lock (events)
        {
            Assert.Equal(["OnCircuitOpen", "OnCircuitRejected"], events);
        }
    }
}
