namespace Genesis.Exchange.Models;

/// <summary>A symbol of exchange info whose rules could not be parsed; it is unusable for orders, the others are not affected.</summary>
/// <param name="Symbol">The symbol as the exchange named it (<c>?</c> when even the name was unreadable).</param>
/// <param name="Reason">What could not be parsed.</param>
public sealed record SymbolParseFailure(string Symbol, string Reason);
