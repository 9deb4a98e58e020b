using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/referencePrice/calculation</c>: a symbol and, optionally, the status to describe it in.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="SymbolStatus">TRADING, HALT or BREAK, or null.</param>
internal sealed record ReferencePriceCalculationArgs(string Symbol, SymbolStatus? SymbolStatus = null) : IEndpointArgs<ReferencePriceCalculationArgs>
{
    /// <inheritdoc />
    public static ReferencePriceCalculationArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, RuleSymbolStatus.TryParse(Get(parameters, "symbolStatus"), out var status) ? status : null);

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() =>
        SymbolStatus is { } status ? [P("symbol", Symbol), P("symbolStatus", RuleSymbolStatus.Format(status))] : [P("symbol", Symbol)];
}

/// <summary>The <c>symbolStatus</c> the execution-rule and reference-price endpoints take: TRADING, HALT or BREAK only.</summary>
internal static class RuleSymbolStatus
{
    /// <summary>Whether a status is one these endpoints accept.</summary>
    /// <param name="status">The status.</param>
    /// <returns>True when accepted.</returns>
    public static bool IsValid(SymbolStatus status) => status is SymbolStatus.Trading or SymbolStatus.Halt or SymbolStatus.Break;

    /// <summary>The wire name of an accepted status.</summary>
    /// <param name="status">An accepted status.</param>
    /// <returns>The wire text.</returns>
    public static string Format(SymbolStatus status) => status switch
    {
        SymbolStatus.Trading => "TRADING",
        SymbolStatus.Halt => "HALT",
        SymbolStatus.Break => "BREAK",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only TRADING, HALT and BREAK are accepted."),
    };

    /// <summary>Parses an accepted status.</summary>
    /// <param name="text">The wire text, or null.</param>
    /// <param name="status">The status when accepted.</param>
    /// <returns>True when accepted.</returns>
    public static bool TryParse(string? text, out SymbolStatus status)
    {
        status = text switch
        {
            "TRADING" => SymbolStatus.Trading,
            "HALT" => SymbolStatus.Halt,
            "BREAK" => SymbolStatus.Break,
            _ => SymbolStatus.Unknown,
        };
        return status != SymbolStatus.Unknown;
    }
}
