using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/depth</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Limit">How many levels per side (documented default 100, maximum 5000).</param>
internal sealed record DepthArgs(string Symbol, int Limit = DepthArgs.DefaultLimit) : IEndpointArgs<DepthArgs>
{
    /// <summary>The documented default limit.</summary>
    public const int DefaultLimit = 100;

    /// <inheritdoc />
    public static DepthArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, WireArgs.Limit(parameters, DefaultLimit));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => [P("symbol", Symbol), P("limit", Limit)];
}
