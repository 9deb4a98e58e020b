using System.Net.WebSockets;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// The stream side of the in-memory Binance: accepts <see cref="InMemoryWebSocketConnection"/>s (the same URLs as
/// Binance: <c>/stream</c>, <c>/stream?streams=a/b</c>, <c>/ws/&lt;stream&gt;</c>, <c>timeUnit=MICROSECOND</c>), answers
/// their SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS like Binance (<see cref="StreamControlHandler"/>), and pushes
/// market events to them as Binance frames written by <see cref="StreamFrameWriter"/>. Mock mode runs the real
/// <see cref="BinanceMarketStreamClient"/> over it (the mock exchange's events), so the mock goes through the real
/// parser, sequencer, overflow handling and gap fill; the fake server (Genesis.Exchange.Testing) hosts the same server
/// behind its Kestrel WebSockets. No socket is opened here.
/// </summary>
/// <remarks>
/// Over a <see cref="MockExchange"/>, a stream is served when its symbol is listed on the exchange and its kind is one
/// the writer formats; klines only at 1m, in UTC and UTC+8 (the exchange builds no others); <c>@avgPrice</c>,
/// <c>@ticker_&lt;window&gt;</c>, <c>!ticker_&lt;window&gt;@arr</c> and <c>@referencePrice</c> (null: the mock has no
/// reference price) from the exchange's state at each ticker event (<see cref="DerivedMarketEvent"/>);
/// <c>@blockTrade</c> is accepted but silent (the engine makes no block trades). A SUBSCRIBE naming another stream is refused
/// with Binance's <c>{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":N}</c>. With
/// <see cref="Options.MockFaultOptions.StreamDropInterval"/> positive, every connection is dropped on that period (on
/// the exchange's <see cref="TimeProvider"/>), like a network failure.
/// </remarks>
internal sealed class InMemoryStreamServer : IWebSocketConnectionFactory, IDisposable
{
    /// <summary>Frames queued per connection before its client counts as a slow consumer and is dropped.</summary>
    public const int DefaultQueueCapacity = 10_000;

    /// <summary>The stream base address mock mode uses (never resolved: connections are in memory).</summary>
    public static readonly Uri BaseUrl = new("ws://mock.exchange.invalid");

    private readonly Lock _gate = new();
    private readonly Func<string, bool> _canServe;
    private readonly int _queueCapacity;
    private readonly Action<InMemoryWebSocketConnection, bool>? _onDropped;
    private readonly TimeProvider _timeProvider;
    private readonly IDisposable? _subscription;
    private readonly ITimer? _dropTimer;
    private InMemoryWebSocketConnection[] _connections = [];
    private long _accepted;
    private long _dropped;
    private bool _stopped;
    private int _disposed;

    /// <summary>Creates a server that publishes what it is given (<see cref="Publish"/>).</summary>
    /// <param name="canServe">Whether a stream is served; a SUBSCRIBE naming another is refused.</param>
    /// <param name="timeProvider">The clock of the <c>serverShutdown</c> event.</param>
    /// <param name="queueCapacity">Frames queued per connection before it is dropped as a slow consumer.</param>
    /// <param name="onDropped">Called when a connection is dropped, with true for a slow consumer.</param>
    public InMemoryStreamServer(Func<string, bool> canServe, TimeProvider timeProvider, int queueCapacity = DefaultQueueCapacity, Action<InMemoryWebSocketConnection, bool>? onDropped = null)
    {
        ArgumentNullException.ThrowIfNull(canServe);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _canServe = canServe;
        _timeProvider = timeProvider;
        _queueCapacity = queueCapacity;
        _onDropped = onDropped;
    }

    /// <summary>Creates the server of mock mode: it streams the exchange's market events.</summary>
    /// <param name="exchange">The exchange whose events are streamed.</param>
    /// <param name="queueCapacity">Frames queued per connection before it is dropped as a slow consumer.</param>
    public InMemoryStreamServer(MockExchange exchange, int queueCapacity = DefaultQueueCapacity)
        : this(stream => CanServe(exchange, stream), (exchange ?? throw new ArgumentNullException(nameof(exchange))).TimeProvider, queueCapacity)
    {
        _subscription = exchange.Subscribe(new Observer(this, exchange));
        var interval = exchange.Options.Faults.StreamDropInterval;
        if (interval > TimeSpan.Zero)
        {
            _dropTimer = exchange.TimeProvider.CreateTimer(static state => ((InMemoryStreamServer)state!).DropAll(), this, interval, interval);
        }
    }

    /// <summary>Connections open right now.</summary>
    public int ActiveConnections => Volatile.Read(ref _connections).Length;

    /// <summary>Connections accepted so far.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections dropped so far (fault timer, <see cref="DropAll"/>, slow consumers).</summary>
    public long ConnectionsDropped => Interlocked.Read(ref _dropped);

    /// <summary>The open connections (for tests).</summary>
    internal IReadOnlyList<InMemoryWebSocketConnection> Connections => Volatile.Read(ref _connections);

    /// <inheritdoc />
    public Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IWebSocketConnection>(Accept(uri.AbsolutePath, uri.Query));
    }

    /// <summary>Opens a connection for a stream URL; it is subscribed to the streams the URL names at once.</summary>
    /// <param name="path">The URL path (<c>/stream</c> or <c>/ws/…</c>).</param>
    /// <param name="query">The query string.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="WebSocketException">The server is stopped.</exception>
    public InMemoryWebSocketConnection Accept(string path, string query)
    {
        var (streams, combined, microseconds) = StreamSession.ParseUrl(path, query);
        var connection = new InMemoryWebSocketConnection(new StreamSession(streams, combined, microseconds, _canServe), _queueCapacity, Remove, OnDropped);
        lock (_gate)
        {
            if (_stopped)
            {
                throw new WebSocketException(WebSocketError.Faulted, "The in-memory stream server is stopped.");
            }

            _connections = [.. _connections, connection];
        }

        Interlocked.Increment(ref _accepted);
        return connection;
    }

    /// <summary>Publishes one market event to every connection subscribed to its streams; never blocks.</summary>
    /// <param name="marketEvent">A TradeUpdate, DepthUpdate, PartialDepthUpdate, KlineUpdate or TickerUpdate; others are ignored.</param>
    public void Publish(object marketEvent)
    {
        var connections = Volatile.Read(ref _connections);
        if (connections.Length == 0)
        {
            return;
        }

        foreach (var (stream, payload) in StreamFrameWriter.For(marketEvent))
        {
            foreach (var connection in connections)
            {
                connection.Deliver(stream, payload);
            }
        }
    }

    /// <summary>Drops every open connection, as a network failure would.</summary>
    public void DropAll()
    {
        foreach (var connection in Volatile.Read(ref _connections))
        {
            connection.Drop();
        }
    }

    /// <summary>Drops the connections subscribed to <paramref name="stream"/>, as a network failure would.</summary>
    /// <param name="stream">The stream name.</param>
    /// <returns>How many were dropped.</returns>
    public int DropCarrying(string stream)
    {
        var dropped = 0;
        foreach (var connection in Volatile.Read(ref _connections))
        {
            if (connection.Session.ListStreams().Contains(stream, StringComparer.Ordinal) && connection.Drop())
            {
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// Sends <c>serverShutdown</c> on the open connections subscribed to <paramref name="stream"/> (every connection
    /// when null) and keeps them open, as Binance does before it cuts them.
    /// </summary>
    /// <param name="time">The event time.</param>
    /// <param name="stream">The stream name, or null for every connection.</param>
    /// <returns>The connections told.</returns>
    public IReadOnlyList<InMemoryWebSocketConnection> AnnounceShutdown(DateTimeOffset time, string? stream = null)
    {
        List<InMemoryWebSocketConnection> told = [];
        foreach (var connection in Volatile.Read(ref _connections))
        {
            if (stream is null || connection.Session.ListStreams().Contains(stream, StringComparer.Ordinal))
            {
                connection.AnnounceShutdown(time);
                told.Add(connection);
            }
        }

        return told;
    }

    /// <summary>Stops accepting connections and sends <c>serverShutdown</c> on every open one, then closes it.</summary>
    /// <param name="time">The event time.</param>
    /// <returns>The connections that were open.</returns>
    public IReadOnlyList<InMemoryWebSocketConnection> Shutdown(DateTimeOffset time)
    {
        InMemoryWebSocketConnection[] connections;
        lock (_gate)
        {
            _stopped = true;
            connections = _connections;
        }

        foreach (var connection in connections)
        {
            connection.Shutdown(time);
        }

        return connections;
    }

    /// <summary>Stops listening to the exchange and shuts down (<c>serverShutdown</c> on every open connection).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _dropTimer?.Dispose();
        _subscription?.Dispose();
        Shutdown(_timeProvider.GetUtcNow());
    }

    /// <summary>Whether the mock exchange publishes on <paramref name="stream"/>.</summary>
    private static bool CanServe(MockExchange exchange, string stream)
    {
        if (!StreamFrameWriter.CanServe(stream))
        {
            return false;
        }

        if (stream.StartsWith('!'))
        {
            return true; // an all-market stream: every listed symbol
        }

        var at = stream.IndexOf('@', StringComparison.Ordinal);
        var kind = stream.AsSpan(at + 1);
        if (kind.StartsWith("kline_", StringComparison.Ordinal)
            && !kind.SequenceEqual("kline_" + KlineInterval.OneMinute.ToWire())
            && !kind.SequenceEqual("kline_" + KlineInterval.OneMinute.ToWire() + "@+08:00"))
        {
            return false;
        }

        var symbol = stream.AsSpan(0, at);
        foreach (var listed in exchange.Symbols)
        {
            if (symbol.Equals(listed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private void OnDropped(InMemoryWebSocketConnection connection, bool slowConsumer)
    {
        Interlocked.Increment(ref _dropped);
        _onDropped?.Invoke(connection, slowConsumer);
    }

    private void Remove(InMemoryWebSocketConnection connection)
    {
        lock (_gate)
        {
            _connections = [.. _connections.Where(c => !ReferenceEquals(c, connection))];
        }
    }

    /// <summary>Hands the exchange's events to the server (called under the exchange's lock; never blocks).</summary>
    private sealed class Observer(InMemoryStreamServer server, MockExchange exchange) : IMockMarketObserver
    {
        public void OnTrade(TradeUpdate update) => server.Publish(update);

        public void OnDepth(DepthUpdate update) => server.Publish(update);

        public void OnPartialDepth(PartialDepthUpdate update) => server.Publish(update);

        public void OnKline(KlineUpdate update) => server.Publish(update);

        public void OnTicker(TickerUpdate update)
        {
            server.Publish(update);

            // avgPrice, rolling-window tickers and referencePrice from the exchange's state, computed only when subscribed.
            server.Publish(new DerivedMarketEvent(exchange, update));
        }
    }
}
