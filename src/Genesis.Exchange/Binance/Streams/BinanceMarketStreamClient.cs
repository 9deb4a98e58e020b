using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Live Binance Spot market streams over one combined-stream WebSocket (<c>/stream</c>, wrapped payloads).
/// </summary>
/// <remarks>
/// <para>Streams are added and removed at run time with SUBSCRIBE / UNSUBSCRIBE; every control request carries an id
/// and its <c>{"result":null,"id":N}</c> confirmation is awaited for <see cref="MarketStreamOptions.ControlRequestTimeout"/>.
/// An unconfirmed request recycles the connection. Control messages are paced (at most four a second) to stay under
/// Binance's five incoming messages per second.</para>
/// <para>The connection is recycled on close, error, a <c>serverShutdown</c> event, a dead peer and after
/// <see cref="MarketStreamOptions.ConnectionLifetime"/> (before Binance's 24 h cut). A quiet connection is not dead:
/// after <see cref="MarketStreamOptions.NoDataTimeout"/> without any message it is probed with
/// <c>LIST_SUBSCRIPTIONS</c> and recycled only when that goes unanswered; the WebSocket itself sends ping frames and
/// aborts when their pong misses <see cref="MarketStreamOptions.KeepAliveTimeout"/>. Reconnects back off
/// exponentially with jitter: immediately, then 1, 2, 4 … s up to <see cref="MarketStreamOptions.ReconnectMaxDelay"/>
/// while connections keep failing to open or to confirm; the backoff resets as soon as a connection is confirmed
/// (its subscriptions confirmed and a first message received), so a connection that drops after working is
/// replaced at once. After a reconnect every active stream is subscribed again and confirmed, and trade gaps are
/// filled at once. The supervisor survives any exception: it logs it, counts it and reconnects.</para>
/// <para>A stream the server refuses to subscribe (an error reply such as
/// <c>{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":1}</c>) ends its subscriptions with
/// <see cref="StreamSubscriptionRejectedException"/>; the other streams of the connection go on.</para>
/// <para>Trades: each id exactly once and in order; gaps are filled over REST (see <see cref="TradeSequencer"/>).
/// Diff depth: delivered as received; after a reconnect the next event's <c>U</c> is beyond the previous <c>u</c> + 1,
/// which a local order book must treat as a gap and resync from a snapshot (documented Binance procedure).</para>
/// <para>Slow consumers: trade, diff-depth and kline subscriptions end with
/// <see cref="StreamSubscriptionOverflowException"/> when <see cref="MarketStreamOptions.ChannelCapacity"/> items are
/// waiting; partial-depth and ticker subscriptions drop their oldest item. The receive loop never waits for a consumer,
/// so pings keep being answered (<see cref="ClientWebSocket"/> answers ping frames itself while a receive is pending).</para>
/// <para>Cancelling a subscription's token ends its enumeration with <see cref="OperationCanceledException"/> and
/// unsubscribes the stream when no other subscriber needs it. Disposing the client ends every enumeration normally
/// (after the items already buffered); subscribing to a disposed client throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class BinanceMarketStreamClient : IMarketStreamClient, IAsyncDisposable, IDisposable
{
    private const int MaxStreamsPerRequest = 100;
    private static readonly TimeSpan MinControlMessageInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AttemptWindow = TimeSpan.FromMinutes(5);

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
    private readonly Queue<long> _attempts = new(); // connection attempt timestamps of the last five minutes; RunAsync only
    private readonly SemaphoreSlim _controlLock = new(1, 1);
    private readonly CancellationTokenSource _disposeCts = new();
    private TaskCompletionSource _streamsChanged = NewSignal();
    private ActiveConnection? _current;
    private Task? _runTask;
    private long _nextRequestId;
    private long _lastControlTimestamp;
    private long _supervisorFaults;
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

    /// <inheritdoc />
    public IAsyncEnumerable<AggregateTradeUpdate> SubscribeAggregateTradesAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync<AggregateTradeUpdate>(StreamNames.AggregateTrade(symbol), StreamMessageKind.AggregateTrade, OverflowPolicy.Fail, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<BookTickerUpdate> SubscribeBookTickerAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync<BookTickerUpdate>(StreamNames.BookTicker(symbol), StreamMessageKind.BookTicker, OverflowPolicy.DropOldest, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<MiniTickerUpdate> SubscribeMiniTickerAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync<MiniTickerUpdate>(StreamNames.MiniTicker(symbol), StreamMessageKind.MiniTicker, OverflowPolicy.DropOldest, cancellationToken);

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
        foreach (var entry in entries)
        {
            entry.End(); // stops a running gap fill
        }

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

        // _controlLock is not disposed: a background UNSUBSCRIBE may still release it, and it holds no handle.
        _disposeCts.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Unexpected exceptions the connection supervisor caught and recovered from (for tests and diagnostics).</summary>
    internal long SupervisorFaults => Interlocked.Read(ref _supervisorFaults);

    /// <summary>
    /// Closes the connection and ends every subscription, blocking until done (for containers disposed
    /// synchronously); prefer <see cref="DisposeAsync"/>.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

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

    /// <summary>Subscribes a stream by name (the public methods build the names; tests use it for other streams).</summary>
    internal async IAsyncEnumerable<T> SubscribeAsync<T>(
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
            _runTask ??= Task.Run(() => SuperviseAsync(_disposeCts.Token), CancellationToken.None);
            connection = _current;
        }

        try
        {
            if (connection is not null)
            {
                // SUBSCRIBE in the background: the subscriber waits for data (or a refusal), not for the exchange.
                ReconcileInBackground(connection);
            }

            var reader = subscriber.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    yield return item;
                    cancellationToken.ThrowIfCancellationRequested(); // canceled: nothing more, even if buffered
                }
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
                entry.End();
                SignalStreamsChanged();
                connection = _current;
            }
        }

        subscriber.Complete();
        if (connection is not null)
        {
            // UNSUBSCRIBE in the background: ending an enumeration must not wait for the exchange.
            ReconcileInBackground(connection);
        }
    }

    private void ReconcileInBackground(ActiveConnection connection) => _ = ReconcileCaughtAsync(connection);

    private async Task ReconcileCaughtAsync(ActiveConnection connection)
    {
        try
        {
            await ReconcileAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Nobody awaits a background reconcile: record the fault and replace the connection, which resubscribes.
            Interlocked.Increment(ref _supervisorFaults);
            _metrics.SupervisorFaults.Add(1);
            Log.SupervisorFault(_logger, ex, connection.Id);
            connection.Recycle("control request failed: " + ex.GetType().Name);
        }
    }

    private void SignalStreamsChanged()
    {
        var signal = _streamsChanged;
        _streamsChanged = NewSignal();
        signal.TrySetResult();
    }

    /// <summary>
    /// Runs the supervisor. It only returns at dispose; should it ever die anyway (a throwing logger…), every
    /// subscriber ends with an error instead of waiting forever.
    /// </summary>
    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            StreamEntry[] entries;
            lock (_gate)
            {
                entries = [.. _streams.Values];
                _streams.Clear();
                _runTask = null; // the next subscription starts a new supervisor
            }

            var failure = new ExchangeUnavailableException("The stream connection supervisor failed; subscribe again.", innerException: ex);
            foreach (var entry in entries)
            {
                entry.End();
                entry.FailAll(failure);
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var attempt = 0;
        var delay = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            var connectionId = string.Empty;
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

                await WaitForAttemptBudgetAsync(cancellationToken).ConfigureAwait(false);
                attempt++;
                connectionId = CorrelationIds.Next();
                Log.Connecting(_logger, connectionId, _options.BaseUrl.Host, streams.Length, attempt);
                IWebSocketConnection socket;
                try
                {
                    socket = await _connectionFactory.ConnectAsync(BuildUri(), cancellationToken).ConfigureAwait(false);
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

                var (reason, confirmed) = await RunConnectionAsync(socket, connectionId, cancellationToken).ConfigureAwait(false);
                if (confirmed)
                {
                    failures = 0; // it worked: a drop now is not a failure to connect
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
            catch (Exception ex)
            {
                // The supervisor never dies: an unexpected fault (a bug below us, a broken socket implementation…) is
                // logged and counted, and the connection is replaced like after any other failure.
                Interlocked.Increment(ref _supervisorFaults);
                _metrics.SupervisorFaults.Add(1);
                delay = NextDelay(failures++);
                Log.SupervisorFault(_logger, ex, connectionId);
            }
        }
    }

    /// <summary>
    /// Keeps connection attempts within <see cref="MarketStreamOptions.MaxConnectionAttemptsPerFiveMinutes"/> (Binance:
    /// 300 per five minutes per IP), however the backoff behaves; then records this attempt.
    /// </summary>
    private async Task WaitForAttemptBudgetAsync(CancellationToken cancellationToken)
    {
        var limit = Math.Max(1, _options.MaxConnectionAttemptsPerFiveMinutes);
        while (_attempts.Count > 0 && _timeProvider.GetElapsedTime(_attempts.Peek()) >= AttemptWindow)
        {
            _attempts.Dequeue();
        }

        if (_attempts.Count >= limit)
        {
            var wait = AttemptWindow - _timeProvider.GetElapsedTime(_attempts.Peek());
            Log.ConnectionAttemptsThrottled(_logger, limit, wait);
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            _attempts.Dequeue();
        }

        _attempts.Enqueue(_timeProvider.GetTimestamp());
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

    /// <summary>
    /// The combined-stream endpoint without stream names: every stream is added by a SUBSCRIBE whose confirmation (or
    /// refusal) is awaited, so a refused stream never fails the handshake, and 1024 streams never make a URL too long
    /// for the server. With microsecond times the URL carries <c>timeUnit=MICROSECOND</c> (every time of every event).
    /// </summary>
    internal Uri BuildUri() => BuildUri(_options);

    internal static Uri BuildUri(MarketStreamOptions options) =>
        new(options.BaseUrl.ToString().TrimEnd('/') + (options.MicrosecondTimes ? "/stream?timeUnit=MICROSECOND" : "/stream"));

    private async Task<(string Reason, bool Confirmed)> RunConnectionAsync(IWebSocketConnection socket, string connectionId, CancellationToken cancellationToken)
    {
        using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var lifetime = new CancellationTokenSource(_options.ConnectionLifetime, _timeProvider);
        using var receiveCts = CancellationTokenSource.CreateLinkedTokenSource(connectionCts.Token, lifetime.Token);
        var connection = new ActiveConnection(socket, connectionId, connectionCts, _timeProvider.GetTimestamp());
        lock (_gate)
        {
            _current = connection;
        }

        string reason;
        var liveness = Task.CompletedTask;
        try
        {
            var receive = ReceiveLoopAsync(connection, receiveCts.Token);
            if (await ReconcileAsync(connection).ConfigureAwait(false))
            {
                connection.SubscriptionsConfirmed = true;
                liveness = MonitorLivenessAsync(connection, receiveCts.Token);
            }

            reason = await receive.ConfigureAwait(false);
            if (reason.Length == 0)
            {
                reason = cancellationToken.IsCancellationRequested ? "client disposed"
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

            connection.Recycle("connection ended");
            connection.FailPending("connection closed");
            await liveness.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
        }

        return (reason, connection.Confirmed);
    }

    /// <summary>
    /// Keeps a quiet connection as long as it answers: after <see cref="MarketStreamOptions.NoDataTimeout"/> without
    /// any message, sends <c>LIST_SUBSCRIPTIONS</c>; an answer (any answer) proves the connection alive, no answer
    /// within <see cref="MarketStreamOptions.ControlRequestTimeout"/> recycles it.
    /// </summary>
    private async Task MonitorLivenessAsync(ActiveConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = _options.NoDataTimeout - _timeProvider.GetElapsedTime(connection.LastMessageTimestamp);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!await ProbeAsync(connection).ConfigureAwait(false))
                {
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        Log.ProbeUnanswered(_logger, connection.Id, _options.NoDataTimeout, _options.ControlRequestTimeout);
                        connection.Recycle($"no data for {_options.NoDataTimeout} and no answer to LIST_SUBSCRIPTIONS within {_options.ControlRequestTimeout}");
                    }

                    return;
                }

                connection.MessageConfirmed = true;
                _metrics.LivenessProbes.Add(1);
                Log.ProbeAnswered(_logger, connection.Id);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended.
        }
    }

    /// <summary>
    /// Sends LIST_SUBSCRIPTIONS; false when unanswered. Streams this connection confirmed but the server no longer
    /// lists are forgotten and subscribed again (which also starts a trade gap fill).
    /// </summary>
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
                lost = [.. connection.Subscribed.Except(listed, StringComparer.Ordinal)];
                connection.Subscribed.ExceptWith(lost);
            }
        }
        finally
        {
            _controlLock.Release();
        }

        if (lost.Length > 0)
        {
            Log.SubscriptionsLost(_logger, connection.Id, string.Join(',', lost));
            ReconcileInBackground(connection);
        }

        return true;
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

    /// <summary>
    /// Reads and dispatches messages until the connection ends; returns the reason ("" when canceled). An unexpected
    /// exception propagates to the supervisor; either way the connection's pending requests fail at once.
    /// </summary>
    private async Task<string> ReceiveLoopAsync(ActiveConnection connection, CancellationToken cancellationToken)
    {
        using var reader = new WebSocketMessageReader(_options.MaxMessageBytes);
        try
        {
            while (true)
            {
                var status = await reader.ReadAsync(connection.Socket, cancellationToken).ConfigureAwait(false);
                connection.LastMessageTimestamp = _timeProvider.GetTimestamp();
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
        finally
        {
            // Whatever ended the loop, nothing waits on this connection any longer.
            connection.Recycle("receive ended");
            connection.FailPending("connection closed");
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
                    pending.TrySetResult(parsed.Error is null ? ControlReply.Confirmed(parsed.Payload as string[]) : ControlReply.Refused(parsed.ErrorCode, parsed.Error));
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

        connection.MessageConfirmed = true;
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
    /// SUBSCRIBE the missing), one control operation at a time. An unanswered request recycles the connection; a
    /// refused SUBSCRIBE is narrowed down to the refused streams, whose subscribers end with
    /// <see cref="StreamSubscriptionRejectedException"/>. After a stream with a trade sequencer is subscribed again,
    /// its gap fill starts at once.
    /// </summary>
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
                if (_current != connection)
                {
                    return false;
                }

                toAdd = [.. _streams.Keys.Where(s => !connection.Subscribed.Contains(s))];
                toRemove = [.. connection.Subscribed.Where(s => !_streams.ContainsKey(s))];
            }

            foreach (var chunk in toRemove.Chunk(MaxStreamsPerRequest))
            {
                var reply = await SendControlAsync(connection, "UNSUBSCRIBE", chunk).ConfigureAwait(false);
                if (!reply.Answered)
                {
                    connection.Recycle("UNSUBSCRIBE not confirmed");
                    return false;
                }

                // A refused UNSUBSCRIBE means the server does not have the stream either.
                connection.Subscribed.ExceptWith(chunk);
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

    /// <summary>SUBSCRIBEs <paramref name="streams"/>; false when the server did not answer.</summary>
    private async Task<bool> SubscribeChunkAsync(ActiveConnection connection, string[] streams)
    {
        var reply = await SendControlAsync(connection, "SUBSCRIBE", streams).ConfigureAwait(false);
        if (!reply.Answered)
        {
            return false;
        }

        if (reply.Error is null)
        {
            connection.Subscribed.UnionWith(streams);
            OnSubscribed(streams);
            return true;
        }

        if (streams.Length == 1)
        {
            Reject(streams[0], reply);
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

    /// <summary>
    /// After a stream is subscribed again (a new connection, or a subscription the server lost), its trades are
    /// gap-filled at once. Not after its first subscription: nothing was missed, even when its first trade arrived
    /// before the confirmation was handled (Binance sends data right behind the confirmation). Runs under the control lock.
    /// </summary>
    private void OnSubscribed(string[] streams)
    {
        foreach (var stream in streams)
        {
            StreamEntry? entry;
            lock (_gate)
            {
                _streams.TryGetValue(stream, out entry);
            }

            if (entry is null)
            {
                continue;
            }

            if (entry.SubscribedBefore)
            {
                entry.Sequencer?.OnResubscribed();
            }

            entry.SubscribedBefore = true;
        }
    }

    private void Reject(string stream, ControlReply reply)
    {
        StreamEntry? entry;
        lock (_gate)
        {
            if (_streams.TryGetValue(stream, out entry))
            {
                _streams.Remove(stream);
                SignalStreamsChanged();
            }
        }

        Log.SubscribeRefused(_logger, stream, reply.Code, reply.Error ?? string.Empty);
        if (entry is not null)
        {
            entry.End();
            entry.FailAll(new StreamSubscriptionRejectedException(stream, reply.Code, reply.Error ?? "refused"));
        }
    }

    private async Task<ControlReply> SendControlAsync(ActiveConnection connection, string method, string[]? streams)
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        var pending = new TaskCompletionSource<ControlReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Pending[id] = pending;
        ControlReply reply;
        try
        {
            await PaceControlMessagesAsync(connection.Token).ConfigureAwait(false);
            await connection.Socket.SendTextAsync(WriteControlRequest(method, streams, id), connection.Token).ConfigureAwait(false);
            _lastControlTimestamp = _timeProvider.GetTimestamp();
            reply = await pending.Task.WaitAsync(_options.ControlRequestTimeout, _timeProvider, connection.Token).ConfigureAwait(false);
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

    /// <summary>One wanted stream and its subscribers.</summary>
    private sealed class StreamEntry(string name, StreamMessageKind kind)
    {
        private IStreamSubscriber[] _subscribers = [];

        public string Name { get; } = name;

        public StreamMessageKind Kind { get; } = kind;

        public TradeSequencer? Sequencer { get; set; }

        /// <summary>A SUBSCRIBE of this stream was confirmed before (on this or an earlier connection). Guarded by the control lock.</summary>
        public bool SubscribedBefore { get; set; }

        public CancellationTokenSource Lifetime { get; } = new();

        /// <summary>Stops the entry's background work (a gap fill). Idempotent.</summary>
        public void End()
        {
            try
            {
                Lifetime.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already ended.
            }
        }

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

    /// <summary>The answer to a control request.</summary>
    private readonly record struct ControlReply(bool Answered, int? Code, string? Error, string[]? Result = null)
    {
        public static ControlReply Confirmed(string[]? result) => new(true, null, null, result);

        public static ControlReply Refused(int? code, string message) => new(true, code, message);

        public static ControlReply Unanswered(string reason) => new(false, null, reason);
    }

    /// <summary>One open connection and what the server confirmed on it.</summary>
    private sealed class ActiveConnection(IWebSocketConnection socket, string id, CancellationTokenSource lifetime, long openedTimestamp)
    {
        private long _lastMessageTimestamp = openedTimestamp;
        private string? _recycleReason;
        private volatile bool _subscriptionsConfirmed;
        private volatile bool _messageConfirmed;

        public IWebSocketConnection Socket { get; } = socket;

        public string Id { get; } = id;

        public CancellationToken Token { get; } = lifetime.Token;

        public string? RecycleReason => Volatile.Read(ref _recycleReason);

        /// <summary>When the last message (data, control answer, anything) arrived.</summary>
        public long LastMessageTimestamp
        {
            get => Interlocked.Read(ref _lastMessageTimestamp);
            set => Interlocked.Exchange(ref _lastMessageTimestamp, value);
        }

        /// <summary>The initial subscriptions were confirmed.</summary>
        public bool SubscriptionsConfirmed
        {
            get => _subscriptionsConfirmed;
            set => _subscriptionsConfirmed = value;
        }

        /// <summary>A stream message or a liveness answer arrived: the connection carries data.</summary>
        public bool MessageConfirmed
        {
            get => _messageConfirmed;
            set => _messageConfirmed = value;
        }

        /// <summary>Subscribed and a first message received: the connection worked, so the backoff resets.</summary>
        public bool Confirmed => _subscriptionsConfirmed && _messageConfirmed;

        /// <summary>Streams confirmed on this connection. Guarded by the client's control lock.</summary>
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
