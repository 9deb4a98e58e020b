using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>Log messages of the REST layer. Paths only: query strings, keys and signatures are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Sending {Method} {Path} (weight {Weight}, attempt {Attempt})")]
    public static partial void Sending(ILogger logger, string method, string path, int weight, int attempt);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {LatencyMs:0.0} ms (weight {Weight}, used weight {UsedWeight})")]
    public static partial void Received(ILogger logger, string method, string path, int status, double latencyMs, int weight, string? usedWeight);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Method} {Path} timed out after {TimeoutMs} ms")]
    public static partial void TimedOut(ILogger logger, string method, string path, double timeoutMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{Method} {Path} failed to connect: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Order {ClientOrderId} on {Symbol} ended in unknown status ({Reason}); reconciling by client order id")]
    public static partial void Reconciling(ILogger logger, string clientOrderId, string symbol, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Order {ClientOrderId} reconciled: status {Status}, exchange id {ExchangeOrderId}")]
    public static partial void Reconciled(ILogger logger, string clientOrderId, string status, long exchangeOrderId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Order {ClientOrderId} on {Symbol} still unknown after {Queries} reconcile queries ({Outcomes}); it was NOT re-sent")]
    public static partial void ReconcileFailed(ILogger logger, string clientOrderId, string symbol, int queries, string outcomes);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "{Endpoint} answered unknown order after an unclear earlier attempt; order {ClientOrderId} is {Status}")]
    public static partial void CancelSettledByQuery(ILogger logger, string endpoint, string clientOrderId, string status);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Exchange info loaded: {SymbolCount} symbols, {LimitCount} rate limits")]
    public static partial void ExchangeInfoLoaded(ILogger logger, int symbolCount, int limitCount);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Exchange info: skipped a symbol that could not be parsed: {Reason}")]
    public static partial void SymbolSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "Rules of {Symbol} refreshed: status {Status}")]
    public static partial void SymbolRulesRefreshed(ILogger logger, string symbol, string status);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Rules of {Symbol} invalidated by a rejection; they are fetched again on the next call")]
    public static partial void SymbolRulesInvalidated(ILogger logger, string symbol);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Order {ClientOrderId} {Side} {Type} {Symbol} placed: status {Status}, filled {Filled}, latency {LatencyMs:0.0} ms")]
    public static partial void OrderPlaced(ILogger logger, string clientOrderId, string side, string type, string symbol, string status, decimal? filled, double latencyMs);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "{Endpoint} failed: HTTP {Status}, Binance code {Code}")]
    public static partial void RequestFailed(ILogger logger, string endpoint, int status, int? code);
}
