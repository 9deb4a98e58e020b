using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>
/// The arguments of <c>GET /api/v3/myPreventedMatches</c>. The documented combinations: <c>symbol</c> +
/// <c>preventedMatchId</c> (weight 2), or <c>symbol</c> + <c>orderId</c> [+ <c>fromPreventedMatchId</c> [+ <c>limit</c>]]
/// (weight 20).
/// </summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="PreventedMatchId">One prevented match, or null.</param>
/// <param name="OrderId">The prevented matches of this exchange order, or null.</param>
/// <param name="FromPreventedMatchId">With <see cref="OrderId"/>: the prevented match id to start from, or null.</param>
/// <param name="Limit">With <see cref="FromPreventedMatchId"/>: how many (Binance's default 500, maximum 1000), or null.</param>
internal sealed record PreventedMatchesArgs(string Symbol, long? PreventedMatchId = null, long? OrderId = null, long? FromPreventedMatchId = null, int? Limit = null)
    : IEndpointArgs<PreventedMatchesArgs>
{
    /// <summary>The most prevented matches one request returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The documented weight: 2 by <c>preventedMatchId</c> (and for an invalid symbol), 20 by <c>orderId</c>.</summary>
    public int Weight => PreventedMatchId is null && OrderId is not null ? 20 : 2;

    /// <inheritdoc />
    public static PreventedMatchesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        int? limit = Long(parameters, "limit") is { } l ? (int)Math.Clamp(l, int.MinValue, int.MaxValue) : null;
        return new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "preventedMatchId"), Long(parameters, "orderId"), Long(parameters, "fromPreventedMatchId"), limit);
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(5) { P("symbol", Symbol) };
        AddIf(p, "preventedMatchId", PreventedMatchId);
        AddIf(p, "orderId", OrderId);
        AddIf(p, "fromPreventedMatchId", FromPreventedMatchId);
        AddIf(p, "limit", Limit);
        return p;
    }
}
