namespace Genesis.Exchange.Models;

/// <summary>
/// The account's commission rates on one symbol (<c>GET /api/v3/account/commission</c>), as fractions (0.001 = 0.1 %).
/// A trade's commission is the standard rate, plus the special and tax rates, reduced by <see cref="Discount"/> when
/// paid in the discount asset.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="StandardCommission">The standard rates of the account's trades on the symbol.</param>
/// <param name="SpecialCommission">The special rates added to them.</param>
/// <param name="TaxCommission">The tax rates added to them.</param>
/// <param name="Discount">The discount on the standard rates when paying in the discount asset (BNB).</param>
public sealed record AccountCommission(
    string Symbol,
    CommissionRates StandardCommission,
    CommissionRates SpecialCommission,
    CommissionRates TaxCommission,
    CommissionDiscount Discount);

/// <summary>
/// The account's unfilled order count in one ORDERS window (<c>GET /api/v3/rateLimit/order</c>): how many orders
/// count against <see cref="Limit"/> in the current <see cref="IntervalNum"/> × <see cref="Interval"/> window.
/// </summary>
/// <param name="RateLimitType">The limit type (ORDERS).</param>
/// <param name="Interval">The window unit.</param>
/// <param name="IntervalNum">The number of units in the window.</param>
/// <param name="Limit">The most orders the window allows.</param>
/// <param name="Count">The orders counted in the current window.</param>
public sealed record UnfilledOrderCount(RateLimitType RateLimitType, RateLimitInterval Interval, int IntervalNum, int Limit, int Count)
{
    /// <summary>The limit type as the exchange wrote it (useful when <see cref="RateLimitType"/> is Unknown).</summary>
    public string RawRateLimitType { get; init; } = string.Empty;

    /// <summary>The interval as the exchange wrote it (useful when <see cref="Interval"/> is Unknown).</summary>
    public string RawInterval { get; init; } = string.Empty;

    /// <summary>The window length; zero when <see cref="Interval"/> is Unknown.</summary>
    public TimeSpan Window => new RateLimit(RateLimitType, Interval, IntervalNum, Limit).Window;

    /// <summary>How many more orders the window allows (never negative).</summary>
    public int Remaining => Math.Max(0, Limit - Count);
}

/// <summary>
/// A match the exchange prevented because both sides were the account's own orders (self-trade prevention), as
/// <c>GET /api/v3/myPreventedMatches</c> reports it.
/// </summary>
/// <param name="Symbol">The taker order's symbol.</param>
/// <param name="PreventedMatchId">The prevented match's id.</param>
/// <param name="TakerOrderId">The taker order's exchange id.</param>
/// <param name="MakerOrderId">The maker order's exchange id.</param>
/// <param name="TradeGroupId">The trade group both orders belong to.</param>
/// <param name="SelfTradePreventionMode">The mode that prevented the match; Unknown when this version does not know it (see <see cref="RawSelfTradePreventionMode"/>).</param>
/// <param name="Price">The price the match would have had.</param>
/// <param name="MakerPreventedQuantity">The maker's quantity that was prevented from trading.</param>
/// <param name="TransactTime">When the match was prevented.</param>
public sealed record PreventedMatch(
    string Symbol,
    long PreventedMatchId,
    long TakerOrderId,
    long MakerOrderId,
    long TradeGroupId,
    SelfTradePreventionMode SelfTradePreventionMode,
    decimal Price,
    decimal MakerPreventedQuantity,
    DateTimeOffset TransactTime)
{
    /// <summary>The self-trade prevention mode as the exchange wrote it.</summary>
    public string RawSelfTradePreventionMode { get; init; } = string.Empty;

    /// <summary>The maker order's symbol (it can differ from <see cref="Symbol"/> after a SOR placement); null when the response did not say.</summary>
    public string? MakerSymbol { get; init; }
}

/// <summary>
/// The filters relevant to the account on one symbol (<c>GET /api/v3/myFilters</c>): the exchange filters, the symbol's
/// filters and the asset filters (<see cref="MaxAssetFilter"/>; only this endpoint shows them). A filter this version
/// does not know, or cannot read, is kept as <see cref="UnknownFilter"/> with its JSON.
/// </summary>
/// <param name="ExchangeFilters">The exchange filters.</param>
/// <param name="SymbolFilters">The symbol's filters.</param>
/// <param name="AssetFilters">The asset filters applied to the account.</param>
public sealed record AccountFilters(IReadOnlyList<SymbolFilter> ExchangeFilters, IReadOnlyList<SymbolFilter> SymbolFilters, IReadOnlyList<SymbolFilter> AssetFilters);

/// <summary>
/// MAX_ASSET (asset filter): the most of <see cref="Asset"/> the account may transact in one order: the quantity when
/// it is the symbol's base asset, the notional when it is the quote asset.
/// </summary>
/// <param name="Asset">The asset.</param>
/// <param name="Limit">The limit.</param>
public sealed record MaxAssetFilter(string Asset, decimal Limit) : SymbolFilter("MAX_ASSET");
