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
public sealed record OrderFill(decimal Price, decimal Quantity, decimal? Commission, string? CommissionAsset, long? TradeId);

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
/// <param name="StandardCommission">Standard commission rates, when asked for.</param>
public sealed record TestOrderResult(IReadOnlyDictionary<string, decimal> StandardCommission);
