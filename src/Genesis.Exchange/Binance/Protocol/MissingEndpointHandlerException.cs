namespace Genesis.Exchange.Binance.Protocol;

/// <summary>
/// Thrown when something that serves Binance endpoints (the mock exchange, the fake server) is built without a handler
/// for an endpoint of its catalogue: a start-up error naming the endpoints, instead of a 404 at run time.
/// </summary>
internal sealed class MissingEndpointHandlerException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="owner">What was being built, e.g. "the mock exchange".</param>
    /// <param name="missing">The endpoints without a handler.</param>
    public MissingEndpointHandlerException(string owner, IReadOnlyList<EndpointDescriptor> missing)
        : base($"{owner} has no handler for {missing.Count} endpoint(s): {string.Join(", ", missing)}. Every endpoint in the catalogue must be served.")
    {
        Missing = missing;
    }

    /// <summary>The endpoints without a handler.</summary>
    public IReadOnlyList<EndpointDescriptor> Missing { get; }
}
