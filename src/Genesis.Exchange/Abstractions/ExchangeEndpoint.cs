namespace Genesis.Exchange.Abstractions;

/// <summary>The security type of an endpoint; anything but <see cref="None"/> is signed.</summary>
public enum EndpointSecurity
{
    /// <summary>Public market data.</summary>
    None = 0,
    /// <summary>Private account data (signed).</summary>
    UserData,
    /// <summary>Trading (signed).</summary>
    Trade,
}

/// <summary>
/// Describes one exchange operation independently of the transport: the REST method and path today, the
/// WebSocket API method later. Decorators read it to decide weight, retry safety and order counting.
/// </summary>
/// <param name="Name">A short name used in logs and metrics, e.g. <c>order.place</c>.</param>
/// <param name="HttpMethod">The REST method.</param>
/// <param name="Path">The REST path, e.g. <c>/api/v3/order</c>.</param>
/// <param name="Security">The security type.</param>
/// <param name="IsIdempotent">Whether sending the request twice is harmless (queries, market data, cancels by id).</param>
/// <param name="CountsAsOrder">Whether the request counts in the ORDERS limits.</param>
/// <param name="WebSocketMethod">The WebSocket API method name, e.g. <c>order.place</c>.</param>
public sealed record ExchangeEndpoint(
    string Name,
    HttpMethod HttpMethod,
    string Path,
    EndpointSecurity Security,
    bool IsIdempotent,
    bool CountsAsOrder,
    string WebSocketMethod)
{
    /// <summary>Whether the request must be signed.</summary>
    public bool IsSigned => Security != EndpointSecurity.None;

    /// <summary>Whether this is an order placement whose outcome must be reconciled, never retried blindly.</summary>
    public bool IsOrderPlacement => CountsAsOrder && !IsIdempotent;
}
