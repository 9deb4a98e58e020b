using System.Collections.Frozen;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// The WebSocket API method of every endpoint, keyed by the endpoint: the REST descriptors of
/// <see cref="SpotRestEndpoints.All"/> (each declares its method, e.g. POST /api/v3/order → <c>order.place</c>) and the
/// methods only the WebSocket API has (<see cref="WebSocketApiEndpoints"/>). Built once.
/// </summary>
internal static class WebSocketApiMethods
{
    private static readonly FrozenDictionary<ExchangeEndpoint, string> ByEndpoint =
        SpotRestEndpoints.All.Select(static d => d.Endpoint)
            .Concat(WebSocketApiEndpoints.All)
            .Where(static e => !string.IsNullOrEmpty(e.WebSocketMethod))
            .ToFrozenDictionary(static e => e, static e => e.WebSocketMethod);

    /// <summary>The number of endpoints with a WebSocket API method.</summary>
    public static int Count => ByEndpoint.Count;

    /// <summary>The WebSocket API method of an endpoint.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="method">The method, e.g. <c>order.place</c>.</param>
    /// <returns>False when the endpoint has no WebSocket API method.</returns>
    public static bool TryGetMethod(ExchangeEndpoint endpoint, out string method)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return ByEndpoint.TryGetValue(endpoint, out method!);
    }
}
