using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Delivers the trades of one symbol strictly in id order, each id exactly once, across reconnects: the
/// <see cref="IdSequencer{T}"/> of <c>&lt;symbol&gt;@trade</c>, whose gaps are filled over REST from
/// <see cref="ITradeHistorySource"/> (<c>historicalTrades?fromId=</c>). See <see cref="IdSequencer{T}"/> for the
/// guarantees (duplicates dropped and counted, bounded live buffer, failure instead of a silent skip).
/// </summary>
internal sealed class TradeSequencer
{
    private readonly IdSequencer<TradeUpdate> _inner;

    public TradeSequencer(
        string symbol,
        ITradeHistorySource history,
        Action<TradeUpdate> deliver,
        Action<Exception> fail,
        TimeProvider timeProvider,
        ILogger logger,
        MarketStreamMetrics metrics,
        MarketStreamOptions options,
        CancellationToken cancellationToken,
        Lock? syncRoot = null)
    {
        _inner = IdSequencers.ForTrades(symbol, history, deliver, fail, timeProvider, logger, metrics, options, cancellationToken, syncRoot: syncRoot);
    }

    /// <summary>The id of the last delivered trade, if any.</summary>
    public long? LastDeliveredId => _inner.LastDeliveredId;

    /// <summary>Live trades buffered while a gap is being filled (at most <see cref="MarketStreamOptions.GapFillBufferCapacity"/>).</summary>
    public int BufferedCount => _inner.BufferedCount;

    /// <summary>Live trades dropped because their id was already delivered or buffered.</summary>
    public long DuplicatesDropped => _inner.DuplicatesDropped;

    /// <summary>The running (or last) gap fill; completed when none runs.</summary>
    public Task FillTask => _inner.FillTask;

    /// <summary>Takes a live trade from the stream. Never blocks on I/O.</summary>
    /// <param name="trade">The trade.</param>
    public void OnLive(TradeUpdate trade) => _inner.OnLive(trade);

    /// <summary>
    /// The stream was subscribed again on a new connection: fill from the last delivered id at once, up to the
    /// exchange's last trade, without waiting for a live trade to reveal the gap.
    /// </summary>
    public void OnResubscribed() => _inner.OnResubscribed();
}
