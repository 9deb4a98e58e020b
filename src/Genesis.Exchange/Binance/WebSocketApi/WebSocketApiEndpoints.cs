using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// The WebSocket API methods that mirror no REST endpoint (session authentication and user data stream
/// subscriptions), declared as <see cref="ExchangeEndpoint"/>s so they travel the same path as every other request.
/// Their path is a pseudo path under <c>/ws-api/v3/</c>; their weight is 2 each (<c>web-socket-api.md</c>).
/// </summary>
internal static class WebSocketApiEndpoints
{
    /// <summary>The documented weight of every method here.</summary>
    public const int Weight = 2;

    /// <summary><c>session.logon</c>: authenticates the connection with an Ed25519 key (always carries its own signature).</summary>
    public static readonly ExchangeEndpoint SessionLogon = Create("session.logon", EndpointSecurity.UserData);

    /// <summary><c>session.status</c>: which API key (if any) the connection is authenticated with.</summary>
    public static readonly ExchangeEndpoint SessionStatus = Create("session.status", EndpointSecurity.None);

    /// <summary><c>session.logout</c>: forgets the authenticated API key.</summary>
    public static readonly ExchangeEndpoint SessionLogout = Create("session.logout", EndpointSecurity.None);

    /// <summary><c>session.subscriptions</c>: the active user data stream subscriptions of the connection.</summary>
    public static readonly ExchangeEndpoint SessionSubscriptions = Create("session.subscriptions", EndpointSecurity.None);

    /// <summary><c>userDataStream.subscribe</c>: user data of the authenticated account (needs <c>session.logon</c>).</summary>
    public static readonly ExchangeEndpoint UserDataStreamSubscribe = Create("userDataStream.subscribe", EndpointSecurity.None);

    /// <summary><c>userDataStream.subscribe.signature</c>: user data of the account whose key signs the request (always carries its own signature).</summary>
    public static readonly ExchangeEndpoint UserDataStreamSubscribeSignature = Create("userDataStream.subscribe.signature", EndpointSecurity.UserData);

    /// <summary><c>userDataStream.unsubscribe</c>: stops one subscription (<c>subscriptionId</c>) or all of them.</summary>
    public static readonly ExchangeEndpoint UserDataStreamUnsubscribe = Create("userDataStream.unsubscribe", EndpointSecurity.None);

    /// <summary>Every method declared here.</summary>
    public static IReadOnlyList<ExchangeEndpoint> All { get; } =
    [
        SessionLogon, SessionStatus, SessionLogout, SessionSubscriptions, UserDataStreamSubscribe, UserDataStreamSubscribeSignature, UserDataStreamUnsubscribe,
    ];

    /// <summary>
    /// Whether a request to <paramref name="endpoint"/> carries <c>apiKey</c> and <c>signature</c> even on an
    /// authenticated session: the methods whose purpose is to prove a key.
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>True for <c>session.logon</c> and <c>userDataStream.subscribe.signature</c>.</returns>
    public static bool AlwaysCarriesSignature(ExchangeEndpoint endpoint) =>
        endpoint == SessionLogon || endpoint == UserDataStreamSubscribeSignature;

    private static ExchangeEndpoint Create(string method, EndpointSecurity security) =>
        new(method, HttpMethod.Post, "/ws-api/v3/" + method, security, IsIdempotent: method is "session.status" or "session.subscriptions", CountsAsOrder: false, method);
}
