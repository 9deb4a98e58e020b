using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Tracking;

/// <summary>User data events and exchange records, built the way the exchange sends them.</summary>
internal static class TrackerEvents
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static long _executionId = 1000;

    public static ExecutionReport New(string clientOrderId, long orderId, OrderSide side = OrderSide.Buy, decimal quantity = 3m, decimal price = 100m, string symbol = "BTCUSDT") => new()
    {
        Symbol = symbol,
        ClientOrderId = clientOrderId,
        Side = side,
        Type = OrderType.Limit,
        Quantity = quantity,
        Price = price,
        ExecutionType = ExecutionType.New,
        Status = OrderStatus.New,
        OrderId = orderId,
        ExecutionId = Interlocked.Increment(ref _executionId),
        TransactionTime = T0,
        IsOnBook = true,
    };

    /// <summary>A fill report: <paramref name="cumulative"/> / <paramref name="cumulativeQuote"/> are the order's totals after it.</summary>
    public static ExecutionReport Trade(ExecutionReport order, long tradeId, decimal quantity, decimal price, decimal cumulative, decimal cumulativeQuote, decimal commission = 0.001m, string commissionAsset = "BNB") => order with
    {
        ExecutionType = ExecutionType.Trade,
        Status = cumulative >= order.Quantity ? OrderStatus.Filled : OrderStatus.PartiallyFilled,
        TradeId = tradeId,
        ExecutionId = Interlocked.Increment(ref _executionId),
        LastExecutedQuantity = quantity,
        LastExecutedPrice = price,
        LastQuoteQuantity = quantity * price,
        CumulativeFilledQuantity = cumulative,
        CumulativeQuoteQuantity = cumulativeQuote,
        Commission = commission,
        CommissionAsset = commissionAsset,
        TransactionTime = T0.AddMilliseconds(tradeId),
    };

    public static ExecutionReport Canceled(ExecutionReport order, string cancelClientOrderId) => order with
    {
        ClientOrderId = cancelClientOrderId,
        OriginalClientOrderId = order.ClientOrderId,
        ExecutionType = ExecutionType.Canceled,
        Status = OrderStatus.Canceled,
        ExecutionId = Interlocked.Increment(ref _executionId),
        LastExecutedQuantity = 0m,
        TradeId = -1,
        TransactionTime = order.TransactionTime.AddSeconds(1),
    };

    public static Order Order(string clientOrderId, long orderId, OrderStatus status, decimal filled, decimal quote, decimal quantity = 3m, OrderSide side = OrderSide.Buy, string symbol = "BTCUSDT") => new()
    {
        Id = clientOrderId,
        ExchangeOrderId = orderId,
        ClientOrderId = clientOrderId,
        Symbol = symbol,
        Type = OrderType.Limit,
        Side = side,
        Price = 100m,
        Quantity = quantity,
        FilledQuantity = filled,
        CumulativeQuoteQuantity = quote,
        Status = status,
        UpdateTime = T0.AddMinutes(1),
    };

    public static AccountTrade Fill(long tradeId, long orderId, decimal quantity, decimal price, decimal commission = 0.001m, string symbol = "BTCUSDT") =>
        new(symbol, tradeId, orderId, price, quantity, quantity * price, commission, "BNB", T0.AddMilliseconds(tradeId), true, false, true);
}
