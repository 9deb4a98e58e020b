using System.Runtime.CompilerServices;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// The innermost transport when <c>OrderTransport = WebSocketApi</c>: order entry (every <see cref="EndpointSecurity.Trade"/>
/// endpoint with a WebSocket API method: place, test, cancel, cancel-replace, amend, cancel all, order lists, SOR) goes over
/// the WebSocket API, everything else over REST, under the one pipeline above (rate budget, retries, breaker, time sync).
/// </summary>
/// <remarks>
/// Fall-back: while the WebSocket API has no ready connection, or when it fails a request before anything could leave
/// (<see cref="ExchangeException.RequestNotSent"/> and <see cref="ExchangeRequest.MayHaveBeenSent"/> still false), the request
/// goes over REST. A request that may have been sent is never sent over the other transport: its failure surfaces as an
/// unknown outcome (the order path reconciles it by client order id), and a retry of it (idempotent requests only) stays on
/// the transport of the attempt that may have been sent.
/// </remarks>
internal sealed class OrderTransportRouter : IExchangeTransport
{
    private readonly IExchangeTransport _rest;
    private readonly IExchangeTransport _webSocketApi;
    private readonly Func<bool> _isWebSocketApiUp;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<ExchangeRequest, IExchangeTransport> _sentOver = [];
    private long _overWebSocketApi;
    private long _fallbacks;

    /// <summary>Creates the router.</summary>
    /// <param name="rest">The REST transport (everything but order entry, and order entry while the WebSocket API is down).</param>
    /// <param name="webSocketApi">The WebSocket API transport.</param>
    /// <param name="isWebSocketApiUp">Whether the WebSocket API has a ready connection now (may start connecting; must not block).</param>
    /// <param name="logger">The logger.</param>
    public OrderTransportRouter(IExchangeTransport rest, IExchangeTransport webSocketApi, Func<bool> isWebSocketApiUp, ILogger<OrderTransportRouter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(webSocketApi);
        ArgumentNullException.ThrowIfNull(isWebSocketApiUp);
        _rest = rest;
        _webSocketApi = webSocketApi;
        _isWebSocketApiUp = isWebSocketApiUp;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Order entry attempts handed to the WebSocket API.</summary>
    public long OverWebSocketApi => Interlocked.Read(ref _overWebSocketApi);

    /// <summary>Order entry requests sent over REST because the WebSocket API was down.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Whether requests to <paramref name="endpoint"/> are order entry, carried by the WebSocket API when chosen.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>True for trading endpoints the WebSocket API mirrors.</returns>
    public static bool IsOrderEntry(ExchangeEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Security == EndpointSecurity.Trade && WebSocketApiMethods.TryGetMethod(endpoint, out _);
    }

    /// <inheritdoc />
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsOrderEntry(request.Endpoint))
        {
            return await _rest.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request.MayHaveBeenSent && _sentOver.TryGetValue(request, out var earlier))
        {
            // A retry of an attempt that may have reached the exchange: the same transport, never the other one.
            return await earlier.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!_isWebSocketApiUp())
        {
            return await FallBackAsync(request, "no connection", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            _sentOver.AddOrUpdate(request, _webSocketApi);
            Interlocked.Increment(ref _overWebSocketApi);
            return await _webSocketApi.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex) when (ex.RequestNotSent && !request.MayHaveBeenSent && !cancellationToken.IsCancellationRequested)
        {
            return await FallBackAsync(request, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<ExchangeResponse> FallBackAsync(ExchangeRequest request, string reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fallbacks);
        Log.OrderEntryFellBackToRest(_logger, request.Endpoint.WebSocketMethod, request.CorrelationId, reason);
        _sentOver.AddOrUpdate(request, _rest);
        return await _rest.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
