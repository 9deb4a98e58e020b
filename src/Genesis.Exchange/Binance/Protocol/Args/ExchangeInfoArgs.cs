using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/exchangeInfo</c>: everything, one symbol or several, or symbols by permission and/or status.</summary>
/// <param name="Symbol">One symbol, or null.</param>
/// <param name="Symbols">Several symbols, or null.</param>
/// <param name="Permissions">Only symbols with any of these permissions (sent as one value or a JSON array), or null.</param>
/// <param name="ShowPermissionSets">False to leave <c>permissionSets</c> empty; null for Binance's default (true).</param>
/// <param name="SymbolStatus">Only symbols in this wire status (<c>TRADING</c>, <c>HALT</c>, <c>BREAK</c>), or null.</param>
internal sealed record ExchangeInfoArgs(
    string? Symbol = null, IReadOnlyList<string>? Symbols = null, IReadOnlyList<string>? Permissions = null, bool? ShowPermissionSets = null, string? SymbolStatus = null)
    : IEndpointArgs<ExchangeInfoArgs>
{
    /// <summary>The whole exchange.</summary>
    public static ExchangeInfoArgs All { get; } = new();

    /// <inheritdoc />
    public static ExchangeInfoArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) => new(
        Get(parameters, "symbol"),
        WireArgs.Symbols(parameters),
        WireArgs.Symbols(parameters, "permissions"),
        Get(parameters, "showPermissionSets") is { } show ? !string.Equals(show, "false", StringComparison.OrdinalIgnoreCase) : null,
        Get(parameters, "symbolStatus"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(2);
        if (Symbol is not null)
        {
            p.Add(P("symbol", Symbol));
        }

        if (Symbols is not null)
        {
            p.Add(P("symbols", SymbolList(Symbols)));
        }

        if (Permissions is { Count: > 0 })
        {
            // One value plain (permissions=SPOT), several as a JSON array, as the docs show.
            p.Add(P("permissions", Permissions.Count == 1 ? Permissions[0] : SymbolList(Permissions)));
        }

        if (ShowPermissionSets is { } show)
        {
            p.Add(P("showPermissionSets", show ? "true" : "false"));
        }

        if (SymbolStatus is not null)
        {
            p.Add(P("symbolStatus", SymbolStatus));
        }

        return p;
    }
}
