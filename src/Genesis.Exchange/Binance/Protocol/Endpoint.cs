using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Binance.Protocol;

/// <summary>
/// A REST endpoint with typed arguments and result: its weight is a function of <typeparamref name="TArgs"/> and its
/// response reader produces <typeparamref name="TResult"/>. Both are constructor arguments, so an endpoint without a
/// weight or a reader does not compile.
/// </summary>
/// <typeparam name="TArgs">The typed arguments.</typeparam>
/// <typeparam name="TResult">What a successful response reads as.</typeparam>
internal sealed class Endpoint<TArgs, TResult> : EndpointDescriptor
    where TArgs : IEndpointArgs<TArgs>
{
    private readonly Func<TArgs, int> _weight;
    private readonly Func<TArgs, ReadOnlyMemory<byte>, TResult> _read;

    /// <summary>Declares an endpoint.</summary>
    /// <param name="name">The name used in logs and metrics.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The REST path.</param>
    /// <param name="security">The security type.</param>
    /// <param name="isIdempotent">Whether sending it twice is harmless.</param>
    /// <param name="countsAgainst">The limits it counts against; <see cref="RateLimitKinds.Orders"/> makes it count as an order.</param>
    /// <param name="webSocketMethod">The WebSocket API method name.</param>
    /// <param name="weight">The documented REQUEST_WEIGHT for given arguments.</param>
    /// <param name="read">Reads a successful response body (the parsers in <c>Binance/Json</c>).</param>
    public Endpoint(
        string name,
        HttpMethod method,
        string path,
        EndpointSecurity security,
        bool isIdempotent,
        RateLimitKinds countsAgainst,
        string webSocketMethod,
        Func<TArgs, int> weight,
        Func<TArgs, ReadOnlyMemory<byte>, TResult> read)
        : base(
            new ExchangeEndpoint(name, method, path, security, isIdempotent, (countsAgainst & RateLimitKinds.Orders) != 0, webSocketMethod),
            countsAgainst)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(read);
        _weight = weight;
        _read = read;
    }

    /// <summary>The documented weight of a request with <paramref name="args"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The weight.</returns>
    public int Weight(TArgs args) => _weight(args);

    /// <inheritdoc />
    public override int WeightOf(IReadOnlyList<KeyValuePair<string, string>> parameters) => _weight(TArgs.FromWire(parameters));

    /// <summary>Builds the (unsigned) request: wire parameters and weight from the same typed arguments.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="correlationId">The correlation id; generated when null.</param>
    /// <returns>The request.</returns>
    public ExchangeRequest CreateRequest(TArgs args, string? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new ExchangeRequest(Endpoint, args.ToWire(), _weight(args), correlationId);
    }

    /// <summary>Reads a successful response to a request made with <paramref name="args"/>.</summary>
    /// <param name="args">The arguments the request was made with.</param>
    /// <param name="response">The response.</param>
    /// <returns>The result.</returns>
    public TResult Read(TArgs args, ExchangeResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return _read(args, response.Body);
    }
}
