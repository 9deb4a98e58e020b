namespace Genesis.Exchange.Abstractions;

/// <summary>
/// One request to the exchange, before signing. Parameters keep their order; <c>timestamp</c>, <c>recvWindow</c>
/// and <c>signature</c> are added by the transport immediately before the bytes go out (after every wait).
/// </summary>
public sealed class ExchangeRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="parameters">Parameters in order (unsigned).</param>
    /// <param name="weight">REQUEST_WEIGHT cost, from the endpoint's documented weight for these parameters.</param>
    /// <param name="correlationId">The correlation id; generated when null.</param>
    public ExchangeRequest(ExchangeEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> parameters, int weight, string? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        Endpoint = endpoint;
        Parameters = parameters;
        Weight = weight;
        CorrelationId = correlationId ?? Internal.CorrelationIds.Next();
    }

    /// <summary>The endpoint.</summary>
    public ExchangeEndpoint Endpoint { get; }

    /// <summary>Unsigned parameters, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The request weight.</summary>
    public int Weight { get; }

    /// <summary>The correlation id carried in log scopes and exceptions.</summary>
    public string CorrelationId { get; }

    /// <summary>How many times this request has been attempted (set by retry decorators, for logs).</summary>
    public int Attempt { get; set; }

    /// <summary>The value of a parameter, or null.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value or null.</returns>
    public string? GetParameter(string name)
    {
        foreach (var (key, value) in Parameters)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint.HttpMethod} {Endpoint.Path} (weight {Weight}, correlation {CorrelationId})";
}
