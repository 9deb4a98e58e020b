using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>Log messages of the fake server.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Fake Binance server listening on {RestBaseUrl}")]
    public static partial void Started(ILogger logger, Uri restBaseUrl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The backend failed on {Endpoint}; answering -1000")]
    public static partial void BackendFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Method} {Path} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Stream connection {ConnectionId} ended: {Reason}")]
    public static partial void StreamEnded(ILogger logger, long connectionId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Stream connection {ConnectionId} dropped as a slow consumer ({Capacity} messages queued)")]
    public static partial void SlowConsumer(ILogger logger, long connectionId, int capacity);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Stream connection {ConnectionId} failed")]
    public static partial void StreamFailed(ILogger logger, long connectionId, Exception exception);
}
