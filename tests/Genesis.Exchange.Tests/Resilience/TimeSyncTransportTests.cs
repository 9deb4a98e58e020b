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
    private readonly TimeSyncOptions _options = new() { SamplesPerSync = 1 };
    private readonly TimeSyncTransport _sut;
    private readonly Queue<TimeSpan> _roundTrips = new();
    private TimeSpan _skew = TimeSpan.FromSeconds(10);
    private TimeSpan _roundTrip = TimeSpan.FromMilliseconds(200);

    public TimeSyncTransportTests()
    {
        _clock = new ServerClock(_time);
        _inner = new ScriptedTransport(_time) { Fallback = Answer };
        _sut = new TimeSyncTransport(_inner, _clock, _options, _time, NullLogger<TimeSyncTransport>.Instance);
    }

    public void Dispose() => _sut.Dispose();

    private ExchangeResponse Answer(ExchangeRequest request)
    {
        if (request.Endpoint != BinanceEndpoints.ServerTime)
        {
            return _signedAnswers.TryDequeue(out var answer) ? answer : ScriptedTransport.Ok();
        }

        // The server reads its clock half a round trip after the request left; the wire transport reports the round trip.
        var roundTrip = _roundTrips.TryDequeue(out var next) ? next : _roundTrip;
        _time.Advance(roundTrip / 2);
        var serverTime = _time.GetUtcNow() + _skew;
        _time.Advance(roundTrip / 2);
        return TimeAnswer(serverTime, roundTrip);
    }

    private static ExchangeResponse TimeAnswer(DateTimeOffset serverTime, TimeSpan latency) =>
        new(200, System.Text.Encoding.UTF8.GetBytes($"{{\"serverTime\":{serverTime.ToUnixTimeMilliseconds()}}}"), latency: latency);

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
        Assert.True(ex.RequestNotSent);
        Assert.DoesNotContain(_inner.Requests, r => r.Endpoint == BinanceEndpoints.PlaceOrder);
    }

    [Fact]
    public async Task SendAsync_OffsetIgnoresTimeSpentBelowBeforeTheWire()
    {
        // A lower layer (e.g. the rate limiter) holds the /time request for 40 s before it goes on the wire.
        _skew = TimeSpan.Zero;
        _inner.Then(r =>
        {
            _time.Advance(TimeSpan.FromSeconds(40));
            return Answer(r);
        });

        await _sut.SendAsync(TestRequests.Account());

        Assert.Equal(TimeSpan.Zero, _clock.Offset);
    }

    [Fact]
    public async Task Stack_FortySecondLimiterWaitBeforeTheTimeCall_LeavesOffsetNearZero_AndEverySignedCallPasses()
    {
        // True offset 0; the weight window is full until 00:01:00, so the first /time call waits 40 s in the limiter.
        _time.Advance(TimeSpan.FromSeconds(20));
        using var budget = new InMemoryRateLimitBudget(new RateLimitOptions { DefaultRequestWeightPerMinute = 100 }, _time);
        await budget.AcquireAnswered(80, false);
        var wire = new RecvWindowCheckingWire(_time, _clock, TimeSpan.FromMilliseconds(100));
        var limiter = new RateLimitingTransport(wire, budget, _time, NullLogger<RateLimitingTransport>.Instance);
        using var sut = new TimeSyncTransport(limiter, _clock, new TimeSyncOptions(), _time, NullLogger<TimeSyncTransport>.Instance);

        var first = sut.SendAsync(TestRequests.Account()).AsTask();
        _time.Advance(TimeSpan.FromSeconds(39));
        Assert.False(first.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var responses = new List<ExchangeResponse> { await first.Within() };
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await sut.SendAsync(TestRequests.PlaceOrder()).AsTask().Within());
        }

        Assert.InRange(_clock.Offset.TotalMilliseconds, -5, 5);
        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(0, wire.Rejections);
    }

    [Fact]
    public async Task SendAsync_KeepsTheSampleWithTheSmallestRoundTrip()
    {
        // Each sample's server read lands 3/4 of its round trip after sending: its midpoint estimate errs by RTT/4.
        using var sut = new TimeSyncTransport(_inner, _clock, new TimeSyncOptions { SamplesPerSync = 3 }, _time, NullLogger<TimeSyncTransport>.Instance);
        foreach (var ms in new[] { 400, 40, 200 })
        {
            _inner.Then(_ =>
            {
                var roundTrip = TimeSpan.FromMilliseconds(ms);
                _time.Advance(roundTrip * 3 / 4);
                var serverTime = _time.GetUtcNow() + _skew;
                _time.Advance(roundTrip / 4);
                return TimeAnswer(serverTime, roundTrip);
            });
        }

        await sut.SendAsync(TestRequests.Account());

        Assert.Equal(3, TimeCalls);
        Assert.Equal(_skew + TimeSpan.FromMilliseconds(10), _clock.Offset);
    }

    [Fact]
    public async Task SendAsync_PeriodicResyncThrows_DoesNotFailTheSignedCall_AndKeepsOffset()
    {
        await _sut.SendAsync(TestRequests.Account());
        _time.Advance(TimeSpan.FromMinutes(5));
        _inner.Then(new ExchangeUnavailableException("connection refused"));

        var response = await _sut.SendAsync(TestRequests.PlaceOrder());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), _clock.Offset);
        Assert.Equal(_time.GetUtcNow(), _clock.LastSyncFailure);
        Assert.Single(_inner.Requests, r => r.Endpoint == BinanceEndpoints.PlaceOrder);
    }

    [Fact]
    public async Task SendAsync_AfterAFailedResync_RetriesOnlyAfterRetryInterval_AndSuccessClearsTheFailure()
    {
        await _sut.SendAsync(TestRequests.Account());
        _time.Advance(TimeSpan.FromMinutes(5));
        _inner.Then(new ExchangeTimeoutException("slow"));
        await _sut.SendAsync(TestRequests.Account());
        Assert.Equal(2, TimeCalls);

        _time.Advance(TimeSpan.FromSeconds(29));
        await _sut.SendAsync(TestRequests.Account());
        Assert.Equal(2, TimeCalls);

        _skew = TimeSpan.FromSeconds(2);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _sut.SendAsync(TestRequests.Account());
        Assert.Equal(3, TimeCalls);
        Assert.Equal(TimeSpan.FromSeconds(2), _clock.Offset);
        Assert.Null(_clock.LastSyncFailure);
    }

    [Fact]
    public async Task SendAsync_OffsetOlderThanMaxOffsetAge_AndSyncFails_ThrowsWithRequestNotSent()
    {
        await _sut.SendAsync(TestRequests.Account());
        _time.Advance(TimeSpan.FromMinutes(30));
        _inner.Then(new ExchangeUnavailableException("connection refused"));

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => _sut.SendAsync(TestRequests.PlaceOrder()).AsTask());

        Assert.True(ex.RequestNotSent);
        Assert.DoesNotContain(_inner.Requests, r => r.Endpoint == BinanceEndpoints.PlaceOrder);
    }

    [Fact]
    public async Task SendAsync_FirstSyncThrows_ThrowsWithRequestNotSent_WithoutSendingSignedRequest()
    {
        var cause = new ExchangeTimeoutException("no answer");
        _inner.Then(cause);

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => _sut.SendAsync(TestRequests.PlaceOrder()).AsTask());

        Assert.True(ex.RequestNotSent);
        Assert.Same(cause, ex.InnerException);
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

/// <summary>
/// A wire with a true server offset of zero and a fixed round trip: /api/v3/time answers the server time read half a
/// round trip before the answer arrives; signed requests are checked like Binance does (-1021 when the timestamp the
/// signer would take now is 1 s ahead of the server or more than recvWindow behind it).
/// </summary>
internal sealed class RecvWindowCheckingWire(TimeProvider time, IServerClock clock, TimeSpan roundTrip) : IExchangeTransport
{
    public int Rejections { get; private set; }

    public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        var serverNow = time.GetUtcNow();
        if (request.Endpoint == BinanceEndpoints.ServerTime)
        {
            var serverTime = serverNow - (roundTrip / 2);
            return ValueTask.FromResult(new ExchangeResponse(200, System.Text.Encoding.UTF8.GetBytes($"{{\"serverTime\":{serverTime.ToUnixTimeMilliseconds()}}}"), latency: roundTrip));
        }

        var timestamp = clock.UtcNow;
        if (timestamp >= serverNow + TimeSpan.FromSeconds(1) || serverNow - timestamp > TimeSpan.FromSeconds(5))
        {
            Rejections++;
            return ValueTask.FromResult(ScriptedTransport.Error(400, -1021, "Timestamp for this request is outside of the recvWindow."));
        }

        return ValueTask.FromResult(ScriptedTransport.Ok());
    }
}
