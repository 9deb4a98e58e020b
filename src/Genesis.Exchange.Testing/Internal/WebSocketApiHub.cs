using System.Collections.Concurrent;
using System.Net.WebSockets;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Mock.WebSocketApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// The WebSocket API side (<c>/ws-api/v3</c>): hosts the in-memory Binance's <see cref="WebSocketApiSession"/>s (the
/// ones mock mode runs) behind Kestrel WebSockets. Requests count in the same limiter as REST, signatures are checked
/// by the same verifier, REST-mirrored methods go to the same backend, and the user data stream comes from the mock
/// exchange behind a <see cref="MockExchangeTransport"/> backend.
/// </summary>
internal sealed class WebSocketApiHub : IWebSocketApiHost, IDisposable
{
    /// <summary>The path of the WebSocket API.</summary>
    public const string Path = "/ws-api/v3";

    private readonly ConcurrentDictionary<long, WebSocketApiConnection> _connections = new();
    private readonly FakeBinanceServerOptions _options;
    private readonly FakeServerFaults _faults;
    private readonly FakeServerCounters _counters;
    private readonly SignatureVerifier _verifier;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private long _nextId;

    public WebSocketApiHub(FakeBinanceServerOptions options, FakeServerFaults faults, FakeServerCounters counters, ExchangeLimiter limits, SignatureVerifier verifier, ILogger logger)
    {
        _options = options;
        _faults = faults;
        _counters = counters;
        _verifier = verifier;
        _logger = logger;
        Limits = limits;
    }

    /// <summary>Open connections.</summary>
    public int ActiveConnections => _connections.Count;

    /// <inheritdoc />
    public TimeProvider TimeProvider => _options.TimeProvider;

    /// <inheritdoc />
    public DateTimeOffset ServerNow => _options.TimeProvider.GetUtcNow() + _faults.ClockSkew;

    /// <inheritdoc />
    public ExchangeLimiter Limits { get; }

    /// <inheritdoc />
    public string? ApiKey => _options.ApiKey;

    /// <inheritdoc />
    public bool IsEd25519Key => _verifier.IsEd25519;

    /// <inheritdoc />
    public WebSocketApiFaults Faults => _faults.WebSocketApi;

    /// <inheritdoc />
    public UserDataFeed? UserData => (_options.Backend as MockExchangeTransport)?.Exchange.UserData;

    public static bool IsPath(PathString path) => path.Equals(Path, StringComparison.Ordinal);

    /// <inheritdoc />
    public bool VerifySignature(string payload, string signature)
    {
        var valid = _verifier.IsConfigured && _verifier.Verify(payload, signature);
        if (!valid)
        {
            _counters.SignatureFailed();
        }

        return valid;
    }

    /// <inheritdoc />
    public async ValueTask<ExchangeResponse> ExecuteAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        _counters.Request(request.Endpoint.Name);
        var latency = _faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        // As REST: ping and time are the server's own (its clock and skew), exchange info shows the server's limits.
        if (request.Endpoint == SpotRestEndpoints.Ping.Endpoint)
        {
            return new ExchangeResponse(200, "{}"u8.ToArray());
        }

        if (request.Endpoint == SpotRestEndpoints.ServerTime.Endpoint)
        {
            return new ExchangeResponse(200, System.Text.Encoding.UTF8.GetBytes("{\"serverTime\":" + ServerNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"));
        }

        var response = await ForwardAsync(request, cancellationToken).ConfigureAwait(false);
        return request.Endpoint == SpotRestEndpoints.ExchangeInfo.Endpoint && response.IsSuccess
            ? new ExchangeResponse(response.StatusCode, RestHandler.RewriteRateLimits(response.Body, _options.RateLimits, ServerNow), response.Headers, response.Latency)
            : response;
    }

    private async ValueTask<ExchangeResponse> ForwardAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        if (_options.Backend is not { } backend)
        {
            return new ExchangeResponse(500, MockRestApi.Error(-1000, "No backend is configured on the fake server."));
        }

        ExchangeResponse response;
        try
        {
            response = await backend.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or Errors.ExchangeTimeoutException))
        {
            Log.BackendFailed(_logger, request.Endpoint.Name, ex);
            return new ExchangeResponse(500, MockRestApi.Error(-1000, "An unknown error occurred while processing the request."));
        }

        if (request.Endpoint.IsOrderPlacement && response.IsSuccess)
        {
            _counters.OrderCreated(ClientOrderIdOf(response.Body));
        }

        return response;
    }

    private static string? ClientOrderIdOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("clientOrderId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // a success body that is not JSON has no client order id; the order is still counted
        }
    }

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

        // web-socket-api.md: connecting costs 2 weight.
        Limits.Admit(2, 0, TimeProvider.GetUtcNow());
        var id = Interlocked.Increment(ref _nextId);
        var returnRateLimits = WebSocketApiSession.ReturnRateLimitsFromQuery(context.Request.QueryString.Value ?? string.Empty);
        using var connection = new WebSocketApiConnection(id, this, returnRateLimits, _options.StreamQueueCapacity, _logger);
        _connections[id] = connection;
        try
        {
            var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = _options.StreamPingInterval,
                KeepAliveTimeout = _options.StreamPongTimeout,
            }).ConfigureAwait(false);
            using (socket)
            {
                await connection.RunAsync(socket, () => ShutdownSend(context), CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>Sends FIN on the connection's TCP socket (no WebSocket close frame), as a peer that went away.</summary>
    private static void ShutdownSend(HttpContext context)
    {
        try
        {
            context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()?.Socket?.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // Already gone: the client sees the drop anyway.
        }
    }

    /// <summary>Ends every user data subscription with <c>eventStreamTerminated</c>.</summary>
    public void TerminateUserDataStreams()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Session.TerminateSubscriptions();
        }
    }

    /// <summary>Sends the <c>serverShutdown</c> event on every connection (they stay open).</summary>
    public void AnnounceShutdown()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Session.SendServerShutdown();
        }
    }

    /// <summary>Drops every connection (no close frame).</summary>
    public void DropAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Drop();
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Sends <c>serverShutdown</c> on every connection, closes them, and waits (bounded) for them to end.</summary>
    /// <returns>A task that completes when every connection ended or the wait timed out (remaining ones are dropped).</returns>
    public async Task ShutdownAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var connections = _connections.Values.ToArray();
        foreach (var connection in connections)
        {
            connection.Shutdown();
        }

        try
        {
            await Task.WhenAll(connections.Select(c => c.Completion)).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var connection in connections)
            {
                connection.Drop();
            }
        }
    }
}
