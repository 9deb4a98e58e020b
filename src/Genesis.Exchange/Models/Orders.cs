namespace Genesis.Exchange.Models;

/// <summary>A request to place an order. Build one with the static helpers or the constructor.</summary>
public sealed record OrderRequest
{
    /// <summary>Creates an order request.</summary>
    /// <param name="symbol">The symbol, e.g. BTCUSDT.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="type">The order type.</param>
    public OrderRequest(string symbol, OrderSide side, OrderType type)
    {
        Symbol = symbol;
        Side = side;
        Type = type;
    }

    /// <summary>The symbol.</summary>
    public string Symbol { get; init; }

    /// <summary>Buy or sell.</summary>
    public OrderSide Side { get; init; }

    /// <summary>The order type.</summary>
    public OrderType Type { get; init; }

    /// <summary>Base quantity (required except for MARKET by quote quantity).</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Quote quantity, for MARKET orders that spend or receive a quote amount.</summary>
    public decimal? QuoteQuantity { get; init; }

    /// <summary>Limit price (LIMIT, LIMIT_MAKER, *_LIMIT).</summary>
    public decimal? Price { get; init; }

    /// <summary>Stop price (STOP_LOSS*, TAKE_PROFIT*).</summary>
    public decimal? StopPrice { get; init; }

    /// <summary>Iceberg quantity.</summary>
    public decimal? IcebergQuantity { get; init; }

    /// <summary>Time in force; defaults to GTC for types that need one.</summary>
    public TimeInForce? TimeInForce { get; init; }

    /// <summary>Client order id; generated when not given. Must match <c>^[a-zA-Z0-9-_]{1,36}$</c>.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>The price the strategy expected, used to report slippage (defaults to the limit price).</summary>
    public decimal? ReferencePrice { get; init; }

    /// <summary>Response detail to ask for.</summary>
    public OrderResponseType ResponseType { get; init; } = OrderResponseType.Full;

    /// <summary>A strategy id (64-bit) the exchange keeps on the order and reports back (<c>strategyId</c>); null for none.</summary>
    public long? StrategyId { get; init; }

    /// <summary>A strategy type the exchange keeps on the order (<c>strategyType</c>); Binance requires at least 1,000,000. Null for none.</summary>
    public long? StrategyType { get; init; }

    /// <summary>Trailing delta in basis points, for trailing STOP_LOSS*/TAKE_PROFIT* orders (<c>trailingDelta</c>); null for none.</summary>
    public long? TrailingDelta { get; init; }

    /// <summary>Self-trade prevention mode (<c>selfTradePreventionMode</c>; the symbol lists the allowed ones); null for the symbol's default.</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }

    /// <summary>The price a pegged order follows (<c>pegPriceType</c>); null for an order that is not pegged.</summary>
    public PegPriceType? PegPriceType { get; init; }

    /// <summary>The peg offset in price levels (<c>pegOffsetValue</c>, at most 100); null for none.</summary>
    public int? PegOffsetValue { get; init; }

    /// <summary>How the peg offset is expressed (<c>pegOffsetType</c>; only PRICE_LEVEL exists); null for none.</summary>
    public PegOffsetType? PegOffsetType { get; init; }

    /// <summary>A LIMIT GTC order.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="side">The side.</param>
    /// <param name="quantity">The quantity.</param>
    /// <param name="price">The price.</param>
    /// <param name="timeInForce">Time in force.</param>
    /// <returns>The request.</returns>
    public static OrderRequest Limit(string symbol, OrderSide side, decimal quantity, decimal price, TimeInForce timeInForce = Models.TimeInForce.Gtc) =>
        new(symbol, side, OrderType.Limit) { Quantity = quantity, Price = price, TimeInForce = timeInForce };

    /// <summary>A MARKET order by base quantity.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="side">The side.</param>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The request.</returns>
    public static OrderRequest Market(string symbol, OrderSide side, decimal quantity) =>
        new(symbol, side, OrderType.Market) { Quantity = quantity };

    /// <summary>A MARKET order by quote quantity.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="side">The side.</param>
    /// <param name="quoteQuantity">The quote amount.</param>
    /// <returns>The request.</returns>
    public static OrderRequest MarketByQuote(string symbol, OrderSide side, decimal quoteQuantity) =>
        new(symbol, side, OrderType.Market) { QuoteQuantity = quoteQuantity };
}

/// <summary>One fill of an order.</summary>
/// <param name="Price">The fill price.</param>
/// <param name="Quantity">The fill quantity.</param>
/// <param name="Commission">Commission charged; null when the response did not say.</param>
/// <param name="CommissionAsset">Commission asset; null when the response did not say.</param>
/// <param name="TradeId">The trade id; null when the response did not say.</param>
public sealed record OrderFill(decimal Price, decimal Quantity, decimal? Commission, string? CommissionAsset, long? TradeId)
{
    /// <summary>How the fill was matched, as the exchange wrote it (e.g. <c>ONE_PARTY_TRADE_REPORT</c> for SOR allocations); null when not sent.</summary>
    public string? MatchType { get; init; }

    /// <summary>The allocation id of a SOR fill (then <see cref="OrderFill.TradeId"/> is -1); null when not sent.</summary>
    public long? AllocId { get; init; }
}

/// <summary>An order as the exchange reports it, with the figures a trading system needs.</summary>
public sealed record Order
{
    /// <summary>The library's own id of the order (stable across transports); equal to <see cref="ClientOrderId"/> for orders placed through this library.</summary>
    public required string Id { get; init; }

    /// <summary>The exchange's numeric order id.</summary>
    public required long ExchangeOrderId { get; init; }

    /// <summary>The client order id.</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The order type.</summary>
    public required OrderType Type { get; init; }

    /// <summary>The side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>The limit price as the exchange sent it (Binance sends 0 for market orders); null when the response did not include it (ACK).</summary>
    public decimal? Price { get; init; }

    /// <summary>The stop price as the exchange sent it (Binance sends 0 when there is none); null when the response did not include it.</summary>
    public decimal? StopPrice { get; init; }

    /// <summary>The original quantity; null when the response did not include it (ACK).</summary>
    public decimal? Quantity { get; init; }

    /// <summary>The filled quantity; null when the response did not include it (ACK), which does not mean nothing filled.</summary>
    public decimal? FilledQuantity { get; init; }

    /// <summary>
    /// The cumulative quote quantity of the fills; null when the response did not include it or, for some historical
    /// orders, when Binance reports it as negative ("not available at this time").
    /// </summary>
    public decimal? CumulativeQuoteQuantity { get; init; }

    /// <summary>The status. Responses without a status (ACK) report <see cref="OrderStatus.New"/>: the engine accepted the order.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>The status as the exchange wrote it (empty when the response had none; useful when <see cref="Status"/> is Unknown).</summary>
    public string RawStatus { get; init; } = string.Empty;

    /// <summary>The side as the exchange wrote it (empty when the response had none; useful when <see cref="Side"/> is Unknown).</summary>
    public string RawSide { get; init; } = string.Empty;

    /// <summary>The order type as the exchange wrote it (useful when <see cref="Type"/> is Unknown).</summary>
    public string RawType { get; init; } = string.Empty;

    /// <summary>Time in force; Unknown when absent or not known to this version (see <see cref="RawTimeInForce"/>).</summary>
    public TimeInForce TimeInForce { get; init; }

    /// <summary>The time in force as the exchange wrote it (empty when the response had none).</summary>
    public string RawTimeInForce { get; init; } = string.Empty;

    /// <summary>When the exchange accepted the order (or processed the request); null when the response did not say.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Last update time; null when the response did not say.</summary>
    public DateTimeOffset? UpdateTime { get; init; }

    /// <summary>The id of the order list the order belongs to; Binance sends -1 for an order outside a list. Null when the response did not say.</summary>
    public long? OrderListId { get; init; }

    /// <summary>The client order id of the cancel request (cancel responses only; <see cref="ClientOrderId"/> is the canceled order's); null otherwise.</summary>
    public string? CancelClientOrderId { get; init; }

    /// <summary>The quote quantity the order was placed with (<c>origQuoteOrderQty</c>; 0 when placed by base quantity); null when the response did not say.</summary>
    public decimal? OriginalQuoteQuantity { get; init; }

    /// <summary>The iceberg (visible) quantity; null unless the order was placed with one.</summary>
    public decimal? IcebergQuantity { get; init; }

    /// <summary>Whether the order is on the book (false for a pending order of an order list); null when the response did not say.</summary>
    public bool? IsWorking { get; init; }

    /// <summary>When the order started working on the book; null when the response did not say or the order is not working yet (Binance's -1).</summary>
    public DateTimeOffset? WorkingTime { get; init; }

    /// <summary>The order's self-trade prevention mode; null when the response did not say, Unknown when not known to this version (see <see cref="RawSelfTradePreventionMode"/>).</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }

    /// <summary>The self-trade prevention mode as the exchange wrote it; null when the response did not say.</summary>
    public string? RawSelfTradePreventionMode { get; init; }

    /// <summary>The prevented match id, when the order expired because of self-trade prevention; null otherwise.</summary>
    public long? PreventedMatchId { get; init; }

    /// <summary>The quantity that expired because of self-trade prevention; null otherwise.</summary>
    public decimal? PreventedQuantity { get; init; }

    /// <summary>The strategy id given when the order was placed (64-bit); null when none was given.</summary>
    public long? StrategyId { get; init; }

    /// <summary>The strategy type given when the order was placed (Binance requires ≥ 1,000,000); null when none was given.</summary>
    public long? StrategyType { get; init; }

    /// <summary>The trailing delta in basis points, for trailing stop orders; null otherwise.</summary>
    public long? TrailingDelta { get; init; }

    /// <summary>When the trailing stop started tracking the price; null for other orders or while not active yet (Binance's -1).</summary>
    public DateTimeOffset? TrailingTime { get; init; }

    /// <summary>Whether the order was placed through the smart order router; null when the response did not say.</summary>
    public bool? UsedSor { get; init; }

    /// <summary>Where the order is being filled (SOR orders); null when the response did not say, Unknown when not known to this version (see <see cref="RawWorkingFloor"/>).</summary>
    public WorkingFloor? WorkingFloor { get; init; }

    /// <summary>The working floor as the exchange wrote it; null when the response did not say.</summary>
    public string? RawWorkingFloor { get; init; }

    /// <summary>The price a pegged order follows; null for orders that are not pegged, Unknown when not known to this version (see <see cref="RawPegPriceType"/>).</summary>
    public PegPriceType? PegPriceType { get; init; }

    /// <summary>The peg price type as the exchange wrote it; null for orders that are not pegged.</summary>
    public string? RawPegPriceType { get; init; }

    /// <summary>How the peg offset is expressed; null unless the pegged order asked for an offset (see <see cref="RawPegOffsetType"/>).</summary>
    public PegOffsetType? PegOffsetType { get; init; }

    /// <summary>The peg offset type as the exchange wrote it; null unless the pegged order asked for an offset.</summary>
    public string? RawPegOffsetType { get; init; }

    /// <summary>The peg offset (price levels); null unless the pegged order asked for an offset.</summary>
    public int? PegOffsetValue { get; init; }

    /// <summary>The price the pegged order currently sits at; null for other orders or until it is determined.</summary>
    public decimal? PeggedPrice { get; init; }

    /// <summary>Why the order expired; null unless it expired, Unknown when not known to this version (see <see cref="RawExpiryReason"/>).</summary>
    public ExpiryReason? ExpiryReason { get; init; }

    /// <summary>The expiry reason as the exchange wrote it; null unless the order expired.</summary>
    public string? RawExpiryReason { get; init; }

    /// <summary>Fills returned with the order (FULL responses).</summary>
    public IReadOnlyList<OrderFill> Fills { get; init; } = [];

    /// <summary>Round-trip latency of the placing request in milliseconds (0 when not placed by this process).</summary>
    public double LatencyMs { get; init; }

    /// <summary>Slippage in percent of the reference price: positive is worse than expected for the side. Null without a reference or fills.</summary>
    public decimal? SlippagePercent { get; init; }

    /// <summary>Average fill price; null when nothing filled or the figures are not known.</summary>
    public decimal? AveragePrice => FilledQuantity is > 0 && CumulativeQuoteQuantity is { } quote ? quote / FilledQuantity.Value : null;

    /// <summary>Whether the order can still trade.</summary>
    public bool IsOpen => Status is OrderStatus.New or OrderStatus.PartiallyFilled or OrderStatus.PendingNew;
}

/// <summary>The result of a test order (<c>POST /api/v3/order/test</c>).</summary>
/// <param name="StandardCommission">Standard commission rates of the order's trades (<c>maker</c>, <c>taker</c>), when asked for (<c>computeCommissionRates</c>); empty otherwise.</param>
public sealed record TestOrderResult(IReadOnlyDictionary<string, decimal> StandardCommission)
{
    /// <summary>Special commission rates of the order's trades (<c>maker</c>, <c>taker</c>); null when not asked for.</summary>
    public IReadOnlyDictionary<string, decimal>? SpecialCommission { get; init; }

    /// <summary>Tax commission rates of the order's trades (<c>maker</c>, <c>taker</c>); null when not asked for.</summary>
    public IReadOnlyDictionary<string, decimal>? TaxCommission { get; init; }

    /// <summary>The discount on standard commissions when paying in BNB; null when not asked for.</summary>
    public CommissionDiscount? Discount { get; init; }
}

/// <summary>The discount on standard commissions when paying them in the discount asset (BNB).</summary>
/// <param name="EnabledForAccount">Whether the account has the discount enabled.</param>
/// <param name="EnabledForSymbol">Whether the symbol allows the discount.</param>
/// <param name="DiscountAsset">The asset commissions must be paid in to get the discount.</param>
/// <param name="Discount">The rate by which the standard commission is reduced (e.g. 0.25).</param>
public sealed record CommissionDiscount(bool EnabledForAccount, bool EnabledForSymbol, string DiscountAsset, decimal Discount);
