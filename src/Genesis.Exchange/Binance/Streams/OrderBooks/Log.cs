using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>Log messages of the local order books (event ids 3100–3199).</summary>
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Information, "Order book {Symbol} is live at update id {UpdateId} (snapshot {SnapshotId}, {Applied} buffered events applied)")]
    public static partial void Live(ILogger logger, string symbol, long updateId, long snapshotId, int applied);

    [LoggerMessage(3101, LogLevel.Warning, "Order book {Symbol} resynchronising: {Reason} (book at {UpdateId}, event U={FirstUpdateId} u={FinalUpdateId})")]
    public static partial void Resync(ILogger logger, string symbol, string reason, long updateId, long firstUpdateId, long finalUpdateId);

    [LoggerMessage(3102, LogLevel.Debug, "Order book {Symbol}: snapshot {SnapshotId} is older than the first buffered event U={FirstUpdateId}; fetching again")]
    public static partial void StaleSnapshot(ILogger logger, string symbol, long snapshotId, long firstUpdateId);

    [LoggerMessage(3103, LogLevel.Warning, "Order book {Symbol}: snapshot request failed; retrying in {Delay}")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, string symbol, TimeSpan delay);

    [LoggerMessage(3104, LogLevel.Warning, "Order book {Symbol}: {Count} buffered events exceed the limit; buffering again")]
    public static partial void BufferOverflow(ILogger logger, string symbol, int count);

    [LoggerMessage(3105, LogLevel.Warning, "Order book {Symbol}: the diff-depth subscription ended; subscribing again in {Delay}")]
    public static partial void SubscriptionLost(ILogger logger, Exception exception, string symbol, TimeSpan delay);

    [LoggerMessage(3106, LogLevel.Error, "Order book {Symbol}: the diff-depth stream was refused; the book is faulted")]
    public static partial void StreamRefused(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(3107, LogLevel.Error, "Order book {Symbol}: cross-check at update id {UpdateId} found the book different from the REST snapshot")]
    public static partial void CrossCheckMismatch(ILogger logger, string symbol, long updateId);

    [LoggerMessage(3108, LogLevel.Warning, "Order book {Symbol}: cross-check snapshot request failed")]
    public static partial void CrossCheckFailed(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(3109, LogLevel.Error, "Order book {Symbol}: a Changed handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(3110, LogLevel.Error, "Order book {Symbol}: an event could not be applied; resynchronising")]
    public static partial void ApplyFailed(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(3111, LogLevel.Critical, "Order book {Symbol} failed unexpectedly; the book is faulted")]
    public static partial void UnexpectedFault(ILogger logger, Exception exception, string symbol);
}
