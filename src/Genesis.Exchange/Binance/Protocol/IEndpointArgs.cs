namespace Genesis.Exchange.Binance.Protocol;

/// <summary>
/// The typed arguments of one endpoint and their wire form: what the client writes (<see cref="ToWire"/>) and what a
/// server reads back (<see cref="FromWire"/>) to compute the same weight from the same typed values.
/// </summary>
/// <typeparam name="TSelf">The arguments type.</typeparam>
internal interface IEndpointArgs<TSelf>
    where TSelf : IEndpointArgs<TSelf>
{
    /// <summary>Reads the arguments back from wire parameters, leniently: a missing or malformed value takes the
    /// documented default, so a server can still charge the documented weight for a request it will then reject.</summary>
    /// <param name="parameters">The wire parameters (signature fields may be present; they are ignored).</param>
    /// <returns>The arguments.</returns>
    static abstract TSelf FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters);

    /// <summary>The wire parameters, in Binance's documented order (unsigned).</summary>
    /// <returns>The parameters.</returns>
    IReadOnlyList<KeyValuePair<string, string>> ToWire();
}
