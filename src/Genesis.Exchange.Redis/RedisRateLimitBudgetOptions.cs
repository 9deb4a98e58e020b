namespace Genesis.Exchange.Redis;

/// <summary>
/// Settings of <see cref="RedisRateLimitBudget"/>: where the shared counters live, who shares them, and what each process
/// does while Redis cannot be reached.
/// </summary>
public sealed class RedisRateLimitBudgetOptions
{
    /// <summary>
    /// The prefix of every key, used as a Redis Cluster hash tag (<c>{prefix}:…</c>) so that one script can touch all the
    /// keys of a request. Processes that must share a budget use the same prefix. Default <c>genesis</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "genesis";

    /// <summary>
    /// The name of the public IP (or NAT address) the processes send from. REQUEST_WEIGHT, RAW_REQUESTS, 429 pauses and
    /// 418 bans are shared by every process with the same group, as Binance counts them per IP. Default <c>default</c>.
    /// </summary>
    public string IpGroup { get; set; } = "default";

    /// <summary>
    /// The name of the Binance account (any stable label; never the API key). ORDERS limits are shared by every process
    /// with the same account, as Binance counts them per account. Default <c>default</c>.
    /// </summary>
    public string Account { get; set; } = "default";

    /// <summary>
    /// How many processes share the budget. While Redis cannot be reached, each process falls back to an in-memory
    /// budget whose ceiling is <c>MaxUtilization / FleetSize</c> of every limit, so the fleet stays under its ceiling
    /// even blind. Set it to the number of processes (or more). Default 1.
    /// </summary>
    public int FleetSize { get; set; } = 1;

    /// <summary>How long one Redis call may take before the budget falls back to memory. Default 500 ms.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a process on the fall-back checks whether Redis is back. Default 1 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a process that found Redis again keeps its fall-back ceiling as well (a permit then needs both), so that
    /// it does not spend the shared budget while the other processes, not yet back, still spend their fall-back share.
    /// Make it longer than the time every process needs to notice Redis is back (reconnect plus
    /// <see cref="ProbeInterval"/>). Default 5 s.
    /// </summary>
    public TimeSpan ResumeGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The largest random delay added to a wait for a window or a pause to end, so that the processes of a fleet do not
    /// all call Redis at the same instant. Default 25 ms.
    /// </summary>
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How long completed requests and server usage headers may wait to ride along with the next permit before they are
    /// sent on their own. Default 100 ms.
    /// </summary>
    public TimeSpan SyncDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("KeyPrefix must be non-empty and must not contain '{' or '}'.", nameof(KeyPrefix));
        }

        if (string.IsNullOrWhiteSpace(IpGroup))
        {
            throw new ArgumentException("IpGroup must be non-empty.", nameof(IpGroup));
        }

        if (string.IsNullOrWhiteSpace(Account))
        {
            throw new ArgumentException("Account must be non-empty.", nameof(Account));
        }

        if (FleetSize < 1)
        {
            throw new ArgumentException($"FleetSize must be at least 1 (was {FleetSize}).", nameof(FleetSize));
        }

        if (OperationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("OperationTimeout must be positive.", nameof(OperationTimeout));
        }

        if (ProbeInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("ProbeInterval must be positive.", nameof(ProbeInterval));
        }

        if (ResumeGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentException("ResumeGracePeriod must not be negative.", nameof(ResumeGracePeriod));
        }

        if (MaxJitter < TimeSpan.Zero)
        {
            throw new ArgumentException("MaxJitter must not be negative.", nameof(MaxJitter));
        }

        if (SyncDelay <= TimeSpan.Zero)
        {
            throw new ArgumentException("SyncDelay must be positive.", nameof(SyncDelay));
        }
    }
}
