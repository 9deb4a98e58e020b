using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Binance.Protocol;

/// <summary>
/// One handler per endpoint of a catalogue, checked when built: a missing handler throws
/// <see cref="MissingEndpointHandlerException"/> naming the endpoint, and a handler for an endpoint outside the catalogue
/// throws too. Lookup is by the request's <see cref="ExchangeEndpoint"/> (method and path).
/// </summary>
/// <typeparam name="THandler">The handler type of the server that owns the registry.</typeparam>
internal sealed class EndpointHandlers<THandler>
    where THandler : class
{
    private readonly Dictionary<(HttpMethod Method, string Path), (EndpointDescriptor Descriptor, THandler Handler)> _byRoute = [];

    /// <summary>Builds the registry and checks it against the catalogue.</summary>
    /// <param name="owner">What is being built, for the error message (e.g. "The mock exchange").</param>
    /// <param name="catalogue">Every endpoint that must be served (usually <see cref="SpotRestEndpoints.All"/>).</param>
    /// <param name="handlers">The handlers, by endpoint.</param>
    /// <exception cref="MissingEndpointHandlerException">An endpoint of the catalogue has no handler.</exception>
    /// <exception cref="ArgumentException">A handler is registered for an endpoint outside the catalogue.</exception>
    public EndpointHandlers(string owner, IReadOnlyList<EndpointDescriptor> catalogue, IReadOnlyDictionary<EndpointDescriptor, THandler> handlers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(handlers);
        var missing = new List<EndpointDescriptor>();
        foreach (var descriptor in catalogue)
        {
            if (handlers.TryGetValue(descriptor, out var handler) && handler is not null)
            {
                _byRoute[(descriptor.Endpoint.HttpMethod, descriptor.Endpoint.Path)] = (descriptor, handler);
            }
            else
            {
                missing.Add(descriptor);
            }
        }

        if (missing.Count > 0)
        {
            throw new MissingEndpointHandlerException(owner, missing);
        }

        var extra = handlers.Keys.Where(d => !catalogue.Contains(d)).ToList();
        if (extra.Count > 0)
        {
            throw new ArgumentException($"{owner} has handlers for endpoint(s) outside its catalogue: {string.Join(", ", extra)}.", nameof(handlers));
        }
    }

    /// <summary>The number of endpoints served.</summary>
    public int Count => _byRoute.Count;

    /// <summary>Finds the handler of an endpoint.</summary>
    /// <param name="endpoint">The endpoint of a request.</param>
    /// <param name="descriptor">Its descriptor.</param>
    /// <param name="handler">Its handler.</param>
    /// <returns>False when the endpoint is not in the catalogue (a request the client did not build from it).</returns>
    public bool TryGet(ExchangeEndpoint endpoint, out EndpointDescriptor descriptor, out THandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (_byRoute.TryGetValue((endpoint.HttpMethod, endpoint.Path), out var found))
        {
            (descriptor, handler) = found;
            return true;
        }

        descriptor = null!;
        handler = null!;
        return false;
    }
}
