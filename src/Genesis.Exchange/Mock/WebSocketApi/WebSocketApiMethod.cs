using Genesis.Exchange.Binance.Protocol;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>What a WebSocket API method is: a REST endpoint served over the socket, or a session method the socket answers itself.</summary>
internal enum WebSocketApiMethodKind
{
    /// <summary>Mirrors a REST endpoint: the REST handler answers, its body is the <c>result</c>.</summary>
    Rest = 0,

    /// <summary><c>session.logon</c>.</summary>
    Logon,

    /// <summary><c>session.status</c>.</summary>
    Status,

    /// <summary><c>session.logout</c>.</summary>
    Logout,

    /// <summary><c>session.subscriptions</c>.</summary>
    Subscriptions,

    /// <summary><c>userDataStream.subscribe</c> (after logon).</summary>
    Subscribe,

    /// <summary><c>userDataStream.subscribe.signature</c>.</summary>
    SubscribeSignature,

    /// <summary><c>userDataStream.unsubscribe</c>.</summary>
    Unsubscribe,
}

/// <summary>One WebSocket API method: its name, what answers it, and its weight when it is not a REST endpoint's.</summary>
/// <param name="Name">The method name (<c>order.place</c>).</param>
/// <param name="Kind">What answers it.</param>
/// <param name="Rest">The REST endpoint it mirrors, for <see cref="WebSocketApiMethodKind.Rest"/>.</param>
/// <param name="IsSigned">Whether it needs a signature (or a logged-on session).</param>
/// <param name="Weight">Its weight when it mirrors no endpoint.</param>
internal sealed record WebSocketApiMethod(string Name, WebSocketApiMethodKind Kind, EndpointDescriptor? Rest, bool IsSigned, int Weight)
{
    /// <summary>The REQUEST_WEIGHT of a call with these parameters: the REST endpoint's (parameter-dependent) weight, else the fixed one.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The weight.</returns>
    public int WeightOf(IReadOnlyList<KeyValuePair<string, string>> parameters) => Rest?.WeightOf(parameters) ?? Weight;

    /// <summary>How many orders a call places (0 unless it mirrors a placement endpoint).</summary>
    public int UnfilledOrders => Rest is { } rest && (rest.CountsAgainst & RateLimitKinds.Orders) != 0 ? rest.UnfilledOrders : 0;

    /// <summary>Whether a call places an order (its response can be lost and its connection dropped by a fault).</summary>
    public bool IsOrderPlacement => Rest?.Endpoint.IsOrderPlacement == true;
}
