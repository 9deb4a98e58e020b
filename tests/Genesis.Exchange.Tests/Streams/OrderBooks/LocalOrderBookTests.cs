using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static Genesis.Exchange.Tests.Streams.OrderBooks.OrderBookTestData;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

/// <summary>The reads a trading app makes on a live book.</summary>
public sealed class LocalOrderBookTests : IAsyncLifetime, IDisposable
{
    private readonly ScriptedDepthStreams _streams = new();
    private readonly ScriptedSnapshots _snapshots = new();
    private readonly OrderBookMetrics _metrics = new();
    private LocalOrderBook _book = null!;

    public async Task InitializeAsync()
    {
        _book = new LocalOrderBook(Symbol, _streams, _snapshots, new LocalOrderBookOptions(), new SignalingTimeProvider(), NullLogger.Instance, _metrics).Start();
        await _streams.NextSubscriptionAsync();
    }

    public async Task DisposeAsync() => await _book.DisposeAsync();

    public void Dispose() => _metrics.Dispose();

    private async Task LiveAsync(OrderBook snapshot, DepthUpdate first)
    {
        _streams.Push(first);
        await _snapshots.AnswerAsync(snapshot);
        await _book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);
    }

    [Fact]
    public async Task Reads_GiveBestLevelsSpreadMidDepthAndEventTime()
    {
        await LiveAsync(
            Snapshot(100, bids: [(99.5m, 1m), (99m, 2m), (98m, 4m)], asks: [(100.5m, 3m), (101m, 5m)]),
            Diff(100, 101, bids: [(99m, 2.5m)]));

        Assert.Equal(new OrderBookLevel(99.5m, 1m), _book.BestBid);
        Assert.Equal(new OrderBookLevel(100.5m, 3m), _book.BestAsk);
        Assert.Equal(1m, _book.Spread);
        Assert.Equal(100m, _book.MidPrice);
        Assert.Equal(3.5m, _book.GetBidDepth(99m));
        Assert.Equal(8m, _book.GetAskDepth(101m));
        Assert.Equal([new(99.5m, 1m), new(99m, 2.5m)], _book.GetBids(2));
        Assert.Equal(101, _book.LastUpdateId);
        Assert.Equal(Time.AddMilliseconds(101), _book.EventTime);
    }

    [Fact]
    public async Task GetSnapshot_IsACopyAtOneUpdateId_LimitedToMaxLevels()
    {
        await LiveAsync(Snapshot(100, bids: [(99m, 1m), (98m, 1m)], asks: [(101m, 1m), (102m, 1m)]), Diff(100, 101)); // lastUpdateId must be at least the first event's U

        var copy = _book.GetSnapshot(maxLevels: 1);
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _book.Changed += b => seen.TrySetResult();
        _streams.Push(Diff(102, 102, bids: [(99m, 0m)]));
        await seen.Task.WaitAsync(Bound.Safety);

        Assert.Equal(new OrderBook(Symbol, 101, [new(99m, 1m)], [new(101m, 1m)]), copy, OrderBookComparer.Instance);
        Assert.Equal(new OrderBookLevel(98m, 1m), _book.BestBid);
    }

    [Fact]
    public async Task CopyBids_FillsASpanWithoutAllocatingALevelList()
    {
        await LiveAsync(Snapshot(100, bids: [(99m, 1m), (98m, 2m), (97m, 3m)]), Diff(100, 101)); // lastUpdateId must be at least the first event's U
        var destination = new OrderBookLevel[2];

        var copied = _book.CopyBids(destination);

        Assert.Equal(2, copied);
        Assert.Equal([new(99m, 1m), new(98m, 2m)], destination);
        Assert.Equal(0, _book.CopyAsks(destination));
    }

    [Fact]
    public async Task SpreadAndMid_AreNull_WhenASideIsEmpty()
    {
        await LiveAsync(Snapshot(100, bids: [(99m, 1m)]), Diff(100, 101)); // lastUpdateId must be at least the first event's U

        Assert.Null(_book.BestAsk);
        Assert.Null(_book.Spread);
        Assert.Null(_book.MidPrice);
    }

    private sealed class OrderBookComparer : IEqualityComparer<OrderBook>
    {
        public static readonly OrderBookComparer Instance = new();

        public bool Equals(OrderBook? x, OrderBook? y) =>
            x is not null && y is not null && x.Symbol == y.Symbol && x.LastUpdateId == y.LastUpdateId && x.Bids.SequenceEqual(y.Bids) && x.Asks.SequenceEqual(y.Asks);

        public int GetHashCode(OrderBook obj) => obj.LastUpdateId.GetHashCode();
    }
}
