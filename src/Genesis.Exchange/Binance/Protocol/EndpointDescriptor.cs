using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Binance.Protocol;

/// <summary>
/// One REST endpoint as every layer sees it, whatever its typed arguments: the transport-level
/// <see cref="ExchangeEndpoint"/> (method, path, security, idempotency, WebSocket API method), the limits it counts
/// against, and its weight computed from wire parameters (for servers). The typed side is
/// <see cref="Endpoint{TArgs, TResult}"/>, the only subclass.
/// </summary>
internal abstract class EndpointDescriptor
{
    private protected EndpointDescriptor(ExchangeEndpoint endpoint, RateLimitKinds countsAgainst)
    {
        Endpoint = endpoint;
        CountsAgainst = countsAgainst;
    }

    /// <summary>The endpoint carried by every <see cref="ExchangeRequest"/> built from this descriptor.</summary>
    public ExchangeEndpoint Endpoint { get; }

    /// <summary>The name used in logs and metrics, e.g. <c>order.place</c>.</summary>
    public string Name => Endpoint.Name;

    /// <summary>The limits a request to this endpoint counts against.</summary>
    public RateLimitKinds CountsAgainst { get; }

    /// <summary>
    /// How many orders a successful request adds to the ORDERS limits (Binance's "Unfilled Order Count"): 1 for an
    /// endpoint that counts as an order unless declared otherwise (an OCO adds 2, an OTOCO 3), 0 for the others.
    /// </summary>
    public int UnfilledOrders
    {
        get => _unfilledOrders ?? ((CountsAgainst & RateLimitKinds.Orders) != 0 ? 1 : 0);
        init => _unfilledOrders = value;
    }

    private readonly int? _unfilledOrders;

    /// <summary>The documented weight of a request with these wire parameters (typed arguments read back from the wire).</summary>
    /// <param name="parameters">The wire parameters.</param>
    /// <returns>The weight.</returns>
    public abstract int WeightOf(IReadOnlyList<KeyValuePair<string, string>> parameters);

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint.Name} ({Endpoint.HttpMethod} {Endpoint.Path})";
}
