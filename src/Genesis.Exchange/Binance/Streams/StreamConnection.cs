using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Genesis.Exchange.Internal;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>What a pooled connection tells the pool.</summary>
internal interface IStreamConnectionOwner
{
    /// <summary>A data message (or a malformed message naming its stream) arrived on <paramref name="connection"/>.</summary>
    void OnMessage(StreamConnection connection, in StreamMessage message);

    /// <summary>A SUBSCRIBE of <paramref name="streams"/> is about to be sent on <paramref name="connection"/>.</summary>
    void OnSubscribing(StreamConnection connection, string[] streams);

    /// <summary>A frame for a stream nobody wants (any more) arrived.</summary>
    void OnUnroutable(StreamConnection connection);

    /// <summary>The server confirmed a SUBSCRIBE of <paramref name="streams"/> on <paramref name="connection"/>.</summary>
    void OnSubscribed(StreamConnection connection, string[] streams);

    /// <summary>The server refused to subscribe <paramref name="stream"/>.</summary>
    void OnRefused(StreamConnection connection, string stream, int? code, string message);

    /// <summary>A socket opened and every wanted stream was confirmed on it.</summary>
    void OnUp(StreamConnection connection);

    /// <summary>The socket ended (it reconnects on its own with backoff unless retired).</summary>
    void OnDown(StreamConnection connection, string reason);

    /// <summary>The connection's supervisor died (a fault even its error handling could not survive, such as a throwing logger).</summary>
    void OnFailed(StreamConnection connection, Exception exception);

    /// <summary>The connection should be replaced before it is cut: its lifetime ran out or the server announced a shutdown.</summary>
    void OnRenewalDue(StreamConnection connection, string reason);
}

/// <summary>
/// One pooled combined-stream connection (<c>/stream</c>): it keeps a socket open with the streams the pool wants on it,
/// reconnecting with backoff when the socket fails. Every SUBSCRIBE / UNSUBSCRIBE carries an id and its confirmation is
/// awaited (an unconfirmed request recycles the socket); control messages are paced under Binance's five incoming
/// messages per second; a quiet socket is probed with <c>LIST_SUBSCRIPTIONS</c> after the silence threshold of its
/// streams and replaced only when the probe goes unanswered. A <c>serverShutdown</c> event or the end of the configured
/// lifetime does not close the socket: the pool is told (<see cref="IStreamConnectionOwner.OnRenewalDue"/>) and opens
/// the replacement first, then retires this one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The semaphore never allocates a wait handle and the retire source has no timer; background control requests may still touch both after retirement.")]
internal sealed class StreamConnection
{
    private const int MaxStreamsPerRequest = 100;
    private static long s_nextRequestId;

    private readonly IStreamConnectionOwner _owner;
    private readonly IStreamNameResolver _routes;
    private readonly MarketStreamOptions _options;
    private readonly IWebSocketConnectionFactory _factory;
    private readonly ConnectionAttemptGate _attempts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MarketStreamMetrics _metrics;
    private readonly Random _random;
    private readonly TimeSpan _controlMessageInterval;
    private readonly Func<IReadOnlyCollection<string>, TimeSpan> _silenceThreshold;
    private readonly object _gate = new();
    private readonly HashSet<string> _wanted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _controlLock = new(1, 1);
    private readonly CancellationTokenSource _retire = new();
    private TaskCompletionSource _wantedChanged = NewSignal();
    private ActiveConnection? _current;
    private Task? _run;
    private long _lastControlTimestamp;
    private long _lastMessageTimestamp;
    private long _messages;
    private long _reconnects;
    private long _supervisorFaults;
    private long _openedTimestamp;
    private int _state = (int)StreamConnectionState.Idle;
    private int _renewalRequested;
    private long _failovers;
    private long _latencyTicks = -1;
    private long _rateSampleTimestamp;
    private long _rateSampleMessages;

    public StreamConnection(
        string name,
        StreamConnectionRole role,
        IStreamConnectionOwner owner,
        IStreamNameResolver routes,
        MarketStreamOptions options,
        IWebSocketConnectionFactory factory,
        ConnectionAttemptGate attempts,
        TimeProvider time,
        ILogger logger,
        MarketStreamMetrics metrics,
        Random random,
        TimeSpan controlMessageInterval,
        Func<IReadOnlyCollection<string>, TimeSpan> silenceThreshold)
    {
        Name = name;
        Role = role;
        _owner = owner;
        _routes = routes;
        _options = options;
        _factory = factory;
        _attempts = attempts;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _random = random;
        _controlMessageInterval = controlMessageInterval;
        _silenceThreshold = silenceThreshold;
    }

    /// <summary>The connection's name (from options; spill-over connections get a number).</summary>
    public string Name { get; }

    /// <summary>The role it serves.</summary>
    public StreamConnectionRole Role { get; }

    public StreamConnectionState State => (StreamConnectionState)Volatile.Read(ref _state);

    /// <summary>A socket is open and its wanted streams were confirmed.</summary>
    public bool IsUp => State == StreamConnectionState.Live;

    public bool IsRetired => _retire.IsCancellationRequested;

    public long Messages => Volatile.Read(ref _messages);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long SupervisorFaults => Interlocked.Read(ref _supervisorFaults);

    public long Failovers => Interlocked.Read(ref _failovers);

    /// <summary>Event time to receive time (server-offset corrected), a moving average over the last ~16 events.</summary>
    public TimeSpan? Latency
    {
        get
        {
            var ticks = Interlocked.Read(ref _latencyTicks);
            return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>Every 16th message is timed for latency (the clock read costs more than the rest of the bookkeeping).</summary>
    public bool ShouldSampleLatency() => (_messages & 15) == 1; // called by the receive loop, the only writer

    public void CountFailover() => Interlocked.Increment(ref _failovers);

    public void RecordLatency(TimeSpan latency)
    {
        var ticks = Math.Max(0, latency.Ticks);
        var old = Interlocked.Read(ref _latencyTicks);
        Interlocked.Exchange(ref _latencyTicks, old < 0 ? ticks : old + ((ticks - old) / 16));
    }

    /// <summary>Messages per second since the previous sample (or since the socket opened).</summary>
    public double SampleRate(long now, TimeProvider time)
    {
        var messages = Messages;
        var since = Interlocked.Exchange(ref _rateSampleTimestamp, now);
        var before = Interlocked.Exchange(ref _rateSampleMessages, messages);
        if (since == 0)
        {
            since = OpenedTimestamp;
            before = 0;
        }

        var elapsed = since == 0 ? TimeSpan.Zero : time.GetElapsedTime(since, now);
        return elapsed > TimeSpan.Zero ? (messages - before) / elapsed.TotalSeconds : 0;
    }

    /// <summary>When the last message arrived (a <see cref="TimeProvider"/> timestamp; 0 before any).</summary>
    public long LastMessageTimestamp => Interlocked.Read(ref _lastMessageTimestamp);

    /// <summary>When the current socket opened (0 when none).</summary>
    public long OpenedTimestamp => Interlocked.Read(ref _openedTimestamp);

    /// <summary>The current socket, if any (for tests).</summary>
    internal IWebSocketConnection? CurrentSocket => Volatile.Read(ref _current)?.Socket;

    /// <summary>The current socket's id (for logs), if any.</summary>
    public string? SocketId => Volatile.Read(ref _current)?.Id;

    public int WantedCount
    {
        get
        {
            lock (_gate)
            {
                return _wanted.Count;
            }
        }
    }

    public string[] Wanted
    {
        get
        {
            lock (_gate)
            {
                return [.. _wanted];
            }
        }
    }

    public bool Carries(string stream)
    {
        lock (_gate)
        {
            return _wanted.Contains(stream);
        }
    }

    /// <summary>Streams confirmed on the current socket.</summary>
    public bool Confirmed(string stream)
    {
        var current = Volatile.Read(ref _current);
        if (current is null)
        {
            return false;
        }

        lock (current.Subscribed)
        {
            return current.Subscribed.Contains(stream);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds streams to this connection (SUBSCRIBE in the background; starts the connection when needed).</summary>
    public void Want(IEnumerable<string> streams)
    {
        var changed = false;
        lock (_gate)
        {
            foreach (var stream in streams)
            {
                changed |= _wanted.Add(stream);
            }

            if (changed)
            {
                SignalChanged();
            }

            if (_run is null && !_retire.IsCancellationRequested)
            {
                _run = Task.Run(SuperviseGuardedAsync, CancellationToken.None);
            }
        }

        if (changed)
        {
            ReconcileInBackground();
        }
    }

    /// <summary>Removes streams from this connection (UNSUBSCRIBE in the background).</summary>
    public void Unwant(IEnumerable<string> streams)
    {
        var changed = false;
        lock (_gate)
        {
            foreach (var stream in streams)
            {
                changed |= _wanted.Remove(stream);
            }

            if (changed)
            {
                SignalChanged();
            }
        }

        if (changed)
        {
            ReconcileInBackground();
        }
    }

    /// <summary>Closes the socket for good and stops reconnecting.</summary>
    public async Task RetireAsync()
    {
        Task? run;
        lock (_gate)
        {
            run = _run;
        }

        try
        {
            await _retire.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        Volatile.Read(ref _current)?.Recycle("retired");
        if (run is not null)
        {
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Volatile.Write(ref _state, (int)StreamConnectionState.Retired);
    }

    /// <summary>Drops the current socket as a failure would (it reconnects with backoff).</summary>
    public void Recycle(string reason) => Volatile.Read(ref _current)?.Recycle(reason);

    private void SignalChanged()
    {
        var signal = _wantedChanged;
        _wantedChanged = NewSignal();
        signal.TrySetResult();
    }

    /// <summary>Runs the supervisor; should it ever die anyway, the pool fails this connection's subscriptions instead of leaving them waiting.</summary>
    private async Task SuperviseGuardedAsync()
    {
        try
        {
            await SuperviseAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_retire.IsCancellationRequested)
        {
            Volatile.Write(ref _state, (int)StreamConnectionState.Retired);
            _owner.OnFailed(this, ex);
        }
    }

    private async Task SuperviseAsync()
    {
        var token = _retire.Token;
        var failures = 0;
        var attempt = 0;
        var delay = TimeSpan.Zero;
        while (!token.IsCancellationRequested)
        {
            var socketId = string.Empty;
            try
            {
                int count;
                Task changed;
                lock (_gate)
                {
                    count = _wanted.Count;
                    changed = _wantedChanged.Task;
                }

                if (count == 0 && attempt == 0)
                {
                    await changed.WaitAsync(token).ConfigureAwait(false);
                    continue;
                }

                if (delay > TimeSpan.Zero)
                {
                    Volatile.Write(ref _state, (int)StreamConnectionState.Reconnecting);
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }

                Volatile.Write(ref _state, (int)StreamConnectionState.Connecting);
                await _attempts.WaitAsync(token).ConfigureAwait(false);
                attempt++;
                socketId = CorrelationIds.Next();
                Log.Connecting(_logger, socketId, _options.BaseUrl.Host, count, attempt);
                IWebSocketConnection socket;
                try
                {
                    socket = await _factory.ConnectAsync(BinanceMarketStreamClient.BuildUri(_options), token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    Log.ConnectFailed(_logger, ex, socketId, attempt);
                    delay = NextDelay(failures++);
                    continue;
                }

                if (attempt > 1)
                {
                    Interlocked.Increment(ref _reconnects);
                    _metrics.Reconnects.Add(1);
                }

                var (reason, confirmed) = await RunSocketAsync(socket, socketId, token).ConfigureAwait(false);
                if (confirmed)
                {
                    failures = 0;
                }

                delay = NextDelay(failures++);
                if (!token.IsCancellationRequested)
                {
                    Volatile.Write(ref _state, (int)StreamConnectionState.Reconnecting);
                    Log.ConnectionEnded(_logger, socketId, reason, delay);
                    _owner.OnDown(this, reason);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The supervisor never dies: an unexpected fault is logged, counted, and the socket replaced.
                Interlocked.Increment(ref _supervisorFaults);
                _metrics.SupervisorFaults.Add(1);
                delay = NextDelay(failures++);
                Log.SupervisorFault(_logger, ex, socketId);
            }
        }

        Volatile.Write(ref _state, (int)StreamConnectionState.Retired);
    }

    /// <summary>0 for the first retry, then base × 2^(n−1) capped at the maximum, times a jitter of 0.8–1.2 (still capped).</summary>
    internal TimeSpan NextDelay(int failures) => BinanceMarketStreamClient.Backoff(_options, _random, failures);

    private async Task<(string Reason, bool Confirmed)> RunSocketAsync(IWebSocketConnection socket, string socketId, CancellationToken token)
    {
        using var socketCts = CancellationTokenSource.CreateLinkedTokenSource(token);
        var connection = new ActiveConnection(socket, socketId, socketCts);
        Interlocked.Exchange(ref _openedTimestamp, _time.GetTimestamp());
        Interlocked.Exchange(ref _lastMessageTimestamp, _time.GetTimestamp());
        Interlocked.Exchange(ref _renewalRequested, 0);
        Volatile.Write(ref _current, connection);
        Volatile.Write(ref _state, (int)StreamConnectionState.Subscribing);
        var liveness = Task.CompletedTask;
        var lifetime = Task.CompletedTask;
        string reason;
        try
        {
            var receive = ReceiveLoopAsync(connection, socketCts.Token);
            lifetime = WatchLifetimeAsync(socketCts.Token);
            if (await ReconcileAsync(connection).ConfigureAwait(false))
            {
                Volatile.Write(ref _state, (int)StreamConnectionState.Live);
                liveness = MonitorLivenessAsync(connection, socketCts.Token);
                _owner.OnUp(this);
            }

            reason = await receive.ConfigureAwait(false);
            if (reason.Length == 0)
            {
                reason = token.IsCancellationRequested ? "retired" : connection.RecycleReason ?? "recycled";
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref _current, null, connection);
            connection.Recycle("connection ended");
            connection.FailPending("connection closed");
            await liveness.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await lifetime.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
            Interlocked.Exchange(ref _openedTimestamp, 0);
        }

        return (reason, connection.Confirmed);
    }

    /// <summary>Asks the pool to renew this connection when <see cref="MarketStreamOptions.ConnectionLifetime"/> runs out (Binance cuts at 24 h).</summary>
    private async Task WatchLifetimeAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(_options.ConnectionLifetime, _time, token).ConfigureAwait(false);
            RequestRenewal($"connection lifetime {_options.ConnectionLifetime} reached");
        }
        catch (OperationCanceledException)
        {
            // The socket ended first.
        }
    }

    private void RequestRenewal(string reason)
    {
        if (Interlocked.Exchange(ref _renewalRequested, 1) == 0 && !_retire.IsCancellationRequested)
        {
            _owner.OnRenewalDue(this, reason);
        }
    }

    private async Task MonitorLivenessAsync(ActiveConnection connection, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                var threshold = _silenceThreshold(Wanted);
                var wait = threshold - _time.GetElapsedTime(LastMessageTimestamp);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, token).ConfigureAwait(false);
                    continue;
                }

                if (!await ProbeAsync(connection).ConfigureAwait(false))
                {
                    if (!token.IsCancellationRequested)
                    {
                        Log.ProbeUnanswered(_logger, connection.Id, threshold, _options.ControlRequestTimeout);
                        connection.Recycle($"no data for {threshold} and no answer to LIST_SUBSCRIPTIONS within {_options.ControlRequestTimeout}");
                    }

                    return;
                }

                connection.MessageConfirmed = true;
                _metrics.LivenessProbes.Add(1);
                Log.ProbeAnswered(_logger, connection.Id);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The socket ended.
        }
    }

    private async Task<bool> ProbeAsync(ActiveConnection connection)
    {
        try
        {
            await _controlLock.WaitAsync(connection.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        string[] lost = [];
        try
        {
            var reply = await SendControlAsync(connection, "LIST_SUBSCRIPTIONS", null).ConfigureAwait(false);
            if (!reply.Answered)
            {
                return false;
            }

            if (reply.Error is null && reply.Result is { } listed)
            {
                lock (connection.Subscribed)
                {
                    lost = [.. connection.Subscribed.Except(listed, StringComparer.Ordinal)];
                    connection.Subscribed.ExceptWith(lost);
                }
            }
        }
        finally
        {
            _controlLock.Release();
        }

        if (lost.Length > 0)
        {
            Log.SubscriptionsLost(_logger, connection.Id, string.Join(',', lost));
            ReconcileInBackground();
        }

        return true;
    }

    private async Task CloseQuietlyAsync(IWebSocketConnection socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
            await socket.CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The socket is being thrown away; a failed close changes nothing.
        }
        finally
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<string> ReceiveLoopAsync(ActiveConnection connection, CancellationToken token)
    {
        using var reader = new WebSocketMessageReader(_options.MaxMessageBytes);
        var batch = new DeliveryBatch();
        var unclocked = 0;
        try
        {
            while (true)
            {
                var read = reader.ReadAsync(connection.Socket, token);
                var waited = !read.IsCompleted;
                if (batch.ShouldFlush(receiveWouldWait: waited))
                {
                    batch.Flush(); // before the loop may wait, or move to another thread
                }

                var status = await read.ConfigureAwait(false);
                if (waited || ++unclocked >= DeliveryBatch.MaxFramesPerBatch)
                {
                    // One clock read per burst: frames already buffered in the socket arrived together, and a clock
                    // read costs about as much as merging a message. Refreshed at least every 64 frames. One writer.
                    unclocked = 0;
                    Volatile.Write(ref _lastMessageTimestamp, _time.GetTimestamp());
                }
                switch (status)
                {
                    case MessageReadStatus.Closed:
                        return "closed by the server";
                    case MessageReadStatus.Oversized:
                        _metrics.ParseErrors.Add(1, new KeyValuePair<string, object?>("reason", "oversized"));
                        Log.OversizedMessage(_logger, connection.Id, reader.DroppedBytes, _options.MaxMessageBytes);
                        continue;
                    default:
                        batch.Enter();
                        try
                        {
                            Dispatch(connection, reader.Message.Span);
                        }
                        finally
                        {
                            DeliveryBatch.Exit();
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return string.Empty;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.ConnectionFailed(_logger, ex, connection.Id);
            return "error: " + ex.Message;
        }
        finally
        {
            batch.Flush(); // what was received is delivered, whatever ended the loop
            connection.Recycle("receive ended");
            connection.FailPending("connection closed");
        }
    }

    private void Dispatch(ActiveConnection connection, ReadOnlySpan<byte> message)
    {
        Volatile.Write(ref _messages, _messages + 1); // one writer: the receive loop (one per connection at a time)
        _metrics.MessagesReceived.Add(1);
        var parsed = StreamMessageParser.Parse(message, _routes);
        switch (parsed.Kind)
        {
            case StreamMessageKind.Unroutable:
                _owner.OnUnroutable(this);
                return;
            case StreamMessageKind.ServerShutdown:
                Log.ServerShutdownAnnounced(_logger, connection.Id, Name);
                RequestRenewal("server shutdown announced");
                return;
            case StreamMessageKind.Ignored:
                return;
            case StreamMessageKind.Malformed:
                _metrics.ParseErrors.Add(1, new KeyValuePair<string, object?>("reason", "malformed"));
                Log.MalformedMessage(_logger, connection.Id, parsed.StreamName, parsed.Error ?? "unknown");
                _owner.OnMessage(this, parsed);
                return;
            case StreamMessageKind.ControlResponse:
                if (parsed.ControlId is { } id && connection.Pending.TryRemove(id, out var pending))
                {
                    pending.TrySetResult(parsed.Error is null ? ControlReply.Confirmed(parsed.Payload as string[]) : ControlReply.Refused(parsed.ErrorCode, parsed.Error));
                }
                else if (parsed.Error is not null)
                {
                    Log.UnsolicitedError(_logger, connection.Id, parsed.Error);
                }

                return;
        }

        connection.MessageConfirmed = true;
        _owner.OnMessage(this, parsed);
    }

    private void ReconcileInBackground()
    {
        var connection = Volatile.Read(ref _current);
        if (connection is not null)
        {
            _ = ReconcileCaughtAsync(connection);
        }
    }

    private async Task ReconcileCaughtAsync(ActiveConnection connection)
    {
        try
        {
            await ReconcileAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _supervisorFaults);
            _metrics.SupervisorFaults.Add(1);
            Log.SupervisorFault(_logger, ex, connection.Id);
            connection.Recycle("control request failed: " + ex.GetType().Name);
        }
    }

    /// <summary>Brings the socket's confirmed subscriptions in line with the wanted streams, one control operation at a time.</summary>
    private async Task<bool> ReconcileAsync(ActiveConnection connection)
    {
        try
        {
            await _controlLock.WaitAsync(connection.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            string[] toAdd, toRemove;
            lock (_gate)
            {
                if (Volatile.Read(ref _current) != connection)
                {
                    return false;
                }

                lock (connection.Subscribed)
                {
                    toAdd = [.. _wanted.Where(s => !connection.Subscribed.Contains(s))];
                    toRemove = [.. connection.Subscribed.Where(s => !_wanted.Contains(s))];
                }
            }

            foreach (var chunk in toRemove.Chunk(MaxStreamsPerRequest))
            {
                var reply = await SendControlAsync(connection, "UNSUBSCRIBE", chunk).ConfigureAwait(false);
                if (!reply.Answered)
                {
                    connection.Recycle("UNSUBSCRIBE not confirmed");
                    return false;
                }

                lock (connection.Subscribed)
                {
                    connection.Subscribed.ExceptWith(chunk);
                }
            }

            foreach (var chunk in toAdd.Chunk(MaxStreamsPerRequest))
            {
                if (!await SubscribeChunkAsync(connection, chunk).ConfigureAwait(false))
                {
                    connection.Recycle("SUBSCRIBE not confirmed");
                    return false;
                }
            }

            return true;
        }
        finally
        {
            _controlLock.Release();
        }
    }

    private async Task<bool> SubscribeChunkAsync(ActiveConnection connection, string[] streams)
    {
        _owner.OnSubscribing(this, streams);
        var reply = await SendControlAsync(connection, "SUBSCRIBE", streams).ConfigureAwait(false);
        if (!reply.Answered)
        {
            return false;
        }

        if (reply.Error is null)
        {
            lock (connection.Subscribed)
            {
                connection.Subscribed.UnionWith(streams);
            }

            _owner.OnSubscribed(this, streams);
            return true;
        }

        if (streams.Length == 1)
        {
            lock (_gate)
            {
                _wanted.Remove(streams[0]);
            }

            Log.SubscribeRefused(_logger, streams[0], reply.Code, reply.Error ?? string.Empty);
            _owner.OnRefused(this, streams[0], reply.Code, reply.Error ?? "refused");
            return true;
        }

        // The server refuses the whole request for one bad stream: find which, one stream at a time.
        foreach (var stream in streams)
        {
            if (!await SubscribeChunkAsync(connection, [stream]).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<ControlReply> SendControlAsync(ActiveConnection connection, string method, string[]? streams)
    {
        var id = Interlocked.Increment(ref s_nextRequestId);
        var pending = new TaskCompletionSource<ControlReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Pending[id] = pending;
        ControlReply reply;
        try
        {
            await PaceControlMessagesAsync(connection.Token).ConfigureAwait(false);
            await connection.Socket.SendTextAsync(WriteControlRequest(method, streams, id), connection.Token).ConfigureAwait(false);
            _lastControlTimestamp = _time.GetTimestamp();
            reply = await pending.Task.WaitAsync(_options.ControlRequestTimeout, _time, connection.Token).ConfigureAwait(false);
            if (reply.Answered && reply.Error is null)
            {
                if (method == "SUBSCRIBE")
                {
                    Log.Subscribed(_logger, connection.Id, streams?.Length ?? 0, id);
                }

                return reply;
            }
        }
        catch (TimeoutException)
        {
            reply = ControlReply.Unanswered($"no answer within {_options.ControlRequestTimeout}");
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            reply = ControlReply.Unanswered(ex.Message);
        }
        finally
        {
            connection.Pending.TryRemove(id, out _);
        }

        Log.ControlNotConfirmed(_logger, connection.Id, method, id, streams is null ? string.Empty : string.Join(',', streams), reply.Error ?? string.Empty);
        return reply;
    }

    private async Task PaceControlMessagesAsync(CancellationToken token)
    {
        if (_lastControlTimestamp == 0 || _controlMessageInterval <= TimeSpan.Zero)
        {
            return;
        }

        var wait = _controlMessageInterval - _time.GetElapsedTime(_lastControlTimestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, token).ConfigureAwait(false);
        }
    }

    private static ReadOnlyMemory<byte> WriteControlRequest(string method, string[]? streams, long id)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + ((streams?.Length ?? 0) * 32));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, method);
            if (streams is not null)
            {
                writer.WriteStartArray("params"u8);
                foreach (var stream in streams)
                {
                    writer.WriteStringValue(stream);
                }

                writer.WriteEndArray();
            }

            writer.WriteNumber("id"u8, id);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>The answer to a control request.</summary>
    private readonly record struct ControlReply(bool Answered, int? Code, string? Error, string[]? Result = null)
    {
        public static ControlReply Confirmed(string[]? result) => new(true, null, null, result);

        public static ControlReply Refused(int? code, string message) => new(true, code, message);

        public static ControlReply Unanswered(string reason) => new(false, null, reason);
    }

    /// <summary>One open socket and what the server confirmed on it.</summary>
    private sealed class ActiveConnection(IWebSocketConnection socket, string id, CancellationTokenSource lifetime)
    {
        private string? _recycleReason;
        private volatile bool _messageConfirmed;

        public IWebSocketConnection Socket { get; } = socket;

        public string Id { get; } = id;

        public CancellationToken Token { get; } = lifetime.Token;

        public string? RecycleReason => Volatile.Read(ref _recycleReason);

        public bool MessageConfirmed
        {
            get => _messageConfirmed;
            set => _messageConfirmed = value;
        }

        /// <summary>
        /// A stream message (or a liveness answer) arrived: the socket worked, so the backoff resets. Data only flows for
        /// streams the server subscribed, so this is the proof; it does not wait for the SUBSCRIBE's own continuation,
        /// which a drop right behind the first message can overtake (the reconnect would then back off needlessly).
        /// </summary>
        public bool Confirmed => _messageConfirmed;

        /// <summary>Streams confirmed on this socket (lock the set itself).</summary>
        public HashSet<string> Subscribed { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<long, TaskCompletionSource<ControlReply>> Pending { get; } = new();

        public void Recycle(string reason)
        {
            Interlocked.CompareExchange(ref _recycleReason, reason, null);
            try
            {
                lifetime.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already ended.
            }
        }

        public void FailPending(string reason)
        {
            foreach (var pending in Pending.Values)
            {
                pending.TrySetResult(ControlReply.Unanswered(reason));
            }
        }
    }
}

/// <summary>
/// Connection attempts of the whole pool within <see cref="MarketStreamOptions.MaxConnectionAttemptsPerFiveMinutes"/>
/// (Binance: 300 per five minutes per IP), however the backoff of each connection behaves.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The semaphore never allocates a wait handle.")]
internal sealed class ConnectionAttemptGate(MarketStreamOptions options, TimeProvider time, ILogger logger, Resilience.IRateLimitBudget? budget = null)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly Queue<long> _attempts = new();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _total;
    private volatile bool _waiting;

    /// <summary>An attempt is waiting for the window to roll (every other attempt of the pool queues behind it).</summary>
    public bool Waiting => _waiting;

    /// <summary>Attempts made so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>
    /// Waits until an attempt fits this client's limit and, when the client shares a rate budget (in-memory or Redis,
    /// shared by every process on the IP), that budget's connection-attempt ceiling too; then records it.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WaitLocalAsync(cancellationToken).ConfigureAwait(false);
            if (budget is not null)
            {
                await budget.AcquireConnectionAttemptAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task WaitLocalAsync(CancellationToken cancellationToken)
    {
        var limit = Math.Max(1, options.MaxConnectionAttemptsPerFiveMinutes);
        while (_attempts.Count > 0 && time.GetElapsedTime(_attempts.Peek()) >= Window)
        {
            _attempts.Dequeue();
        }

        if (_attempts.Count >= limit)
        {
            var wait = Window - time.GetElapsedTime(_attempts.Peek());
            Log.ConnectionAttemptsThrottled(logger, limit, wait);
            _waiting = true;
            try
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _waiting = false;
            }

            _attempts.Dequeue();
        }

        _attempts.Enqueue(time.GetTimestamp());
        Interlocked.Increment(ref _total);
    }
}
