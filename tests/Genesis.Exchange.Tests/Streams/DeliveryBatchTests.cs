using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams;

/// <summary>The receive loop's natural batching: deferred within a batch, flushed at its end, order kept against direct deliveries.</summary>
public sealed class DeliveryBatchTests
{
    private static TradeUpdate Trade(long id) => new("BTCUSDT", id, 1m, 1m, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false);

    private static StreamSubscription<TradeUpdate> Subscription(int capacity = 100) =>
        new(MarketStreams.Trade("BTCUSDT"), StreamRole.Monitoring, capacity, new Host());

    private static List<long> Drain(StreamSubscription<TradeUpdate> subscription)
    {
        var ids = new List<long>();
        while (subscription.Reader.TryRead(out var trade))
        {
            ids.Add(trade.TradeId);
        }

        return ids;
    }

    [Fact]
    public void InABatch_DeliveriesWaitForTheFlush_ThenArriveInOrder()
    {
        var subscription = Subscription();
        var batch = new DeliveryBatch();
        for (var id = 1; id <= 3; id++)
        {
            batch.Enter();
            subscription.Deliver(Trade(id));
            DeliveryBatch.Exit();
        }

        Assert.Empty(Drain(subscription));
        Assert.True(batch.ShouldFlush(receiveWouldWait: true));
        Assert.False(batch.ShouldFlush(receiveWouldWait: false)); // 3 frames: the socket has more, keep batching

        batch.Flush();

        Assert.Equal([1L, 2, 3], Drain(subscription));
        Assert.Equal(3, subscription.Counters.Delivered);
    }

    [Fact]
    public void DirectDelivery_WhileItemsAreDeferred_GoesBehindThem()
    {
        var subscription = Subscription();
        var batch = new DeliveryBatch();
        batch.Enter();
        subscription.Deliver(Trade(1));
        DeliveryBatch.Exit();

        subscription.Deliver(Trade(2)); // a gap fill on another thread, outside any batch

        Assert.Equal([1L, 2], Drain(subscription));
        batch.Flush(); // nothing left to flush, nothing delivered twice
        Assert.Empty(Drain(subscription));
    }

    [Fact]
    public void FullBatch_IsFlushedEvenWhileTheSocketHasMore()
    {
        var subscription = Subscription();
        var batch = new DeliveryBatch();
        for (var id = 1; id <= DeliveryBatch.MaxFramesPerBatch; id++)
        {
            batch.Enter();
            subscription.Deliver(Trade(id));
            DeliveryBatch.Exit();
        }

        Assert.True(batch.ShouldFlush(receiveWouldWait: false));
    }

    [Fact]
    public void OverflowAtFlush_FailsTheSequencedSubscriptionLoudly()
    {
        var subscription = Subscription(capacity: 2);
        var batch = new DeliveryBatch();
        for (var id = 1; id <= 3; id++)
        {
            batch.Enter();
            subscription.Deliver(Trade(id));
            DeliveryBatch.Exit();
        }

        batch.Flush();

        Assert.Equal(StreamSubscriptionState.Failed, subscription.State);
        Assert.Equal([1L, 2], Drain(subscription));
        Assert.IsType<StreamSubscriptionOverflowException>(subscription.Reader.Completion.Exception?.InnerException);
    }

    private sealed class Host : IStreamSubscriptionHost
    {
        public Lock SyncRoot { get; } = new();

        public Task Confirmation => Task.CompletedTask;

        public bool CatchingUp => false;

        public long Received => 0;

        public long Malformed => 0;

        public long Duplicates => 0;

        public long GapsFilled => 0;

        public DateTimeOffset? LastReceivedAt => null;

        public bool IsStale => false;

        public void Remove(object subscription)
        {
        }

        public void ReportOverflow(int capacity)
        {
        }
    }
}
