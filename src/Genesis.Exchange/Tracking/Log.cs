using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Tracking;

/// <summary>Log messages of the order tracker (event ids 3500–3519).</summary>
internal static partial class Log
{
    [LoggerMessage(3500, LogLevel.Warning, "Order tracker: an event handler of {Event} threw; the tracker goes on")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(3501, LogLevel.Warning, "Order tracker: missing fill detected for {Symbol} order {ClientOrderId} (cumulative {Cumulative} after a fill of {Last}, {Known} known); reconciling")]
    public static partial void GapDetected(ILogger logger, string symbol, string clientOrderId, decimal cumulative, decimal last, decimal known);

    [LoggerMessage(3502, LogLevel.Information, "Order tracker reconciled ({Reason}): {OpenOrders} open orders, {Queried} orders queried, {Fills} missed fills added, {Balances} balances")]
    public static partial void Reconciled(ILogger logger, string reason, int openOrders, int queried, int fills, int balances);

    [LoggerMessage(3503, LogLevel.Warning, "Order tracker: reconciliation ({Reason}) failed")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(3504, LogLevel.Warning, "Order tracker: {Symbol} order {ClientOrderId} of unknown outcome is not on the exchange {Elapsed} after sending; marked rejected")]
    public static partial void NotFoundOnExchange(ILogger logger, string symbol, string clientOrderId, TimeSpan elapsed);

    [LoggerMessage(3505, LogLevel.Information, "Order tracker: user data {What}; reconciling")]
    public static partial void StreamInterrupted(ILogger logger, string what);

    [LoggerMessage(3506, LogLevel.Error, "Order tracking: feeding the user data stream to the tracker stopped; call StartOrderTrackingAsync again after fixing the cause")]
    public static partial void FeedStopped(ILogger logger, Exception exception);
}
