using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>
/// Keeps one <see cref="OrderBookCore"/> in sync with the diff-depth stream by Binance's documented procedure
/// ("How to manage a local order book correctly"):
/// <list type="number">
/// <item>subscribe the diff stream and buffer its events, noting the <c>U</c> of the first;</item>
/// <item>fetch a REST snapshot; while its <c>lastUpdateId</c> is below that first <c>U</c>, fetch again;</item>
/// <item>drop the buffered events with <c>u</c> ≤ <c>lastUpdateId</c>; the first one left must straddle it
/// (<c>U</c> ≤ <c>lastUpdateId</c> + 1 ≤ <c>u</c>);</item>
/// <item>load the snapshot, apply the buffered events, then every live one: an event with <c>u</c> ≤ the book's id is
/// ignored; any other must continue the book exactly (<c>U</c> = previous <c>u</c> + 1), else events were missed and
/// the book is discarded and the procedure starts again from step 1 with that event (a resync, counted).</item>
/// </list>
/// The subscription stays open across resyncs; when it is lost (slow consumer, supervisor failure) it is subscribed
/// again after <see cref="LocalOrderBookOptions.RetryDelay"/> and the book resyncs. A refused stream faults the book.
/// All procedure state is touched only by the <see cref="RunAsync"/> loop; the book itself is guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class OrderBookSynchronizer
{
    private readonly string _symbol;
    private readonly IMarketStreamClient _streams;
    private readonly IOrderBookSnapshotSource _snapshots;
    private readonly LocalOrderBookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrderBookMetrics _metrics;
    private readonly Action _onChanged;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly List<DepthUpdate> _buffer = [];
    private TaskCompletionSource _liveSignal = NewSignal();
    private Task<OrderBook>? _snapshotTask;
    private CancellationToken _runToken;
    private OrderBook? _pendingCheck; // guarded by Gate
    private volatile bool _resyncRequested;
    private volatile LocalOrderBookState _state = LocalOrderBookState.Synchronizing;
    private volatile Exception? _error;
    private bool _live;
    private bool _awaitingFirstEvent = true;
    private long _resyncs;
    private long _mismatches;
    private long _matches;

    public OrderBookSynchronizer(
        string symbol,
        IMarketStreamClient streams,
        IOrderBookSnapshotSource snapshots,
        LocalOrderBookOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        OrderBookMetrics metrics,
        Action onChanged)
    {
        _symbol = symbol;
        _streams = streams;
        _snapshots = snapshots;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _onChanged = onChanged;
        _tag = new KeyValuePair<string, object?>("symbol", symbol);
    }

    /// <summary>Guards <see cref="Book"/> and the cross-check state.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The book; read it under <see cref="Gate"/>.</summary>
    public OrderBookCore Book { get; } = new();

    public LocalOrderBookState State => _state;

    public Exception? Error => _error;

    public long Resyncs => Interlocked.Read(ref _resyncs);

    public long CrossCheckMismatches => Interlocked.Read(ref _mismatches);

    public long CrossCheckMatches => Interlocked.Read(ref _matches);

    /// <summary>Completes when the book is live.</summary>
    public Task LiveTask => Volatile.Read(ref _liveSignal).Task;

    /// <summary>Runs the procedure until <paramref name="cancellationToken"/> is canceled, the stream client is disposed or the stream is refused.</summary>
    /// <param name="cancellationToken">Stops the book.</param>
    /// <returns>A task that completes when the book stopped (it never faults).</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _runToken = stop.Token;
        var crossCheck = _options.CrossCheckInterval is { } interval ? CrossCheckLoopAsync(interval, stop.Token) : Task.CompletedTask;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await ConsumeAsync(stop.Token).ConfigureAwait(false);
                    break; // the stream ended normally: the stream client was disposed
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break; // the stream client is disposed
                }
                catch (StreamSubscriptionRejectedException ex)
                {
                    Log.StreamRefused(_logger, ex, _symbol);
                    Fault(ex);
                    return;
                }
                catch (ExchangeException ex)
                {
                    // Overflow or a failed supervisor: the events in between are lost, so the book is too.
                    Log.SubscriptionLost(_logger, ex, _symbol, _options.RetryDelay);
                    Restart("diff-depth subscription lost", null);
                    try
                    {
                        await Task.Delay(_options.RetryDelay, _time, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // Nothing else is expected here; the book must not die silently.
            Log.UnexpectedFault(_logger, ex, _symbol);
            Fault(ex);
            return;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await crossCheck.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_snapshotTask is { } pending)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        Stop();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        var events = _streams.SubscribeDepthAsync(_symbol, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Task<bool>? move = null;
        try
        {
            while (true)
            {
                if (_live)
                {
                    var hasNext = move is not null ? await move.ConfigureAwait(false) : await events.MoveNextAsync().ConfigureAwait(false);
                    move = null;
                    if (!hasNext)
                    {
                        return;
                    }

                    OnLiveEvent(events.Current);
                    continue;
                }

                // Synchronising: wait for the next event or the snapshot, whichever comes first.
                if (_snapshotTask is null && _buffer.Count > 0)
                {
                    _snapshotTask = FetchSnapshotAsync(delayFirst: false, cancellationToken);
                }

                move ??= events.MoveNextAsync().AsTask();
                if (_snapshotTask is { } snapshotTask)
                {
                    await Task.WhenAny(move, snapshotTask).ConfigureAwait(false);
                    if (snapshotTask.IsCompleted)
                    {
                        _snapshotTask = null;
                        OnSnapshot(await snapshotTask.ConfigureAwait(false));
                        continue;
                    }
                }

                var next = await move.ConfigureAwait(false);
                move = null;
                if (!next)
                {
                    return;
                }

                OnBufferedEvent(events.Current);
            }
        }
        finally
        {
            if (move is not null)
            {
                // An enumerator cannot be disposed while a MoveNextAsync is pending; the token ends it.
                await ((Task)move).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<OrderBook> FetchSnapshotAsync(bool delayFirst, CancellationToken cancellationToken)
    {
        if (delayFirst)
        {
            await Task.Delay(_options.RetryDelay, _time, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            try
            {
                _metrics.Snapshots.Add(1, _tag);
                return await _snapshots.GetSnapshotAsync(_symbol, _options.SnapshotDepth, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException ex)
            {
                Log.SnapshotFailed(_logger, ex, _symbol, _options.RetryDelay);
            }

            await Task.Delay(_options.RetryDelay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnBufferedEvent(DepthUpdate update)
    {
        _buffer.Add(update);
        if (_buffer.Count > _options.MaxBufferedEvents)
        {
            Log.BufferOverflow(_logger, _symbol, _buffer.Count);
            _buffer.Clear();
            _buffer.Add(update); // the snapshot under way is checked against this event's U
        }
    }

    private void OnSnapshot(OrderBook snapshot)
    {
        if (_buffer.Count == 0)
        {
            return; // the buffer restarted; the next event starts a new fetch
        }

        var lastUpdateId = snapshot.LastUpdateId;
        if (lastUpdateId < _buffer[0].FirstUpdateId)
        {
            Log.StaleSnapshot(_logger, _symbol, lastUpdateId, _buffer[0].FirstUpdateId);
            _snapshotTask = FetchSnapshotAsync(delayFirst: true, _runToken);
            return;
        }

        try
        {
            lock (Gate)
            {
                Book.Load(snapshot);
                _pendingCheck = null;
            }
        }
        catch (MalformedResponseException ex)
        {
            // A price the book cannot hold: nothing of this snapshot stays visible; fetch another.
            lock (Gate)
            {
                Book.Clear();
            }

            Log.ApplyFailed(_logger, ex, _symbol);
            _snapshotTask = FetchSnapshotAsync(delayFirst: true, _runToken);
            return;
        }

        _awaitingFirstEvent = true;
        var applied = 0;
        for (var i = 0; i < _buffer.Count; i++)
        {
            var update = _buffer[i];
            switch (TryApply(update))
            {
                case ApplyResult.Applied:
                    applied++;
                    break;
                case ApplyResult.Gap:
                    // The snapshot and the buffer do not join up: start again with the events from here on buffered.
                    _buffer.RemoveRange(0, i);
                    Restart("the first buffered event after the snapshot does not continue it", update, keepBuffer: true);
                    return;
                case ApplyResult.Failed:
                    Restart("a buffered event could not be applied", null);
                    return;
            }
        }

        _buffer.Clear();
        _live = true;
        _state = LocalOrderBookState.Live;
        Log.Live(_logger, _symbol, Book.LastUpdateId, lastUpdateId, applied);
        Volatile.Read(ref _liveSignal).TrySetResult();
        RaiseChanged();
    }

    private void OnLiveEvent(DepthUpdate update)
    {
        if (_resyncRequested)
        {
            Restart("a cross-check found the book different from the exchange's", update);
            return;
        }

        switch (TryApply(update))
        {
            case ApplyResult.Stale:
                return;
            case ApplyResult.Gap:
                Restart("missed events (U is not the book's update id + 1)", update);
                return;
            case ApplyResult.Failed:
                Restart("an event could not be applied", null);
                return;
        }

        if (_resyncRequested)
        {
            Restart("a cross-check found the book different from the exchange's", null);
            return;
        }

        RaiseChanged();
    }

    /// <summary>The update procedure for one event.</summary>
    private ApplyResult TryApply(DepthUpdate update)
    {
        lock (Gate)
        {
            var bookId = Book.LastUpdateId;
            if (update.FinalUpdateId <= bookId)
            {
                return ApplyResult.Stale;
            }

            // The first event after the snapshot straddles its id; every later one starts right after the previous u.
            if (_awaitingFirstEvent ? update.FirstUpdateId > bookId + 1 : update.FirstUpdateId != bookId + 1)
            {
                return ApplyResult.Gap;
            }

            try
            {
                Book.Apply(update);
            }
            catch (MalformedResponseException ex)
            {
                Log.ApplyFailed(_logger, ex, _symbol);
                return ApplyResult.Failed;
            }

            _awaitingFirstEvent = false;
            if (_pendingCheck is { } check)
            {
                if (Book.LastUpdateId == check.LastUpdateId)
                {
                    _pendingCheck = null;
                    CompareLocked(check);
                }
                else if (Book.LastUpdateId > check.LastUpdateId)
                {
                    _pendingCheck = null; // the snapshot's id fell inside an event: not comparable
                }
            }

            return ApplyResult.Applied;
        }
    }

    /// <summary>Discards the book and starts the procedure again (buffering from <paramref name="update"/>).</summary>
    private void Restart(string reason, DepthUpdate? update, bool keepBuffer = false)
    {
        var bookId = Book.LastUpdateId; // read on the only writer's thread
        Interlocked.Increment(ref _resyncs);
        _metrics.Resyncs.Add(1, _tag);
        Log.Resync(_logger, _symbol, reason, bookId, update?.FirstUpdateId ?? 0, update?.FinalUpdateId ?? 0);
        _live = false;
        _awaitingFirstEvent = true;
        _resyncRequested = false;
        lock (Gate)
        {
            Book.Clear();
            _pendingCheck = null;
        }

        if (!keepBuffer)
        {
            _buffer.Clear();
            if (update is not null)
            {
                _buffer.Add(update);
            }
        }

        _state = LocalOrderBookState.Resynchronizing;
        var signal = Volatile.Read(ref _liveSignal);
        if (signal.Task.IsCompleted)
        {
            Volatile.Write(ref _liveSignal, NewSignal());
        }

        RaiseChanged();
    }

    private void Stop()
    {
        _live = false;
        lock (Gate)
        {
            Book.Clear();
            _pendingCheck = null;
        }

        _state = LocalOrderBookState.Stopped;
        Volatile.Read(ref _liveSignal).TrySetException(new ObjectDisposedException(nameof(ILocalOrderBook), $"The order book of {_symbol} was stopped."));
        RaiseChanged();
    }

    private void Fault(Exception error)
    {
        _live = false;
        lock (Gate)
        {
            Book.Clear();
            _pendingCheck = null;
        }

        _error = error;
        _state = LocalOrderBookState.Faulted;
        Volatile.Read(ref _liveSignal).TrySetException(error is ExchangeException
            ? error
            : new ExchangeUnavailableException($"The order book of {_symbol} failed.", innerException: error));
        RaiseChanged();
    }

    private void RaiseChanged() => _onChanged(); // the owner isolates its handlers' exceptions

    private async Task CrossCheckLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            if (_state != LocalOrderBookState.Live)
            {
                continue;
            }

            OrderBook snapshot;
            try
            {
                _metrics.Snapshots.Add(1, _tag);
                snapshot = await _snapshots.GetSnapshotAsync(_symbol, _options.SnapshotDepth, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException ex)
            {
                Log.CrossCheckFailed(_logger, ex, _symbol);
                continue;
            }

            lock (Gate)
            {
                if (_state != LocalOrderBookState.Live)
                {
                    continue;
                }

                if (Book.LastUpdateId == snapshot.LastUpdateId)
                {
                    CompareLocked(snapshot);
                }
                else if (Book.LastUpdateId < snapshot.LastUpdateId)
                {
                    _pendingCheck = snapshot; // compared when the book reaches that id
                }

                // else: the book is already past the snapshot; it cannot be compared.
            }
        }
    }

    private void CompareLocked(OrderBook snapshot)
    {
        if (Book.Matches(snapshot, _options.SnapshotDepth))
        {
            Interlocked.Increment(ref _matches);
            return;
        }

        // Nobody reads a book known to be wrong: it is emptied now; the loop restarts the procedure at its next event.
        Book.Clear();
        _state = LocalOrderBookState.Resynchronizing;
        _resyncRequested = true;
        Interlocked.Increment(ref _mismatches); // counted last: whoever sees the count sees the book discarded
        _metrics.CrossCheckMismatches.Add(1, _tag);
        Log.CrossCheckMismatch(_logger, _symbol, snapshot.LastUpdateId);
    }

    private enum ApplyResult
    {
        Applied,
        Stale,
        Gap,
        Failed,
    }
}
