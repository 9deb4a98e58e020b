using System.Net.WebSockets;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// The stream side of the in-memory Binance: accepts <see cref="InMemoryWebSocketConnection"/>s (the same URLs as
/// Binance: <c>/stream</c>, <c>/stream?streams=a/b</c>, <c>/ws/&lt;stream&gt;</c>, <c>timeUnit=MICROSECOND</c>), answers
/// their SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS like Binance (<see cref="StreamControlHandler"/>), and pushes the
/// <see cref="MockExchange"/>'s market events to them as Binance frames written by <see cref="StreamFrameWriter"/>, the
/// writer the fake server uses too. Mock mode runs the real <see cref="BinanceMarketStreamClient"/> over it, so the
/// mock goes through the real parser, sequencer, overflow handling and gap fill. No socket is opened.
/// </summary>
/// <remarks>
/// A stream is served when its symbol is listed on the exchange and its kind is one the writer formats; klines only
/// at 1m (the exchange builds no others). A SUBSCRIBE naming another stream is refused with Binance's
/// <c>{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":N}</c>. With
/// <see cref="Options.MockFaultOptions.StreamDropInterval"/> positive, every connection is dropped on that period (on
/// the exchange's <see cref="TimeProvider"/>), like a network failure.
/// </remarks>
internal sealed class InMemoryStreamServer : IWebSocketConnectionFactory, IMockMarketObserver, IDisposable
{
    /// <summary>Frames queued per connection before its client counts as a slow consumer and is dropped.</summary>
    public const int DefaultQueueCapacity = 10_000;

    /// <summary>The stream base address mock mode uses (never resolved: connections are in memory).</summary>
    public static readonly Uri BaseUrl = new("ws://mock.exchange.invalid");

    private readonly Lock _gate = new();
    private readonly MockExchange _exchange;
    private readonly int _queueCapacity;
    private readonly IDisposable _subscription;
    private readonly ITimer? _dropTimer;
    private InMemoryWebSocketConnection[] _connections = [];
    private long _accepted;
    private long _dropped;
    private bool _disposed;

    /// <summary>Creates the server and starts listening to the exchange's market events.</summary>
    /// <param name="exchange">The exchange whose events are streamed.</param>
    /// <param name="queueCapacity">Frames queued per connection before it is dropped as a slow consumer.</param>
    public InMemoryStreamServer(MockExchange exchange, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _exchange = exchange;
        _queueCapacity = queueCapacity;
        _subscription = exchange.Subscribe(this);
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

    /// <summary>Connections dropped so far by the fault timer or <see cref="DropAll"/> (slow consumers are dropped by their connection).</summary>
    public long ConnectionsDropped => Interlocked.Read(ref _dropped);

    /// <summary>The open connections (for tests).</summary>
    internal IReadOnlyList<InMemoryWebSocketConnection> Connections => Volatile.Read(ref _connections);

    /// <inheritdoc />
    public Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        cancellationToken.ThrowIfCancellationRequested();
        var (streams, combined, microseconds) = StreamSession.ParseUrl(uri.AbsolutePath, uri.Query);
        var connection = new InMemoryWebSocketConnection(new StreamSession(streams, combined, microseconds, CanServe), _queueCapacity, Remove);
        lock (_gate)
        {
            if (_disposed)
            {
                throw new WebSocketException(WebSocketError.Faulted, "The in-memory stream server is stopped.");
            }

            _connections = [.. _connections, connection];
        }

        Interlocked.Increment(ref _accepted);
        return Task.FromResult<IWebSocketConnection>(connection);
    }

    /// <summary>Whether a SUBSCRIBE to <paramref name="stream"/> is accepted.</summary>
    /// <param name="stream">The stream name.</param>
    /// <returns>True when the exchange publishes on it.</returns>
    public bool CanServe(string stream)
    {
        if (!StreamFrameWriter.CanServe(stream))
        {
            return false;
        }

        var at = stream.IndexOf('@', StringComparison.Ordinal);
        var kind = stream.AsSpan(at + 1);
        if (kind.StartsWith("kline_", StringComparison.Ordinal) && !kind.SequenceEqual("kline_" + KlineInterval.OneMinute.ToWire()))
        {
            return false;
        }

        var symbol = stream.AsSpan(0, at);
        foreach (var listed in _exchange.Symbols)
        {
            if (symbol.Equals(listed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Drops every open connection, as a network failure would.</summary>
    public void DropAll()
    {
        foreach (var connection in Volatile.Read(ref _connections))
        {
            if (connection.Drop())
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    /// <summary>Stops listening to the exchange and sends <c>serverShutdown</c> on every open connection, then closes it.</summary>
    public void Dispose()
    {
        InMemoryWebSocketConnection[] connections;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connections = _connections;
        }

        _dropTimer?.Dispose();
        _subscription.Dispose();
        var now = _exchange.TimeProvider.GetUtcNow();
        foreach (var connection in connections)
        {
            connection.Shutdown(now);
        }
    }

    void IMockMarketObserver.OnTrade(TradeUpdate update) => Publish(update);

    void IMockMarketObserver.OnDepth(DepthUpdate update) => Publish(update);

    void IMockMarketObserver.OnPartialDepth(PartialDepthUpdate update) => Publish(update);

    void IMockMarketObserver.OnKline(KlineUpdate update) => Publish(update);

    void IMockMarketObserver.OnTicker(TickerUpdate update) => Publish(update);

    /// <summary>Publishes one market event to every connection subscribed to its streams; called under the exchange's lock, never blocks.</summary>
    private void Publish(object marketEvent)
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

    private void Remove(InMemoryWebSocketConnection connection)
    {
        lock (_gate)
        {
            _connections = [.. _connections.Where(c => !ReferenceEquals(c, connection))];
        }
    }
}
