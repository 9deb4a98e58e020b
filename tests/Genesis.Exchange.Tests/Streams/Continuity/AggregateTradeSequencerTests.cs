using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Streams.Continuity;

/// <summary><see cref="IdSequencer{T}"/> over the <c>@aggTrade</c> stream (by <c>a</c> id), with a scripted aggTrades history.</summary>
public sealed class AggregateTradeSequencerTests : IDisposable
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedAggregateTradeHistory _history = new();
    private readonly List<AggregateTradeUpdate> _delivered = [];
    private readonly MarketStreamMetrics _metrics = new();
    private readonly MarketStreamOptions _options = new() { GapFillBatchSize = 3, GapFillMaxAttempts = 3, ReconnectBaseDelay = TimeSpan.FromSeconds(1) };
    private Exception? _failure;
    private (int Count, TaskCompletionSource Reached) _awaited = (int.MaxValue, new());

    public void Dispose() => _metrics.Dispose();

    private List<long> DeliveredIds
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered.Select(d => d.AggregateTradeId)];
            }
        }
    }

    private IdSequencer<AggregateTradeUpdate> Create(TimeSpan reorderWindow = default) => IdSequencers.ForAggregateTrades(
        "BTCUSDT",
        _history,
        t =>
        {
            lock (_delivered)
            {
                _delivered.Add(t);
                if (_delivered.Count >= _awaited.Count)
                {
                    _awaited.Reached.TrySetResult();
                }
            }
        },
        ex => _failure = ex,
        _time,
        NullLogger.Instance,
        _metrics,
        _options,
        CancellationToken.None,
        reorderWindow);

    [Fact]
    public void OnLive_ConsecutiveIds_AreDeliveredWithoutHistory()
    {
        var sequencer = Create();

        foreach (var id in new long[] { 7, 8, 9 })
        {
            sequencer.OnLive(AggTrades.Live(id));
        }

        Assert.Equal([7L, 8, 9], DeliveredIds);
        Assert.Empty(_history.Requests);
        Assert.Equal(0, sequencer.DuplicatesDropped);
    }

    [Fact]
    public void OnLive_SameIdsFromTwoConnectionsInterleaved_AreDeliveredOnceAndCounted()
    {
        var sequencer = Create();

        // Connection A and connection B carry the same stream during a failover or a renewal overlap.
        foreach (var (id, _) in new (long, char)[] { (1, 'A'), (1, 'B'), (2, 'A'), (3, 'A'), (2, 'B'), (3, 'B'), (4, 'B'), (4, 'A') })
        {
            sequencer.OnLive(AggTrades.Live(id));
        }

        Assert.Equal([1L, 2, 3, 4], DeliveredIds);
        Assert.Equal(4, sequencer.DuplicatesDropped);
        Assert.Empty(_history.Requests);
    }

    [Fact]
    public async Task OnLive_ConnectionAheadRevealsAGap_TheOtherFillsItWithinTheReorderWindow_WithoutRest()
    {
        var sequencer = Create(reorderWindow: TimeSpan.FromMilliseconds(250));
        _history.Add(2, 3, 4, 5);
        sequencer.OnLive(AggTrades.Live(1)); // A

        sequencer.OnLive(AggTrades.Live(4)); // B is ahead: 2 and 3 look missing
        sequencer.OnLive(AggTrades.Live(2)); // A catches up within the window
        sequencer.OnLive(AggTrades.Live(3)); // A
        sequencer.OnLive(AggTrades.Live(4)); // A: duplicate of B's
        await _time.WaitForTimerAsync(TimeSpan.FromMilliseconds(250));
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await sequencer.FillTask.WaitAsync(Bound.Safety);
        sequencer.OnLive(AggTrades.Live(5)); // B

        Assert.Equal([1L, 2, 3, 4, 5], DeliveredIds);
        Assert.Empty(_history.Requests);
        Assert.Equal(1, sequencer.DuplicatesDropped);
    }

    [Fact]
    public async Task OnLive_GapStillOpenAfterTheReorderWindow_IsFilledOverRest()
    {
        var sequencer = Create(reorderWindow: TimeSpan.FromMilliseconds(250));
        _history.Add(2, 3);
        sequencer.OnLive(AggTrades.Live(1));

        sequencer.OnLive(AggTrades.Live(4));
        await _time.WaitForTimerAsync(TimeSpan.FromMilliseconds(250));
        var requestsDuringWindow = _history.Requests.Count;
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await sequencer.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal(0, requestsDuringWindow);
        Assert.Equal([1L, 2, 3, 4], DeliveredIds);
        Assert.Single(_history.Requests);
    }

    [Fact]
    public async Task OnLive_TwoConnectionsDeliveringConcurrently_EachIdOnceInOrder()
    {
        var sequencer = Create();
        const int Count = 20_000;
        using var start = new Barrier(2);

        void Feed()
        {
            start.SignalAndWait();
            for (var id = 1; id <= Count; id++)
            {
                sequencer.OnLive(AggTrades.Live(id));
            }
        }

        await Task.WhenAll(Task.Run(Feed), Task.Run(Feed)).WaitAsync(Bound.Safety);

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), DeliveredIds);
        Assert.Equal(Count, sequencer.DuplicatesDropped);
        Assert.Empty(_history.Requests);
    }

    [Fact]
    public async Task OnLive_Gap_IsFilledFromAggTradesHistoryInOrderExactlyOnce()
    {
        var sequencer = Create();
        _history.Add(2, 3, 4, 5, 6, 7, 8);
        sequencer.OnLive(AggTrades.Live(1));
        sequencer.OnLive(AggTrades.Live(2));

        sequencer.OnLive(AggTrades.Live(7)); // gap 3..6
        sequencer.OnLive(AggTrades.Live(8));
        sequencer.OnLive(AggTrades.Live(7)); // duplicate from the other connection while filling
        await sequencer.FillTask.WaitAsync(Bound.Safety);
        sequencer.OnLive(AggTrades.Live(9));

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9], DeliveredIds);
        Assert.Equal([("BTCUSDT", 3L, 3), ("BTCUSDT", 6L, 3)], _history.Requests);
        Assert.Equal(1, sequencer.DuplicatesDropped);
        Assert.Null(_failure);
    }

    [Fact]
    public async Task OnLive_Gap_DeliversRestAggregateTradesWithAllTheirFields()
    {
        var sequencer = Create();
        _history.Add(2);
        sequencer.OnLive(AggTrades.Live(1));

        sequencer.OnLive(AggTrades.Live(3));
        await sequencer.FillTask.WaitAsync(Bound.Safety);

        var filled = _delivered[1];
        var rest = AggTrades.History(2);
        Assert.Equal(new AggregateTradeUpdate("BTCUSDT", 2, rest.Price, rest.Quantity, rest.FirstTradeId, rest.LastTradeId, rest.Time, rest.Time, rest.IsBuyerMaker), filled);
    }

    [Fact]
    public async Task OnLive_GapWhenHistoryFailsThenSucceeds_RetriesAfterBackoffAndLosesNothing()
    {
        var sequencer = Create();
        _history.Add(2, 3);
        _history.FailuresBeforeSuccess = 2;
        sequencer.OnLive(AggTrades.Live(1));

        sequencer.OnLive(AggTrades.Live(4));
        var index = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(2), index);
        _time.Advance(TimeSpan.FromSeconds(2));
        await sequencer.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal([1L, 2, 3, 4], DeliveredIds);
        Assert.Equal(3, _history.Requests.Count);
        Assert.Null(_failure);
    }

    [Fact]
    public async Task OnLive_GapThatHistoryNeverFills_FailsOnceInsteadOfSkipping()
    {
        var sequencer = Create();
        _history.FailuresBeforeSuccess = 100;
        sequencer.OnLive(AggTrades.Live(1));

        sequencer.OnLive(AggTrades.Live(5));
        var index = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(2), index);
        _time.Advance(TimeSpan.FromSeconds(2));
        await sequencer.FillTask.WaitAsync(Bound.Safety);
        sequencer.OnLive(AggTrades.Live(6));

        Assert.Equal([1L], DeliveredIds);
        var failure = Assert.IsType<StreamSubscriptionOverflowException>(_failure);
        Assert.Contains("Aggregate trades of BTCUSDT from id 2", failure.Message, StringComparison.Ordinal);
        Assert.True(sequencer.IsFailed);
    }

    [Fact]
    public async Task OnLive_HistoryJumpsPastMissingIds_ResumesAtFirstLiveId_AndCountsNothingRecovered()
    {
        _history.Add(7, 8); // ids 2..6 do not exist in the history
        var sequencer = Create();
        sequencer.OnLive(AggTrades.Live(1));

        sequencer.OnLive(AggTrades.Live(7));
        await sequencer.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal([1L, 7], DeliveredIds);
        Assert.Equal(0, sequencer.GapFilled);
        Assert.Null(_failure);
    }

    [Fact]
    public async Task LiveBufferDuringFill_IsBounded_AndIdsBeyondItAreRecoveredOverRest()
    {
        _options.GapFillBufferCapacity = 3;
        var gate = new TaskCompletionSource();
        _history.Gate = gate.Task;
        _history.Add([.. Enumerable.Range(2, 19).Select(i => (long)i)]); // 2..20
        var sequencer = Create();
        sequencer.OnLive(AggTrades.Live(1));

        for (var id = 5; id <= 20; id++)
        {
            sequencer.OnLive(AggTrades.Live(id)); // 2..4 missing: the fill starts and waits on the gate
        }

        var buffered = sequencer.BufferedCount;
        gate.SetResult();
        await WaitForDeliveredAsync(20);

        Assert.Equal(3, buffered);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), DeliveredIds);
        Assert.Null(_failure);
    }

    [Fact]
    public async Task OnResubscribed_FillsUpToTheExchangesLastAggregateTrade_AndDropsTheOverlapFromTheNewConnection()
    {
        _history.Add(10, 11, 12, 13, 14);
        var sequencer = Create();
        sequencer.OnLive(AggTrades.Live(10));

        sequencer.OnResubscribed();
        await WaitForDeliveredAsync(5);
        await sequencer.FillTask.WaitAsync(Bound.Safety);
        sequencer.OnLive(AggTrades.Live(13)); // the new connection replays what REST already delivered
        sequencer.OnLive(AggTrades.Live(14));
        sequencer.OnLive(AggTrades.Live(15));

        Assert.Equal([10L, 11, 12, 13, 14, 15], DeliveredIds);
        Assert.Equal(2, sequencer.DuplicatesDropped);
        Assert.Equal(4, sequencer.GapFilled);
    }

    private async Task WaitForDeliveredAsync(int count)
    {
        Task reached;
        lock (_delivered)
        {
            _awaited = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_delivered.Count >= count)
            {
                return;
            }

            reached = _awaited.Reached.Task;
        }

        await reached.WaitAsync(Bound.Safety);
    }
}
