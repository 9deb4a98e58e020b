using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>Log messages of the market stream client (event ids 3000–3099).</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Stream connection {ConnectionId} connecting to {Host} with {StreamCount} streams (attempt {Attempt})")]
    public static partial void Connecting(ILogger logger, string connectionId, string host, int streamCount, int attempt);

    [LoggerMessage(3001, LogLevel.Information, "Stream connection {ConnectionId} subscribed {StreamCount} streams (request {RequestId} confirmed)")]
    public static partial void Subscribed(ILogger logger, string connectionId, int streamCount, long requestId);

    [LoggerMessage(3002, LogLevel.Warning, "Stream connection {ConnectionId} failed to connect (attempt {Attempt})")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string connectionId, int attempt);

    [LoggerMessage(3003, LogLevel.Warning, "Stream connection {ConnectionId} ended: {Reason}; reconnecting in {Delay}")]
    public static partial void ConnectionEnded(ILogger logger, string connectionId, string reason, TimeSpan delay);

    [LoggerMessage(3004, LogLevel.Warning, "Stream connection {ConnectionId}: {Method} request {RequestId} for {Streams} not confirmed: {Error}")]
    public static partial void ControlNotConfirmed(ILogger logger, string connectionId, string method, long requestId, string streams, string error);

    [LoggerMessage(3005, LogLevel.Error, "Stream connection {ConnectionId} rejected a message on {StreamName}: {Reason}")]
    public static partial void MalformedMessage(ILogger logger, string connectionId, string? streamName, string reason);

    [LoggerMessage(3006, LogLevel.Error, "Stream connection {ConnectionId} dropped an oversized message of at least {Bytes} bytes (limit {MaxBytes})")]
    public static partial void OversizedMessage(ILogger logger, string connectionId, long bytes, int maxBytes);

    [LoggerMessage(3007, LogLevel.Warning, "Stream connection {ConnectionId} received an error without request id: {Error}")]
    public static partial void UnsolicitedError(ILogger logger, string connectionId, string error);

    [LoggerMessage(3008, LogLevel.Warning, "Stream connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(3009, LogLevel.Error, "Stream connection supervisor caught an unexpected fault (connection {ConnectionId}); reconnecting")]
    public static partial void SupervisorFault(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(3016, LogLevel.Debug, "Stream connection {ConnectionId} is quiet but answered the liveness probe")]
    public static partial void ProbeAnswered(ILogger logger, string connectionId);

    [LoggerMessage(3017, LogLevel.Warning, "Stream connection {ConnectionId} sent nothing for {NoDataTimeout} and did not answer LIST_SUBSCRIPTIONS within {Timeout}; replacing it")]
    public static partial void ProbeUnanswered(ILogger logger, string connectionId, TimeSpan noDataTimeout, TimeSpan timeout);

    [LoggerMessage(3018, LogLevel.Error, "The stream server refused to subscribe {StreamName} (code {Code}): {ServerMessage}; its subscriptions end with an error")]
    public static partial void SubscribeRefused(ILogger logger, string streamName, int? code, string serverMessage);

    [LoggerMessage(3019, LogLevel.Warning, "Stream connection attempts reached {Limit} in five minutes; waiting {Delay} before the next")]
    public static partial void ConnectionAttemptsThrottled(ILogger logger, int limit, TimeSpan delay);

    [LoggerMessage(3021, LogLevel.Warning, "Stream connection {ConnectionId}: the server no longer lists {Streams}; subscribing again")]
    public static partial void SubscriptionsLost(ILogger logger, string connectionId, string streams);

    [LoggerMessage(3010, LogLevel.Information, "Trade gap on {Symbol}: last delivered {LastTradeId}, live resumed at {LiveTradeId}; filling over REST")]
    public static partial void GapFillStarted(ILogger logger, string symbol, long lastTradeId, long? liveTradeId);

    [LoggerMessage(3011, LogLevel.Information, "Trade gap on {Symbol} filled with {Count} trades")]
    public static partial void GapFillCompleted(ILogger logger, string symbol, int count);

    [LoggerMessage(3012, LogLevel.Warning, "Trade gap fill on {Symbol} from id {FromId} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void GapFillRetry(ILogger logger, Exception exception, string symbol, long fromId, int attempt, TimeSpan delay);

    [LoggerMessage(3013, LogLevel.Error, "Trade gap fill on {Symbol} from id {FromId} failed; trade subscriptions of {Symbol} end with an error")]
    public static partial void GapFillFailed(ILogger logger, Exception exception, string symbol, long fromId);

    [LoggerMessage(3014, LogLevel.Error, "Trade history of {Symbol} has no trades from id {FromId} although live trade {LiveTradeId} arrived; {Missing} ids could not be recovered")]
    public static partial void GapUnrecoverable(ILogger logger, string symbol, long fromId, long liveTradeId, long missing);

    [LoggerMessage(3015, LogLevel.Warning, "Trade gap fill on {Symbol}: live buffer full ({Capacity} trades); later live trades are recovered over REST instead")]
    public static partial void GapFillBufferFull(ILogger logger, string symbol, int capacity);

    [LoggerMessage(3020, LogLevel.Error, "Subscription to {StreamName} fell behind by {Capacity} items and was ended")]
    public static partial void SubscriberOverflow(ILogger logger, string streamName, int capacity);

    [LoggerMessage(3022, LogLevel.Warning, "Stream connection {ConnectionId} ({Connection}): the server announced a shutdown; opening a replacement")]
    public static partial void ServerShutdownAnnounced(ILogger logger, string connectionId, string connection);

    [LoggerMessage(3023, LogLevel.Information, "Stream connection {Connection}: renewing ({Reason}); the replacement subscribes {StreamCount} streams before the old one closes")]
    public static partial void RenewalStarted(ILogger logger, string connection, string reason, int streamCount);

    [LoggerMessage(3024, LogLevel.Information, "Stream connection {Connection} renewed; the replacement carries {StreamCount} streams")]
    public static partial void Renewed(ILogger logger, string connection, int streamCount);

    [LoggerMessage(3025, LogLevel.Error, "A stream connection event handler threw on {Kind}")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception, string kind);
}
