using System.Diagnostics.Metrics;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

/// <summary>
/// The total timeout as a custom Polly strategy over one deadline queue (issue 12: the pipeline costs no more than the
/// decorators): each call times out exactly at its own deadline, however many are in flight, and sources are reused safely.
/// </summary>
public sealed class TotalTimeoutStrategyTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly HangingTransport _inner = new();

    private IExchangeTransport Compose(Meter? meter = null)
    {
        var options = new GenesisExchangeOptions();
        options.Timeouts.Total = Budget;
        options.RateLimits.Enabled = false;
        options.TimeSync.Enabled = false;
        options.CircuitBreaker.Enabled = false;
        var clock = new ServerClock(_time);
        var budget = new InMemoryRateLimitBudget(new RateLimitOptions(), _time);
        return ResilienceComposer.ComposeWithBreaker(_inner, options, _time, clock, budget, NullLoggerFactory.Instance, breaker: null, new Random(1), meter);
    }

    [Fact]
    public async Task CallsStartedAtDifferentTimes_EachTimesOutExactlyAtItsOwnDeadline()
    {
        var transport = Compose();
        var first = transport.SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(10));
        var second = transport.SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(5));
        var third = transport.SendAsync(TestRequests.Market()).AsTask();

        _time.AdvanceInline(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.False(first.IsCompleted);
        _time.AdvanceInline(TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => first.Within());
        Assert.False(second.IsCompleted);

        _time.AdvanceInline(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.False(second.IsCompleted);
        _time.AdvanceInline(TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => second.Within());
        Assert.False(third.IsCompleted);

        _time.AdvanceInline(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => third.Within());
    }

    [Fact]
    public async Task CallsThatFinishInTime_NeverSeeACancelledToken_EvenAfterOthersTimedOut()
    {
        var transport = Compose();
        var late = transport.SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(Budget);
        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => late.Within());

        _inner.Answer = true;
        for (var i = 0; i < 50; i++)
        {
            // Pooled sources: one that fired must never come back, one that did not must come back clean.
            var response = await transport.SendAsync(TestRequests.Market()).AsTask().Within();
            Assert.Equal(200, response.StatusCode);
            Assert.False(_inner.LastToken.IsCancellationRequested);
            _time.AdvanceInline(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task CallerCancelling_IsOperationCanceled_NotATimeout_AndTheNextCallIsUnaffected()
    {
        var transport = Compose();
        using var caller = new CancellationTokenSource();
        var call = transport.SendAsync(TestRequests.Market(), caller.Token).AsTask();

        await caller.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        Assert.IsNotType<ExchangeTimeoutException>(ex);
        _inner.Answer = true;
        Assert.Equal(200, (await transport.SendAsync(TestRequests.Market()).AsTask().Within()).StatusCode);
        Assert.False(_inner.LastToken.IsCancellationRequested);
    }

    [Fact]
    public async Task ATimeout_IsCountedAsOnTimeoutInTheGenesisExchangeMeter()
    {
        using var meter = new Meter("Genesis.Exchange.Tests.Timeout");
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
            foreach (var tag in tags)
            {
                if (tag.Key == "event")
                {
                    events.Add(tag.Value as string);
                }
            }
        });
        listener.Start();
        var transport = Compose(meter);

        var call = transport.SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(Budget);
        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => call.Within());

        Assert.Contains("OnTimeout", events);
    }

    /// <summary>Hangs until its token is cancelled, or answers 200 at once when told to.</summary>
    private sealed class HangingTransport : IExchangeTransport
    {
        public bool Answer { get; set; }

        public CancellationToken LastToken { get; private set; }

        public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
        {
            LastToken = cancellationToken;
            request.MarkMayHaveBeenSent();
            if (Answer)
            {
                return new ExchangeResponse(200, "[]"u8.ToArray());
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }
    }
}
