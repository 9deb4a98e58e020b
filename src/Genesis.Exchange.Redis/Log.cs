using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Redis;

/// <summary>Log messages of the Redis rate limit budget (event ids 4100–4149).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Redis rate limit budget unreachable ({Reason}); falling back to the in-memory budget at 1/{FleetSize} of each ceiling until Redis is back")]
    public static partial void RedisBudgetDegraded(this ILogger logger, string reason, int fleetSize, Exception? exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Redis rate limit budget reachable again after {Duration}; the fleet shares one budget again")]
    public static partial void RedisBudgetResumed(this ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Shared rate limit {LimitType} per {Window} reached its ceiling {Ceiling} (fleet used {Used}); requests wait until {RetryAt:o}")]
    public static partial void SharedCeilingReached(this ILogger logger, RateLimitType limitType, TimeSpan window, int ceiling, long used, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "Could not share a {Kind} with the fleet through Redis ({Reason}); it applies to this process only")]
    public static partial void SharedSignalFailed(this ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning,
        Message = "Redis rate limit budget sync failed ({Reason}); usage reports are kept for the next call")]
    public static partial void SyncFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
        Message = "Shared WebSocket connection attempts reached their ceiling {Ceiling} per {Window} (fleet attempts {Used}); attempts wait until {RetryAt:o}")]
    public static partial void SharedConnectionCeilingReached(this ILogger logger, int ceiling, TimeSpan window, long used, DateTimeOffset retryAt);
}
