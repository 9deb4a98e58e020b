using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Mock.WebSocketApi;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.DependencyInjection;

/// <summary>
/// The WebSocket API in the container: one connection (to the environment's <c>/ws-api/v3</c>, or in mock mode to the
/// in-memory exchange's <see cref="InMemoryWebSocketApiServer"/>) and its client, owned by
/// <see cref="WebSocketApiClientHolder"/>; and, with <c>OrderTransport = WebSocketApi</c>, the
/// <see cref="OrderTransportRouter"/> that puts order entry on it under the one pipeline. The connection is opened lazily
/// (first user data subscription) or at once when it carries orders.
/// </summary>
internal static class WebSocketApiRegistration
{
    /// <summary>The API key mock mode signs with when no key is configured (the in-memory exchange accepts any signature).</summary>
    internal const string MockApiKey = "mock-api-key";

    /// <summary>Registers the in-memory server and the client holder (once).</summary>
    /// <param name="services">The services.</param>
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new InMemoryWebSocketApiServer(sp.GetRequiredService<MockExchange>()));
        services.TryAddSingleton(sp => new WebSocketApiClientHolder(CreateClient(sp)));
    }

    /// <summary>Wraps the sending transport in the router when options put order entry on the WebSocket API.</summary>
    /// <param name="sp">The services.</param>
    /// <param name="rest">The REST (or mock) transport.</param>
    /// <returns>The transport to compose the pipeline over.</returns>
    public static IExchangeTransport Route(IServiceProvider sp, IExchangeTransport rest)
    {
        var options = sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;
        if (options.OrderTransport != OrderTransport.WebSocketApi)
        {
            return rest;
        }

        var holder = sp.GetRequiredService<WebSocketApiClientHolder>();
        var connection = holder.Client.Connection;
        _ = connection.StartAsync(); // connect now, so that the first order finds it up
        var router = new OrderTransportRouter(rest, holder.Client.Transport, () => IsUp(connection), sp.GetRequiredService<ILogger<OrderTransportRouter>>());
        holder.Router = router;
        return router;
    }

    /// <summary>
    /// The credentials of the connection: the configured key with its signer (Ed25519 → <c>session.logon</c> on every
    /// connection; HMAC and RSA → a signature on every signed request). In mock mode without keys, a placeholder HMAC key
    /// (the in-memory exchange checks no signature). Null when no key is configured (public methods only).
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The credentials or null.</returns>
    internal static WebSocketApiCredentials? Credentials(GenesisExchangeOptions options)
    {
        if (options.ApiKey is { IsEmpty: false } key && SignerFactory.Create(options.ApiSecret, options.PrivateKeyPem) is { } signer)
        {
            return new WebSocketApiCredentials(key, signer);
        }

        return options.Environment == ExchangeEnvironment.Mock
            ? new WebSocketApiCredentials(new SecretString(MockApiKey), new HmacSha256Signer(new SecretString("mock-secret-not-checked")))
            : null;
    }

    private static bool IsUp(WebSocketApiConnection connection)
    {
        try
        {
            _ = connection.StartAsync();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return connection.Current is { IsClosed: false };
    }

    private static WebSocketApiClient CreateClient(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;
        var time = sp.GetRequiredService<TimeProvider>();
        var ws = options.WebSocketApi;
        ws.RecvWindow = options.RecvWindow;
        var mock = options.Environment == ExchangeEnvironment.Mock;
        var uri = mock ? InMemoryWebSocketApiServer.BaseUrl : ExchangeUrls.Resolve(options)!.WebSocketApi;
        IWebSocketConnectionFactory factory = mock
            ? sp.GetRequiredService<InMemoryWebSocketApiServer>()
            : new ClientWebSocketConnectionFactory(time, options.Timeouts.Connect);
        var connection = new WebSocketApiConnection(
            uri, factory, ws, Credentials(options), sp.GetRequiredService<IServerClock>(), time,
            sp.GetRequiredService<ILogger<WebSocketApiConnection>>(), sp.GetRequiredService<IRateLimitBudget>());
        return new WebSocketApiClient(connection, sp.GetRequiredService<ILogger<WebSocketApiClient>>());
    }
}

/// <summary>
/// Owns the WebSocket API client for the container (the client and its connection are not registered themselves, so a
/// container disposed synchronously does not throw for an async-only service).
/// </summary>
/// <param name="client">The client.</param>
internal sealed class WebSocketApiClientHolder(WebSocketApiClient client) : IAsyncDisposable, IDisposable
{
    /// <summary>The client.</summary>
    public WebSocketApiClient Client { get; } = client;

    /// <summary>The order entry router, when <c>OrderTransport = WebSocketApi</c> (its counters tell where orders went).</summary>
    public OrderTransportRouter? Router { get; set; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Client.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => Client.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
