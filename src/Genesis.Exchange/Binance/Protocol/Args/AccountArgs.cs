using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/account</c>.</summary>
/// <param name="OmitZeroBalances">Whether to leave out zero balances.</param>
internal sealed record AccountArgs(bool OmitZeroBalances = true) : IEndpointArgs<AccountArgs>
{
    /// <inheritdoc />
    public static AccountArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) => new(Flag(parameters, "omitZeroBalances"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => OmitZeroBalances ? [P("omitZeroBalances", "true")] : [];
}
