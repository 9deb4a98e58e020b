using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Streams;

public sealed class TradeSequencerTests : IDisposable
{
    private readonly SignalingTimeProvider _time = new();
    private readonly FakeTradeHistory _history = new();
    private readonly List<long> _delivered = [];
    private readonly MarketStreamMetrics _metrics = new();
    private readonly MarketStreamOptions _options = new() { GapFillBatchSize = 3, GapFillMaxAttempts = 3, ReconnectBaseDelay = TimeSpan.FromSeconds(1) };
    private Exception? _failure;
    private (int Count, TaskCompletionSource Reached) _awaited = (int.MaxValue, new());

    public void Dispose() => _metrics.Dispose();

    private TradeSequencer Create() => new(
        "BTCUSDT",
        _history,
        t =>
        {
            lock (_delivered)
            {
                _delivered.Add(t.TradeId);
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
        CancellationToken.None);

    [Fact]
    public void OnLive_ConsecutiveTrades_AreDeliveredWithoutHistory()
    {
        var sequencer = Create();

        foreach (var id in new long[] { 10, 11, 12 })
        {
            sequencer.OnLive(Trades.Live(id));
        }

        Assert.Equal([10L, 11, 12], _delivered);
        Assert.Empty(_history.Requests);
    }

    [Fact]
    public void OnLive_DuplicateOrOlderIds_AreDropped()
    {
        var sequencer = Create();

        foreach (var id in new long[] { 10, 11, 11, 10, 12 })
        {
            sequencer.OnLive(Trades.Live(id));
        }

        Assert.Equal([10L, 11, 12], _delivered);
    }

    [Fact]
    public async Task OnLive_Gap_IsFilledFromHistoryInOrderExactlyOnce()
    {
        var sequencer = Create();
        _history.Add(3, 4, 5, 6, 7, 8, 9); // overlaps both what was delivered and the live trades
        sequencer.OnLive(Trades.Live(1));
        sequencer.OnLive(Trades.Live(2));
        sequencer.OnLive(Trades.Live(3));

        sequencer.OnLive(Trades.Live(8)); // gap 4..7
        sequencer.OnLive(Trades.Live(9));
        sequencer.OnLive(Trades.Live(8)); // duplicate while filling
        await sequencer.FillTask.WaitAsync(Bound.Safety);
        sequencer.OnLive(Trades.Live(10));

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9, 10], _delivered);
        Assert.Equal([(4L, 3), (7L, 3)], _history.Requests.Select(r => (r.FromId, r.Limit)));
        Assert.Null(_failure);
    }

    [Fact]
    public async Task OnLive_GapWhenHistoryFailsOnce_RetriesAfterBackoff()
    {
        var sequencer = Create();
        _history.Add(2, 3);
        _history.FailuresBeforeSuccess = 1;
        sequencer.OnLive(Trades.Live(1));

        sequencer.OnLive(Trades.Live(4));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await sequencer.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal([1L, 2, 3, 4], _delivered);
    }

    [Fact]
    public async Task OnLive_GapThatHistoryNeverFills_FailsSubscriptionInsteadOfSkipping()
    {
        var sequencer = Create();
        _history.FailuresBeforeSuccess = 100;
        sequencer.OnLive(Trades.Live(1));

        sequencer.OnLive(Trades.Live(5));
        var index = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(2), index);
        _time.Advance(TimeSpan.FromSeconds(2));
        await sequencer.FillTask.WaitAsync(Bound.Safety);
        sequencer.OnLive(Trades.Live(6));

        Assert.Equal([1L], _delivered);
        Assert.IsType<StreamSubscriptionOverflowException>(_failure);
    }

    [Fact]
    public async Task OnLive_HistoryJumpsPastMissingIds_ResumesAtFirstLiveTrade()
    {
        var sequencer = Create();
        _history.Add(7, 8); // ids 2..6 do not exist in the history
        sequencer.OnLive(Trades.Live(1));

        sequencer.OnLive(Trades.Live(7));
        await sequencer.FillTask.WaitAsync(Bound.Safety);

        Assert.Equal([1L, 7], _delivered);
    }

    [Fact]
    public async Task LiveBufferDuringFill_IsBounded_AndTradesBeyondItAreRecoveredOverRest()
    {
        _options.GapFillBufferCapacity = 3;
        var gate = new TaskCompletionSource();
        _history.Gate = gate.Task;
        _history.Add([.. Enumerable.Range(2, 19).Select(i => (long)i)]); // 2..20
        var sequencer = Create();
        sequencer.OnLive(Trades.Live(1));

        for (var id = 5; id <= 20; id++)
        {
            sequencer.OnLive(Trades.Live(id)); // 2..4 missing: the fill starts and waits on the gate
        }

        var buffered = sequencer.BufferedCount;
        gate.SetResult();
        await WaitForDeliveredAsync(20);

        Assert.Equal(3, buffered);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), _delivered);
        Assert.Null(_failure);
    }

    [Fact]
    public async Task OnResubscribed_FillsFromLastDeliveredUpToTheExchangesLastTrade_WithoutALiveTrade()
    {
        _history.Add(10, 11, 12, 13, 14, 15, 16);
        var sequencer = Create();
        sequencer.OnLive(Trades.Live(10));

        sequencer.OnResubscribed();
        await WaitForDeliveredAsync(7);

        Assert.Equal([10L, 11, 12, 13, 14, 15, 16], _delivered);
        Assert.Equal([11L, 14, 17], _history.Requests.Select(r => r.FromId));
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
