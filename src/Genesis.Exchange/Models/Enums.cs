namespace Genesis.Exchange.Models;

/// <summary>The side of an order or trade.</summary>
public enum OrderSide
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>Buy the base asset.</summary>
    Buy,
    /// <summary>Sell the base asset.</summary>
    Sell,
}

/// <summary>Binance spot order types.</summary>
public enum OrderType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>LIMIT.</summary>
    Limit,
    /// <summary>MARKET.</summary>
    Market,
    /// <summary>LIMIT_MAKER (post-only).</summary>
    LimitMaker,
    /// <summary>STOP_LOSS (market order when the stop price is reached).</summary>
    StopLoss,
    /// <summary>STOP_LOSS_LIMIT.</summary>
    StopLossLimit,
    /// <summary>TAKE_PROFIT (market order when the stop price is reached).</summary>
    TakeProfit,
    /// <summary>TAKE_PROFIT_LIMIT.</summary>
    TakeProfitLimit,
}

/// <summary>How long an order stays working.</summary>
public enum TimeInForce
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>Good till canceled.</summary>
    Gtc,
    /// <summary>Immediate or cancel.</summary>
    Ioc,
    /// <summary>Fill or kill.</summary>
    Fok,
}

/// <summary>Order status as reported by the exchange.</summary>
public enum OrderStatus
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>Accepted by the engine.</summary>
    New,
    /// <summary>Pending (order lists).</summary>
    PendingNew,
    /// <summary>Part of the order has been filled.</summary>
    PartiallyFilled,
    /// <summary>The order has been completely filled.</summary>
    Filled,
    /// <summary>Canceled by the user.</summary>
    Canceled,
    /// <summary>Currently unused by Binance.</summary>
    PendingCancel,
    /// <summary>Rejected by the engine.</summary>
    Rejected,
    /// <summary>Expired by the order type rules (IOC, FOK, LIMIT_MAKER, …) or by the exchange.</summary>
    Expired,
    /// <summary>Expired because of self-trade prevention.</summary>
    ExpiredInMatch,
}

/// <summary>Trading status of a symbol.</summary>
public enum SymbolStatus
{
    /// <summary>A value the exchange sent that this version does not know. Treat as not tradable.</summary>
    Unknown = 0,
    /// <summary>PRE_TRADING.</summary>
    PreTrading,
    /// <summary>TRADING: the only status in which new orders are accepted.</summary>
    Trading,
    /// <summary>POST_TRADING.</summary>
    PostTrading,
    /// <summary>END_OF_DAY.</summary>
    EndOfDay,
    /// <summary>HALT.</summary>
    Halt,
    /// <summary>AUCTION_MATCH.</summary>
    AuctionMatch,
    /// <summary>BREAK.</summary>
    Break,
    /// <summary>CANCEL_ONLY: cancels are accepted, new orders are not.</summary>
    CancelOnly,
}

/// <summary>Kinds of exchange rate limit.</summary>
public enum RateLimitType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>REQUEST_WEIGHT (per IP).</summary>
    RequestWeight,
    /// <summary>ORDERS (unfilled order count, per account).</summary>
    Orders,
    /// <summary>RAW_REQUESTS (per IP).</summary>
    RawRequests,
}

/// <summary>Units of a rate limit window.</summary>
public enum RateLimitInterval
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>SECOND.</summary>
    Second,
    /// <summary>MINUTE.</summary>
    Minute,
    /// <summary>HOUR.</summary>
    Hour,
    /// <summary>DAY.</summary>
    Day,
}

/// <summary>The response detail Binance returns for a new order.</summary>
public enum OrderResponseType
{
    /// <summary>Let the exchange choose (FULL for MARKET and LIMIT, ACK otherwise).</summary>
    Default = 0,
    /// <summary>ACK.</summary>
    Ack,
    /// <summary>RESULT.</summary>
    Result,
    /// <summary>FULL (includes fills).</summary>
    Full,
}

/// <summary>The condition of a market, as classified by <see cref="Abstractions.IExchangeGateway.GetMarketStateAsync"/>.</summary>
public enum MarketState
{
    /// <summary>Little movement and little volume: thin, possibly illiquid.</summary>
    Dead = 0,
    /// <summary>Ordinary conditions.</summary>
    Normal,
    /// <summary>Volatility or spread above the volatile thresholds.</summary>
    Volatile,
    /// <summary>Volatility or spread above the panic thresholds.</summary>
    Panic,
    /// <summary>The exchange or the symbol is not trading (maintenance, halt, break).</summary>
    Maintenance,
}

/// <summary>Self-trade prevention modes (Binance <c>STP Modes</c>).</summary>
public enum SelfTradePreventionMode
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>NONE: no self-trade prevention.</summary>
    None,
    /// <summary>EXPIRE_TAKER: the taker order expires.</summary>
    ExpireTaker,
    /// <summary>EXPIRE_MAKER: the maker order expires.</summary>
    ExpireMaker,
    /// <summary>EXPIRE_BOTH: both orders expire.</summary>
    ExpireBoth,
    /// <summary>DECREMENT: both orders' quantities are decreased by the smaller one.</summary>
    Decrement,
    /// <summary>TRANSFER: the matched quantity is transferred between the accounts.</summary>
    Transfer,
}

/// <summary>The price a pegged order follows (<c>pegPriceType</c>).</summary>
public enum PegPriceType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>PRIMARY_PEG: the best price on the order's own side of the book.</summary>
    PrimaryPeg,
    /// <summary>MARKET_PEG: the best price on the opposite side of the book.</summary>
    MarketPeg,
}

/// <summary>How a pegged order's offset is expressed (<c>pegOffsetType</c>).</summary>
public enum PegOffsetType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>PRICE_LEVEL: the offset counts price levels away from the best one.</summary>
    PriceLevel,
}

/// <summary>Where an order is being filled (<c>workingFloor</c>).</summary>
public enum WorkingFloor
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>EXCHANGE: the order book the order was sent to.</summary>
    Exchange,
    /// <summary>SOR: the smart order router.</summary>
    Sor,
}

/// <summary>Why an order expired (<c>expiryReason</c>).</summary>
public enum ExpiryReason
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>NONE.</summary>
    None,
    /// <summary>REJECTED.</summary>
    Rejected,
    /// <summary>EXCHANGE_CANCELED: canceled by the exchange.</summary>
    ExchangeCanceled,
    /// <summary>OCO_TRIGGER: the other leg of an OCO triggered.</summary>
    OcoTrigger,
    /// <summary>OTO_PHASE_ONE_EXPIRED: the working order of an OTO expired.</summary>
    OtoPhaseOneExpired,
    /// <summary>UNFILLED_IOC_QUANTITY_EXPIRED: the unfilled part of an IOC order.</summary>
    UnfilledIocQuantityExpired,
    /// <summary>UNFILLED_FOK_ORDER_EXPIRED: a FOK order that could not fill completely.</summary>
    UnfilledFokOrderExpired,
    /// <summary>INSUFFICIENT_LIQUIDITY.</summary>
    InsufficientLiquidity,
    /// <summary>EXECUTION_RULE_PRICE_RANGE_EXCEEDED: the price left the symbol's execution rule range.</summary>
    ExecutionRulePriceRangeExceeded,
}
