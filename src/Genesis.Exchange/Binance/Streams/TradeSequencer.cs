using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Delivers the trades of one symbol strictly in id order, each id exactly once, across reconnects. Binance trade
/// ids of a symbol are consecutive, so a live trade whose id is beyond last delivered + 1 reveals a gap: live trades
/// are then buffered while the missing ids are fetched over REST from <see cref="ITradeHistorySource"/>
/// (<c>fromId = last + 1</c>, repeated until the first buffered live id), and delivery resumes from the buffer.
/// Ids at or below the last delivered one are dropped as duplicates.
/// <para>After a reconnect (<see cref="OnResubscribed"/>) the fill starts at once, without waiting for the next live
/// trade, and runs until the history has no trade beyond the last delivered one, so a subscriber receives every id up
/// to the exchange's last trade even when no live trade follows.</para>
/// <para>The live buffer kept during a fill holds at most <see cref="MarketStreamOptions.GapFillBufferCapacity"/>
/// trades. When it is full, further live trades are not kept: their ids are recovered over REST once the buffer has
/// drained (the fill then goes on until the history is exhausted), so memory stays bounded and nothing is lost.</para>
/// When the history cannot be fetched after <see cref="MarketStreamOptions.GapFillMaxAttempts"/> attempts, or it
/// does not contain the missing ids, the subscriptions fail with <see cref="StreamSubscriptionOverflowException"/>
/// rather than skip trades silently.
/// </summary>
internal sealed class TradeSequencer
{
    private readonly object _lock = new();
    private readonly string _symbol;
    private readonly ITradeHistorySource _history;
    private readonly Action<TradeUpdate> _deliver;
    private readonly Action<Exception> _fail;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MarketStreamMetrics _metrics;
    private readonly int _batchSize;
    private readonly int _maxAttempts;
    private readonly int _bufferCapacity;
    private readonly TimeSpan _retryBaseDelay;
    private readonly CancellationToken _cancellationToken;
    private readonly SortedDictionary<long, TradeUpdate> _pending = [];
    private long? _lastDelivered;
    private Task _fill = Task.CompletedTask;
    private bool _filling;
    private bool _failed;
    private bool _catchUp;
    private long _refusedLive;

    public TradeSequencer(
        string symbol,
        ITradeHistorySource history,
        Action<TradeUpdate> deliver,
        Action<Exception> fail,
        TimeProvider timeProvider,
        ILogger logger,
        MarketStreamMetrics metrics,
        MarketStreamOptions options,
        CancellationToken cancellationToken)
    {
        _symbol = symbol;
        _history = history;
        _deliver = deliver;
        _fail = fail;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _batchSize = Math.Clamp(options.GapFillBatchSize, 1, 1000);
        _maxAttempts = Math.Max(1, options.GapFillMaxAttempts);
        _bufferCapacity = Math.Max(1, options.GapFillBufferCapacity);
        _retryBaseDelay = options.ReconnectBaseDelay > TimeSpan.Zero ? options.ReconnectBaseDelay : TimeSpan.FromSeconds(1);
        _cancellationToken = cancellationToken;
    }

    /// <summary>The id of the last delivered trade, if any.</summary>
    public long? LastDeliveredId
    {
        get
        {
            lock (_lock)
            {
                return _lastDelivered;
            }
        }
    }

    /// <summary>Live trades buffered while a gap is being filled (at most <see cref="MarketStreamOptions.GapFillBufferCapacity"/>).</summary>
    public int BufferedCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>The running (or last) gap fill; completed when none runs.</summary>
    public Task FillTask
    {
        get
        {
            lock (_lock)
            {
                return _fill;
            }
        }
    }

    /// <summary>Takes a live trade from the stream. Never blocks on I/O.</summary>
    public void OnLive(TradeUpdate trade)
    {
        lock (_lock)
        {
            if (_failed)
            {
                return;
            }

            if (_lastDelivered is not { } last)
            {
                Emit(trade);
                return;
            }

            if (trade.TradeId <= last)
            {
                return; // duplicate
            }

            if (_filling)
            {
                Buffer(trade);
                return;
            }

            if (trade.TradeId == last + 1)
            {
                Emit(trade);
                return;
            }

            _pending.TryAdd(trade.TradeId, trade);
            _filling = true;
            Log.GapFillStarted(_logger, _symbol, last, trade.TradeId);
            _fill = Task.Run(FillAsync, CancellationToken.None);
        }
    }

    /// <summary>
    /// The stream was subscribed again on a new connection: fill from the last delivered id at once, up to the
    /// exchange's last trade, without waiting for a live trade to reveal the gap.
    /// </summary>
    public void OnResubscribed()
    {
        lock (_lock)
        {
            if (_failed || _lastDelivered is not { } last)
            {
                return;
            }

            _catchUp = true;
            if (_filling)
            {
                return; // the running fill sees _catchUp before it ends
            }

            _filling = true;
            Log.GapFillStarted(_logger, _symbol, last, null);
            _fill = Task.Run(FillAsync, CancellationToken.None);
        }
    }

    /// <summary>Keeps a live trade for after the fill, unless the buffer is full (its id is then fetched over REST). Caller holds the lock.</summary>
    private void Buffer(TradeUpdate trade)
    {
        if (_pending.Count < _bufferCapacity || _pending.ContainsKey(trade.TradeId))
        {
            _pending.TryAdd(trade.TradeId, trade);
            return;
        }

        var highest = _pending.Keys.Last();
        if (trade.TradeId < highest)
        {
            // Keep the lowest ids: they are delivered first. The displaced one is fetched over REST later.
            _pending.Remove(highest);
            _pending.Add(trade.TradeId, trade);
        }

        if (_refusedLive++ == 0)
        {
            Log.GapFillBufferFull(_logger, _symbol, _bufferCapacity);
        }

        _catchUp = true;
    }

    private async Task FillAsync()
    {
        var recovered = 0;
        var attempt = 0;
        while (true)
        {
            long fromId, firstLive, refusedBefore;
            bool unbounded;
            lock (_lock)
            {
                DrainPending();
                if (_pending.Count == 0 && !_catchUp)
                {
                    _filling = false;
                    _refusedLive = 0;
                    Log.GapFillCompleted(_logger, _symbol, recovered);
                    return;
                }

                fromId = _lastDelivered!.Value + 1;
                unbounded = _pending.Count == 0;
                firstLive = unbounded ? long.MaxValue : _pending.Keys.First();
                refusedBefore = _refusedLive;
            }

            IReadOnlyList<Trade> batch;
            try
            {
                batch = await _history.GetTradesFromIdAsync(_symbol, fromId, _batchSize, _cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _filling = false;
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_cancellationToken.IsCancellationRequested)
            {
                // Any failure of the REST call is retried, then reported to the subscribers; nothing is swallowed.
                if (!await RetryOrFailAsync(ex, fromId, ++attempt).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var progressed = 0;
            lock (_lock)
            {
                foreach (var trade in batch.OrderBy(t => t.Id))
                {
                    if (trade.Id <= _lastDelivered)
                    {
                        continue;
                    }

                    if (trade.Id >= firstLive)
                    {
                        break; // the live buffer has it from here
                    }

                    Emit(new TradeUpdate(_symbol, trade.Id, trade.Price, trade.Quantity, trade.Time, trade.Time, trade.IsBuyerMaker));
                    progressed++;
                }

                // The history reached the live buffer: the ids in between do not exist.
                if (!unbounded && progressed == 0 && batch.Any(t => t.Id >= firstLive))
                {
                    _lastDelivered = firstLive - 1;
                    progressed = 1;
                }

                // Unbounded (no live trade to aim for): caught up once the history has nothing more beyond what is
                // delivered, unless live trades were refused by a full buffer meanwhile.
                if (unbounded && (batch.Count < _batchSize || progressed == 0) && _refusedLive == refusedBefore)
                {
                    _catchUp = false;
                }
            }

            recovered += progressed;
            _metrics.GapFills.Add(progressed);
            if (progressed > 0 || unbounded)
            {
                attempt = 0;
                continue;
            }

            // The history does not have the missing ids (yet): retry, then fail rather than skip them.
            if (!await RetryOrFailAsync(
                new InvalidOperationException($"Trade history of {_symbol} returned no trades from id {fromId} before live id {firstLive}."), fromId, ++attempt).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> RetryOrFailAsync(Exception exception, long fromId, int attempt)
    {
        if (attempt >= _maxAttempts)
        {
            Log.GapFillFailed(_logger, exception, _symbol, fromId);
            lock (_lock)
            {
                _failed = true;
                _filling = false;
                _pending.Clear();
            }

            _fail(new StreamSubscriptionOverflowException(
                $"Trades of {_symbol} from id {fromId} could not be recovered after a gap; the subscription ended so no trade is skipped silently.", exception));
            return false;
        }

        var delay = TimeSpan.FromTicks(Math.Min(_retryBaseDelay.Ticks << Math.Min(attempt - 1, 16), TimeSpan.FromSeconds(30).Ticks));
        Log.GapFillRetry(_logger, exception, _symbol, fromId, attempt, delay);
        try
        {
            await Task.Delay(delay, _timeProvider, _cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                _filling = false;
            }

            return false;
        }
    }

    /// <summary>Delivers buffered live trades that now follow the last delivered id. Caller holds the lock.</summary>
    private void DrainPending()
    {
        while (_pending.Count > 0)
        {
            var first = _pending.First();
            if (first.Key <= _lastDelivered)
            {
                _pending.Remove(first.Key);
                continue;
            }

            if (first.Key != _lastDelivered + 1)
            {
                return;
            }

            _pending.Remove(first.Key);
            Emit(first.Value);
        }
    }

    private void Emit(TradeUpdate trade)
    {
        _lastDelivered = trade.TradeId;
        _deliver(trade);
    }
}
