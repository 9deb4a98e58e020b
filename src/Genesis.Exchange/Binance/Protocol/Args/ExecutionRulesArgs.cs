using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>
/// The arguments of <c>GET /api/v3/executionRules</c>: one symbol, several, every symbol with a status, or every
/// symbol; never a combination. Weight 2 for one symbol, 2 per symbol capped at 40 for several, 40 otherwise.
/// </summary>
/// <param name="Symbol">One symbol, or null.</param>
/// <param name="Symbols">Several symbols, or null.</param>
/// <param name="SymbolStatus">TRADING, HALT or BREAK, or null.</param>
internal sealed record ExecutionRulesArgs(string? Symbol = null, IReadOnlyList<string>? Symbols = null, SymbolStatus? SymbolStatus = null) : IEndpointArgs<ExecutionRulesArgs>
{
    /// <summary>The documented weight.</summary>
    public int Weight => Symbol is not null ? 2 : Symbols is { } many ? Math.Min(2 * Math.Max(1, many.Count), 40) : 40;

    /// <inheritdoc />
    public static ExecutionRulesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol"), WireArgs.Symbols(parameters), RuleSymbolStatus.TryParse(Get(parameters, "symbolStatus"), out var status) ? status : null);

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(1);
        if (Symbol is not null)
        {
            p.Add(P("symbol", Symbol));
        }

        if (Symbols is not null)
        {
            p.Add(P("symbols", SymbolList(Symbols)));
        }

        if (SymbolStatus is { } status)
        {
            p.Add(P("symbolStatus", RuleSymbolStatus.Format(status)));
        }

        return p;
    }
}
