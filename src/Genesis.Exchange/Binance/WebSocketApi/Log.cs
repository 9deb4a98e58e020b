using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>Log messages of the WebSocket API client (event ids 3400–3449). Never logs keys or signatures.</summary>
internal static partial class Log
{
    [LoggerMessage(3400, LogLevel.Information, "WebSocket API connection {ConnectionId} connected to {Host}")]
    public static partial void Connected(ILogger logger, string connectionId, string host);

    [LoggerMessage(3401, LogLevel.Warning, "WebSocket API connection attempt {Attempt} failed; next in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(3402, LogLevel.Warning, "WebSocket API connection {ConnectionId} ended: {Reason}; {InFlight} requests in flight have an unknown outcome")]
    public static partial void ConnectionEnded(ILogger logger, string connectionId, string reason, int inFlight);

    [LoggerMessage(3403, LogLevel.Information, "WebSocket API connection {ConnectionId} is being replaced: {Reason}")]
    public static partial void Replacing(ILogger logger, string connectionId, string reason);

    [LoggerMessage(3404, LogLevel.Information, "WebSocket API connection {ConnectionId} logged on (session.logon)")]
    public static partial void LoggedOn(ILogger logger, string connectionId);

    [LoggerMessage(3405, LogLevel.Warning, "WebSocket API connection {ConnectionId}: response to unknown request id {RequestId} (status {Status}), late after a timeout?")]
    public static partial void UnknownResponse(ILogger logger, string connectionId, string? requestId, int status);

    [LoggerMessage(3406, LogLevel.Warning, "WebSocket API connection {ConnectionId}: error without request id, status {Status}: {Error}")]
    public static partial void IdlessError(ILogger logger, string connectionId, int status, string error);

    [LoggerMessage(3407, LogLevel.Warning, "WebSocket API connection {ConnectionId}: ignored a frame ({Reason})")]
    public static partial void IgnoredFrame(ILogger logger, string connectionId, string reason);

    [LoggerMessage(3408, LogLevel.Warning, "WebSocket API connection {ConnectionId}: {Method} request {RequestId} got no response within {TimeoutMs} ms; outcome unknown")]
    public static partial void RequestTimedOut(ILogger logger, string connectionId, string method, string requestId, double timeoutMs);

    [LoggerMessage(3409, LogLevel.Error, "WebSocket API connection {ConnectionId}: the event handler failed")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(3410, LogLevel.Warning, "WebSocket API connection {ConnectionId}: the server announced a shutdown")]
    public static partial void ServerShutdown(ILogger logger, string connectionId);

    [LoggerMessage(3411, LogLevel.Warning, "WebSocket API connection {ConnectionId}: quiet for {Quiet} and the ping probe failed; recycling")]
    public static partial void ProbeFailed(ILogger logger, string connectionId, TimeSpan quiet);

    [LoggerMessage(3412, LogLevel.Error, "User data subscription {SubscriptionId} ended: {Reason}")]
    public static partial void UserDataEnded(ILogger logger, int subscriptionId, string reason);

    [LoggerMessage(3413, LogLevel.Information, "User data subscription re-established on connection {ConnectionId} as {SubscriptionId}")]
    public static partial void UserDataResubscribed(ILogger logger, string connectionId, int subscriptionId);

    [LoggerMessage(3414, LogLevel.Error, "User data resubscription on connection {ConnectionId} failed")]
    public static partial void UserDataResubscribeFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(3430, LogLevel.Warning, "{Method} request {CorrelationId}: the WebSocket API is down ({Reason}); sent over REST instead")]
    public static partial void OrderEntryFellBackToRest(ILogger logger, string method, string correlationId, string reason);

    [LoggerMessage(3431, LogLevel.Information, "User data stream: eventStreamTerminated received; subscribing again")]
    public static partial void UserDataStreamTerminated(ILogger logger);

    [LoggerMessage(3432, LogLevel.Warning, "User data stream: subscribing again failed (attempt {Attempt}); next try in {Delay}")]
    public static partial void UserDataRestartFailed(ILogger logger, Exception exception, int attempt, TimeSpan delay);
}
