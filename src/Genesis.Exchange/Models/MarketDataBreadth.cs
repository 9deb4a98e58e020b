namespace Genesis.Exchange.Models;

/// <summary>
/// A symbol's reference price (<c>GET /api/v3/referencePrice</c>): the price the Price Range execution rule and the
/// PERCENT_PRICE, PERCENT_PRICE_BY_SIDE, MIN_NOTIONAL and NOTIONAL filters use when it is set.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="ReferencePrice">The reference price; null when none is set at the moment (the filters then use the average price).</param>
/// <param name="Timestamp">When the reference price was valid.</param>
public sealed record SymbolReferencePrice(string Symbol, decimal? ReferencePrice, DateTimeOffset Timestamp);

/// <summary>How a symbol's reference price is calculated (<c>calculationType</c>).</summary>
public enum ReferencePriceCalculationType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>ARITHMETIC_MEAN: by the matching engine, a moving average of trade prices over <c>bucketCount</c> buckets of <c>bucketWidthMs</c>.</summary>
    ArithmeticMean,
    /// <summary>EXTERNAL: outside the matching engine, by the method <c>externalCalculationId</c> names.</summary>
    External,
}

/// <summary>How a symbol's reference price is calculated (<c>GET /api/v3/referencePrice/calculation</c>).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="CalculationType">The calculation; Unknown when this version does not know it (see <see cref="RawCalculationType"/>).</param>
public sealed record ReferencePriceCalculation(string Symbol, ReferencePriceCalculationType CalculationType)
{
    /// <summary>The calculation type as the exchange wrote it.</summary>
    public string RawCalculationType { get; init; } = string.Empty;

    /// <summary>For <see cref="ReferencePriceCalculationType.ArithmeticMean"/>: the number of buckets; null otherwise.</summary>
    public int? BucketCount { get; init; }

    /// <summary>For <see cref="ReferencePriceCalculationType.ArithmeticMean"/>: the width of one bucket in milliseconds; null otherwise.</summary>
    public long? BucketWidthMs { get; init; }

    /// <summary>The width of one bucket; null when <see cref="BucketWidthMs"/> is.</summary>
    public TimeSpan? BucketWidth => BucketWidthMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>For <see cref="ReferencePriceCalculationType.External"/>: the external calculation method's id; null otherwise.</summary>
    public long? ExternalCalculationId { get; init; }
}

/// <summary>The execution rules of the symbols asked for (<c>GET /api/v3/executionRules</c>).</summary>
/// <param name="SymbolRules">The rules, per symbol.</param>
public sealed record ExecutionRules(IReadOnlyList<SymbolExecutionRules> SymbolRules);

/// <summary>The execution rules enforced on one symbol when its orders execute.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Rules">The rules (empty when none is enforced).</param>
public sealed record SymbolExecutionRules(string Symbol, IReadOnlyList<ExecutionRule> Rules);

/// <summary>A rule enforced when an order executes. Unknown rule types are kept as <see cref="UnknownExecutionRule"/>.</summary>
/// <param name="RuleType">The rule type as Binance names it, e.g. PRICE_RANGE.</param>
public abstract record ExecutionRule(string RuleType);

/// <summary>
/// PRICE_RANGE: trades execute only within multipliers of the reference price, per side. A missing multiplier (null)
/// leaves that side and direction unbounded.
/// </summary>
/// <param name="BidLimitMultUp">Highest price a BUY may execute at, as a multiple of the reference price; null when not set.</param>
/// <param name="BidLimitMultDown">Lowest price a BUY may execute at, as a multiple of the reference price; null when not set.</param>
/// <param name="AskLimitMultUp">Highest price a SELL may execute at, as a multiple of the reference price; null when not set.</param>
/// <param name="AskLimitMultDown">Lowest price a SELL may execute at, as a multiple of the reference price; null when not set.</param>
public sealed record PriceRangeExecutionRule(decimal? BidLimitMultUp, decimal? BidLimitMultDown, decimal? AskLimitMultUp, decimal? AskLimitMultDown)
    : ExecutionRule("PRICE_RANGE");

/// <summary>An execution rule type this version does not know, or could not read; kept so nothing is lost.</summary>
/// <param name="Type">The rule type.</param>
public sealed record UnknownExecutionRule(string Type) : ExecutionRule(Type)
{
    /// <summary>The rule's JSON as the exchange sent it (empty when built by hand).</summary>
    public string RawJson { get; init; } = string.Empty;
}

/// <summary>A block trade: a large trade negotiated off the order book and reported to the market (<c>GET /api/v3/historicalBlockTrades</c>).</summary>
/// <param name="Id">The block trade id.</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The base quantity.</param>
/// <param name="QuoteQuantity">The quote quantity.</param>
/// <param name="Time">When the trade happened.</param>
/// <param name="IsBuyerMaker">Whether the buyer was the maker.</param>
public sealed record BlockTrade(long Id, decimal Price, decimal Quantity, decimal QuoteQuantity, DateTimeOffset Time, bool IsBuyerMaker);
