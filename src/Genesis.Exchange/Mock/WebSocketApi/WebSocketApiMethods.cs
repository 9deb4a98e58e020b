using Genesis.Exchange.Binance.Protocol;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// The methods the in-memory Binance serves on <c>/ws-api/v3</c> (web-socket-api.md): every method that mirrors a REST
/// endpoint is the one its descriptor in <see cref="SpotRestEndpoints"/> names (<see cref="Abstractions.ExchangeEndpoint.WebSocketMethod"/>),
/// so its parameters, validation, errors, weight and JSON result are the REST handler's; the session and user data
/// stream methods are the session's own.
/// </summary>
internal static class WebSocketApiMethods
{
    private static readonly Dictionary<string, WebSocketApiMethod> ByName = Build();

    /// <summary>Every method served, by name.</summary>
    public static IReadOnlyDictionary<string, WebSocketApiMethod> All => ByName;

    /// <summary>Finds a method by name; an explicit version prefix (<c>v3/order.place</c>) is accepted.</summary>
    /// <param name="name">The method name.</param>
    /// <returns>The method, or null.</returns>
    public static WebSocketApiMethod? Find(string name)
    {
        if (name.StartsWith("v3/", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        return ByName.GetValueOrDefault(name);
    }

    private static Dictionary<string, WebSocketApiMethod> Build()
    {
        // One table: each REST descriptor names its WebSocket API method.
        var methods = SpotRestEndpoints.All.ToDictionary(
            d => d.Endpoint.WebSocketMethod,
            d => new WebSocketApiMethod(d.Endpoint.WebSocketMethod, WebSocketApiMethodKind.Rest, d, d.Endpoint.IsSigned, 0),
            StringComparer.Ordinal);

        // web-socket-api.md: weight 2 for each of these.
        methods["session.logon"] = new("session.logon", WebSocketApiMethodKind.Logon, null, IsSigned: true, 2);
        methods["session.status"] = new("session.status", WebSocketApiMethodKind.Status, null, IsSigned: false, 2);
        methods["session.logout"] = new("session.logout", WebSocketApiMethodKind.Logout, null, IsSigned: false, 2);
        methods["session.subscriptions"] = new("session.subscriptions", WebSocketApiMethodKind.Subscriptions, null, IsSigned: false, 2);
        methods["userDataStream.subscribe"] = new("userDataStream.subscribe", WebSocketApiMethodKind.Subscribe, null, IsSigned: false, 2);
        methods["userDataStream.subscribe.signature"] = new("userDataStream.subscribe.signature", WebSocketApiMethodKind.SubscribeSignature, null, IsSigned: true, 2);
        methods["userDataStream.unsubscribe"] = new("userDataStream.unsubscribe", WebSocketApiMethodKind.Unsubscribe, null, IsSigned: false, 2);
        return methods;
    }
}
