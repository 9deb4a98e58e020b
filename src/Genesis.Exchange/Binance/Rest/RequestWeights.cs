using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>Documented REQUEST_WEIGHT of each endpoint, including the parameter-dependent ones (<c>rest-api.md</c>).</summary>
internal static class RequestWeights
{
    /// <summary>The weight of a request to <paramref name="endpoint"/> with <paramref name="parameters"/>.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="parameters">The request parameters.</param>
    /// <returns>The weight.</returns>
    public static int For(ExchangeEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(parameters);
        string? Param(string name)
        {
            foreach (var (k, v) in parameters)
            {
                if (k == name)
                {
                    return v;
                }
            }

            return null;
        }

        return endpoint.Name switch
        {
            "ping" or "time" => 1,
            "exchangeInfo" => 20,
            "depth" => Depth(int.TryParse(Param("limit"), out var limit) ? limit : 100),
            "trades" or "historicalTrades" => 25,
            "aggTrades" => 4,
            "klines" or "avgPrice" => 2,
            "ticker.24hr" => Ticker24h(Param("symbol"), Param("symbols")),
            "ticker.price" or "ticker.book" => Param("symbol") is not null ? 2 : 4,
            "account" => 20,
            "order.place" or "order.cancel" => 1,
            "order.test" => string.Equals(Param("computeCommissionRates"), "true", StringComparison.OrdinalIgnoreCase) ? 20 : 1,
            "order.status" => 4,
            "openOrders" => Param("symbol") is not null ? 6 : 80,
            "allOrders" => 20,
            "myTrades" => Param("orderId") is not null ? 5 : 20,
            _ => 1,
        };
    }

    /// <summary>Depth weight: 5 for limit 1–100, 25 for 101–500, 50 for 501–1000, 250 for 1001–5000.</summary>
    /// <param name="limit">The limit.</param>
    /// <returns>The weight.</returns>
    public static int Depth(int limit) => limit switch
    {
        <= 100 => 5,
        <= 500 => 25,
        <= 1000 => 50,
        _ => 250,
    };

    /// <summary>24 h ticker weight: 2 for one symbol, 2/40/80 for 1–20/21–100/101+ symbols, 80 for all.</summary>
    /// <param name="symbol">The symbol parameter.</param>
    /// <param name="symbols">The symbols parameter (a JSON array).</param>
    /// <returns>The weight.</returns>
    public static int Ticker24h(string? symbol, string? symbols)
    {
        if (symbol is not null)
        {
            return 2;
        }

        if (symbols is null)
        {
            return 80;
        }

        var count = symbols.Count(c => c == ',') + 1;
        return count switch
        {
            <= 20 => 2,
            <= 100 => 40,
            _ => 80,
        };
    }
}
