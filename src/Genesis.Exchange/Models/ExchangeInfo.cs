namespace Genesis.Exchange.Models;

/// <summary>One rate limit declared by the exchange.</summary>
/// <param name="Type">The kind.</param>
/// <param name="Interval">Window unit.</param>
/// <param name="IntervalNum">Number of units in the window.</param>
/// <param name="Limit">The limit per window.</param>
public sealed record RateLimit(RateLimitType Type, RateLimitInterval Interval, int IntervalNum, int Limit)
{
    /// <summary>The window length.</summary>
    public TimeSpan Window => Interval switch
    {
        RateLimitInterval.Second => TimeSpan.FromSeconds(IntervalNum),
        RateLimitInterval.Minute => TimeSpan.FromMinutes(IntervalNum),
        RateLimitInterval.Hour => TimeSpan.FromHours(IntervalNum),
        RateLimitInterval.Day => TimeSpan.FromDays(IntervalNum),
        _ => TimeSpan.Zero,
    };

    /// <summary>The header suffix Binance uses for this window, e.g. <c>1M</c>, <c>10S</c>, <c>1D</c>.</summary>
    public string HeaderSuffix => IntervalNum.ToString(System.Globalization.CultureInfo.InvariantCulture) + Interval switch
    {
        RateLimitInterval.Second => "S",
        RateLimitInterval.Minute => "M",
        RateLimitInterval.Hour => "H",
        RateLimitInterval.Day => "D",
        _ => "?",
    };
}

/// <summary>Exchange information: limits and symbol rules.</summary>
/// <param name="Timezone">The exchange time zone.</param>
/// <param name="ServerTime">Server time when produced.</param>
/// <param name="RateLimits">Declared rate limits.</param>
/// <param name="Symbols">Symbol rules, by symbol.</param>
public sealed record ExchangeInfo(string Timezone, DateTimeOffset ServerTime, IReadOnlyList<RateLimit> RateLimits, IReadOnlyDictionary<string, SymbolRules> Symbols)
{
    /// <summary>Rules of one symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="Errors.ExchangeValidationException">The symbol is not listed.</exception>
    public SymbolRules GetSymbol(string symbol) =>
        Symbols.TryGetValue(symbol, out var rules)
            ? rules
            : throw new Errors.ExchangeValidationException($"Symbol '{symbol}' is not listed in exchange info.", binanceCode: -1121);
}
