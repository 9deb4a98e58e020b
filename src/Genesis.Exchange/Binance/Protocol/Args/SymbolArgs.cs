using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of an endpoint that takes one symbol (avgPrice).</summary>
/// <param name="Symbol">The symbol, upper case.</param>
internal sealed record SymbolArgs(string Symbol) : IEndpointArgs<SymbolArgs>
{
    /// <inheritdoc />
    public static SymbolArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) => new(Get(parameters, "symbol") ?? string.Empty);

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => [P("symbol", Symbol)];
}
