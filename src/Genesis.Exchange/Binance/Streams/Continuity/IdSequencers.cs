using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>Creates the <see cref="IdSequencer{T}"/> of each id-sequenced stream kind: trades (<c>t</c>) and aggregate trades (<c>a</c>).</summary>
internal static class IdSequencers
{
    /// <summary>A sequencer of <c>&lt;symbol&gt;@trade</c> by trade id, filling gaps from <c>historicalTrades</c>.</summary>
    /// <param name="symbol">The symbol (upper case).</param>
    /// <param name="history">Trades by id over REST.</param>
    /// <param name="deliver">Receives each trade once, in id order.</param>
    /// <param name="fail">Called once when a gap cannot be filled.</param>
    /// <param name="timeProvider">The clock of the retry back-off.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="metrics">The stream metrics, or null.</param>
    /// <param name="options">Gap fill settings.</param>
    /// <param name="cancellationToken">Stops fills.</param>
    /// <param name="reorderWindow">How long a live gap waits for the missing ids from another connection before REST.</param>
    /// <param name="syncRoot">A lock to share (the stream entry's), or null for one of its own.</param>
    /// <returns>The sequencer.</returns>
    public static IdSequencer<TradeUpdate> ForTrades(
        string symbol,
        ITradeHistorySource history,
        Action<TradeUpdate> deliver,
        Action<Exception> fail,
        TimeProvider timeProvider,
        ILogger logger,
        MarketStreamMetrics? metrics,
        MarketStreamOptions options,
        CancellationToken cancellationToken,
        TimeSpan reorderWindow = default,
        Lock? syncRoot = null) =>
        new(symbol, $"Trades of {symbol}", static t => t.TradeId, new TradeHistory(symbol, history), deliver, fail, timeProvider, logger, metrics, options, cancellationToken, reorderWindow, syncRoot);

    /// <summary>A sequencer of <c>&lt;symbol&gt;@aggTrade</c> by aggregate trade id, filling gaps from <c>aggTrades?fromId=</c>.</summary>
    /// <param name="symbol">The symbol (upper case).</param>
    /// <param name="history">Aggregate trades by id over REST.</param>
    /// <param name="deliver">Receives each aggregate trade once, in id order.</param>
    /// <param name="fail">Called once when a gap cannot be filled.</param>
    /// <param name="timeProvider">The clock of the retry back-off.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="metrics">The stream metrics, or null.</param>
    /// <param name="options">Gap fill settings.</param>
    /// <param name="cancellationToken">Stops fills.</param>
    /// <param name="reorderWindow">How long a live gap waits for the missing ids from another connection before REST.</param>
    /// <param name="syncRoot">A lock to share (the stream entry's), or null for one of its own.</param>
    /// <returns>The sequencer.</returns>
    public static IdSequencer<AggregateTradeUpdate> ForAggregateTrades(
        string symbol,
        IAggregateTradeHistorySource history,
        Action<AggregateTradeUpdate> deliver,
        Action<Exception> fail,
        TimeProvider timeProvider,
        ILogger logger,
        MarketStreamMetrics? metrics,
        MarketStreamOptions options,
        CancellationToken cancellationToken,
        TimeSpan reorderWindow = default,
        Lock? syncRoot = null) =>
        new(
            $"{symbol} aggTrade",
            $"Aggregate trades of {symbol}",
            static t => t.AggregateTradeId,
            new AggregateTradeHistory(symbol, history),
            deliver,
            fail,
            timeProvider,
            logger,
            metrics,
            options,
            cancellationToken,
            reorderWindow,
            syncRoot);

    /// <summary>REST trades shaped as stream updates (the trade time stands in for the event time).</summary>
    private sealed class TradeHistory(string symbol, ITradeHistorySource history) : IIdHistorySource<TradeUpdate>
    {
        public async Task<IReadOnlyList<TradeUpdate>> GetFromIdAsync(long fromId, int limit, CancellationToken cancellationToken = default)
        {
            var trades = await history.GetTradesFromIdAsync(symbol, fromId, limit, cancellationToken).ConfigureAwait(false);
            var updates = new TradeUpdate[trades.Count];
            for (var i = 0; i < updates.Length; i++)
            {
                var t = trades[i];
                updates[i] = new TradeUpdate(symbol, t.Id, t.Price, t.Quantity, t.Time, t.Time, t.IsBuyerMaker);
            }

            return updates;
        }
    }

    /// <summary>REST aggregate trades shaped as stream updates (the trade time stands in for the event time).</summary>
    private sealed class AggregateTradeHistory(string symbol, IAggregateTradeHistorySource history) : IIdHistorySource<AggregateTradeUpdate>
    {
        public async Task<IReadOnlyList<AggregateTradeUpdate>> GetFromIdAsync(long fromId, int limit, CancellationToken cancellationToken = default)
        {
            var trades = await history.GetAggregateTradesFromIdAsync(symbol, fromId, limit, cancellationToken).ConfigureAwait(false);
            var updates = new AggregateTradeUpdate[trades.Count];
            for (var i = 0; i < updates.Length; i++)
            {
                var t = trades[i];
                updates[i] = new AggregateTradeUpdate(symbol, t.Id, t.Price, t.Quantity, t.FirstTradeId, t.LastTradeId, t.Time, t.Time, t.IsBuyerMaker);
            }

            return updates;
        }
    }
}
