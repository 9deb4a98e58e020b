using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class ExchangeRetryStrategyTests
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly ScriptedTransport _inner;

    public ExchangeRetryStrategyTests() => _inner = new ScriptedTransport(_time);

    private ResiliencePipelineTransport Create(int maxRetries = 5, bool jitter = false) => TestPipelines.Retry(
        _inner,
        new RetryOptions { MaxRetries = maxRetries, UseJitter = jitter },
        _time,
        new Random(3),
        TimeSpan.FromSeconds(30));

    [Fact]
    public async Task SendAsync_Retries5xxOfIdempotentRequest_AfterOneThenTwoSeconds()
    {
        _inner.Then(ScriptedTransport.Status(503)).Then(ScriptedTransport.Status(500)).Then(ScriptedTransport.Ok());
        var request = TestRequests.Market();

        var task = Create().SendAsync(request).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(1, _inner.Count);
        _time.AdvanceInline(TimeSpan.FromTicks(1));
        Assert.Equal(2, _inner.Count);
        _time.AdvanceInline(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.Equal(2, _inner.Count);
        _time.AdvanceInline(TimeSpan.FromTicks(1));
        var response = await task.Within();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, request.Attempt);
        Assert.Equal(3, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_RetriesExchangeUnavailableAndTimeout()
    {
        _inner.Then(new ExchangeUnavailableException("reset")).Then(new ExchangeTimeoutException("slow")).Then(ScriptedTransport.Ok());

        var task = Create().SendAsync(TestRequests.Cancel()).AsTask();
        Assert.Equal(1, _inner.Count);
        _time.AdvanceInline(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _inner.Count);
        _time.AdvanceInline(TimeSpan.FromSeconds(2));

        Assert.Equal(200, (await task.Within()).StatusCode);
        Assert.Equal(3, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_NeverRetriesOrderPlacement_On5xx()
    {
        _inner.Fallback = _ => ScriptedTransport.Status(503);

        var response = await Create().SendAsync(TestRequests.PlaceOrder());

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_NeverRetriesOrderPlacement_OnTimeout()
    {
        _inner.Fallback = _ => throw new ExchangeTimeoutException("slow");

        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => Create().SendAsync(TestRequests.PlaceOrder()).AsTask());

        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_RetryAfterFromServerWinsOverBackoff()
    {
        _inner.Then(ScriptedTransport.Status(429, retryAfter: TimeSpan.FromSeconds(7))).Then(ScriptedTransport.Ok());

        var task = Create().SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(7) - TimeSpan.FromTicks(1)); // the backoff alone would have retried at 1 s
        Assert.Equal(1, _inner.Count);
        _time.AdvanceInline(TimeSpan.FromTicks(1));

        Assert.Equal(200, (await task.Within()).StatusCode);
        Assert.Equal(2, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_ReturnsResponse_WhenRetryAfterEndsAfterTotalTimeout()
    {
        _inner.Then(ScriptedTransport.Status(429, retryAfter: TimeSpan.FromSeconds(120)));

        var response = await Create().SendAsync(TestRequests.Market());

        Assert.Equal(429, response.StatusCode);
        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_StopsAfterMaxRetries()
    {
        _inner.Fallback = _ => ScriptedTransport.Status(503);

        var task = Create(maxRetries: 2).SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(TimeSpan.FromSeconds(1));
        _time.AdvanceInline(TimeSpan.FromSeconds(2));

        Assert.Equal(503, (await task.Within()).StatusCode);
        Assert.Equal(3, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_DoesNotRetryCircuitOpen()
    {
        _inner.Fallback = _ => throw new CircuitOpenException("open", TimeSpan.FromSeconds(60));

        await Assert.ThrowsAsync<CircuitOpenException>(() => Create().SendAsync(TestRequests.Market()).AsTask());

        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_DoesNotRetryIpBan()
    {
        _inner.Fallback = _ => throw new IpBannedException("banned", TestRequests.Start.AddMinutes(2));

        await Assert.ThrowsAsync<IpBannedException>(() => Create().SendAsync(TestRequests.Market()).AsTask());

        Assert.Equal(1, _inner.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(418)]
    public async Task SendAsync_DoesNotRetry4xxOtherThan429(int status)
    {
        _inner.Fallback = _ => ScriptedTransport.Error(status, -1100);

        var response = await Create().SendAsync(TestRequests.Market());

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_JitteredDelay_StaysWithinBounds()
    {
        _inner.Then(ScriptedTransport.Status(503)).Then(ScriptedTransport.Ok());

        // The retry goes exactly after the jittered delay the seeded source yields (between 0.5 and 1 s for the first retry).
        var expected = RetryBackoff.GetDelay(1, new RetryOptions { UseJitter = true }, new Random(3));
        Assert.InRange(expected, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));

        var task = Create(jitter: true).SendAsync(TestRequests.Market()).AsTask();
        _time.AdvanceInline(expected - TimeSpan.FromMilliseconds(1)); // timers run at millisecond resolution
        Assert.Equal(1, _inner.Count);
        _time.AdvanceInline(TimeSpan.FromMilliseconds(1));

        await task.Within();
        Assert.Equal(2, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_CanceledDuringBackoff_Throws()
    {
        _inner.Fallback = _ => ScriptedTransport.Status(503);
        using var cts = new CancellationTokenSource();

        var task = Create().SendAsync(TestRequests.Market(), cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.Within());
        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_SkipsRetryWhoseBackoffEndsAfterTotalTimeout()
    {
        _inner.Fallback = _ => ScriptedTransport.Status(503);

        var task = Create(maxRetries: 5).SendAsync(TestRequests.Market()).AsTask();
        foreach (var backoff in new[] { 1, 2, 4, 8 })
        {
            _time.AdvanceInline(TimeSpan.FromSeconds(backoff));
        }

        // 15 s spent; the next backoff (16 s) would end at 31 s > 30 s total.
        Assert.Equal(503, (await task.Within()).StatusCode);
        Assert.Equal(5, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_SkipsRetryAfterException_WhenBackoffEndsAfterTotalTimeout()
    {
        _inner.Fallback = _ => throw new ExchangeUnavailableException("down");

        var task = Create(maxRetries: 5).SendAsync(TestRequests.Market()).AsTask();
        foreach (var backoff in new[] { 1, 2, 4, 8 })
        {
            _time.AdvanceInline(TimeSpan.FromSeconds(backoff));
        }

        await Assert.ThrowsAsync<ExchangeUnavailableException>(() => task.Within());
        Assert.Equal(5, _inner.Count);
    }
}
