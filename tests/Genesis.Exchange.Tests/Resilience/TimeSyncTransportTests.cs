using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class TimeSyncTransportTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly ServerClock _clock;
    private readonly ScriptedTransport _inner;
    private readonly Queue<ExchangeResponse> _signedAnswers = new();
    private readonly TimeSyncTransport _sut;
    private TimeSpan _skew = TimeSpan.FromSeconds(10);
    private TimeSpan _roundTrip = TimeSpan.FromMilliseconds(200);

    public TimeSyncTransportTests()
    {
        _clock = new ServerClock(_time);
        _inner = new ScriptedTransport(_time) { Fallback = Answer };
        _sut = new TimeSyncTransport(_inner, _clock, new TimeSyncOptions(), _time, NullLogger<TimeSyncTransport>.Instance);
    }

    public void Dispose() => _sut.Dispose();

    private ExchangeResponse Answer(ExchangeRequest request)
    {
        if (request.Endpoint != BinanceEndpoints.ServerTime)
        {
            return _signedAnswers.TryDequeue(out var answer) ? answer : ScriptedTransport.Ok();
        }

        // The server reads its clock half a round trip after the request left.
        _time.Advance(_roundTrip / 2);
        var serverTime = _time.GetUtcNow() + _skew;
        _time.Advance(_roundTrip / 2);
        return ScriptedTransport.Ok($"{{\"serverTime\":{serverTime.ToUnixTimeMilliseconds()}}}");
    }

    private int TimeCalls => _inner.Requests.Count(r => r.Endpoint == BinanceEndpoints.ServerTime);

    [Theory]
    [InlineData(10_000)]
    [InlineData(-10_000)]
    [InlineData(0)]
    public async Task SendAsync_MeasuresOffsetAtRoundTripMidpoint(int skewMs)
    {
        _skew = TimeSpan.FromMilliseconds(skewMs);

        await _sut.SendAsync(TestRequests.Account());

        Assert.Equal(TimeSpan.FromMilliseconds(skewMs), _clock.Offset);
        Assert.Equal(TestRequests.Start.AddMilliseconds(200), _clock.LastSync);
    }

    [Fact]
    public async Task SendAsync_SyncsBeforeFirstSignedRequest()
    {
        await _sut.SendAsync(TestRequests.Account());

        Assert.Equal([BinanceEndpoints.ServerTime, BinanceEndpoints.Account], _inner.Requests.Select(r => r.Endpoint));
        Assert.Equal(1, _inner.Requests[0].Weight);
    }

    [Fact]
    public async Task SendAsync_DoesNotSync_ForUnsignedRequests()
    {
        await _sut.SendAsync(TestRequests.Market());

        Assert.Equal(0, TimeCalls);
        Assert.Null(_clock.LastSync);
    }

    [Fact]
    public async Task SendAsync_ResyncsOnlyAfterResyncInterval()
    {
        await _sut.SendAsync(TestRequests.Account());
        _time.Advance(TimeSpan.FromMinutes(4));
        await _sut.SendAsync(TestRequests.Account());
        Assert.Equal(1, TimeCalls);

        _skew = TimeSpan.FromSeconds(3);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _sut.SendAsync(TestRequests.Account());

        Assert.Equal(2, TimeCalls);
        Assert.Equal(TimeSpan.FromSeconds(3), _clock.Offset);
    }

    [Fact]
    public async Task SendAsync_On1021_ResyncsOnceAndRetriesOnce()
    {
        await _sut.SendAsync(TestRequests.Account());
        _signedAnswers.Enqueue(ScriptedTransport.Error(400, -1021, "Timestamp for this request is outside of the recvWindow."));
        _skew = TimeSpan.FromSeconds(-4);

        var response = await _sut.SendAsync(TestRequests.PlaceOrder());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, TimeCalls);
        Assert.Equal(2, _inner.Requests.Count(r => r.Endpoint == BinanceEndpoints.PlaceOrder));
        Assert.Equal(TimeSpan.FromSeconds(-4), _clock.Offset);
    }

    [Fact]
    public async Task SendAsync_On1021Twice_ReturnsSecondRejection_WithoutLooping()
    {
        _signedAnswers.Enqueue(ScriptedTransport.Error(400, -1021));
        _signedAnswers.Enqueue(ScriptedTransport.Error(400, -1021));
        _signedAnswers.Enqueue(ScriptedTransport.Error(400, -1021));

        var response = await _sut.SendAsync(TestRequests.Account());

        Assert.True(response.TryGetError(out var code, out _));
        Assert.Equal(-1021, code);
        Assert.Equal(2, TimeCalls);
        Assert.Equal(2, _inner.Requests.Count(r => r.Endpoint == BinanceEndpoints.Account));
    }

    [Fact]
    public async Task SendAsync_DoesNotResync_OnOtherErrors()
    {
        _signedAnswers.Enqueue(ScriptedTransport.Error(400, -1013, "Filter failure"));

        var response = await _sut.SendAsync(TestRequests.PlaceOrder());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(1, TimeCalls);
        Assert.Single(_inner.Requests, r => r.Endpoint == BinanceEndpoints.PlaceOrder);
    }

    [Fact]
    public async Task SendAsync_FirstSyncFails_ThrowsWithoutSendingSignedRequest()
    {
        _inner.Then(ScriptedTransport.Error(503, -1008, "busy"));

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => _sut.SendAsync(TestRequests.PlaceOrder()).AsTask());

        Assert.Equal(503, ex.HttpStatus);
        Assert.DoesNotContain(_inner.Requests, r => r.Endpoint == BinanceEndpoints.PlaceOrder);
    }

    [Fact]
    public async Task SendAsync_PeriodicResyncFails_KeepsOffsetAndSends()
    {
        await _sut.SendAsync(TestRequests.Account());
        _time.Advance(TimeSpan.FromMinutes(5));
        _inner.Then(ScriptedTransport.Status(500));

        var response = await _sut.SendAsync(TestRequests.Account());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), _clock.Offset);
    }

    [Fact]
    public async Task SendAsync_ConcurrentFirstRequests_ShareOneSync()
    {
        var timeAnswer = new TaskCompletionSource<ExchangeResponse>();
        _inner.Then((_, _) => new ValueTask<ExchangeResponse>(timeAnswer.Task));

        var first = _sut.SendAsync(TestRequests.Account()).AsTask();
        var second = _sut.SendAsync(TestRequests.Account()).AsTask();
        timeAnswer.SetResult(ScriptedTransport.Ok($"{{\"serverTime\":{TestRequests.Start.ToUnixTimeMilliseconds()}}}"));
        await Task.WhenAll(first, second).Within();

        Assert.Equal(1, TimeCalls);
        Assert.Equal(2, _inner.Requests.Count(r => r.Endpoint == BinanceEndpoints.Account));
    }

    [Theory]
    [InlineData("{\"serverTime\":1499827319559}", true)]
    [InlineData("{\"other\":[1,2],\"serverTime\":1499827319559}", true)]
    [InlineData("{\"serverTime\":\"1499827319559\"}", false)]
    [InlineData("{}", false)]
    [InlineData("<html>", false)]
    [InlineData("{\"serverTime\":", false)]
    public void TryParseServerTime_AcceptsOnlyNumericServerTime(string body, bool expected)
    {
        var parsed = TimeSyncTransport.TryParseServerTime(System.Text.Encoding.UTF8.GetBytes(body), out var serverTime);

        Assert.Equal(expected, parsed);
        if (expected)
        {
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559), serverTime);
        }
    }
}
