using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Live Binance Spot market streams over one combined-stream WebSocket (<c>/stream?streams=…</c>).
/// </summary>
/// <remarks>
/// <para>Streams are added and removed at run time with SUBSCRIBE / UNSUBSCRIBE; every control request carries an id
/// and its <c>{"result":null,"id":N}</c> confirmation is awaited for <see cref="MarketStreamOptions.ControlRequestTimeout"/>.
/// An unconfirmed request recycles the connection. Control messages are paced (at most four a second) to stay under
/// Binance's five incoming messages per second.</para>
/// <para>The connection is recycled on close, error, a <c>serverShutdown</c> event, silence longer than
/// <see cref="MarketStreamOptions.NoDataTimeout"/> and after <see cref="MarketStreamOptions.ConnectionLifetime"/>
/// (before Binance's 24 h cut). Reconnects back off exponentially with jitter: immediately, then 1, 2, 4 … s up to
/// <see cref="MarketStreamOptions.ReconnectMaxDelay"/>; the backoff resets once a connection has stayed up a minute
/// with its subscriptions confirmed. After a reconnect every active stream is subscribed again and confirmed.</para>
/// <para>Trades: each id exactly once and in order; gaps are filled over REST (see <see cref="TradeSequencer"/>).
/// Diff depth: delivered as received; after a reconnect the next event's <c>U</c> is beyond the previous <c>u</c> + 1,
/// which a local order book must treat as a gap and resync from a snapshot (documented Binance procedure).</para>
/// <para>Slow consumers: trade, diff-depth and kline subscriptions end with
/// <see cref="StreamSubscriptionOverflowException"/> when <see cref="MarketStreamOptions.ChannelCapacity"/> items are
/// waiting; partial-depth and ticker subscriptions drop their oldest item. The receive loop never waits for a consumer,
/// so pings keep being answered (<see cref="ClientWebSocket"/> answers ping frames itself while a receive is pending).</para>
/// <para>Cancelling a subscription's token ends its enumeration with <see cref="OperationCanceledException"/> and
/// unsubscribes the stream when no other subscriber needs it. Disposing the client ends every enumeration.</para>
/// </remarks>
public sealed class BinanceMarketStreamClient : IMarketStreamClient, IAsyncDisposable
{
    private const int MaxStreamsPerRequest = 100;
    private static readonly TimeSpan StableConnectionTime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinControlMessageInterval = TimeSpan.FromMilliseconds(250);

    private readonly MarketStreamOptions _options;
    private readonly ITradeHistorySource _tradeHistory;
    private readonly IWebSocketConnectionFactory _connectionFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BinanceMarketStreamClient> _logger;
    private readonly Random _random;
    private readonly MarketStreamMetrics _metrics;
    private readonly TimeSpan _controlMessageInterval;
    private readonly object _gate = new();
    private readonly Dictionary<string, StreamEntry> _streams = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _controlLock = new(1, 1);
    private readonly CancellationTokenSource _disposeCts = new();
    private TaskCompletionSource _streamsChanged = NewSignal();
    private ActiveConnection? _current;
    private Task? _runTask;
    private long _nextRequestId;
    private long _lastControlTimestamp;
    private bool _disposed;

    internal BinanceMarketStreamClient(
        MarketStreamOptions options,
        ITradeHistorySource tradeHistory,
        IWebSocketConnectionFactory connectionFactory,
        TimeProvider timeProvider,
        ILogger<BinanceMarketStreamClient> logger,
        Random? random = null,
        IMeterFactory? meterFactory = null,
        TimeSpan? controlMessageInterval = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tradeHistory);
        ArgumentNullException.ThrowIfNull(connectionFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _tradeHistory = tradeHistory;
        _connectionFactory = connectionFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = random ?? Random.Shared;
        _metrics = new MarketStreamMetrics(meterFactory);
        _controlMessageInterval = controlMessageInterval ?? MinControlMessageInterval;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TradeUpdate> SubscribeTradesAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync<TradeUpdate>(StreamNames.Trade(symbol), StreamMessageKind.Trade, OverflowPolicy.Fail, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<DepthUpdate> SubscribeDepthAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync<DepthUpdate>(StreamNames.Depth(symbol), StreamMessageKind.Depth, OverflowPolicy.Fail, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<PartialDepthUpdate> SubscribePartialDepthAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync<PartialDepthUpdate>(StreamNames.PartialDepth(symbol), StreamMessageKind.PartialDepth, OverflowPolicy.DropOldest, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<KlineUpdate> SubscribeKlinesAsync(string symbol, KlineInterval interval, CancellationToken cancellationToken = default) =>
        SubscribeAsync<KlineUpdate>(StreamNames.Kline(symbol, interval), StreamMessageKind.Kline, OverflowPolicy.Fail, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<TickerUpdate> SubscribeTickerAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync<TickerUpdate>(StreamNames.Ticker(symbol), StreamMessageKind.Ticker, OverflowPolicy.DropOldest, cancellationToken);

    /// <summary>Closes the connection and ends every subscription.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        Task? run;
        StreamEntry[] entries;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            run = _runTask;
            entries = [.. _streams.Values];
            _streams.Clear();
        }

        await _disposeCts.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var entry in entries)
        {
            foreach (var subscriber in entry.Subscribers)
            {
                subscriber.Complete();
            }
        }

        _disposeCts.Dispose();
        _controlLock.Dispose();
        _metrics.Dispose();
    }

    /// <summary>The streams currently wanted (for tests and diagnostics).</summary>
    internal IReadOnlyCollection<string> ActiveStreams
    {
        get
        {
            lock (_gate)
            {
                return [.. _streams.Keys];
            }
        }
    }

    /// <summary>The trade sequencer of a trade stream, if subscribed (for tests).</summary>
    internal TradeSequencer? GetTradeSequencer(string symbol)
    {
        lock (_gate)
        {
            return _streams.TryGetValue(StreamNames.Trade(symbol), out var entry) ? entry.Sequencer : null;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async IAsyncEnumerable<T> SubscribeAsync<T>(
        string streamName,
        StreamMessageKind kind,
        OverflowPolicy policy,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var subscriber = new StreamSubscriber<T>(streamName, Math.Max(1, _options.ChannelCapacity), policy, _logger);
        ActiveConnection? connection;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_streams.TryGetValue(streamName, out var entry))
            {
                entry = new StreamEntry(streamName, kind);
                if (kind == StreamMessageKind.Trade)
                {
                    entry.Sequencer = new TradeSequencer(
                        StreamNames.SymbolOf(streamName),
                        _tradeHistory,
                        trade => entry.DeliverToAll(trade),
                        entry.FailAll,
                        _timeProvider,
                        _logger,
                        _metrics,
                        _options,
                        entry.Lifetime.Token);
                }

                _streams.Add(streamName, entry);
                SignalStreamsChanged();
            }

            entry.Add(subscriber);
            _runTask ??= Task.Run(() => RunAsync(_disposeCts.Token), CancellationToken.None);
            connection = _current;
        }

        try
        {
            if (connection is not null)
            {
                await ReconcileAsync(connection).ConfigureAwait(false);
            }

            await foreach (var item in subscriber.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            Unsubscribe(streamName, subscriber);
        }
    }

    private void Unsubscribe<T>(string streamName, StreamSubscriber<T> subscriber)
        where T : class
    {
        ActiveConnection? connection = null;
        lock (_gate)
        {
            if (_streams.TryGetValue(streamName, out var entry) && entry.Remove(subscriber) == 0)
            {
                _streams.Remove(streamName);
                entry.Lifetime.Cancel();
                entry.Lifetime.Dispose();
                SignalStreamsChanged();
                connection = _current;
            }
        }

        subscriber.Complete();
        if (connection is not null)
        {
            // UNSUBSCRIBE in the background: ending an enumeration must not wait for the exchange.
            _ = ReconcileAsync(connection);
        }
    }

    private void SignalStreamsChanged()
    {
        var signal = _streamsChanged;
        _streamsChanged = NewSignal();
        signal.TrySetResult();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var attempt = 0;
        var delay = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                string[] streams;
                Task changed;
                lock (_gate)
                {
                    streams = [.. _streams.Keys];
                    changed = _streamsChanged.Task;
                }

                if (streams.Length == 0)
                {
                    await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                attempt++;
                var connectionId = CorrelationIds.Next();
                Log.Connecting(_logger, connectionId, _options.BaseUrl.Host, streams.Length, attempt);
                IWebSocketConnection socket;
                try
                {
                    socket = await _connectionFactory.ConnectAsync(BuildUri(streams), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Connection failures of any kind are retried with backoff; they are logged with their cause.
                    Log.ConnectFailed(_logger, ex, connectionId, attempt);
                    delay = NextDelay(failures++);
                    continue;
                }

                if (attempt > 1)
                {
                    _metrics.Reconnects.Add(1);
                }

                var startedAt = _timeProvider.GetTimestamp();
                var (reason, confirmed) = await RunConnectionAsync(socket, connectionId, cancellationToken).ConfigureAwait(false);
                if (confirmed && _timeProvider.GetElapsedTime(startedAt) >= StableConnectionTime)
                {
                    failures = 0;
                }

                delay = NextDelay(failures++);
                if (!cancellationToken.IsCancellationRequested)
                {
                    Log.ConnectionEnded(_logger, connectionId, reason, delay);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>0 for the first retry, then base × 2^(n−1) capped at the maximum, times a jitter of 0.8–1.2 (still capped).</summary>
    internal TimeSpan NextDelay(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        var nominal = Math.Min(_options.ReconnectBaseDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30)), _options.ReconnectMaxDelay.Ticks);
        var jittered = nominal * (0.8 + (0.4 * _random.NextDouble()));
        return TimeSpan.FromTicks((long)Math.Min(jittered, _options.ReconnectMaxDelay.Ticks));
    }

    private Uri BuildUri(string[] streams)
    {
        var baseUrl = _options.BaseUrl.ToString().TrimEnd('/');
        return new Uri(baseUrl + "/stream?streams=" + string.Join('/', streams));
    }

    private async Task<(string Reason, bool Confirmed)> RunConnectionAsync(IWebSocketConnection socket, string connectionId, CancellationToken cancellationToken)
    {
        using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var noData = new CancellationTokenSource(_options.NoDataTimeout, _timeProvider);
        using var lifetime = new CancellationTokenSource(_options.ConnectionLifetime, _timeProvider);
        using var receiveCts = CancellationTokenSource.CreateLinkedTokenSource(connectionCts.Token, noData.Token, lifetime.Token);
        var connection = new ActiveConnection(socket, connectionId, connectionCts);
        lock (_gate)
        {
            _current = connection;
        }

        string reason;
        var confirmed = false;
        try
        {
            var receive = ReceiveLoopAsync(connection, noData, receiveCts.Token);
            confirmed = await ReconcileAsync(connection).ConfigureAwait(false);
            reason = await receive.ConfigureAwait(false);
            if (reason.Length == 0)
            {
                reason = cancellationToken.IsCancellationRequested ? "client disposed"
                    : noData.IsCancellationRequested ? $"no data for {_options.NoDataTimeout}"
                    : lifetime.IsCancellationRequested ? $"connection lifetime {_options.ConnectionLifetime} reached"
                    : connection.RecycleReason ?? "recycled";
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_current == connection)
                {
                    _current = null;
                }
            }

            connection.FailPending("connection closed");
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
        }

        return (reason, confirmed);
    }

    private async Task CloseQuietlyAsync(IWebSocketConnection socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _timeProvider);
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

    /// <summary>Reads and dispatches messages until the connection ends; returns the reason ("" when canceled).</summary>
    private async Task<string> ReceiveLoopAsync(ActiveConnection connection, CancellationTokenSource noData, CancellationToken cancellationToken)
    {
        using var reader = new WebSocketMessageReader(_options.MaxMessageBytes);
        try
        {
            while (true)
            {
                var status = await reader.ReadAsync(connection.Socket, cancellationToken).ConfigureAwait(false);
                noData.CancelAfter(_options.NoDataTimeout);
                switch (status)
                {
                    case MessageReadStatus.Closed:
                        return "closed by the server";
                    case MessageReadStatus.Oversized:
                        _metrics.ParseErrors.Add(1, new KeyValuePair<string, object?>("reason", "oversized"));
                        Log.OversizedMessage(_logger, connection.Id, reader.DroppedBytes, _options.MaxMessageBytes);
                        continue;
                    default:
                        if (!Dispatch(connection, reader.Message.Span))
                        {
                            return "server shutdown announced";
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return string.Empty;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.ConnectionFailed(_logger, ex, connection.Id);
            return "error: " + ex.Message;
        }
    }

    /// <summary>Handles one message; false when the connection must be replaced.</summary>
    private bool Dispatch(ActiveConnection connection, ReadOnlySpan<byte> message)
    {
        _metrics.MessagesReceived.Add(1);
        var parsed = StreamMessageParser.Parse(message);
        switch (parsed.Kind)
        {
            case StreamMessageKind.ServerShutdown:
                return false;
            case StreamMessageKind.Ignored:
                return true;
            case StreamMessageKind.Malformed:
                _metrics.ParseErrors.Add(1, new KeyValuePair<string, object?>("reason", "malformed"));
                Log.MalformedMessage(_logger, connection.Id, parsed.StreamName, parsed.Error ?? "unknown");
                return true;
            case StreamMessageKind.ControlResponse:
                if (parsed.ControlId is { } id && connection.Pending.TryRemove(id, out var pending))
                {
                    pending.TrySetResult(parsed.Error);
                }
                else if (parsed.Error is not null)
                {
                    Log.UnsolicitedError(_logger, connection.Id, parsed.Error);
                }

                return true;
        }

        StreamEntry? entry;
        lock (_gate)
        {
            _streams.TryGetValue(parsed.StreamName ?? string.Empty, out entry);
        }

        if (entry is null)
        {
            return true; // a stream nobody wants any more
        }

        if (entry.Kind != parsed.Kind)
        {
            _metrics.ParseErrors.Add(1, new KeyValuePair<string, object?>("reason", "unexpected_event"));
            Log.MalformedMessage(_logger, connection.Id, parsed.StreamName, $"unexpected {parsed.Kind} event");
            return true;
        }

        if (entry.Sequencer is not null)
        {
            entry.Sequencer.OnLive((TradeUpdate)parsed.Payload!);
        }
        else
        {
            entry.DeliverToAll(parsed.Payload!);
        }

        return true;
    }

    /// <summary>
    /// Brings the connection's confirmed subscriptions in line with the wanted streams (UNSUBSCRIBE the extra,
    /// SUBSCRIBE the missing), one control operation at a time. An unconfirmed request recycles the connection.
    /// </summary>
    private async Task<bool> ReconcileAsync(ActiveConnection connection)
    {
        try
        {
            await _controlLock.WaitAsync(connection.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }

        try
        {
            string[] toAdd, toRemove;
            lock (_gate)
            {
                if (_current != connection)
                {
                    return false;
                }

                toAdd = [.. _streams.Keys.Where(s => !connection.Subscribed.Contains(s))];
                toRemove = [.. connection.Subscribed.Where(s => !_streams.ContainsKey(s))];
            }

            foreach (var chunk in toRemove.Chunk(MaxStreamsPerRequest))
            {
                if (!await SendControlAsync(connection, "UNSUBSCRIBE", chunk).ConfigureAwait(false))
                {
                    connection.Recycle("UNSUBSCRIBE not confirmed");
                    return false;
                }

                connection.Subscribed.ExceptWith(chunk);
            }

            foreach (var chunk in toAdd.Chunk(MaxStreamsPerRequest))
            {
                if (!await SendControlAsync(connection, "SUBSCRIBE", chunk).ConfigureAwait(false))
                {
                    connection.Recycle("SUBSCRIBE not confirmed");
                    return false;
                }

                connection.Subscribed.UnionWith(chunk);
            }

            return true;
        }
        finally
        {
            _controlLock.Release();
        }
    }

    private async Task<bool> SendControlAsync(ActiveConnection connection, string method, string[] streams)
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        var pending = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Pending[id] = pending;
        string error;
        try
        {
            await PaceControlMessagesAsync(connection.Token).ConfigureAwait(false);
            await connection.Socket.SendTextAsync(WriteControlRequest(method, streams, id), connection.Token).ConfigureAwait(false);
            _lastControlTimestamp = _timeProvider.GetTimestamp();
            var result = await pending.Task.WaitAsync(_options.ControlRequestTimeout, _timeProvider, connection.Token).ConfigureAwait(false);
            if (result is null)
            {
                if (method == "SUBSCRIBE")
                {
                    Log.Subscribed(_logger, connection.Id, streams.Length, id);
                }

                return true;
            }

            error = result;
        }
        catch (TimeoutException)
        {
            error = $"no answer within {_options.ControlRequestTimeout}";
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            error = ex.Message;
        }
        finally
        {
            connection.Pending.TryRemove(id, out _);
        }

        Log.ControlNotConfirmed(_logger, connection.Id, method, id, string.Join(',', streams), error);
        return false;
    }

    private async Task PaceControlMessagesAsync(CancellationToken cancellationToken)
    {
        if (_lastControlTimestamp == 0 || _controlMessageInterval <= TimeSpan.Zero)
        {
            return;
        }

        var wait = _controlMessageInterval - _timeProvider.GetElapsedTime(_lastControlTimestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ReadOnlyMemory<byte> WriteControlRequest(string method, string[] streams, long id)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (streams.Length * 32));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, method);
            writer.WriteStartArray("params"u8);
            foreach (var stream in streams)
            {
                writer.WriteStringValue(stream);
            }

            writer.WriteEndArray();
            writer.WriteNumber("id"u8, id);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>One wanted stream and its subscribers.</summary>
    private sealed class StreamEntry(string name, StreamMessageKind kind)
    {
        private IStreamSubscriber[] _subscribers = [];

        public string Name { get; } = name;

        public StreamMessageKind Kind { get; } = kind;

        public TradeSequencer? Sequencer { get; set; }

        public CancellationTokenSource Lifetime { get; } = new();

        public IStreamSubscriber[] Subscribers => Volatile.Read(ref _subscribers);

        public void Add(IStreamSubscriber subscriber) => _subscribers = [.. _subscribers, subscriber];

        public int Remove(IStreamSubscriber subscriber)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscriber))];
            return _subscribers.Length;
        }

        public void DeliverToAll(object payload)
        {
            foreach (var subscriber in Subscribers)
            {
                subscriber.Deliver(payload);
            }
        }

        public void FailAll(Exception exception)
        {
            foreach (var subscriber in Subscribers)
            {
                subscriber.Fail(exception);
            }
        }
    }

    /// <summary>One open connection and what the server confirmed on it.</summary>
    private sealed class ActiveConnection(IWebSocketConnection socket, string id, CancellationTokenSource lifetime)
    {
        public IWebSocketConnection Socket { get; } = socket;

        public string Id { get; } = id;

        public CancellationToken Token { get; } = lifetime.Token;

        public string? RecycleReason { get; private set; }

        /// <summary>Streams confirmed on this connection. Guarded by the client's control lock.</summary>
        public HashSet<string> Subscribed { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<long, TaskCompletionSource<string?>> Pending { get; } = new();

        public void Recycle(string reason)
        {
            RecycleReason ??= reason;
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
                pending.TrySetResult(reason);
            }
        }
    }
}
