using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// Endpoint lookup: the shared catalog (<see cref="BinanceEndpoints"/>) plus what the server serves that the
/// catalog lacks (GET /api/v3/historicalTrades), with its documented weight.
/// </summary>
internal static class ServerEndpoints
{
    /// <summary>GET /api/v3/historicalTrades (NONE security, weight 25); not in the shared catalog yet.</summary>
    public static readonly ExchangeEndpoint HistoricalTrades = new(
        "historicalTrades", HttpMethod.Get, "/api/v3/historicalTrades", EndpointSecurity.None, IsIdempotent: true, CountsAsOrder: false, "trades.historical");

    /// <summary>Finds the endpoint for a method and path, or null.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <returns>The endpoint or null.</returns>
    public static ExchangeEndpoint? Find(string method, string path)
    {
        var httpMethod = HttpMethod.Parse(method);
        return BinanceEndpoints.Find(httpMethod, path)
            ?? (httpMethod == HttpMethod.Get && string.Equals(path, HistoricalTrades.Path, StringComparison.Ordinal) ? HistoricalTrades : null);
    }

    /// <summary>The documented weight: <see cref="RequestWeights.For"/>, except endpoints it does not know.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The weight.</returns>
    public static int Weight(ExchangeEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        endpoint.Name == HistoricalTrades.Name ? 25 : RequestWeights.For(endpoint, parameters);
}
