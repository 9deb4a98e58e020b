using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>
/// Delivers the items of one id-sequenced stream of one symbol (trades by <c>t</c>, aggregate trades by <c>a</c>)
/// strictly in id order, each id exactly once, across reconnects, failovers and overlapping connections. Ids of a symbol
/// are consecutive, so a live item whose id is beyond last delivered + 1 reveals a gap: live items are then buffered
/// while the missing ids are fetched over REST from <see cref="IIdHistorySource{T}"/> (<c>fromId = last + 1</c>,
/// repeated until the first buffered live id), and delivery resumes from the buffer. Ids at or below the last
/// delivered one, or already buffered, are dropped as duplicates and counted in <see cref="DuplicatesDropped"/> (the
/// same stream arriving on two connections during a failover or a make-before-break renewal).
/// <para>After a reconnect (<see cref="OnResubscribed"/>) the fill starts at once, without waiting for the next live
/// item, and runs until the history has nothing beyond the last delivered id, so a subscriber receives every id up to
/// the exchange's last one even when no live item follows.</para>
/// <para>The live buffer kept during a fill holds at most <see cref="MarketStreamOptions.GapFillBufferCapacity"/> items.
/// When it is full, further live items are not kept: their ids are recovered over REST once the buffer has drained
/// (the fill then goes on until the history is exhausted), so memory stays bounded and nothing is lost.</para>
/// When the history cannot be fetched after <see cref="MarketStreamOptions.GapFillMaxAttempts"/> attempts, or it does
/// not contain the missing ids, <c>fail</c> is called once with <see cref="StreamSubscriptionOverflowException"/> and
/// nothing more is delivered, rather than skip ids silently.
/// <para>Thread-safe: <see cref="OnLive"/> may be called from several connections' receive loops. <c>deliver</c> is
/// called under the sequencer's lock, in id order; it must not block.</para>
/// </summary>
/// <typeparam name="T">The stream's update type.</typeparam>
internal sealed class IdSequencer<T>
    where T : class
{
    private readonly Lock _lock;
    private readonly string _label;
    private readonly string _description;
    private readonly Func<T, long> _id;
    private readonly IIdHistorySource<T> _history;
    private readonly Action<T> _deliver;
    private readonly Action<Exception> _fail;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MarketStreamMetrics? _metrics;
    private readonly int _batchSize;
    private readonly int _maxAttempts;
    private readonly int _bufferCapacity;
    private readonly TimeSpan _retryBaseDelay;
    private readonly CancellationToken _cancellationToken;
    private readonly TimeSpan _reorderWindow;
    private readonly SortedDictionary<long, T> _pending = [];
    private long? _lastDelivered;
    private Task _fill = Task.CompletedTask;
    private bool _filling;
    private bool _failed;
    private bool _catchUp;
    private long _refusedLive;
    private long _duplicates;
    private long _recoveredTotal;

    /// <summary>Creates a sequencer for one stream of one symbol.</summary>
    /// <param name="label">Names the stream in logs, e.g. <c>BTCUSDT</c> or <c>btcusdt@aggTrade</c>.</param>
    /// <param name="description">Names the items in the failure message, e.g. <c>Aggregate trades of BTCUSDT</c>.</param>
    /// <param name="id">Reads an item's id.</param>
    /// <param name="history">Fetches items by id over REST.</param>
    /// <param name="deliver">Receives each item once, in id order (called under the lock; must not block).</param>
    /// <param name="fail">Called once when a gap cannot be filled; nothing is delivered after it.</param>
    /// <param name="timeProvider">The clock of the retry back-off.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="metrics">Counts recovered items (<c>gap_fill_trades</c>), or null.</param>
    /// <param name="options">Batch size, attempts, buffer capacity and the retry base delay.</param>
    /// <param name="cancellationToken">Stops fills (the owner shuts down).</param>
    /// <param name="reorderWindow">
    /// How long a gap revealed by a live item waits for the missing ids to arrive live before asking REST (zero: ask at
    /// once). While one stream arrives on two connections (failover, make-before-break renewal), the connection that is
    /// ahead reveals a "gap" the other one fills a moment later; a short window saves those REST calls.
    /// </param>
    /// <param name="syncRoot">
    /// The lock to share, or null for a lock of its own. The pool passes its stream entry's lock: live items already
    /// arrive under it, so sharing it saves one lock per item (the entry's merge, this sequencer and the subscription's
    /// batch are one critical section).
    /// </param>
    public IdSequencer(
        string label,
        string description,
        Func<T, long> id,
        IIdHistorySource<T> history,
        Action<T> deliver,
        Action<Exception> fail,
        TimeProvider timeProvider,
        ILogger logger,
        MarketStreamMetrics? metrics,
        MarketStreamOptions options,
        CancellationToken cancellationToken,
        TimeSpan reorderWindow = default,
        Lock? syncRoot = null)
    {
        _lock = syncRoot ?? new Lock();
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(reorderWindow, TimeSpan.Zero);
        _reorderWindow = reorderWindow;
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(deliver);
        ArgumentNullException.ThrowIfNull(fail);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _label = label;
        _description = description;
        _id = id;
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

    /// <summary>The id of the last delivered item, if any.</summary>
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

    /// <summary>Live items buffered while a gap is being filled (at most <see cref="MarketStreamOptions.GapFillBufferCapacity"/>).</summary>
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

    /// <summary>Live items dropped because their id was already delivered or buffered (e.g. the same stream on two connections).</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    /// <summary>Items recovered over REST since creation.</summary>
    public long GapFilled => Interlocked.Read(ref _recoveredTotal);

    /// <summary>Whether a gap could not be filled (the owner was told through <c>fail</c>); nothing is delivered any more.</summary>
    public bool IsFailed
    {
        get
        {
            lock (_lock)
            {
                return _failed;
            }
        }
    }

    /// <summary>Whether a gap fill is running (the stream is catching up).</summary>
    public bool IsFilling
    {
        get
        {
            lock (_lock)
            {
                return _filling;
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

    /// <summary>Takes a live item from any connection. Never blocks on I/O.</summary>
    /// <param name="item">The item.</param>
    public void OnLive(T item)
    {
        var id = _id(item);
        lock (_lock)
        {
            if (_failed)
            {
                return;
            }

            if (_lastDelivered is not { } last)
            {
                Emit(item, id);
                return;
            }

            if (id <= last)
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }

            if (_filling)
            {
                Buffer(item, id);
                return;
            }

            if (id == last + 1)
            {
                Emit(item, id);
                return;
            }

            _pending.TryAdd(id, item);
            _filling = true;
            Streams.Log.GapFillStarted(_logger, _label, last, id);
            _fill = Task.Run(() => FillAsync(_reorderWindow), CancellationToken.None);
        }
    }

    /// <summary>
    /// The stream was subscribed again (a new connection, a failover or a renewal): fill from the last delivered id at
    /// once, up to the exchange's last item, without waiting for a live item to reveal the gap.
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
            Streams.Log.GapFillStarted(_logger, _label, last, null);
            _fill = Task.Run(() => FillAsync(TimeSpan.Zero), CancellationToken.None);
        }
    }

    /// <summary>Keeps a live item for after the fill, unless the buffer is full (its id is then fetched over REST). Caller holds the lock.</summary>
    private void Buffer(T item, long id)
    {
        if (_pending.ContainsKey(id))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (_pending.Count < _bufferCapacity)
        {
            _pending.Add(id, item);
            return;
        }

        var highest = _pending.Keys.Last();
        if (id < highest)
        {
            // Keep the lowest ids: they are delivered first. The displaced one is fetched over REST later.
            _pending.Remove(highest);
            _pending.Add(id, item);
        }

        if (_refusedLive++ == 0)
        {
            Streams.Log.GapFillBufferFull(_logger, _label, _bufferCapacity);
        }

        _catchUp = true;
    }

    private async Task FillAsync(TimeSpan reorderWindow)
    {
        var recovered = 0;
        var attempt = 0;
        if (reorderWindow > TimeSpan.Zero)
        {
            // The missing ids may still arrive live on another connection: they are buffered meanwhile and drained below.
            try
            {
                await Task.Delay(reorderWindow, _timeProvider, _cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_lock)
                {
                    _filling = false;
                }

                return;
            }
        }

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
                    Streams.Log.GapFillCompleted(_logger, _label, recovered);
                    return;
                }

                fromId = _lastDelivered!.Value + 1;
                unbounded = _pending.Count == 0;
                firstLive = unbounded ? long.MaxValue : _pending.Keys.First();
                refusedBefore = _refusedLive;
            }

            IReadOnlyList<T> batch;
            try
            {
                batch = await _history.GetFromIdAsync(fromId, _batchSize, _cancellationToken).ConfigureAwait(false);
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
                // Any failure of the REST call is retried, then reported to the owner; nothing is swallowed.
                if (!await RetryOrFailAsync(ex, fromId, ++attempt).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var progressed = 0;
            var emitted = 0;
            lock (_lock)
            {
                var reachedLive = false;
                foreach (var item in batch.OrderBy(_id))
                {
                    var id = _id(item);
                    if (id <= _lastDelivered)
                    {
                        continue;
                    }

                    if (id >= firstLive)
                    {
                        reachedLive = true;
                        break; // the live buffer has it from here
                    }

                    Emit(item, id);
                    emitted++;
                }

                progressed = emitted;

                // The history reached the live buffer: the ids in between do not exist.
                if (!unbounded && progressed == 0 && reachedLive)
                {
                    _lastDelivered = firstLive - 1;
                    progressed = 1;
                }

                // Unbounded (no live item to aim for): caught up once the history has nothing more beyond what is
                // delivered, unless live items were refused by a full buffer meanwhile.
                if (unbounded && (batch.Count < _batchSize || progressed == 0) && _refusedLive == refusedBefore)
                {
                    _catchUp = false;
                }
            }

            recovered += emitted;
            Interlocked.Add(ref _recoveredTotal, emitted);
            _metrics?.GapFills.Add(emitted);
            if (progressed > 0 || unbounded)
            {
                attempt = 0;
                continue;
            }

            // The history does not have the missing ids (yet): retry, then fail rather than skip them.
            if (!await RetryOrFailAsync(
                new InvalidOperationException($"The history of {_label} returned nothing from id {fromId} before live id {firstLive}."), fromId, ++attempt).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> RetryOrFailAsync(Exception exception, long fromId, int attempt)
    {
        if (attempt >= _maxAttempts)
        {
            Streams.Log.GapFillFailed(_logger, exception, _label, fromId);
            lock (_lock)
            {
                _failed = true;
                _filling = false;
                _pending.Clear();
            }

            _fail(new StreamSubscriptionOverflowException(
                $"{_description} from id {fromId} could not be recovered after a gap; the subscription ended so nothing is skipped silently.", exception));
            return false;
        }

        var delay = TimeSpan.FromTicks(Math.Min(_retryBaseDelay.Ticks << Math.Min(attempt - 1, 16), TimeSpan.FromSeconds(30).Ticks));
        Streams.Log.GapFillRetry(_logger, exception, _label, fromId, attempt, delay);
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

    /// <summary>Delivers buffered live items that now follow the last delivered id. Caller holds the lock.</summary>
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
            Emit(first.Value, first.Key);
        }
    }

    private void Emit(T item, long id)
    {
        _lastDelivered = id;
        _deliver(item);
    }
}
