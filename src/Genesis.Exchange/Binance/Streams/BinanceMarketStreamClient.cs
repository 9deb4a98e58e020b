using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Live Binance Spot market streams over a pool of combined-stream WebSockets (<c>/stream</c>), by role.
/// </summary>
/// <remarks>
/// <para><b>Roles.</b> A subscription asks for <see cref="StreamRole.Monitoring"/> (the default) or
/// <see cref="StreamRole.Execution"/>; each role has its own connections (named from
/// <see cref="MarketStreamOptions.ExecutionConnectionName"/> and <see cref="MarketStreamOptions.MonitoringConnectionName"/>),
/// and a role spills to a further connection past <see cref="MarketStreamOptions.MaxStreamsPerConnection"/> streams
/// (Binance: 1024). A stream keeps the role of its first subscription.</para>
/// <para><b>Failover.</b> When a connection fails its streams are subscribed at once on the backup connection
/// (<see cref="MarketStreamOptions.BackupConnectionName"/>, opened at the first failover and kept), while the failed
/// one reconnects with backoff; when it has confirmed its streams again and caught up, the backup lets them go.
/// Messages of a stream carried by two connections are merged (see <see cref="StreamEntry"/>): every trade id once and
/// in order, a diff-depth gap only when continuity is really broken.</para>
/// <para><b>Renewal.</b> Before Binance cuts a connection at 24 h (<see cref="MarketStreamOptions.ConnectionLifetime"/>,
/// default 23 h) and on a <c>serverShutdown</c> event, the replacement is opened, subscribed and confirmed first; the
/// old connection closes once the replacement has caught up on every stream (or after
/// <see cref="MarketStreamOptions.HandoverTimeout"/>). No gap, no duplicate, no book resync.</para>
/// <para><b>Limits.</b> Connection attempts of the whole pool stay within
/// <see cref="MarketStreamOptions.MaxConnectionAttemptsPerFiveMinutes"/>; control messages are paced per connection
/// under five per second; SUBSCRIBE and UNSUBSCRIBE are confirmed by id (an unconfirmed one recycles the socket, a
/// refused one fails the stream's subscriptions with <see cref="StreamSubscriptionRejectedException"/> carrying the
/// exchange's code). A quiet connection is probed with <c>LIST_SUBSCRIPTIONS</c> after the silence threshold of its
/// streams, not blindly recycled; WebSocket pings carry a pong deadline.</para>
/// <para><b>Events and health.</b> <see cref="ConnectionEvent"/> reports connects, disconnects, server shutdowns,
/// renewals, failovers and refusals; <see cref="GetConnectionHealth"/> gives per connection its role, state, streams,
/// last message age, message rate, reconnects, failovers and latency.</para>
/// <para>Cancelling a <c>SubscribeXxxAsync</c> enumeration ends it with <see cref="OperationCanceledException"/>;
/// disposing the client ends every subscription normally (after the items already buffered); subscribing to a disposed
/// client throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class BinanceMarketStreamClient : IMarketStreamClient, IAsyncDisposable, IDisposable, IStreamConnectionOwner
{
    private static readonly TimeSpan MinControlMessageInterval = TimeSpan.FromMilliseconds(250);

    private readonly MarketStreamOptions _options;
    private readonly ITradeHistorySource _tradeHistory;
    private readonly IWebSocketConnectionFactory _connectionFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BinanceMarketStreamClient> _logger;
    private readonly Random _random;
    private readonly MarketStreamMetrics _metrics;
    private readonly TimeSpan _controlMessageInterval;
    private readonly ConnectionAttemptGate _attempts;
    private readonly Func<TimeSpan> _serverOffset;
    private readonly object _gate = new();
    private readonly Dictionary<string, StreamEntry> _entries = new(StringComparer.Ordinal);
    private readonly StreamRouteTable _routes = new(); // the wanted streams for the receive path: lock-free, by UTF-8 name, no per-message string
    private readonly Dictionary<StreamConnectionRole, List<StreamConnection>> _connections = new()
    {
        [StreamConnectionRole.Execution] = [],
        [StreamConnectionRole.Monitoring] = [],
        [StreamConnectionRole.Backup] = [],
    };

    private readonly Dictionary<StreamConnection, StreamConnection> _renewals = []; // old → replacement
    private readonly CancellationTokenSource _disposeCts = new();
    private long _unroutable;
    private bool _disposed;

    internal BinanceMarketStreamClient(
        MarketStreamOptions options,
        ITradeHistorySource tradeHistory,
        IWebSocketConnectionFactory connectionFactory,
        TimeProvider timeProvider,
        ILogger<BinanceMarketStreamClient> logger,
        Random? random = null,
        IMeterFactory? meterFactory = null,
        TimeSpan? controlMessageInterval = null,
        Func<TimeSpan>? serverOffset = null,
        Resilience.IRateLimitBudget? budget = null)
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
        _metrics = new MarketStreamMetrics(meterFactory, this);
        _controlMessageInterval = controlMessageInterval ?? MinControlMessageInterval;
        _attempts = new ConnectionAttemptGate(options, timeProvider, logger, budget);
        _serverOffset = serverOffset ?? (() => TimeSpan.Zero);
    }

    /// <inheritdoc />
    public event EventHandler<StreamConnectionEventArgs>? ConnectionEvent;

    /// <summary>Frames for streams nobody wants (any more) — counted, never fatal.</summary>
    internal long Unroutable => Interlocked.Read(ref _unroutable);

    /// <summary>The pool's next connection attempt waits for its five-minute window to roll (for tests and diagnostics).</summary>
    internal bool ConnectionAttemptsThrottled => _attempts.Waiting;

    /// <summary>Connection attempts made by the whole pool.</summary>
    internal long ConnectionAttempts => _attempts.Total;

    /// <summary>Unexpected exceptions the connection supervisors caught and recovered from (for tests and diagnostics).</summary>
    internal long SupervisorFaults => AllConnections().Sum(c => c.SupervisorFaults);

    /// <summary>The streams currently wanted (for tests and diagnostics).</summary>
    internal IReadOnlyCollection<string> ActiveStreams
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Keys];
            }
        }
    }

    /// <inheritdoc />
    public StreamSubscription<T> Subscribe<T>(MarketStream<T> stream, StreamRole role = StreamRole.Monitoring)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        StreamSubscription<T> subscription;
        StreamEntry? created = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(stream.Name, out var entry))
            {
                entry = new StreamEntry(this, stream.Name, stream.Kind, stream.Delivery, stream.UpdateInterval, role);
                AttachContinuity(entry);

                entry.Home = PickConnection(role == StreamRole.Execution ? StreamConnectionRole.Execution : StreamConnectionRole.Monitoring);
                _entries.Add(stream.Name, entry);
                PublishRoutes();
                created = entry;
            }

            subscription = new StreamSubscription<T>(stream, entry.Role, _options.ChannelCapacity, entry);
            entry.Add(subscription);
        }

        created?.Home.Want([created.Name]);
        return subscription;
    }

    /// <inheritdoc />
    public IReadOnlyList<StreamConnectionHealth> GetConnectionHealth()
    {
        var now = _timeProvider.GetTimestamp();
        return [.. AllConnections().Select(c =>
        {
            var last = c.LastMessageTimestamp;
            return new StreamConnectionHealth(
                c.Name,
                c.Role,
                c.State,
                c.WantedCount,
                last == 0 ? null : _timeProvider.GetElapsedTime(last, now),
                c.SampleRate(now, _timeProvider),
                c.Messages,
                c.Reconnects,
                c.Failovers,
                c.Latency);
        })];
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TradeUpdate> SubscribeTradesAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.Trade(symbol), StreamRole.Monitoring, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<DepthUpdate> SubscribeDepthAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.Depth(symbol), StreamRole.Monitoring, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<PartialDepthUpdate> SubscribePartialDepthAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.PartialDepth(symbol), StreamRole.Monitoring, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<KlineUpdate> SubscribeKlinesAsync(string symbol, KlineInterval interval, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.Kline(symbol, interval), StreamRole.Monitoring, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<TickerUpdate> SubscribeTickerAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.Ticker(symbol), StreamRole.Monitoring, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<AggregateTradeUpdate> SubscribeAggregateTradesAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.AggregateTrade(symbol), StreamRole.Monitoring, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<BookTickerUpdate> SubscribeBookTickerAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.BookTicker(symbol), StreamRole.Monitoring, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<MiniTickerUpdate> SubscribeMiniTickerAsync(string symbol, CancellationToken cancellationToken = default) =>
        SubscribeAsync(MarketStreams.MiniTicker(symbol), StreamRole.Monitoring, cancellationToken);

    /// <summary>Closes every connection and ends every subscription.</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        StreamEntry[] entries;
        StreamConnection[] connections;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
            PublishRoutes();
            connections = [.. AllConnectionsLocked(), .. _renewals.Keys];
        }

        await _disposeCts.CancelAsync().ConfigureAwait(false);
        foreach (var entry in entries)
        {
            entry.End(); // stops a running gap fill
        }

        foreach (var connection in connections)
        {
            await connection.RetireAsync().ConfigureAwait(false);
        }

        foreach (var entry in entries)
        {
            if (entry.Continuity is { } continuity)
            {
                await continuity.Completion().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            entry.CompleteAll();
        }

        _disposeCts.Dispose();
        _metrics.Dispose();
    }

    /// <summary>
    /// Closes every connection and ends every subscription, blocking until done (for containers disposed
    /// synchronously); prefer <see cref="DisposeAsync"/>.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The trade sequencer of a trade stream, if subscribed (for tests).</summary>
    internal TradeSequencer? GetTradeSequencer(string symbol)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(StreamNames.Trade(symbol), out var entry) ? entry.Sequencer : null;
        }
    }

    /// <summary>The pooled connections now (for tests and diagnostics).</summary>
    internal IReadOnlyList<StreamConnection> Connections => AllConnections();

    /// <summary>Subscribes a stream by name and enumerates it (tests use it for arbitrary names).</summary>
    internal IAsyncEnumerable<T> SubscribeAsync<T>(string streamName, StreamMessageKind kind, OverflowPolicy policy, CancellationToken cancellationToken)
        where T : class =>
        SubscribeAsync(new MarketStream<T>(streamName, kind, policy == OverflowPolicy.Fail ? StreamDelivery.Sequenced : StreamDelivery.LatestValue, TimeSpan.Zero), StreamRole.Monitoring, cancellationToken);

    /// <summary>Subscribes when the enumeration starts and unsubscribes when it ends.</summary>
    internal async IAsyncEnumerable<T> SubscribeAsync<T>(MarketStream<T> stream, StreamRole role, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var subscription = Subscribe(stream, role);
        try
        {
            await foreach (var item in subscription.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>0 for the first retry, then base × 2^(n−1) capped at the maximum, times a jitter of 0.8–1.2 (still capped).</summary>
    internal TimeSpan NextDelay(int failures) => Backoff(_options, _random, failures);

    internal static TimeSpan Backoff(MarketStreamOptions options, Random random, int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        var nominal = Math.Min(options.ReconnectBaseDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30)), options.ReconnectMaxDelay.Ticks);
        var jittered = nominal * (0.8 + (0.4 * random.NextDouble()));
        return TimeSpan.FromTicks((long)Math.Min(jittered, options.ReconnectMaxDelay.Ticks));
    }

    /// <summary>
    /// The combined-stream endpoint without stream names: every stream is added by a SUBSCRIBE whose confirmation (or
    /// refusal) is awaited, so a refused stream never fails the handshake, and 1024 streams never make a URL too long
    /// for the server. With microsecond times the URL carries <c>timeUnit=MICROSECOND</c> (every time of every event).
    /// </summary>
    internal Uri BuildUri() => BuildUri(_options);

    internal static Uri BuildUri(MarketStreamOptions options) =>
        new(options.BaseUrl.ToString().TrimEnd('/') + (options.MicrosecondTimes ? "/stream?timeUnit=MICROSECOND" : "/stream"));

    /// <summary>Whether a stream's last value should no longer be trusted (see <see cref="StreamSubscription{T}.IsStale"/>).</summary>
    internal bool IsStale(StreamEntry entry, long lastReceivedTimestamp)
    {
        StreamConnection home;
        StreamConnection? backup;
        lock (_gate)
        {
            home = entry.Home;
            backup = entry.Backup;
        }

        if (!home.IsUp && backup?.IsUp != true)
        {
            return true;
        }

        if (entry.UpdateInterval <= TimeSpan.Zero)
        {
            return false;
        }

        var allowed = TimeSpan.FromTicks(Math.Max(entry.UpdateInterval.Ticks * 3, _options.StalenessFloor.Ticks));
        var since = lastReceivedTimestamp != 0 ? lastReceivedTimestamp : home.OpenedTimestamp;
        return since != 0 && _timeProvider.GetElapsedTime(since) > allowed;
    }

    /// <summary>The wall-clock time of a <see cref="TimeProvider"/> timestamp (null for 0, "never").</summary>
    internal DateTimeOffset? ToWallClock(long timestamp) =>
        timestamp == 0 ? null : _timeProvider.GetUtcNow() - _timeProvider.GetElapsedTime(timestamp);

    internal void ReportOverflow(string stream, int capacity) => Log.SubscriberOverflow(_logger, stream, capacity);

    internal void Unsubscribe(StreamEntry entry, object subscription)
    {
        StreamConnection[] carriers = [];
        lock (_gate)
        {
            if (entry.RemoveSubscription(subscription) == 0 && _entries.TryGetValue(entry.Name, out var current) && current == entry)
            {
                _entries.Remove(entry.Name);
                PublishRoutes();
                entry.End();
                carriers = [.. new[] { entry.Home, entry.Backup, entry.HandoverFrom }.OfType<StreamConnection>().Distinct()];
                if (entry.HandoverFrom is { } from && _renewals.ContainsKey(from))
                {
                    carriers = [.. carriers.Where(c => c != from)];
                }
            }
        }

        foreach (var connection in carriers)
        {
            connection.Unwant([entry.Name]);
        }

        ((IDeliverable)subscription).Complete();
    }

    /// <summary>The route table connections parse with.</summary>
    internal IStreamNameResolver Routes => _routes;

    void IStreamConnectionOwner.OnUnroutable(StreamConnection connection) => Interlocked.Increment(ref _unroutable);

    void IStreamConnectionOwner.OnMessage(StreamConnection connection, in StreamMessage message)
    {
        var entry = message.Route?.State as StreamEntry
            ?? (message.StreamName is { } name ? _routes.Find(name)?.State as StreamEntry : null);
        if (entry is null)
        {
            Interlocked.Increment(ref _unroutable);
            return; // a stream nobody wants any more
        }

        if (message.Kind == StreamMessageKind.Malformed)
        {
            entry.CountMalformed();
            return;
        }

        if (entry.Kind != message.Kind)
        {
            entry.CountMalformed();
            _metrics.ParseErrors.Add(1, new KeyValuePair<string, object?>("reason", "unexpected_event"));
            Log.MalformedMessage(_logger, connection.SocketId ?? connection.Name, message.StreamName, $"unexpected {message.Kind} event");
            return;
        }

        var payload = message.Payload!;
        if (connection.ShouldSampleLatency() && StreamEntry.EventTimeOf(payload) is { } eventTime)
        {
            connection.RecordLatency(_timeProvider.GetUtcNow() + _serverOffset() - eventTime);
        }

        entry.Accept(connection, payload, connection.LastMessageTimestamp, _options.HandoverTimeout, _timeProvider);
        if (entry.HandoverTo is { } to && entry.CaughtUp(to))
        {
            CompleteHandover(entry, to);
        }
    }

    void IStreamConnectionOwner.OnSubscribing(StreamConnection connection, string[] streams)
    {
        lock (_gate)
        {
            foreach (var stream in streams)
            {
                // What was missed is recovered when this SUBSCRIBE is confirmed, unless another connection carries the
                // stream right now (a renewal or a fail-back: the merge closes that overlap without REST). Decided when
                // the request goes out: by the time its confirmation is handled the other connection may be gone.
                if (_entries.TryGetValue(stream, out var entry) && entry.SubscribedBefore)
                {
                    var otherLive = new[] { entry.Home, entry.Backup, entry.HandoverFrom }
                        .Any(c => c is not null && c != connection && c.IsUp && c.Confirmed(stream));
                    if (!otherLive)
                    {
                        entry.RecoverOnConfirm.Add(connection);
                    }
                }
            }
        }
    }

    void IStreamConnectionOwner.OnSubscribed(StreamConnection connection, string[] streams)
    {
        foreach (var stream in streams)
        {
            StreamEntry? entry;
            var resubscribed = false;
            var failedBack = false;
            lock (_gate)
            {
                if (!_entries.TryGetValue(stream, out entry))
                {
                    continue;
                }

                resubscribed = entry.RecoverOnConfirm.Remove(connection);
                entry.SubscribedBefore = true;
                if (connection == entry.Home && entry.Backup is { } backup)
                {
                    // Fail-back: the home connection carries it again; the backup lets go once home has caught up.
                    entry.Backup = null;
                    entry.HandoverFrom = backup;
                    entry.HandoverTo = connection;
                    failedBack = true;
                }
            }

            entry.Confirm();
            if (resubscribed)
            {
                entry.Continuity?.OnResubscribed();
            }

            if (failedBack)
            {
                ScheduleHandoverTimeout(connection);
            }
        }
    }

    void IStreamConnectionOwner.OnRefused(StreamConnection connection, string stream, int? code, string message)
    {
        StreamEntry? entry;
        StreamConnection[] others = [];
        lock (_gate)
        {
            if (_entries.TryGetValue(stream, out entry))
            {
                _entries.Remove(stream);
                PublishRoutes();
                others = [.. new[] { entry.Home, entry.Backup, entry.HandoverFrom }.OfType<StreamConnection>().Where(c => c != connection).Distinct()];
            }
        }

        foreach (var other in others)
        {
            other.Unwant([stream]);
        }

        Raise(StreamConnectionEventKind.SubscribeRefused, connection, $"{stream}: {message} (code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})", 1);
        if (entry is not null)
        {
            var error = new StreamSubscriptionRejectedException(stream, code, message);
            entry.End();
            entry.Refuse(error);
            entry.FailAll(error);
        }
    }

    void IStreamConnectionOwner.OnUp(StreamConnection connection)
    {
        Raise(StreamConnectionEventKind.Connected, connection, "subscriptions confirmed", connection.WantedCount);
        ScheduleHandoverTimeout(connection);
        TryFinishRenewal(connection);
    }

    void IStreamConnectionOwner.OnDown(StreamConnection connection, string reason)
    {
        Raise(StreamConnectionEventKind.Disconnected, connection, reason, connection.WantedCount);
        List<StreamEntry> moved = [];
        StreamEntry[] carried;
        StreamConnection? backup = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            carried = [.. _entries.Values.Where(e => e.Home == connection || e.Backup == connection || e.HandoverFrom == connection)];
            if (_options.BackupConnection && connection.Role != StreamConnectionRole.Backup && !_renewals.ContainsKey(connection))
            {
                foreach (var entry in carried)
                {
                    if (entry.Home == connection && entry.Backup is null)
                    {
                        backup ??= PickConnection(StreamConnectionRole.Backup);
                        entry.Backup = backup;
                        if (entry.HandoverFrom == backup)
                        {
                            entry.HandoverFrom = null; // a fail-back in progress: the backup keeps the stream
                            entry.HandoverTo = null;
                        }

                        moved.Add(entry);
                    }
                }
            }
        }

        foreach (var entry in carried)
        {
            entry.OnCarrierDown(connection);
        }

        if (backup is not null && moved.Count > 0)
        {
            connection.CountFailover();
            _metrics.Failovers.Add(1);
            backup.Want(moved.Select(e => e.Name));
            Raise(StreamConnectionEventKind.FailedOver, connection, $"{moved.Count} streams moved to {backup.Name}: {reason}", moved.Count);
        }
    }

    void IStreamConnectionOwner.OnFailed(StreamConnection connection, Exception exception)
    {
        StreamEntry[] lost;
        lock (_gate)
        {
            _connections[connection.Role].Remove(connection);
            lost = [.. _entries.Values.Where(e => e.Home == connection && (e.Backup is null || !e.Backup.IsUp))];
            foreach (var entry in lost)
            {
                _entries.Remove(entry.Name);
            }

            PublishRoutes();
        }

        var failure = new ExchangeUnavailableException($"The stream connection '{connection.Name}' failed beyond recovery; subscribe again.", innerException: exception);
        foreach (var entry in lost)
        {
            entry.End();
            entry.Refuse(failure);
            entry.FailAll(failure);
        }
    }

    void IStreamConnectionOwner.OnRenewalDue(StreamConnection connection, string reason)
    {
        var shutdown = reason.Contains("shutdown", StringComparison.Ordinal);
        Raise(shutdown ? StreamConnectionEventKind.ServerShutdown : StreamConnectionEventKind.RenewalStarted, connection, reason, connection.WantedCount);
        StreamConnection replacement;
        string[] streams;
        lock (_gate)
        {
            if (_disposed || _renewals.ContainsKey(connection) || connection.IsRetired)
            {
                return;
            }

            var list = _connections[connection.Role];
            var index = list.IndexOf(connection);
            if (index < 0)
            {
                return;
            }

            replacement = NewConnection(connection.Name, connection.Role);
            list[index] = replacement;
            _renewals[connection] = replacement;
            streams = connection.Wanted;
            foreach (var entry in _entries.Values)
            {
                if (entry.Home == connection)
                {
                    entry.Home = replacement;
                }
                else if (entry.Backup == connection)
                {
                    entry.Backup = replacement;
                }
                else
                {
                    continue;
                }

                entry.HandoverFrom = connection;
                entry.HandoverTo = replacement;
            }
        }

        _metrics.Renewals.Add(1);
        Log.RenewalStarted(_logger, connection.Name, reason, streams.Length);
        replacement.Want(streams);
        if (streams.Length == 0)
        {
            TryFinishRenewal(replacement);
        }
    }

    private void ScheduleHandoverTimeout(StreamConnection to) => _ = HandoverTimeoutAsync(to);

    /// <summary>After <see cref="MarketStreamOptions.HandoverTimeout"/> every pending handover to <paramref name="to"/> completes, caught up or not (quiet streams).</summary>
    private async Task HandoverTimeoutAsync(StreamConnection to)
    {
        try
        {
            await Task.Delay(_options.HandoverTimeout, _timeProvider, _disposeCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        StreamEntry[] pending;
        lock (_gate)
        {
            pending = [.. _entries.Values.Where(e => e.HandoverTo == to)];
        }

        foreach (var entry in pending)
        {
            CompleteHandover(entry, to);
        }

        TryFinishRenewal(to);
    }

    /// <summary><paramref name="source"/> has caught up on <paramref name="entry"/>: the connection it takes over from lets the stream go.</summary>
    private void CompleteHandover(StreamEntry entry, StreamConnection source)
    {
        StreamConnection? from;
        bool renewal;
        lock (_gate)
        {
            if (entry.HandoverTo != source || entry.HandoverFrom is null)
            {
                return;
            }

            from = entry.HandoverFrom;
            entry.HandoverFrom = null;
            entry.HandoverTo = null;
            renewal = _renewals.ContainsKey(from);
        }

        entry.ForgetCarrier(from);
        if (renewal)
        {
            TryFinishRenewal(source);
        }
        else
        {
            // Raised before the UNSUBSCRIBE can go out: whoever sees the backup let the stream go has the event already.
            Raise(StreamConnectionEventKind.FailedBack, source, $"{entry.Name} back from {from.Name}", 1);
            from.Unwant([entry.Name]);
        }
    }

    /// <summary>Closes the connection <paramref name="replacement"/> replaces once it is live and no stream waits for the handover.</summary>
    private void TryFinishRenewal(StreamConnection replacement)
    {
        StreamConnection? old = null;
        lock (_gate)
        {
            foreach (var (from, to) in _renewals)
            {
                if (to == replacement)
                {
                    old = from;
                    break;
                }
            }

            if (old is null || !replacement.IsUp || _entries.Values.Any(e => e.HandoverFrom == old))
            {
                return;
            }

            _renewals.Remove(old);
        }

        _ = RetireRenewedAsync(old, replacement);
    }

    private async Task RetireRenewedAsync(StreamConnection old, StreamConnection replacement)
    {
        await old.RetireAsync().ConfigureAwait(false);
        Log.Renewed(_logger, old.Name, replacement.WantedCount);
        Raise(StreamConnectionEventKind.Renewed, replacement, "replacement confirmed and caught up; old connection closed", replacement.WantedCount);
    }

    /// <summary>
    /// Gives a stream its recovery: trades by id (<c>historicalTrades</c>), aggregate trades by <c>a</c> id
    /// (<c>aggTrades?fromId=</c>), klines re-fetched for the missed interval (<c>klines?startTime&amp;endTime</c>). Other
    /// streams have none: diff depth is resynced by a local book, latest-value streams report staleness.
    /// </summary>
    private void AttachContinuity(StreamEntry entry)
    {
        var symbol = StreamNames.SymbolOf(entry.Name);
        var token = entry.Lifetime.Token;
        switch (entry.Kind)
        {
            case StreamMessageKind.Trade:
                var trades = new TradeSequencer(symbol, _tradeHistory, t => entry.DeliverToAll(t), entry.FailAll, _timeProvider, _logger, _metrics, _options, token, entry.SyncRoot);
                entry.Sequencer = trades;
                entry.Continuity = new StreamContinuity(p => trades.OnLive((TradeUpdate)p), trades.OnResubscribed, () => !trades.FillTask.IsCompleted, () => trades.FillTask);
                break;
            case StreamMessageKind.AggregateTrade when _tradeHistory is Continuity.IAggregateTradeHistorySource history:
                var aggregates = Continuity.IdSequencers.ForAggregateTrades(symbol, history, a => entry.DeliverToAll(a), entry.FailAll, _timeProvider, _logger, _metrics, _options, token, syncRoot: entry.SyncRoot);
                entry.Continuity = new StreamContinuity(p => aggregates.OnLive((AggregateTradeUpdate)p), aggregates.OnResubscribed, () => aggregates.IsFilling, () => aggregates.FillTask);
                break;
            case StreamMessageKind.Kline when _tradeHistory is Continuity.IKlineHistorySource klineHistory && StreamNames.TryParseKline(entry.Name, out var interval, out var timeZone):
                var klines = new Continuity.KlineContinuity(symbol, interval, timeZone, klineHistory, k => entry.DeliverToAll(k), entry.FailAll, _timeProvider, _logger, _options, token, entry.SyncRoot);
                entry.Continuity = new StreamContinuity(p => klines.OnLive((KlineUpdate)p), klines.OnResubscribed, () => klines.IsFilling, () => klines.FillTask);
                break;
        }
    }

    /// <summary>A connection of <paramref name="role"/> with room for one more stream (a new one past the limit). Caller holds the gate.</summary>
    private StreamConnection PickConnection(StreamConnectionRole role)
    {
        var list = _connections[role];
        var limit = Math.Clamp(_options.MaxStreamsPerConnection, 1, 1024);
        foreach (var connection in list)
        {
            if (connection.WantedCount < limit && _entries.Values.Count(e => e.Home == connection) < limit)
            {
                return connection;
            }
        }

        var name = role switch
        {
            StreamConnectionRole.Execution => _options.ExecutionConnectionName,
            StreamConnectionRole.Backup => _options.BackupConnectionName,
            _ => _options.MonitoringConnectionName,
        };
        var created = NewConnection(list.Count == 0 ? name : $"{name}-{list.Count + 1}", role);
        list.Add(created);
        return created;
    }

    private StreamConnection NewConnection(string name, StreamConnectionRole role) => new(
        name, role, this, _routes, _options, _connectionFactory, _attempts, _timeProvider, _logger, _metrics, _random, _controlMessageInterval, SilenceThreshold);

    /// <summary>
    /// How long a connection may stay silent before it is probed: the shortest of its streams' thresholds — five update
    /// intervals (at least <see cref="MarketStreamOptions.StalenessFloor"/>) for periodic streams,
    /// <see cref="MarketStreamOptions.NoDataTimeout"/> for real-time ones (a quiet market sends no trades).
    /// </summary>
    private TimeSpan SilenceThreshold(IReadOnlyCollection<string> streams)
    {
        var threshold = _options.NoDataTimeout;
        lock (_gate)
        {
            foreach (var stream in streams)
            {
                if (_entries.TryGetValue(stream, out var entry) && entry.UpdateInterval > TimeSpan.Zero)
                {
                    var kind = TimeSpan.FromTicks(Math.Max(entry.UpdateInterval.Ticks * 5, _options.StalenessFloor.Ticks));
                    if (kind < threshold)
                    {
                        threshold = kind;
                    }
                }
            }
        }

        return threshold;
    }

    /// <summary>Brings the receive path's route table in line with the wanted streams. Caller holds the gate.</summary>
    private void PublishRoutes()
    {
        foreach (var entry in _entries.Values)
        {
            if (_routes.Find(entry.Name)?.State != entry)
            {
                _routes.Set(new StreamRoute(entry.Name, entry.Kind) { State = entry });
            }
        }

        if (_routes.Count != _entries.Count)
        {
            foreach (var name in _routes.Names())
            {
                if (!_entries.ContainsKey(name))
                {
                    _routes.Remove(name);
                }
            }
        }
    }

    private StreamConnection[] AllConnections()
    {
        lock (_gate)
        {
            return [.. AllConnectionsLocked()];
        }
    }

    private IEnumerable<StreamConnection> AllConnectionsLocked() =>
        _connections[StreamConnectionRole.Execution].Concat(_connections[StreamConnectionRole.Monitoring]).Concat(_connections[StreamConnectionRole.Backup]);

    private void Raise(StreamConnectionEventKind kind, StreamConnection connection, string reason, int streams)
    {
        var handler = ConnectionEvent;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new StreamConnectionEventArgs(kind, connection.Name, connection.Role, reason, streams, _timeProvider.GetUtcNow()));
        }
        catch (Exception ex)
        {
            // A throwing handler must not break the pool.
            Log.EventHandlerFailed(_logger, ex, kind.ToString());
        }
    }
}

/// <summary>What a subscription does when its consumer is too slow.</summary>
internal enum OverflowPolicy
{
    /// <summary>End the subscription with <see cref="StreamSubscriptionOverflowException"/>.</summary>
    Fail,

    /// <summary>Drop the oldest buffered item.</summary>
    DropOldest,
}
