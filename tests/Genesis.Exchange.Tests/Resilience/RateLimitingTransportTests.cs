using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class RateLimitingTransportTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly InMemoryRateLimitBudget _budget;
    private readonly ScriptedTransport _inner;
    private readonly RateLimitingTransport _sut;

    public RateLimitingTransportTests()
    {
        _budget = new InMemoryRateLimitBudget(new RateLimitOptions { DefaultRequestWeightPerMinute = 100 }, _time);
        _inner = new ScriptedTransport(_time);
        _sut = new RateLimitingTransport(_inner, _budget, _time, NullLogger<RateLimitingTransport>.Instance);
    }

    public void Dispose() => _budget.Dispose();

    private long Used(RateLimitType type, TimeSpan window) =>
        _budget.GetUsage().Single(u => u.Type == type && u.Window == window).Used;

    [Fact]
    public async Task SendAsync_ReconcilesUsedWeightHeader_CaseInsensitively()
    {
        _inner.Then(ScriptedTransport.Ok("{}", ("x-mbx-used-weight-1m", "57")));

        await _sut.SendAsync(TestRequests.Market(2));

        Assert.Equal(57, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task SendAsync_ReconcilesOrderCountHeaders()
    {
        _inner.Then(ScriptedTransport.Ok("{}", ("X-MBX-ORDER-COUNT-10S", "7"), ("X-MBX-ORDER-COUNT-1D", "321")));

        await _sut.SendAsync(TestRequests.PlaceOrder());

        Assert.Equal(7, Used(RateLimitType.Orders, TimeSpan.FromSeconds(10)));
        Assert.Equal(321, Used(RateLimitType.Orders, TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task SendAsync_WaitsBeforeSending_WhenServerCountReachedCeiling()
    {
        _inner.Then(ScriptedTransport.Ok("{}", ("X-MBX-USED-WEIGHT-1M", "80")));
        await _sut.SendAsync(TestRequests.Market());

        var second = _sut.SendAsync(TestRequests.Market()).AsTask();
        Assert.Equal(1, _inner.Count);

        _time.Advance(TimeSpan.FromMinutes(1));
        await second.Within();
        Assert.Equal(2, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_After429_ReturnsItAndSendsNothingUntilRetryAfter()
    {
        _inner.Then(ScriptedTransport.Status(429, retryAfter: TimeSpan.FromSeconds(5)));

        var response = await _sut.SendAsync(TestRequests.Market());
        var next = _sut.SendAsync(TestRequests.Market()).AsTask();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, _inner.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await next.Within();
        Assert.Equal(429, response.StatusCode);
        Assert.Equal(2, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_After429WithoutRetryAfter_PausesSixtySeconds()
    {
        _inner.Then(ScriptedTransport.Status(429));
        await _sut.SendAsync(TestRequests.Market());

        var next = _sut.SendAsync(TestRequests.Market()).AsTask();
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await next.Within();
    }

    [Fact]
    public async Task SendAsync_After418_FailsFastWithoutSending_UntilBanEnds()
    {
        _inner.Then(ScriptedTransport.Status(418, retryAfter: TimeSpan.FromSeconds(120)));
        var banned = await _sut.SendAsync(TestRequests.Market());

        var request = TestRequests.Market();
        var ex = await Assert.ThrowsAsync<IpBannedException>(() => _sut.SendAsync(request).AsTask());
        _time.Advance(TimeSpan.FromSeconds(119));
        await Assert.ThrowsAsync<IpBannedException>(() => _sut.SendAsync(TestRequests.Market()).AsTask());
        Assert.Equal(1, _inner.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _sut.SendAsync(TestRequests.Market());
        Assert.Equal(418, banned.StatusCode);
        Assert.True(ex.RequestNotSent);
        Assert.Equal(TestRequests.Start.AddSeconds(120), ex.BannedUntil);
        Assert.Equal(request.CorrelationId, ex.CorrelationId);
        Assert.Equal(2, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_WaitLongerThanTheWaitLimit_FailsAsTimeout_WithRequestNotSent()
    {
        var sut = new RateLimitingTransport(_inner, _budget, _time, NullLogger<RateLimitingTransport>.Instance, maxWait: TimeSpan.FromSeconds(20));
        _inner.Then(ScriptedTransport.Ok("{}", ("X-MBX-USED-WEIGHT-1M", "80")));
        await sut.SendAsync(TestRequests.Market());
        var request = TestRequests.PlaceOrder();

        var waiting = sut.SendAsync(request).AsTask();
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => waiting.Within());
        Assert.True(ex.RequestNotSent);
        Assert.Equal(request.CorrelationId, ex.CorrelationId);
        Assert.Equal(1, _inner.Count);
        Assert.Equal(0, Used(RateLimitType.Orders, TimeSpan.FromSeconds(10))); // the abandoned wait reserved nothing
    }

    [Fact]
    public async Task SendAsync_WaitEndedByTheCallersToken_IsOperationCanceled_WithNothingSent()
    {
        var sut = new RateLimitingTransport(_inner, _budget, _time, NullLogger<RateLimitingTransport>.Instance, maxWait: TimeSpan.FromSeconds(20));
        _inner.Then(ScriptedTransport.Ok("{}", ("X-MBX-USED-WEIGHT-1M", "80")));
        await sut.SendAsync(TestRequests.Market());
        using var cts = new CancellationTokenSource();

        var waiting = sut.SendAsync(TestRequests.PlaceOrder(), cts.Token).AsTask();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        Assert.Equal(1, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_WithLimitingOff_CountsNothing()
    {
        var sut = Reactive();
        _inner.Fallback = _ => ScriptedTransport.Ok("{}", ("X-MBX-USED-WEIGHT-1M", "100"));

        for (var i = 0; i < 5; i++)
        {
            Assert.True(TestRequests.CompletedNow(sut.SendAsync(TestRequests.Market(50))));
        }

        Assert.Equal(5, _inner.Count);
        Assert.Equal(0, Used(RateLimitType.RequestWeight, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task SendAsync_WithLimitingOff_StillPausesAfter429_UntilRetryAfter()
    {
        var sut = Reactive();
        _inner.Then(ScriptedTransport.Status(429, retryAfter: TimeSpan.FromSeconds(5)));
        await sut.SendAsync(TestRequests.Market());

        var next = sut.SendAsync(TestRequests.Market()).AsTask();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(next.IsCompleted);
        Assert.Equal(1, _inner.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await next.Within();
        Assert.Equal(2, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_WithLimitingOff_StillFailsFastDuring418Ban_WithRequestNotSent()
    {
        var sut = Reactive();
        _inner.Then(ScriptedTransport.Status(418, retryAfter: TimeSpan.FromSeconds(120)));
        await sut.SendAsync(TestRequests.Market());

        var request = TestRequests.PlaceOrder();
        var ex = await Assert.ThrowsAsync<IpBannedException>(() => sut.SendAsync(request).AsTask());
        _time.Advance(TimeSpan.FromSeconds(120));
        await sut.SendAsync(TestRequests.Market());

        Assert.True(ex.RequestNotSent);
        Assert.Equal(request.CorrelationId, ex.CorrelationId);
        Assert.Equal(TestRequests.Start.AddSeconds(120), ex.BannedUntil);
        Assert.Equal(2, _inner.Count);
    }

    [Fact]
    public async Task SendAsync_WithLimitingOff_PauseLongerThanWaitLimit_FailsAsTimeout_WithRequestNotSent()
    {
        var sut = Reactive(maxWait: TimeSpan.FromSeconds(20));
        _inner.Then(ScriptedTransport.Status(429, retryAfter: TimeSpan.FromSeconds(60)));
        await sut.SendAsync(TestRequests.Market());

        var waiting = sut.SendAsync(TestRequests.PlaceOrder()).AsTask();
        _time.Advance(TimeSpan.FromSeconds(20));

        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => waiting.Within());
        Assert.True(ex.RequestNotSent);
        Assert.Equal(1, _inner.Count);
    }

    private RateLimitingTransport Reactive(TimeSpan? maxWait = null) =>
        new(_inner, _budget, _time, NullLogger<RateLimitingTransport>.Instance, maxWait, enforceLimits: false);

    [Theory]
    [InlineData("1M", 60)]
    [InlineData("10S", 10)]
    [InlineData("1d", 86400)]
    [InlineData("5m", 300)]
    [InlineData("1H", 3600)]
    public void TryParseWindow_ReadsIntervalNumberAndLetter(string suffix, int seconds)
    {
        Assert.True(RateLimitingTransport.TryParseWindow(suffix, out var window));
        Assert.Equal(TimeSpan.FromSeconds(seconds), window);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("0M")]
    [InlineData("1X")]
    [InlineData("-1M")]
    public void TryParseWindow_RejectsMalformedSuffix(string suffix)
    {
        Assert.False(RateLimitingTransport.TryParseWindow(suffix, out _));
    }
}
