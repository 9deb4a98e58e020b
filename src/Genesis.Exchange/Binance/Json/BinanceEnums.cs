using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Json;

/// <summary>Wire names of Binance enums. Unknown values map to the explicit Unknown member, never an exception.</summary>
internal static class BinanceEnums
{
    /// <summary>Parses an order side.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The side or Unknown.</returns>
    public static OrderSide ParseSide(string? value) => value switch
    {
        "BUY" => OrderSide.Buy,
        "SELL" => OrderSide.Sell,
        _ => OrderSide.Unknown,
    };

    /// <summary>Wire name of a side.</summary>
    /// <param name="side">The side.</param>
    /// <returns>BUY or SELL.</returns>
    public static string ToWire(OrderSide side) => side switch
    {
        OrderSide.Buy => "BUY",
        OrderSide.Sell => "SELL",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "Order side must be Buy or Sell."),
    };

    /// <summary>Parses an order type.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The type or Unknown.</returns>
    public static OrderType ParseOrderType(string? value) => value switch
    {
        "LIMIT" => OrderType.Limit,
        "MARKET" => OrderType.Market,
        "LIMIT_MAKER" => OrderType.LimitMaker,
        "STOP_LOSS" => OrderType.StopLoss,
        "STOP_LOSS_LIMIT" => OrderType.StopLossLimit,
        "TAKE_PROFIT" => OrderType.TakeProfit,
        "TAKE_PROFIT_LIMIT" => OrderType.TakeProfitLimit,
        _ => OrderType.Unknown,
    };

    /// <summary>Wire name of an order type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The wire name.</returns>
    public static string ToWire(OrderType type) => type switch
    {
        OrderType.Limit => "LIMIT",
        OrderType.Market => "MARKET",
        OrderType.LimitMaker => "LIMIT_MAKER",
        OrderType.StopLoss => "STOP_LOSS",
        OrderType.StopLossLimit => "STOP_LOSS_LIMIT",
        OrderType.TakeProfit => "TAKE_PROFIT",
        OrderType.TakeProfitLimit => "TAKE_PROFIT_LIMIT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Order type must be set."),
    };

    /// <summary>Parses a time in force.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The value or Unknown.</returns>
    public static TimeInForce ParseTimeInForce(string? value) => value switch
    {
        "GTC" => TimeInForce.Gtc,
        "IOC" => TimeInForce.Ioc,
        "FOK" => TimeInForce.Fok,
        _ => TimeInForce.Unknown,
    };

    /// <summary>Wire name of a time in force.</summary>
    /// <param name="tif">The value.</param>
    /// <returns>The wire name.</returns>
    public static string ToWire(TimeInForce tif) => tif switch
    {
        TimeInForce.Gtc => "GTC",
        TimeInForce.Ioc => "IOC",
        TimeInForce.Fok => "FOK",
        _ => throw new ArgumentOutOfRangeException(nameof(tif), tif, "Time in force must be GTC, IOC or FOK."),
    };

    /// <summary>Parses an order status.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The status or Unknown.</returns>
    public static OrderStatus ParseOrderStatus(string? value) => value switch
    {
        "NEW" => OrderStatus.New,
        "PENDING_NEW" => OrderStatus.PendingNew,
        "PARTIALLY_FILLED" => OrderStatus.PartiallyFilled,
        "FILLED" => OrderStatus.Filled,
        "CANCELED" => OrderStatus.Canceled,
        "PENDING_CANCEL" => OrderStatus.PendingCancel,
        "REJECTED" => OrderStatus.Rejected,
        "EXPIRED" => OrderStatus.Expired,
        "EXPIRED_IN_MATCH" => OrderStatus.ExpiredInMatch,
        _ => OrderStatus.Unknown,
    };

    /// <summary>Wire name of an order status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The wire name.</returns>
    public static string ToWire(OrderStatus status) => status switch
    {
        OrderStatus.New => "NEW",
        OrderStatus.PendingNew => "PENDING_NEW",
        OrderStatus.PartiallyFilled => "PARTIALLY_FILLED",
        OrderStatus.Filled => "FILLED",
        OrderStatus.Canceled => "CANCELED",
        OrderStatus.PendingCancel => "PENDING_CANCEL",
        OrderStatus.Rejected => "REJECTED",
        OrderStatus.Expired => "EXPIRED",
        OrderStatus.ExpiredInMatch => "EXPIRED_IN_MATCH",
        _ => "UNKNOWN",
    };

    /// <summary>Parses a symbol status.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The status or Unknown.</returns>
    public static SymbolStatus ParseSymbolStatus(string? value) => value switch
    {
        "PRE_TRADING" => SymbolStatus.PreTrading,
        "TRADING" => SymbolStatus.Trading,
        "POST_TRADING" => SymbolStatus.PostTrading,
        "END_OF_DAY" => SymbolStatus.EndOfDay,
        "HALT" => SymbolStatus.Halt,
        "AUCTION_MATCH" => SymbolStatus.AuctionMatch,
        "BREAK" => SymbolStatus.Break,
        "CANCEL_ONLY" => SymbolStatus.CancelOnly,
        _ => SymbolStatus.Unknown,
    };

    /// <summary>Parses a rate limit type.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The type or Unknown.</returns>
    public static RateLimitType ParseRateLimitType(string? value) => value switch
    {
        "REQUEST_WEIGHT" => RateLimitType.RequestWeight,
        "ORDERS" => RateLimitType.Orders,
        "RAW_REQUESTS" => RateLimitType.RawRequests,
        _ => RateLimitType.Unknown,
    };

    /// <summary>Parses a rate limit interval.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The interval or Unknown.</returns>
    public static RateLimitInterval ParseInterval(string? value) => value switch
    {
        "SECOND" => RateLimitInterval.Second,
        "MINUTE" => RateLimitInterval.Minute,
        "HOUR" => RateLimitInterval.Hour,
        "DAY" => RateLimitInterval.Day,
        _ => RateLimitInterval.Unknown,
    };

    /// <summary>Wire name of an order response type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>ACK, RESULT, FULL or null for the default.</returns>
    public static string? ToWire(OrderResponseType type) => type switch
    {
        OrderResponseType.Ack => "ACK",
        OrderResponseType.Result => "RESULT",
        OrderResponseType.Full => "FULL",
        _ => null,
    };

    /// <summary>The wire names of the order types (index = <see cref="OrderType"/> − 1).</summary>
    public static readonly WireNames OrderTypeNames = new("LIMIT", "MARKET", "LIMIT_MAKER", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT");

    /// <summary>The wire names of the self-trade prevention modes (index = <see cref="SelfTradePreventionMode"/> − 1).</summary>
    public static readonly WireNames SelfTradePreventionModeNames = new("NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT", "TRANSFER");

    /// <summary>The wire names of the peg price types (index = <see cref="PegPriceType"/> − 1).</summary>
    public static readonly WireNames PegPriceTypeNames = new("PRIMARY_PEG", "MARKET_PEG");

    /// <summary>The wire names of the peg offset types (index = <see cref="PegOffsetType"/> − 1).</summary>
    public static readonly WireNames PegOffsetTypeNames = new("PRICE_LEVEL");

    /// <summary>The wire names of the working floors (index = <see cref="WorkingFloor"/> − 1).</summary>
    public static readonly WireNames WorkingFloorNames = new("EXCHANGE", "SOR");

    /// <summary>The wire names of the expiry reasons (index = <see cref="ExpiryReason"/> − 1).</summary>
    public static readonly WireNames ExpiryReasonNames = new(
        "NONE", "REJECTED", "EXCHANGE_CANCELED", "OCO_TRIGGER", "OTO_PHASE_ONE_EXPIRED", "UNFILLED_IOC_QUANTITY_EXPIRED",
        "UNFILLED_FOK_ORDER_EXPIRED", "INSUFFICIENT_LIQUIDITY", "EXECUTION_RULE_PRICE_RANGE_EXCEEDED");

    /// <summary>
    /// The enum member whose wire name is <paramref name="value"/>: members are declared in the order of
    /// <paramref name="names"/> after Unknown (0), so the member is the name's index + 1; Unknown when not listed.
    /// </summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="value">The wire value.</param>
    /// <param name="names">The wire names in member order.</param>
    /// <returns>The member, or Unknown.</returns>
    public static TEnum Parse<TEnum>(string? value, WireNames names)
        where TEnum : struct, Enum
    {
        var number = names.IndexOf(value) + 1;
        return System.Runtime.CompilerServices.Unsafe.As<int, TEnum>(ref number);
    }

    /// <summary>Parses a self-trade prevention mode.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The mode or Unknown.</returns>
    public static SelfTradePreventionMode ParseSelfTradePreventionMode(string? value) => Parse<SelfTradePreventionMode>(value, SelfTradePreventionModeNames);

    /// <summary>Parses a peg price type.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The type or Unknown.</returns>
    public static PegPriceType ParsePegPriceType(string? value) => Parse<PegPriceType>(value, PegPriceTypeNames);

    /// <summary>Parses a peg offset type.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The type or Unknown.</returns>
    public static PegOffsetType ParsePegOffsetType(string? value) => Parse<PegOffsetType>(value, PegOffsetTypeNames);

    /// <summary>Parses a working floor.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The floor or Unknown.</returns>
    public static WorkingFloor ParseWorkingFloor(string? value) => Parse<WorkingFloor>(value, WorkingFloorNames);

    /// <summary>Parses an expiry reason.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The reason or Unknown.</returns>
    public static ExpiryReason ParseExpiryReason(string? value) => Parse<ExpiryReason>(value, ExpiryReasonNames);
}
