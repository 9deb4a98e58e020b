namespace Genesis.Exchange.Options;

/// <summary>Base URLs of an environment.</summary>
/// <param name="Rest">REST base URL.</param>
/// <param name="Streams">Market streams base URL.</param>
/// <param name="WebSocketApi">WebSocket API URL.</param>
public sealed record ExchangeUrls(Uri Rest, Uri Streams, Uri WebSocketApi)
{
    /// <summary>Binance Spot production.</summary>
    public static ExchangeUrls Live { get; } = new(new Uri("https://api.binance.com"), new Uri("wss://stream.binance.com:9443"), new Uri("wss://ws-api.binance.com:443/ws-api/v3"));

    /// <summary>Binance Spot testnet.</summary>
    public static ExchangeUrls Testnet { get; } = new(new Uri("https://testnet.binance.vision"), new Uri("wss://stream.testnet.binance.vision"), new Uri("wss://ws-api.testnet.binance.vision/ws-api/v3"));

    /// <summary>The URLs the options select (custom URLs override the environment's).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The URLs, or null for Mock.</returns>
    public static ExchangeUrls? Resolve(GenesisExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = options.Environment switch
        {
            ExchangeEnvironment.Live => Live,
            ExchangeEnvironment.Testnet => Testnet,
            ExchangeEnvironment.Custom => new ExchangeUrls(
                options.RestBaseUrl ?? new Uri("http://127.0.0.1"),
                options.StreamBaseUrl ?? new Uri("ws://127.0.0.1"),
                options.WebSocketApiBaseUrl ?? new Uri("ws://127.0.0.1")),
            _ => null,
        };
        if (defaults is null)
        {
            return null;
        }

        return new ExchangeUrls(options.RestBaseUrl ?? defaults.Rest, options.StreamBaseUrl ?? defaults.Streams, options.WebSocketApiBaseUrl ?? defaults.WebSocketApi);
    }
}
