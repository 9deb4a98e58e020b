namespace Genesis.Exchange.Errors;

/// <summary>
/// The exchange listed the symbol but its rules could not be parsed (an odd value in one of its filters, say), so
/// orders on it cannot be validated and are not sent. The other symbols are unaffected; the rules are fetched again
/// on the symbol-status refresh schedule.
/// </summary>
/// <param name="symbol">The symbol.</param>
/// <param name="reason">What could not be parsed.</param>
public sealed class SymbolRulesUnavailableException(string symbol, string reason)
    : ExchangeException($"Symbol {symbol} is listed by the exchange but its rules could not be parsed ({reason}); it cannot be used for orders until they parse.", null)
{
    /// <summary>The symbol.</summary>
    public string Symbol { get; } = symbol;

    /// <summary>What could not be parsed.</summary>
    public string Reason { get; } = reason;
}
