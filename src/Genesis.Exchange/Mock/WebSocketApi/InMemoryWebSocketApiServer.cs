using System.Net.WebSockets;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// The WebSocket API of the in-memory Binance (<c>/ws-api/v3</c>) for mock mode: accepts
/// <see cref="InMemoryWebSocketApiConnection"/>s whose sessions answer every REST-mirrored method through the mock's
/// REST handler (<see cref="MockRestApi"/>), count in the same limiter as mock REST (<see cref="MockExchange.Limits"/>),
/// and receive the exchange's user data events. No socket is opened here; the fake server hosts the same sessions
/// behind Kestrel.
/// </summary>
internal sealed class InMemoryWebSocketApiServer : IWebSocketConnectionFactory, IWebSocketApiHost, IDisposable
{
    /// <summary>Frames queued per connection before its client counts as a slow consumer and is dropped.</summary>
    public const int DefaultQueueCapacity = 10_000;

    /// <summary>The WebSocket API address mock mode uses (never resolved: connections are in memory).</summary>
    public static readonly Uri BaseUrl = new("ws://mock.exchange.invalid/ws-api/v3");

    private readonly MockExchange _exchange;
    private readonly MockRestApi _api;
    private readonly Func<string, string, bool>? _verify;
    private readonly int _queueCapacity;
    private readonly Lock _gate = new();
    private InMemoryWebSocketApiConnection[] _connections = [];
    private bool _stopped;

    /// <summary>Creates the server over <paramref name="exchange"/>.</summary>
    /// <param name="exchange">The exchange.</param>
    /// <param name="apiKey">The key signed requests must name; null accepts any.</param>
    /// <param name="verifySignature">Checks (payload, signature); null accepts any non-empty signature.</param>
    /// <param name="isEd25519Key">Whether the key may <c>session.logon</c>.</param>
    /// <param name="queueCapacity">Frames queued per connection before it is dropped as a slow consumer.</param>
    public InMemoryWebSocketApiServer(MockExchange exchange, string? apiKey = null, Func<string, string, bool>? verifySignature = null, bool isEd25519Key = true, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _exchange = exchange;
        _api = new MockRestApi(exchange);
        _verify = verifySignature;
        _queueCapacity = queueCapacity;
        ApiKey = apiKey;
        IsEd25519Key = isEd25519Key;
    }

    /// <inheritdoc />
    public TimeProvider TimeProvider => _exchange.TimeProvider;

    /// <inheritdoc />
    public DateTimeOffset ServerNow => _exchange.TimeProvider.GetUtcNow();

    /// <inheritdoc />
    public ExchangeLimiter Limits => _exchange.Limits;

    /// <inheritdoc />
    public string? ApiKey { get; }

    /// <inheritdoc />
    public bool IsEd25519Key { get; }

    /// <inheritdoc />
    public WebSocketApiFaults Faults { get; } = new();

    /// <inheritdoc />
    public UserDataFeed? UserData => _exchange.UserData;

    /// <summary>The open connections (for tests).</summary>
    internal IReadOnlyList<InMemoryWebSocketApiConnection> Connections => Volatile.Read(ref _connections);

    /// <inheritdoc />
    public Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IWebSocketConnection>(Accept(uri.Query));
    }

    /// <summary>Opens a connection.</summary>
    /// <param name="query">The URL query (<c>returnRateLimits=false</c> is read).</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="WebSocketException">The server is stopped.</exception>
    public InMemoryWebSocketApiConnection Accept(string query = "")
    {
        // web-socket-api.md: connecting costs 2 weight.
        _exchange.Limits.Admit(2, 0, TimeProvider.GetUtcNow());
        var connection = new InMemoryWebSocketApiConnection(this, _queueCapacity, WebSocketApiSession.ReturnRateLimitsFromQuery(query), Remove);
        lock (_gate)
        {
            if (_stopped)
            {
                throw new WebSocketException(WebSocketError.Faulted, "The in-memory WebSocket API is stopped.");
            }

            _connections = [.. _connections, connection];
        }

        return connection;
    }

    /// <inheritdoc />
    public bool VerifySignature(string payload, string signature) => _verify?.Invoke(payload, signature) ?? signature.Length > 0;

    /// <inheritdoc />
    public ValueTask<ExchangeResponse> ExecuteAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (status, body) = _api.Handle(request);
        return ValueTask.FromResult(new ExchangeResponse(status, body));
    }

    /// <summary>Ends every user data subscription with <c>eventStreamTerminated</c>.</summary>
    public void TerminateUserDataStreams()
    {
        foreach (var connection in Connections)
        {
            connection.Session.TerminateSubscriptions();
        }
    }

    /// <summary>Sends the <c>serverShutdown</c> event on every connection (they stay open).</summary>
    public void AnnounceShutdown()
    {
        foreach (var connection in Connections)
        {
            connection.Session.SendServerShutdown();
        }
    }

    /// <summary>Drops every open connection, as a network failure would.</summary>
    public void DropAll()
    {
        foreach (var connection in Connections)
        {
            connection.Drop();
        }
    }

    /// <summary>Stops accepting connections; sends <c>serverShutdown</c> on every open one, then closes it.</summary>
    public void Dispose()
    {
        InMemoryWebSocketApiConnection[] connections;
        lock (_gate)
        {
            _stopped = true;
            connections = _connections;
        }

        foreach (var connection in connections)
        {
            connection.Shutdown();
        }
    }

    private void Remove(InMemoryWebSocketApiConnection connection)
    {
        lock (_gate)
        {
            _connections = [.. _connections.Where(c => !ReferenceEquals(c, connection))];
        }
    }
}
