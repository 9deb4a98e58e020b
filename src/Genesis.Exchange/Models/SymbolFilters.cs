namespace Genesis.Exchange.Models;

/// <summary>A symbol filter from exchange info. Unknown filter types are kept as <see cref="UnknownFilter"/>.</summary>
/// <param name="FilterType">The filter type as Binance names it, e.g. PRICE_FILTER.</param>
public abstract record SymbolFilter(string FilterType);

/// <summary>PRICE_FILTER: price bounds and tick size (0 disables a bound).</summary>
/// <param name="MinPrice">Minimum price.</param>
/// <param name="MaxPrice">Maximum price.</param>
/// <param name="TickSize">Tick size.</param>
public sealed record PriceFilter(decimal MinPrice, decimal MaxPrice, decimal TickSize) : SymbolFilter("PRICE_FILTER");

/// <summary>LOT_SIZE: quantity bounds and step size.</summary>
/// <param name="MinQuantity">Minimum quantity.</param>
/// <param name="MaxQuantity">Maximum quantity.</param>
/// <param name="StepSize">Step size.</param>
public sealed record LotSizeFilter(decimal MinQuantity, decimal MaxQuantity, decimal StepSize) : SymbolFilter("LOT_SIZE");

/// <summary>MARKET_LOT_SIZE: quantity bounds and step size for MARKET orders.</summary>
/// <param name="MinQuantity">Minimum quantity.</param>
/// <param name="MaxQuantity">Maximum quantity.</param>
/// <param name="StepSize">Step size.</param>
public sealed record MarketLotSizeFilter(decimal MinQuantity, decimal MaxQuantity, decimal StepSize) : SymbolFilter("MARKET_LOT_SIZE");

/// <summary>MIN_NOTIONAL (legacy): minimum price × quantity.</summary>
/// <param name="MinNotional">Minimum notional.</param>
/// <param name="ApplyToMarket">Whether it applies to MARKET orders.</param>
/// <param name="AveragePriceMinutes">Average price window for MARKET orders (0 = last price).</param>
public sealed record MinNotionalFilter(decimal MinNotional, bool ApplyToMarket, int AveragePriceMinutes) : SymbolFilter("MIN_NOTIONAL");

/// <summary>NOTIONAL: notional bounds.</summary>
/// <param name="MinNotional">Minimum notional.</param>
/// <param name="ApplyMinToMarket">Whether the minimum applies to MARKET orders.</param>
/// <param name="MaxNotional">Maximum notional.</param>
/// <param name="ApplyMaxToMarket">Whether the maximum applies to MARKET orders.</param>
/// <param name="AveragePriceMinutes">Average price window for MARKET orders.</param>
public sealed record NotionalFilter(decimal MinNotional, bool ApplyMinToMarket, decimal MaxNotional, bool ApplyMaxToMarket, int AveragePriceMinutes) : SymbolFilter("NOTIONAL");

/// <summary>PERCENT_PRICE: price within multipliers of the average price.</summary>
/// <param name="MultiplierUp">Upper multiplier.</param>
/// <param name="MultiplierDown">Lower multiplier.</param>
/// <param name="AveragePriceMinutes">Average price window.</param>
public sealed record PercentPriceFilter(decimal MultiplierUp, decimal MultiplierDown, int AveragePriceMinutes) : SymbolFilter("PERCENT_PRICE");

/// <summary>PERCENT_PRICE_BY_SIDE: price within side-specific multipliers of the average price.</summary>
/// <param name="BidMultiplierUp">Upper multiplier for buys.</param>
/// <param name="BidMultiplierDown">Lower multiplier for buys.</param>
/// <param name="AskMultiplierUp">Upper multiplier for sells.</param>
/// <param name="AskMultiplierDown">Lower multiplier for sells.</param>
/// <param name="AveragePriceMinutes">Average price window.</param>
public sealed record PercentPriceBySideFilter(decimal BidMultiplierUp, decimal BidMultiplierDown, decimal AskMultiplierUp, decimal AskMultiplierDown, int AveragePriceMinutes) : SymbolFilter("PERCENT_PRICE_BY_SIDE");

/// <summary>ICEBERG_PARTS: maximum number of iceberg parts.</summary>
/// <param name="Limit">The limit.</param>
public sealed record IcebergPartsFilter(int Limit) : SymbolFilter("ICEBERG_PARTS");

/// <summary>MAX_NUM_ORDERS: maximum open orders on the symbol.</summary>
/// <param name="MaxNumOrders">The limit.</param>
public sealed record MaxNumOrdersFilter(int MaxNumOrders) : SymbolFilter("MAX_NUM_ORDERS");

/// <summary>MAX_NUM_ALGO_ORDERS: maximum open stop/take-profit orders on the symbol.</summary>
/// <param name="MaxNumAlgoOrders">The limit.</param>
public sealed record MaxNumAlgoOrdersFilter(int MaxNumAlgoOrders) : SymbolFilter("MAX_NUM_ALGO_ORDERS");

/// <summary>MAX_NUM_ICEBERG_ORDERS: maximum open iceberg orders on the symbol.</summary>
/// <param name="MaxNumIcebergOrders">The limit.</param>
public sealed record MaxNumIcebergOrdersFilter(int MaxNumIcebergOrders) : SymbolFilter("MAX_NUM_ICEBERG_ORDERS");

/// <summary>MAX_POSITION: maximum position in the base asset.</summary>
/// <param name="MaxPosition">The limit.</param>
public sealed record MaxPositionFilter(decimal MaxPosition) : SymbolFilter("MAX_POSITION");

/// <summary>TRAILING_DELTA: bounds of trailingDelta.</summary>
/// <param name="MinTrailingAboveDelta">Minimum above delta.</param>
/// <param name="MaxTrailingAboveDelta">Maximum above delta.</param>
/// <param name="MinTrailingBelowDelta">Minimum below delta.</param>
/// <param name="MaxTrailingBelowDelta">Maximum below delta.</param>
public sealed record TrailingDeltaFilter(int MinTrailingAboveDelta, int MaxTrailingAboveDelta, int MinTrailingBelowDelta, int MaxTrailingBelowDelta) : SymbolFilter("TRAILING_DELTA");

/// <summary>MAX_NUM_ORDER_AMENDS: maximum number of amendments of one order on the symbol.</summary>
/// <param name="MaxNumOrderAmends">The limit.</param>
public sealed record MaxNumOrderAmendsFilter(int MaxNumOrderAmends) : SymbolFilter("MAX_NUM_ORDER_AMENDS");

/// <summary>MAX_NUM_ORDER_LISTS: maximum open order lists on the symbol (an OTOCO counts as one).</summary>
/// <param name="MaxNumOrderLists">The limit.</param>
public sealed record MaxNumOrderListsFilter(int MaxNumOrderLists) : SymbolFilter("MAX_NUM_ORDER_LISTS");

/// <summary>EXCHANGE_MAX_NUM_ORDERS (exchange filter): maximum open orders of the account on the exchange.</summary>
/// <param name="MaxNumOrders">The limit.</param>
public sealed record ExchangeMaxNumOrdersFilter(int MaxNumOrders) : SymbolFilter("EXCHANGE_MAX_NUM_ORDERS");

/// <summary>EXCHANGE_MAX_NUM_ALGO_ORDERS (exchange filter): maximum open stop/take-profit orders of the account on the exchange.</summary>
/// <param name="MaxNumAlgoOrders">The limit.</param>
public sealed record ExchangeMaxNumAlgoOrdersFilter(int MaxNumAlgoOrders) : SymbolFilter("EXCHANGE_MAX_NUM_ALGO_ORDERS");

/// <summary>EXCHANGE_MAX_NUM_ICEBERG_ORDERS (exchange filter): maximum open iceberg orders of the account on the exchange.</summary>
/// <param name="MaxNumIcebergOrders">The limit.</param>
public sealed record ExchangeMaxNumIcebergOrdersFilter(int MaxNumIcebergOrders) : SymbolFilter("EXCHANGE_MAX_NUM_ICEBERG_ORDERS");

/// <summary>EXCHANGE_MAX_NUM_ORDER_LISTS (exchange filter): maximum open order lists of the account on the exchange.</summary>
/// <param name="MaxNumOrderLists">The limit.</param>
public sealed record ExchangeMaxNumOrderListsFilter(int MaxNumOrderLists) : SymbolFilter("EXCHANGE_MAX_NUM_ORDER_LISTS");

/// <summary>A filter type this version does not know; kept so nothing is lost, never enforced.</summary>
/// <param name="Type">The filter type.</param>
public sealed record UnknownFilter(string Type) : SymbolFilter(Type)
{
    /// <summary>The filter's JSON as the exchange sent it (empty when built by hand).</summary>
    public string RawJson { get; init; } = string.Empty;
}
