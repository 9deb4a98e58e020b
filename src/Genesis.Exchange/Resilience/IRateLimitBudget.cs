using Genesis.Exchange.Models;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// The client's share of the exchange's rate limits: every limit exchange info declares, counted in windows fixed to
/// the clock. The in-memory implementation serves one process; a shared store (e.g. Redis) can replace it so that
/// several processes behind one IP or account draw from one budget.
/// </summary>
public interface IRateLimitBudget
{
    /// <summary>
    /// Reserves <paramref name="weight"/> REQUEST_WEIGHT, one RAW_REQUESTS and, when <paramref name="countsAsOrder"/>,
    /// one ORDERS on every order limit; waits (first come, first served) while any limit would go above its ceiling
    /// or while a 429 pause lasts.
    /// </summary>
    /// <param name="weight">The request weight.</param>
    /// <param name="countsAsOrder">Whether the request counts in the ORDERS limits.</param>
    /// <param name="cancellationToken">Cancels the wait; nothing is reserved when the wait is canceled.</param>
    /// <returns>The time (on the budget's clock) the permit was granted; pass it to <see cref="ReconcileUsage"/>.</returns>
    /// <exception cref="Errors.IpBannedException">The IP is banned; the request must not be sent.</exception>
    ValueTask<DateTimeOffset> AcquireAsync(int weight, bool countsAsOrder, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves one WebSocket connection attempt (stream or WebSocket API connection, including reconnects) in the
    /// per-IP budget of <see cref="Options.RateLimitOptions.ConnectionAttemptLimit"/> attempts per
    /// <see cref="Options.RateLimitOptions.ConnectionAttemptWindow"/> (300 per 5 minutes at Binance; the ceiling is
    /// that times <see cref="Options.RateLimitOptions.MaxUtilization"/>, 240 by default). The window slides: an attempt
    /// counts for exactly one window after it was granted, so no window of that length, however aligned, holds more
    /// than the ceiling. Waits (first come, first served) while the ceiling is reached. An attempt is never released:
    /// a failed connection attempt still counts at Binance. The 429 pause of REST does not hold connection attempts back.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait; nothing is reserved when the wait is canceled.</param>
    /// <returns>The time (on the budget's clock) the attempt was granted.</returns>
    /// <exception cref="Errors.IpBannedException">The IP is banned; the connection must not be attempted.</exception>
    ValueTask<DateTimeOffset> AcquireConnectionAttemptAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a granted request as answered (or failed). Until then its cost is also carried into the next window
    /// when the window rolls, because the exchange counts a request when it receives it, which may be after the roll.
    /// </summary>
    /// <param name="weight">The weight given to <see cref="AcquireAsync"/>.</param>
    /// <param name="countsAsOrder">The flag given to <see cref="AcquireAsync"/>.</param>
    void Release(int weight, bool countsAsOrder);

    /// <summary>Raises the local count of a window to the server's count when the server counted more.</summary>
    /// <param name="type">The limit type (REQUEST_WEIGHT for <c>X-MBX-USED-WEIGHT-*</c>, ORDERS for <c>X-MBX-ORDER-COUNT-*</c>).</param>
    /// <param name="window">The window the header names, e.g. one minute for <c>1M</c>.</param>
    /// <param name="serverUsed">The count the server reported.</param>
    /// <param name="grantedAt">When the request's permit was granted; counts from a window that has since rolled are ignored.</param>
    void ReconcileUsage(RateLimitType type, TimeSpan window, long serverUsed, DateTimeOffset grantedAt);

    /// <summary>Replaces the tracked limits with those exchange info declares; counts of limits that remain are kept.</summary>
    /// <param name="limits">The declared limits.</param>
    void UpdateLimits(IReadOnlyList<RateLimit> limits);

    /// <summary>Stops granting permits for <paramref name="duration"/> (after HTTP 429 and its Retry-After).</summary>
    /// <param name="duration">How long to pause.</param>
    void PauseFor(TimeSpan duration);

    /// <summary>Records an IP ban (HTTP 418): permits fail fast with <see cref="Errors.IpBannedException"/> for <paramref name="duration"/>.</summary>
    /// <param name="duration">How long the ban lasts (the 418's Retry-After).</param>
    void BanFor(TimeSpan duration);

    /// <summary>When the current IP ban ends, or null when there is none.</summary>
    DateTimeOffset? BannedUntil { get; }

    /// <summary>The usage of every tracked limit in its current window.</summary>
    /// <returns>One entry per limit.</returns>
    IReadOnlyList<RateLimitUsage> GetUsage();
}

/// <summary>
/// A budget that can grant a permit at once without waiting (the common case), so the caller arms no wait-limit timer
/// and links no token for it. <see cref="IRateLimitBudget.AcquireAsync"/> remains the full path.
/// </summary>
internal interface IImmediatePermit
{
    /// <summary>Takes a permit if one is available now, with no queue to respect and no ban or pause in force.</summary>
    /// <param name="weight">The request weight.</param>
    /// <param name="countsAsOrder">Whether it counts against the ORDERS limits.</param>
    /// <param name="grantedAt">When it was granted.</param>
    /// <returns>False when the request must go through <see cref="IRateLimitBudget.AcquireAsync"/>.</returns>
    bool TryAcquireNow(int weight, bool countsAsOrder, out DateTimeOffset grantedAt);
}
