using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/openOrders</c>: one symbol, or all symbols (much heavier).</summary>
/// <param name="Symbol">The symbol, or null for all.</param>
internal sealed record OpenOrdersArgs(string? Symbol) : IEndpointArgs<OpenOrdersArgs>
{
    /// <inheritdoc />
    public static OpenOrdersArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) => new(Get(parameters, "symbol"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => Symbol is null ? [] : [P("symbol", Symbol)];
}
