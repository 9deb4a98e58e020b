namespace Genesis.Exchange.Models;

/// <summary>
/// A filtered <c>GET /api/v3/exchangeInfo</c>: some symbols, or the symbols with some permissions or one trading
/// status. Binance accepts either symbols, or permissions and/or a status (not both); the client refuses the other
/// combinations before sending.
/// </summary>
public sealed record ExchangeInfoQuery
{
    /// <summary>Only these symbols (one or more); null for no symbol filter. An unknown symbol is an error (-1121).</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>
    /// Only symbols with any of these permissions (e.g. <c>SPOT</c>, <c>MARGIN</c>); null for Binance's default
    /// (<c>SPOT</c>, <c>MARGIN</c> or <c>LEVERAGED</c>). Not with <see cref="Symbols"/>.
    /// </summary>
    public IReadOnlyList<string>? Permissions { get; init; }

    /// <summary>Only symbols in this status: <see cref="SymbolStatus.Trading"/>, <see cref="SymbolStatus.Halt"/> or <see cref="SymbolStatus.Break"/>. Not with <see cref="Symbols"/>.</summary>
    public SymbolStatus? Status { get; init; }

    /// <summary>Whether <c>permissionSets</c> is filled in (Binance's default: true); false makes the answer smaller.</summary>
    public bool ShowPermissionSets { get; init; } = true;

    /// <summary>Some symbols.</summary>
    /// <param name="symbols">The symbols.</param>
    /// <returns>The query.</returns>
    public static ExchangeInfoQuery ForSymbols(params string[] symbols) => new() { Symbols = symbols };
}
