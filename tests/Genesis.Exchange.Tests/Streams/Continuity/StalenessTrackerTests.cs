using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams.Continuity;

public sealed class StalenessTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    private static MiniTickerUpdate Mini(int seconds, decimal last = 100m) =>
        new("BTCUSDT", last, 99m, 101m, 98m, 10m, 1000m, Start.AddSeconds(seconds));

    private static BookTickerUpdate Book(long updateId) => new("BTCUSDT", updateId, 99m, 1m, 101m, 1m);

    private static PartialDepthUpdate Depth(long lastUpdateId) => new("BTCUSDT", lastUpdateId, [new(99m, 1m)], [new(101m, 1m)]);

    [Fact]
    public void TryAccept_ByEventTime_DropsEqualAndOlderEventsFromASecondConnection_AndCountsThem()
    {
        var tracker = StalenessTrackers.ForMiniTicker(TimeSpan.FromSeconds(1), _time);

        bool[] accepted =
        [
            tracker.TryAccept(Mini(1)), // A
            tracker.TryAccept(Mini(1)), // B: the same event
            tracker.TryAccept(Mini(2)), // B, ahead
            tracker.TryAccept(Mini(1)), // A, behind
            tracker.TryAccept(Mini(3, last: 103m)), // A
        ];

        Assert.Equal([true, false, true, false, true], accepted);
        Assert.Equal(2, tracker.DuplicatesDropped);
        Assert.Equal(3, tracker.Accepted);
        Assert.Equal(103m, tracker.Latest!.LastPrice);
    }

    [Fact]
    public void TryAccept_ByUpdateId_DropsOlderBookTickersAndPartialDepths()
    {
        var book = StalenessTrackers.ForBookTicker(TimeSpan.Zero, _time);
        var depth = StalenessTrackers.ForPartialDepth(TimeSpan.FromMilliseconds(100), _time);

        Assert.True(book.TryAccept(Book(10)));
        Assert.False(book.TryAccept(Book(9)));
        Assert.True(book.TryAccept(Book(11)));
        Assert.True(depth.TryAccept(Depth(500)));
        Assert.False(depth.TryAccept(Depth(500)));
        Assert.False(depth.TryAccept(Depth(499)));

        Assert.Equal(11, book.Latest!.UpdateId);
        Assert.Equal(2, depth.DuplicatesDropped);
    }

    [Fact]
    public void IsStale_OnlyAfterNTimesTheUpdateInterval_WithoutNews()
    {
        var tracker = StalenessTrackers.ForTicker(TimeSpan.FromSeconds(5), _time, staleAfterIntervals: 3);
        tracker.TryAccept(new TickerUpdate(TestTicker(), Start));

        _time.Advance(TimeSpan.FromSeconds(15));
        var atThreshold = tracker.IsStale;
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.FromSeconds(15), tracker.StaleAfter);
        Assert.False(atThreshold);
        Assert.True(tracker.IsStale);
        Assert.Equal(Start, tracker.LastReceivedAt);
    }

    [Fact]
    public void IsStale_IsClearedByANewerUpdate_AndNotByAnOlderOne()
    {
        var tracker = StalenessTrackers.ForMiniTicker(TimeSpan.FromSeconds(1), _time, staleAfterIntervals: 2, minimumStaleAfter: TimeSpan.FromSeconds(1));
        tracker.TryAccept(Mini(5));
        _time.Advance(TimeSpan.FromSeconds(3));

        tracker.TryAccept(Mini(4)); // a lagging connection: no proof the value is current
        var afterOlder = tracker.IsStale;
        tracker.TryAccept(Mini(6));

        Assert.True(afterOlder);
        Assert.False(tracker.IsStale);
        Assert.Equal(TimeSpan.Zero, tracker.Age);
    }

    [Fact]
    public void IsStale_SameKeyCopyRefreshesTheReceiveTime()
    {
        var tracker = StalenessTrackers.ForPartialDepth(TimeSpan.FromMilliseconds(100), _time, minimumStaleAfter: TimeSpan.FromSeconds(1));
        tracker.TryAccept(Depth(7));
        _time.Advance(TimeSpan.FromSeconds(2));

        tracker.TryAccept(Depth(7)); // unchanged book, sent again

        Assert.False(tracker.IsStale);
    }

    [Fact]
    public void IsStale_RealTimeStream_UsesTheMinimumThreshold()
    {
        var tracker = StalenessTrackers.ForBookTicker(TimeSpan.Zero, _time, minimumStaleAfter: TimeSpan.FromSeconds(30));
        tracker.TryAccept(Book(1));

        _time.Advance(TimeSpan.FromSeconds(30));
        var atThreshold = tracker.IsStale;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(30), tracker.StaleAfter);
        Assert.False(atThreshold);
        Assert.True(tracker.IsStale);
    }

    [Fact]
    public void IsStale_WithNothingReceived_CountsFromCreationOrRestart()
    {
        var tracker = StalenessTrackers.ForMiniTicker(TimeSpan.FromSeconds(1), _time, staleAfterIntervals: 3, minimumStaleAfter: TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(4));
        var beforeRestart = tracker.IsStale;

        tracker.Restart();

        Assert.True(beforeRestart);
        Assert.False(tracker.IsStale);
        Assert.Null(tracker.LastReceivedAt);
    }

    [Fact]
    public void Restart_KeepsDroppingValuesOlderThanTheLastAccepted()
    {
        var tracker = StalenessTrackers.ForBookTicker(TimeSpan.Zero, _time);
        tracker.TryAccept(Book(20));

        tracker.Restart(); // resubscribed on a new connection that first replays an older value
        var replay = tracker.TryAccept(Book(19));

        Assert.False(replay);
        Assert.Equal(20, tracker.Latest!.UpdateId);
    }

    [Fact]
    public void Constructor_RejectsFewerThanOneInterval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StalenessTrackers.ForTicker(TimeSpan.FromSeconds(1), _time, staleAfterIntervals: 0));
    }

    private static Ticker24h TestTicker() =>
        new("BTCUSDT", null, null, null, null, 100m, null, null, null, null, null, 99m, 101m, 98m, 10m, 1000m, Start.AddDays(-1), Start, 1, 2, 2);
}
