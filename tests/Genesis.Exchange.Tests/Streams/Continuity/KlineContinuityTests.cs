using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Streams.Continuity;

public sealed class KlineContinuityTests
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedKlineHistory _history = new();
    private readonly List<KlineUpdate> _delivered = [];
    private readonly MarketStreamOptions _options = new() { GapFillMaxAttempts = 3, ReconnectBaseDelay = TimeSpan.FromSeconds(1) };
    private Exception? _failure;

    private KlineContinuity Create(TimeSpan? timeZone = null, KlineInterval interval = KlineInterval.OneMinute) => new(
        "BTCUSDT",
        interval,
        timeZone,
        _history,
        k =>
        {
            lock (_delivered)
            {
                _delivered.Add(k);
            }
        },
        ex => _failure = ex,
        _time,
        NullLogger.Instance,
        _options,
        CancellationToken.None);

    private List<(DateTimeOffset Open, bool Closed, DateTimeOffset Event)> Delivered()
    {
        lock (_delivered)
        {
            return [.. _delivered.Select(d => (d.Kline.OpenTime, d.IsClosed, d.EventTime))];
        }
    }

    private static DateTimeOffset Open(int n) => Candles.Rest(n).OpenTime;

    [Fact]
    public void OnLive_UpdatesFromTwoConnections_AreDeliveredOnceInOrder_AndDuplicatesCounted()
    {
        var continuity = Create();

        continuity.OnLive(Candles.Live(0, 10)); // connection A
        continuity.OnLive(Candles.Live(0, 10)); // connection B: same event time
        continuity.OnLive(Candles.Live(0, 12)); // A
        continuity.OnLive(Candles.Live(0, 11)); // B, late: older event time
        continuity.OnLive(Candles.Live(1, 2)); // A: next candle
        continuity.OnLive(Candles.Live(0, 14)); // B: older open time than the last delivered

        Assert.Equal([(Open(0), false, Open(0).AddSeconds(10)), (Open(0), false, Open(0).AddSeconds(12)), (Open(1), false, Open(1).AddSeconds(2))], Delivered());
        Assert.Equal(3, continuity.DuplicatesDropped);
        Assert.Empty(_history.Requests);
    }

    [Fact]
    public void OnLive_AfterTheFinalKlineOfAnOpenTime_DropsLaterUpdatesOfIt()
    {
        var continuity = Create();

        continuity.OnLive(Candles.Live(0, 60, closed: true));
        continuity.OnLive(Candles.Live(0, 61, closed: true)); // the other connection's copy of the final, a bit later

        Assert.Single(Delivered());
        Assert.Equal(1, continuity.DuplicatesDropped);
    }

    [Fact]
    public async Task OnResubscribed_RefetchesMissedCandlesOverRest_AndDeliversThemAsFinalInOrderBeforeLiveOnes()
    {
        var continuity = Create();
        continuity.OnLive(Candles.Live(0, 10)); // then the connection drops
        _history.Add(Candles.Rest(0, 5)); // candle 5 is still open at 5:30
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));
        var gate = new TaskCompletionSource();
        _history.Gate = gate.Task;

        continuity.OnResubscribed();
        continuity.OnLive(Candles.Live(5, 31)); // the new connection is live before the fill answers
        continuity.OnLive(Candles.Live(5, 32));
        continuity.OnLive(Candles.Live(4, 59, closed: true)); // a late final from the old connection
        var heldWhileFilling = Delivered().Count;
        gate.SetResult();
        await continuity.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal(1, heldWhileFilling);
        Assert.Equal(
            [
                (Open(0), false, Open(0).AddSeconds(10)),
                (Open(0), true, Candles.Rest(0).CloseTime),
                (Open(1), true, Candles.Rest(1).CloseTime),
                (Open(2), true, Candles.Rest(2).CloseTime),
                (Open(3), true, Candles.Rest(3).CloseTime),
                (Open(4), true, Candles.Rest(4).CloseTime),
                (Open(5), false, Open(5).AddSeconds(32)),
            ],
            Delivered());
        var request = Assert.Single(_history.Requests);
        Assert.Equal(("BTCUSDT", KlineInterval.OneMinute, Open(0), _time.GetUtcNow(), (TimeSpan?)null, 1000), request);
        Assert.Equal(5, continuity.CandlesRecovered);
        Assert.Equal(2, continuity.DuplicatesDropped); // 5@31 superseded by 5@32, and the late final of 4
        Assert.Equal(Candles.Rest(2), _delivered[3].Kline);
    }

    [Fact]
    public async Task OnResubscribed_AfterAFinalKline_StartsAfterIt()
    {
        var continuity = Create();
        continuity.OnLive(Candles.Live(0, 60, closed: true));
        _history.Add(Candles.Rest(0, 2));
        _time.Advance(TimeSpan.FromMinutes(3));

        continuity.OnResubscribed();
        await continuity.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal(Open(0).AddMilliseconds(1), Assert.Single(_history.Requests).Start);
        Assert.Equal([Open(0), Open(1), Open(2)], Delivered().Select(d => d.Open));
    }

    [Fact]
    public async Task OnResubscribed_WithMoreThanOnePage_FetchesTheNextPageFromTheLastCandle()
    {
        var continuity = Create(interval: KlineInterval.OneSecond);
        continuity.OnLive(new KlineUpdate("BTCUSDT", KlineInterval.OneSecond, Candles.Rest(0, KlineInterval.OneSecond), true, Candles.Start.AddSeconds(1)));
        _history.Add(Enumerable.Range(0, 1500).Select(n => Candles.Rest(n, KlineInterval.OneSecond)));
        _time.Advance(TimeSpan.FromSeconds(1500));

        continuity.OnResubscribed();
        await continuity.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal(1499, continuity.CandlesRecovered);
        Assert.Equal(Enumerable.Range(0, 1500).Select(n => Candles.Start.AddSeconds(n)), Delivered().Select(d => d.Open));
        Assert.Equal([Candles.Start.AddMilliseconds(1), Candles.Start.AddSeconds(1000).AddMilliseconds(1)], _history.Requests.Select(r => r.Start));
    }

    [Fact]
    public async Task OnResubscribed_TimeZoneVariant_PassesTheOffsetToRest()
    {
        var continuity = Create(TimeSpan.FromHours(8));
        continuity.OnLive(Candles.Live(0, 10));
        _time.Advance(TimeSpan.FromMinutes(1));

        continuity.OnResubscribed();
        await continuity.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal(TimeSpan.FromHours(8), Assert.Single(_history.Requests).TimeZone);
    }

    [Fact]
    public async Task OnResubscribed_WhenRestFailsThenSucceeds_RetriesAfterBackoff_AndLosesNothing()
    {
        var continuity = Create();
        continuity.OnLive(Candles.Live(0, 10));
        _history.Add(Candles.Rest(0, 2));
        _history.FailuresBeforeSuccess = 1;
        _time.Advance(TimeSpan.FromMinutes(3));

        continuity.OnResubscribed();
        continuity.OnLive(Candles.Live(3, 1));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await continuity.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal([Open(0), Open(0), Open(1), Open(2), Open(3)], Delivered().Select(d => d.Open));
        Assert.Equal(2, _history.Requests.Count);
        Assert.Null(_failure);
    }

    [Fact]
    public async Task OnResubscribed_WhenRestNeverAnswers_FailsOnceAndDeliversNothingMore()
    {
        var continuity = Create();
        continuity.OnLive(Candles.Live(0, 10));
        _history.FailuresBeforeSuccess = 100;
        _time.Advance(TimeSpan.FromMinutes(3));

        continuity.OnResubscribed();
        var index = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(2), index);
        _time.Advance(TimeSpan.FromSeconds(2));
        await continuity.FillTask.WaitAsync(Bound.Safety);
        continuity.OnLive(Candles.Live(3, 1));

        Assert.IsType<StreamSubscriptionOverflowException>(_failure);
        Assert.True(continuity.IsFailed);
        Assert.Single(Delivered());
    }

    [Fact]
    public void OnResubscribed_BeforeAnyUpdate_FetchesNothing()
    {
        var continuity = Create();

        continuity.OnResubscribed();

        Assert.True(continuity.FillTask.IsCompleted);
        Assert.Empty(_history.Requests);
    }
}
