using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// One <c>executionReport</c> of the user data stream, as the in-memory Binance produces it (user-data-stream.md,
/// "Order Update"): the order as it was right after the execution it reports. Optional members are the documented
/// conditional fields; a null one is left out of the frame.
/// </summary>
internal sealed record MockExecutionReport
{
    /// <summary>The order.</summary>
    public required EngineOrder Order { get; init; }

    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The client order id shown in <c>c</c>.</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>The original client order id shown in <c>C</c> (cancels), else empty.</summary>
    public string OriginalClientOrderId { get; init; } = string.Empty;

    /// <summary>Execution type <c>x</c>: NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION.</summary>
    public required string ExecutionType { get; init; }

    /// <summary>Order status <c>X</c> after the execution.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>Order quantity <c>q</c> at the time of the execution.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Last executed quantity <c>l</c>.</summary>
    public decimal LastQuantity { get; init; }

    /// <summary>Cumulative filled quantity <c>z</c>.</summary>
    public decimal CumulativeQuantity { get; init; }

    /// <summary>Last executed price <c>L</c>.</summary>
    public decimal LastPrice { get; init; }

    /// <summary>Cumulative quote quantity <c>Z</c>.</summary>
    public decimal CumulativeQuote { get; init; }

    /// <summary>Commission <c>n</c> of this execution.</summary>
    public decimal Commission { get; init; }

    /// <summary>Commission asset <c>N</c>; null when nothing traded.</summary>
    public string? CommissionAsset { get; init; }

    /// <summary>Transaction time <c>T</c> (ms).</summary>
    public required long TransactionTime { get; init; }

    /// <summary>Trade id <c>t</c>, -1 when not a trade.</summary>
    public long TradeId { get; init; } = -1;

    /// <summary>Execution id <c>I</c>.</summary>
    public required long ExecutionId { get; init; }

    /// <summary>Whether the order is on the book <c>w</c>.</summary>
    public bool IsWorking { get; init; }

    /// <summary>Whether this trade is the maker side <c>m</c>.</summary>
    public bool IsMaker { get; init; }

    /// <summary>Working time <c>W</c> (ms); null while the order is not working.</summary>
    public long? WorkingTime { get; init; }

    /// <summary>Order reject reason <c>r</c>.</summary>
    public string RejectReason { get; init; } = "NONE";

    /// <summary>Expiry reason <c>eR</c> (expired orders only).</summary>
    public string? ExpiryReason { get; init; }

    /// <summary>Strategy id <c>j</c>, when placed with one.</summary>
    public long? StrategyId { get; init; }

    /// <summary>Strategy type <c>J</c>, when placed with one.</summary>
    public int? StrategyType { get; init; }

    /// <summary>Self-trade prevention mode <c>V</c>.</summary>
    public string SelfTradePreventionMode { get; init; } = "NONE";

    /// <summary>Prevented match id <c>v</c> (orders expired by STP only; with <see cref="PreventedQuantity"/> and the others).</summary>
    public long? PreventedMatchId { get; init; }

    /// <summary>Prevented quantity <c>A</c>.</summary>
    public decimal? PreventedQuantity { get; init; }

    /// <summary>Last prevented quantity <c>B</c>.</summary>
    public decimal? LastPreventedQuantity { get; init; }

    /// <summary>Trade group id <c>u</c>.</summary>
    public long? TradeGroupId { get; init; }

    /// <summary>Counter order id <c>U</c>.</summary>
    public long? CounterOrderId { get; init; }

    /// <summary>Counter symbol <c>Cs</c>.</summary>
    public string? CounterSymbol { get; init; }

    /// <summary>Prevented execution quantity <c>pl</c>.</summary>
    public decimal? PreventedExecutionQuantity { get; init; }

    /// <summary>Prevented execution price <c>pL</c>.</summary>
    public decimal? PreventedExecutionPrice { get; init; }

    /// <summary>Prevented execution quote quantity <c>pY</c>.</summary>
    public decimal? PreventedExecutionQuote { get; init; }

    /// <summary>Working floor <c>k</c> (SOR orders).</summary>
    public string? WorkingFloor { get; init; }

    /// <summary>Used SOR <c>uS</c> (SOR orders).</summary>
    public bool? UsedSor { get; init; }
}
