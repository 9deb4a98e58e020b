using System.Collections.Concurrent;
using System.Net.WebSockets;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// The WebSocket side: hosts the in-memory stream server of the main library (the one mock mode runs over) behind
/// Kestrel WebSockets. Accepts <c>/ws</c>, <c>/ws/&lt;streams&gt;</c> and <c>/stream?streams=a/b</c>, publishes events
/// to subscribed connections, drops connections on the fault timer, and announces <c>serverShutdown</c> at dispose.
/// </summary>
internal sealed class StreamHub : IDisposable
{
    private readonly ConcurrentDictionary<long, StreamConnection> _connections = new();
    private readonly ConcurrentDictionary<InMemoryWebSocketConnection, long> _ids = new();
    private readonly Lock _publishGate = new();
    private readonly FakeBinanceServerOptions _options;
    private readonly FakeServerFaults _faults;
    private readonly FakeServerCounters _counters;
    private readonly ILogger _logger;
    private readonly ITimer _dropTimer;
    private readonly InMemoryStreamServer _server;
    private readonly CancellationTokenSource _stopping = new();
    private long _nextId;

    public StreamHub(FakeBinanceServerOptions options, FakeServerFaults faults, FakeServerCounters counters, ILogger logger)
    {
        _options = options;
        _faults = faults;
        _counters = counters;
        _logger = logger;
        _server = new InMemoryStreamServer(StreamFrameWriter.CanServe, options.TimeProvider, options.StreamQueueCapacity, OnDropped);
        _dropTimer = options.TimeProvider.CreateTimer(_ => DropAll(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _faults.StreamDropIntervalChanged += OnDropIntervalChanged;
        OnDropIntervalChanged();
    }

    /// <summary>Open connections.</summary>
    public int ActiveConnections => _connections.Count;

    public static bool IsStreamPath(PathString path) =>
        path.StartsWithSegments("/ws", StringComparison.Ordinal) || path.Equals("/stream", StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (_faults.Maintenance != MaintenanceMode.Off || _stopping.IsCancellationRequested)
        {
            context.Response.StatusCode = 503;
            return;
        }

        // The URL is read as the in-memory stream server reads it: /ws/<streams> or /stream?streams=a/b, and
        // timeUnit=MICROSECOND for every time of every event in microseconds, as Binance does.
        InMemoryWebSocketConnection session;
        try
        {
            session = _server.Accept(context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty);
        }
        catch (WebSocketException)
        {
            context.Response.StatusCode = 503; // shutting down
            return;
        }

        var id = Interlocked.Increment(ref _nextId);
        using var connection = new StreamConnection(id, session, _logger);
        _ids[session] = id;

        // Registered before the handshake completes: once the client is connected, it is subscribed.
        _connections[id] = connection;
        try
        {
            var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = _options.StreamPingInterval,
                KeepAliveTimeout = _options.StreamPongTimeout,
            }).ConfigureAwait(false);
            _counters.StreamAccepted();
            using (socket)
            {
                await connection.RunAsync(socket, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _connections.TryRemove(id, out _);
            _ids.TryRemove(session, out _);
            await session.DisposeAsync().ConfigureAwait(false); // also when the handshake failed
        }
    }

    /// <summary>Publishes one market event to every connection subscribed to its streams.</summary>
    /// <param name="marketEvent">A TradeUpdate, DepthUpdate, PartialDepthUpdate, KlineUpdate or TickerUpdate.</param>
    public void Publish(object marketEvent)
    {
        lock (_publishGate)
        {
            if (marketEvent is TradeUpdate)
            {
                _counters.TradePublished();
            }

            _server.Publish(marketEvent);
        }
    }

    /// <summary>Drops every open connection (no close frame).</summary>
    public void DropAll() => _server.DropAll();

    /// <summary>Drops the connections subscribed to a stream.</summary>
    public int DropCarrying(string stream) => _server.DropCarrying(stream);

    /// <summary>Sends <c>serverShutdown</c> on the connections subscribed to a stream (all when null), keeping them open.</summary>
    public int AnnounceShutdown(string? stream) => _server.AnnounceShutdown(_options.TimeProvider.GetUtcNow() + _faults.ClockSkew, stream).Count;

    /// <summary>Sends <c>serverShutdown</c> on every connection, closes them, and waits (bounded) for them to end.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when every connection ended or the wait timed out (remaining ones are aborted).</returns>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _faults.StreamDropIntervalChanged -= OnDropIntervalChanged;
        _dropTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await _stopping.CancelAsync().ConfigureAwait(false);
        var now = _options.TimeProvider.GetUtcNow() + _faults.ClockSkew;
        var connections = _connections.Values.ToArray();
        _server.Shutdown(now);

        try
        {
            await Task.WhenAll(connections.Select(c => c.Completion)).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A client that does not answer the close handshake is cut off.
            foreach (var connection in connections)
            {
                connection.Abort();
            }
        }
    }

    public void Dispose()
    {
        _faults.StreamDropIntervalChanged -= OnDropIntervalChanged;
        _dropTimer.Dispose();
        _stopping.Dispose();
    }

    private void OnDropped(InMemoryWebSocketConnection connection, bool slowConsumer)
    {
        _counters.StreamDropped();
        if (slowConsumer)
        {
            Log.SlowConsumer(_logger, _ids.TryGetValue(connection, out var id) ? id : 0, _options.StreamQueueCapacity);
        }
    }

    private void OnDropIntervalChanged()
    {
        var interval = _faults.StreamDropInterval ?? Timeout.InfiniteTimeSpan;
        _dropTimer.Change(interval, interval);
    }
}
