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

    public void Dispose() => _metrics.Dispose();

    private TradeSequencer Create() => new(
        "BTCUSDT",
        _history,
        t =>
        {
            lock (_delivered)
            {
                _delivered.Add(t.TradeId);
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
}
