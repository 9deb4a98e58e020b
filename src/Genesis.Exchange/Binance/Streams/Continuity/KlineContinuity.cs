using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>
/// Keeps one kline stream (<c>&lt;symbol&gt;@kline_&lt;interval&gt;</c>, or its time-zone variant) continuous across
/// reconnects, failovers and overlapping connections.
/// <list type="bullet">
/// <item>Duplicates are dropped and counted in <see cref="DuplicatesDropped"/>: an update for an older open time than the
/// last delivered one, an update for the same open time whose event time is not later than the last delivered one's,
/// and any update for an open time whose final (closed) kline was already delivered.</item>
/// <item>After a resubscribe (<see cref="OnResubscribed"/>), the candles missed while disconnected are re-fetched over
/// REST from the last delivered open time up to now (pages of up to 1000) and delivered as final
/// (<see cref="KlineUpdate.IsClosed"/>) updates in open-time order, before any live update. A candle counts as final
/// when its close time is before now on the continuity's clock (pass a server-corrected <see cref="TimeProvider"/>
/// to allow for clock skew); the still-open candle is left to the live stream. Live updates received meanwhile are
/// held (the latest per open time, at most <see cref="MarketStreamOptions.GapFillBufferCapacity"/> open times) and
/// delivered after the fill, subject to the same duplicate rules.</item>
/// <item>When the history cannot be fetched after <see cref="MarketStreamOptions.GapFillMaxAttempts"/> attempts,
/// <c>fail</c> is called once with <see cref="StreamSubscriptionOverflowException"/> and nothing more is delivered.</item>
/// </list>
/// A REST candle is delivered with its close time as its event time. Thread-safe; <c>deliver</c> is called under the
/// lock, in order, and must not block.
/// </summary>
internal sealed class KlineContinuity
{
    private const int PageSize = 1000;

    private readonly Lock _lock;
    private readonly string _symbol;
    private readonly KlineInterval _interval;
    private readonly TimeSpan? _timeZone;
    private readonly IKlineHistorySource _history;
    private readonly Action<KlineUpdate> _deliver;
    private readonly Action<Exception> _fail;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _maxAttempts;
    private readonly int _bufferCapacity;
    private readonly TimeSpan _retryBaseDelay;
    private readonly CancellationToken _cancellationToken;
    private readonly SortedDictionary<DateTimeOffset, KlineUpdate> _held = [];
    private DateTimeOffset? _lastOpenTime;
    private DateTimeOffset _lastEventTime;
    private bool _lastClosed;
    private bool _filling;
    private bool _refill;
    private bool _failed;
    private Task _fill = Task.CompletedTask;
    private long _duplicates;
    private long _recovered;

    /// <summary>Creates the continuity of one kline stream.</summary>
    /// <param name="symbol">The symbol (upper case).</param>
    /// <param name="interval">The interval.</param>
    /// <param name="timeZone">The stream's time-zone offset (<c>@+08:00</c> variant), passed to REST as <c>timeZone</c>; null for UTC.</param>
    /// <param name="history">Klines by time range over REST.</param>
    /// <param name="deliver">Receives each update in order (called under the lock; must not block).</param>
    /// <param name="fail">Called once when missed candles cannot be fetched; nothing is delivered after it.</param>
    /// <param name="timeProvider">The clock deciding which candles are closed, and of the retry back-off.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="options">Attempts, buffer capacity and the retry base delay.</param>
    /// <param name="cancellationToken">Stops fills (the owner shuts down).</param>
    /// <param name="syncRoot">A lock to share (the stream entry's, under which live updates arrive), or null for one of its own.</param>
    public KlineContinuity(
        string symbol,
        KlineInterval interval,
        TimeSpan? timeZone,
        IKlineHistorySource history,
        Action<KlineUpdate> deliver,
        Action<Exception> fail,
        TimeProvider timeProvider,
        ILogger logger,
        MarketStreamOptions options,
        CancellationToken cancellationToken,
        Lock? syncRoot = null)
    {
        _lock = syncRoot ?? new Lock();
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(deliver);
        ArgumentNullException.ThrowIfNull(fail);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _symbol = symbol;
        _interval = interval;
        _timeZone = timeZone;
        _history = history;
        _deliver = deliver;
        _fail = fail;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxAttempts = Math.Max(1, options.GapFillMaxAttempts);
        _bufferCapacity = Math.Max(1, options.GapFillBufferCapacity);
        _retryBaseDelay = options.ReconnectBaseDelay > TimeSpan.Zero ? options.ReconnectBaseDelay : TimeSpan.FromSeconds(1);
        _cancellationToken = cancellationToken;
    }

    /// <summary>Updates dropped as duplicates or as older than what was delivered.</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    /// <summary>Final candles recovered over REST since creation.</summary>
    public long CandlesRecovered => Interlocked.Read(ref _recovered);

    /// <summary>The open time of the last delivered update, if any.</summary>
    public DateTimeOffset? LastOpenTime
    {
        get
        {
            lock (_lock)
            {
                return _lastOpenTime;
            }
        }
    }

    /// <summary>Whether missed candles are being fetched (the stream is catching up).</summary>
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

    /// <summary>Whether missed candles could not be fetched (the owner was told through <c>fail</c>).</summary>
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

    /// <summary>The running (or last) fill; completed when none runs.</summary>
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

    /// <summary>Takes a live update from any connection. Never blocks on I/O.</summary>
    /// <param name="update">The update.</param>
    public void OnLive(KlineUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_lock)
        {
            if (_failed)
            {
                return;
            }

            if (_filling)
            {
                Hold(update);
                return;
            }

            DeliverIfNewLocked(update);
        }
    }

    /// <summary>
    /// The stream was subscribed again (a new connection, a failover or a renewal): fetch the candles missed since the
    /// last delivered one and deliver them as final before any live update.
    /// </summary>
    public void OnResubscribed()
    {
        lock (_lock)
        {
            if (_failed || _lastOpenTime is not { } last)
            {
                return;
            }

            if (_filling)
            {
                _refill = true; // the running fill goes on to now once more
                return;
            }

            _filling = true;
            Log.KlineFillStarted(_logger, _symbol, Log.Name(_interval), last);
            _fill = Task.Run(FillAsync, CancellationToken.None);
        }
    }

    private void Hold(KlineUpdate update)
    {
        var openTime = update.Kline.OpenTime;
        if (_held.TryGetValue(openTime, out var held))
        {
            if (IsNewerForSameOpenTime(update, held))
            {
                _held[openTime] = update;
            }

            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (_held.Count >= _bufferCapacity)
        {
            // Keep the newest open times: older ones are fetched over REST by the fill or are superseded.
            var oldest = _held.Keys.First();
            if (openTime < oldest)
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }

            _held.Remove(oldest);
            _refill = true;
        }

        _held.Add(openTime, update);
    }

    private static bool IsNewerForSameOpenTime(KlineUpdate candidate, KlineUpdate current) =>
        !current.IsClosed && (candidate.IsClosed || candidate.EventTime > current.EventTime);

    /// <summary>Delivers the update unless it is a duplicate or older than what was delivered. Caller holds the lock.</summary>
    private bool DeliverIfNewLocked(KlineUpdate update)
    {
        var openTime = update.Kline.OpenTime;
        if (_lastOpenTime is { } last)
        {
            var stale = openTime < last
                || (openTime == last && (_lastClosed || update.EventTime <= _lastEventTime));
            if (stale)
            {
                Interlocked.Increment(ref _duplicates);
                return false;
            }
        }

        _lastOpenTime = openTime;
        _lastEventTime = update.EventTime;
        _lastClosed = update.IsClosed;
        _deliver(update);
        return true;
    }

    private async Task FillAsync()
    {
        var recovered = 0;
        var attempt = 0;
        while (true)
        {
            DateTimeOffset start;
            var now = _timeProvider.GetUtcNow();
            lock (_lock)
            {
                _refill = false;

                // The last delivered candle again when it was not final (its final form was missed), else the next one.
                start = _lastClosed ? _lastOpenTime!.Value.AddMilliseconds(1) : _lastOpenTime!.Value;
            }

            IReadOnlyList<Kline> page;
            try
            {
                page = await _history.GetKlinesAsync(_symbol, _interval, start, now, _timeZone, PageSize, _cancellationToken).ConfigureAwait(false);
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
                if (!await RetryOrFailAsync(ex, start, ++attempt).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            attempt = 0;
            var more = false;
            lock (_lock)
            {
                var before = recovered;
                var sorted = page.OrderBy(k => k.OpenTime).ToList();
                foreach (var kline in sorted)
                {
                    if (kline.CloseTime >= now)
                    {
                        break; // still open: the live stream has it
                    }

                    if (DeliverIfNewLocked(new KlineUpdate(_symbol, _interval, kline, IsClosed: true, kline.CloseTime)))
                    {
                        recovered++;
                        Interlocked.Increment(ref _recovered);
                    }
                }

                // A full page may have more closed candles behind it; a resubscribe or an overflowing buffer asks for
                // one more pass up to the new now.
                more = (sorted.Count >= PageSize && sorted[^1].CloseTime < now && recovered > before) || _refill;
                if (!more)
                {
                    foreach (var held in _held.Values)
                    {
                        DeliverIfNewLocked(held);
                    }

                    _held.Clear();
                    _filling = false;
                }
            }

            if (!more)
            {
                Log.KlineFillCompleted(_logger, _symbol, Log.Name(_interval), recovered);
                return;
            }
        }
    }

    private async Task<bool> RetryOrFailAsync(Exception exception, DateTimeOffset start, int attempt)
    {
        if (attempt >= _maxAttempts)
        {
            Log.KlineFillFailed(_logger, exception, _symbol, Log.Name(_interval), start);
            lock (_lock)
            {
                _failed = true;
                _filling = false;
                _held.Clear();
            }

            _fail(new StreamSubscriptionOverflowException(
                $"Klines {_interval.ToWire()} of {_symbol} from {start:O} could not be re-fetched after a reconnect; the subscription ended so no candle is skipped silently.", exception));
            return false;
        }

        var delay = TimeSpan.FromTicks(Math.Min(_retryBaseDelay.Ticks << Math.Min(attempt - 1, 16), TimeSpan.FromSeconds(30).Ticks));
        Log.KlineFillRetry(_logger, exception, _symbol, Log.Name(_interval), start, attempt, delay);
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
}
