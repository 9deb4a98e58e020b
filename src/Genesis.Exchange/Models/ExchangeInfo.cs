namespace Genesis.Exchange.Models;

/// <summary>One rate limit declared by the exchange.</summary>
/// <param name="Type">The kind.</param>
/// <param name="Interval">Window unit.</param>
/// <param name="IntervalNum">Number of units in the window.</param>
/// <param name="Limit">The limit per window.</param>
public sealed record RateLimit(RateLimitType Type, RateLimitInterval Interval, int IntervalNum, int Limit)
{
    /// <summary>The rate limit type as the exchange wrote it (useful when <see cref="Type"/> is Unknown).</summary>
    public string RawType { get; init; } = string.Empty;

    /// <summary>The interval as the exchange wrote it (useful when <see cref="Interval"/> is Unknown).</summary>
    public string RawInterval { get; init; } = string.Empty;

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
/// <param name="ServerTime">Server time when produced, or null when the response did not say.</param>
/// <param name="RateLimits">Declared rate limits.</param>
/// <param name="Symbols">Symbol rules, by symbol.</param>
public sealed record ExchangeInfo(string Timezone, DateTimeOffset? ServerTime, IReadOnlyList<RateLimit> RateLimits, IReadOnlyDictionary<string, SymbolRules> Symbols)
{
    /// <summary>Symbols the exchange listed whose rules could not be parsed, with the reason; they are unusable for orders.</summary>
    public IReadOnlyList<SymbolParseFailure> FailedSymbols { get; init; } = [];

    /// <summary>Exchange-wide filters (EXCHANGE_MAX_NUM_ORDERS, …); empty when there are none. Unknown types are kept as <see cref="UnknownFilter"/>.</summary>
    public IReadOnlyList<SymbolFilter> ExchangeFilters { get; init; } = [];

    /// <summary>The smart order router's groups of symbols (<c>sors</c>); null when the response did not include them (SOR not available).</summary>
    public IReadOnlyList<SmartOrderRouting>? Sors { get; init; }

    /// <summary>Rules of one symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="Errors.SymbolRulesUnavailableException">The symbol is listed but its rules could not be parsed.</exception>
    /// <exception cref="Errors.ExchangeValidationException">The symbol is not listed.</exception>
    public SymbolRules GetSymbol(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (Symbols.TryGetValue(symbol, out var rules))
        {
            return rules;
        }

        foreach (var failure in FailedSymbols)
        {
            if (string.Equals(failure.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                throw new Errors.SymbolRulesUnavailableException(failure.Symbol, failure.Reason);
            }
        }

        throw new Errors.ExchangeValidationException($"Symbol '{symbol}' is not listed in exchange info.", binanceCode: -1121);
    }
}

/// <summary>One group of symbols the smart order router (SOR) may route between (<c>sors</c> of exchange info).</summary>
/// <param name="BaseAsset">The base asset the symbols share.</param>
/// <param name="Symbols">The symbols SOR routes between.</param>
public sealed record SmartOrderRouting(string BaseAsset, IReadOnlyList<string> Symbols);
