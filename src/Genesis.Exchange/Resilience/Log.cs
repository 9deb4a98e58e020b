using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Resilience;

/// <summary>Log messages of the resilience decorators (event ids 4000–4099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Rate limit {LimitType} per {Window} reached its ceiling {Ceiling} of {Limit} (used {Used}); requests wait until {WindowResetsAt:o}")]
    public static partial void RateLimitCeilingReached(this ILogger logger, RateLimitType limitType, TimeSpan window, int ceiling, int limit, long used, DateTimeOffset windowResetsAt);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "HTTP 429 for request {CorrelationId} ({Endpoint}): no request is sent for {RetryAfter}")]
    public static partial void RateLimitBroken(this ILogger logger, string correlationId, string endpoint, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error,
        Message = "HTTP 418 for request {CorrelationId} ({Endpoint}): IP banned for {RetryAfter}; every request fails fast until then")]
    public static partial void IpBanned(this ILogger logger, string correlationId, string endpoint, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "Rate limits updated: {Count} limits tracked")]
    public static partial void RateLimitsUpdated(this ILogger logger, int count);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning,
        Message = "Request {CorrelationId} ({Endpoint}) waited {MaxWait} for the rate limits without a permit; it was not sent")]
    public static partial void RateLimitWaitExceeded(this ILogger logger, string correlationId, string endpoint, TimeSpan maxWait);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning,
        Message = "WebSocket connection attempts reached their ceiling {Ceiling} of {Limit} per {Window}; attempts wait until {FreeAt:o}")]
    public static partial void ConnectionAttemptCeilingReached(this ILogger logger, int ceiling, int limit, TimeSpan window, DateTimeOffset freeAt);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning,
        Message = "Circuit breaker changed from {OldState} to {NewState}")]
    public static partial void CircuitStateChanged(this ILogger logger, CircuitState oldState, CircuitState newState);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug,
        Message = "Circuit breaker is {State}: request {CorrelationId} ({Endpoint}) failed fast")]
    public static partial void CircuitRejected(this ILogger logger, CircuitState state, string correlationId, string endpoint);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error,
        Message = "A circuit breaker StateChanged handler threw on the change from {OldState} to {NewState}; the call's result is unchanged")]
    public static partial void CircuitStateChangedHandlerFailed(this ILogger logger, Exception exception, CircuitState oldState, CircuitState newState);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning,
        Message = "Request {CorrelationId} ({Endpoint}) failed on attempt {Attempt} ({Reason}); retrying in {Delay}")]
    public static partial void Retrying(this ILogger logger, string correlationId, string endpoint, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information,
        Message = "Server time synchronized: offset {Offset}, round trip {RoundTrip}")]
    public static partial void TimeSynchronized(this ILogger logger, TimeSpan offset, TimeSpan roundTrip);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning,
        Message = "Server time synchronization failed ({Reason}); keeping offset {Offset} measured at {LastSync:o}; next attempt in {RetryIn} at the earliest")]
    public static partial void TimeSyncFailed(this ILogger logger, string reason, TimeSpan offset, DateTimeOffset? lastSync, TimeSpan retryIn);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning,
        Message = "Request {CorrelationId} ({Endpoint}) was rejected with -1021 (timestamp outside recvWindow); resynchronizing and sending it once more")]
    public static partial void TimestampRejected(this ILogger logger, string correlationId, string endpoint);
}
