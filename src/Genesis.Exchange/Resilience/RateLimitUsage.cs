using Genesis.Exchange.Models;

namespace Genesis.Exchange.Resilience;

/// <summary>The usage of one rate limit in its current window.</summary>
/// <param name="Type">The limit type.</param>
/// <param name="Window">The window length (fixed to the clock: a minute window resets at :00).</param>
/// <param name="Limit">The exchange's limit per window.</param>
/// <param name="Ceiling">The most the client uses: <c>floor(Limit × MaxUtilization)</c>.</param>
/// <param name="Used">The count in the current window (local reservations, raised to the server's count when it is higher).</param>
/// <param name="WindowResetsAt">When the current window ends.</param>
public sealed record RateLimitUsage(RateLimitType Type, TimeSpan Window, int Limit, int Ceiling, long Used, DateTimeOffset WindowResetsAt);
