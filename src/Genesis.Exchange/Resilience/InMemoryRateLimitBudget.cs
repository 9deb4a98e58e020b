using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// An in-process <see cref="IRateLimitBudget"/>: one counter per declared limit in windows fixed to the clock
/// (a minute window resets at :00 UTC, a day window at 00:00 UTC). A request that would push any limit above its
/// ceiling waits, cancellably, until the window rolls. A request waits only for the limits it counts against: a cancel
/// or a market-data request (REQUEST_WEIGHT and RAW_REQUESTS) never waits behind an order that waits for an ORDERS
/// window, while on each limit requests are granted in arrival order (a request also waits while an earlier one waits
/// for a limit it counts against). The uncontended path takes one lock and allocates nothing.
/// </summary>
public sealed class InMemoryRateLimitBudget : IRateLimitBudget, IImmediatePermit, IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly IServerClock? _serverClock;
    private readonly ILogger _logger;
    private readonly decimal _maxUtilization;
    private readonly LinkedList<Waiter> _waiters = new();

    // One slot per limit; parallel arrays keep the hot path free of allocations and indirections.
    private RateLimitType[] _types = [];
    private long[] _windowTicks = [];
    private int[] _limits = [];
    private int[] _ceilings = [];
    private long[] _windowIndex = [];
    private long[] _windowEnd = [];
    private long[] _used = [];
    private long[] _inFlight = [];
    private Dictionary<(RateLimitType Type, long WindowTicks), (long WindowIndex, long Used)>? _untracked;
    private bool[] _warned = [];

    // Limits (bit i = limit i; limits past 63 share bit 63) that a queued request waits for: a later request counting
    // against one of them queues behind it; one counting against none of them may go at once.
    private ulong _blockedMask;

    // The earliest moment a pump is owed (the end of a pause waiters were queued in); cleared when a pump runs.
    private long _pumpOwedTicks = long.MaxValue;
    private long _pausedUntilTicks = long.MinValue;
    private long _bannedUntilTicks = long.MinValue;
    private ITimer? _timer;
    private List<RateLimitUsage>? _pendingWarnings;

    // WebSocket connection attempts: a sliding window of grant times (oldest first) and their own FIFO of waiters.
    private readonly int _connectionLimit;
    private readonly int _connectionCeiling;
    private readonly long _connectionWindowTicks;
    private readonly Queue<long> _connectionGrants = new();
    private readonly LinkedList<ConnectionWaiter> _connectionWaiters = new();
    private long _lastConnectionGrantTicks = long.MinValue;
    private bool _connectionWarned;
    private ITimer? _connectionTimer;
    private bool _disposed;

    /// <summary>Creates a budget with the default limits of <paramref name="options"/> (used until exchange info is read).</summary>
    /// <param name="options">Rate limit options: defaults and <see cref="RateLimitOptions.MaxUtilization"/>.</param>
    /// <param name="timeProvider">The time source for windows and waits.</param>
    /// <param name="serverClock">When given, windows are aligned to the estimated server time instead of local time.</param>
    /// <param name="logger">The logger.</param>
    public InMemoryRateLimitBudget(RateLimitOptions options, TimeProvider timeProvider, IServerClock? serverClock = null, ILogger<InMemoryRateLimitBudget>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.MaxUtilization <= 0m || options.MaxUtilization > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxUtilization, "RateLimits.MaxUtilization must be greater than 0 and at most 1.");
        }

        _timeProvider = timeProvider;
        _serverClock = serverClock;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _maxUtilization = options.MaxUtilization;
        if (options.ConnectionAttemptLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectionAttemptLimit, "RateLimits.ConnectionAttemptLimit must be at least 1.");
        }

        if (options.ConnectionAttemptWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectionAttemptWindow, "RateLimits.ConnectionAttemptWindow must be positive.");
        }

        _connectionLimit = options.ConnectionAttemptLimit;
        _connectionCeiling = Math.Max(1, (int)decimal.Floor(options.ConnectionAttemptLimit * options.MaxUtilization));
        _connectionWindowTicks = options.ConnectionAttemptWindow.Ticks;
        UpdateLimits(
        [
            new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, options.DefaultRequestWeightPerMinute),
            new RateLimit(RateLimitType.RawRequests, RateLimitInterval.Minute, 5, options.DefaultRawRequestsPerFiveMinutes),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Second, 10, options.DefaultOrdersPerTenSeconds),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Day, 1, options.DefaultOrdersPerDay),
        ]);
    }

    /// <inheritdoc />
    public DateTimeOffset? BannedUntil
    {
        get
        {
            var now = Now();
            lock (_gate)
            {
                return now.UtcTicks < _bannedUntilTicks ? new DateTimeOffset(_bannedUntilTicks, TimeSpan.Zero) : null;
            }
        }
    }

    /// <inheritdoc />
    bool IImmediatePermit.TryAcquireNow(int weight, bool countsAsOrder, out DateTimeOffset grantedAt)
    {
        var now = Now();
        var nowTicks = now.UtcTicks;
        grantedAt = default;
        lock (_gate)
        {
            // Only the plain case: anything else (ban, pause, a queue it must not overtake, a limit it would pass)
            // is decided by AcquireAsync, exactly as before.
            if (_disposed || nowTicks < _bannedUntilTicks || nowTicks < _pausedUntilTicks
                || (_waiters.Count != 0 && (NeedMaskLocked(weight, countsAsOrder) & _blockedMask) != 0)
                || TryReserveLocked(nowTicks, weight, countsAsOrder) != 0)
            {
                return false;
            }
        }

        grantedAt = now;
        return true;
    }

    /// <inheritdoc />
    public ValueTask<DateTimeOffset> AcquireAsync(int weight, bool countsAsOrder, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<DateTimeOffset>(cancellationToken);
        }

        var now = Now();
        var nowTicks = now.UtcTicks;
        Waiter waiter;
        RateLimitUsage[]? warnings;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (nowTicks < _bannedUntilTicks)
            {
                return ValueTask.FromException<DateTimeOffset>(CreateBannedException(nowTicks));
            }

            ulong overflow;
            if (nowTicks < _pausedUntilTicks)
            {
                // Paused: it waits for everything it counts against, so a request arriving between the end of the
                // pause and the timer's pump does not overtake it.
                overflow = NeedMaskLocked(weight, countsAsOrder);
            }
            else if (_waiters.Count == 0 || (NeedMaskLocked(weight, countsAsOrder) & _blockedMask) == 0)
            {
                overflow = TryReserveLocked(nowTicks, weight, countsAsOrder);
                if (overflow == 0)
                {
                    return new ValueTask<DateTimeOffset>(now);
                }

                WarnOnceLocked(overflow, nowTicks);
            }
            else
            {
                // Queued behind an earlier request on a limit it counts against; it also holds the limits it would overflow.
                overflow = OverflowMaskLocked(nowTicks, weight, countsAsOrder);
            }

            waiter = new Waiter(this, weight, countsAsOrder);
            _waiters.AddLast(waiter.Node);
            _blockedMask |= overflow;
            ScheduleLocked(nowTicks);
            warnings = TakeWarningsLocked();
        }

        LogWarnings(warnings);

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var w = (Waiter)state!;
                    w.Owner.Cancel(w, token);
                },
                waiter);
            lock (_gate)
            {
                if (waiter.Node.List is null)
                {
                    registration.Unregister();
                }
                else
                {
                    waiter.Registration = registration;
                }
            }
        }

        return new ValueTask<DateTimeOffset>(waiter.Completion.Task);
    }

    /// <summary>The most connection attempts granted per <see cref="RateLimitOptions.ConnectionAttemptWindow"/>: <c>floor(ConnectionAttemptLimit × MaxUtilization)</c>.</summary>
    public int ConnectionAttemptCeiling => _connectionCeiling;

    /// <summary>Connection attempts granted within the last <see cref="RateLimitOptions.ConnectionAttemptWindow"/>.</summary>
    public int ConnectionAttemptsInWindow
    {
        get
        {
            var nowTicks = Now().UtcTicks;
            lock (_gate)
            {
                ExpireConnectionGrantsLocked(nowTicks);
                return _connectionGrants.Count;
            }
        }
    }

    /// <summary>Connection attempts waiting for the window to roll (for tests and diagnostics).</summary>
    internal int ConnectionAttemptWaiters
    {
        get
        {
            lock (_gate)
            {
                return _connectionWaiters.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<DateTimeOffset> AcquireConnectionAttemptAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<DateTimeOffset>(cancellationToken);
        }

        var now = Now();
        var nowTicks = now.UtcTicks;
        ConnectionWaiter waiter;
        DateTimeOffset? warnFreeAt = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (nowTicks < _bannedUntilTicks)
            {
                return ValueTask.FromException<DateTimeOffset>(CreateBannedException(nowTicks));
            }

            // First come, first served: nobody overtakes an attempt that already waits.
            if (_connectionWaiters.Count == 0 && TryTakeConnectionLocked(nowTicks))
            {
                return new ValueTask<DateTimeOffset>(now);
            }

            waiter = new ConnectionWaiter(this);
            _connectionWaiters.AddLast(waiter.Node);
            ScheduleConnectionsLocked(nowTicks);
            if (!_connectionWarned)
            {
                _connectionWarned = true;
                warnFreeAt = new DateTimeOffset(ConnectionFreeAtLocked(nowTicks), TimeSpan.Zero);
            }
        }

        if (warnFreeAt is { } freeAt)
        {
            _logger.ConnectionAttemptCeilingReached(_connectionCeiling, _connectionLimit, TimeSpan.FromTicks(_connectionWindowTicks), freeAt);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var w = (ConnectionWaiter)state!;
                    w.Owner.CancelConnection(w, token);
                },
                waiter);
            lock (_gate)
            {
                if (waiter.Node.List is null)
                {
                    registration.Unregister();
                }
                else
                {
                    waiter.Registration = registration;
                }
            }
        }

        return new ValueTask<DateTimeOffset>(waiter.Completion.Task);
    }

    /// <inheritdoc />
    public void ReconcileUsage(RateLimitType type, TimeSpan window, long serverUsed, DateTimeOffset grantedAt)
    {
        var nowTicks = Now().UtcTicks;
        RateLimitUsage[]? warnings;
        lock (_gate)
        {
            var tracked = false;
            for (var i = 0; i < _types.Length; i++)
            {
                if (_types[i] != type || _windowTicks[i] != window.Ticks)
                {
                    continue;
                }

                tracked = true;

                RollLocked(i, nowTicks);
                if (grantedAt.UtcTicks / _windowTicks[i] != _windowIndex[i] || serverUsed <= _used[i])
                {
                    continue;
                }

                _used[i] = serverUsed;
                if (serverUsed >= _ceilings[i])
                {
                    WarnOnceLocked(i, nowTicks);
                }
            }

            if (!tracked && window > TimeSpan.Zero)
            {
                // A window the exchange reports before exchange info declared it: remember it, so that a limit added
                // later in the same window starts from what the exchange already counted (e.g. the exchangeInfo call).
                // The header describes the exchange's window when it answered, so it is filed under the current window.
                (_untracked ??= [])[(type, window.Ticks)] = (nowTicks / window.Ticks, serverUsed);
            }

            warnings = TakeWarningsLocked();
        }

        LogWarnings(warnings);
    }

    /// <inheritdoc />
    public void Release(int weight, bool countsAsOrder)
    {
        var nowTicks = Now().UtcTicks;
        lock (_gate)
        {
            var types = _types;
            for (var i = 0; i < types.Length; i++)
            {
                // Roll first: a request answered after the boundary may have been counted in the new window, so it must
                // be carried even when no acquire has rolled the window yet.
                RollLocked(i, nowTicks);
                _inFlight[i] = Math.Max(0, _inFlight[i] - Cost(types[i], weight, countsAsOrder));
            }
        }
    }

    /// <inheritdoc />
    public void UpdateLimits(IReadOnlyList<RateLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var nowTicks = Now().UtcTicks;
        var count = 0;
        foreach (var limit in limits)
        {
            if (IsTracked(limit))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return;
        }

        var types = new RateLimitType[count];
        var windowTicks = new long[count];
        var limitValues = new int[count];
        var ceilings = new int[count];
        var windowIndex = new long[count];
        var windowEnd = new long[count];
        var used = new long[count];
        var inFlight = new long[count];
        var warned = new bool[count];
        RateLimitUsage[]? warnings;
        lock (_gate)
        {
            var n = 0;
            foreach (var limit in limits)
            {
                if (!IsTracked(limit))
                {
                    continue;
                }

                types[n] = limit.Type;
                windowTicks[n] = limit.Window.Ticks;
                limitValues[n] = limit.Limit;
                ceilings[n] = Math.Max(1, (int)decimal.Floor(limit.Limit * _maxUtilization));
                windowIndex[n] = nowTicks / windowTicks[n];
                windowEnd[n] = (windowIndex[n] + 1) * windowTicks[n];
                if (_untracked is not null && _untracked.TryGetValue((limit.Type, windowTicks[n]), out var seen) && seen.WindowIndex == windowIndex[n])
                {
                    used[n] = seen.Used;
                }

                for (var old = 0; old < _types.Length; old++)
                {
                    if (_types[old] == limit.Type && _windowTicks[old] == windowTicks[n])
                    {
                        RollLocked(old, nowTicks);
                        used[n] = _used[old];
                        inFlight[n] = _inFlight[old];
                        warned[n] = _warned[old];
                        break;
                    }
                }

                n++;
            }

            _types = types;
            _inFlight = inFlight;
            _windowTicks = windowTicks;
            _limits = limitValues;
            _ceilings = ceilings;
            _windowIndex = windowIndex;
            _windowEnd = windowEnd;
            _used = used;
            _warned = warned;
            PumpLocked(nowTicks);
            warnings = TakeWarningsLocked();
        }

        LogWarnings(warnings);
        _logger.RateLimitsUpdated(count);
    }

    /// <inheritdoc />
    public void PauseFor(TimeSpan duration)
    {
        var nowTicks = Now().UtcTicks;
        RateLimitUsage[]? warnings;
        lock (_gate)
        {
            _pausedUntilTicks = Math.Max(_pausedUntilTicks, nowTicks + Math.Max(0, duration.Ticks));
            PumpLocked(nowTicks);
            warnings = TakeWarningsLocked();
        }

        LogWarnings(warnings);
    }

    /// <inheritdoc />
    public void BanFor(TimeSpan duration)
    {
        var nowTicks = Now().UtcTicks;
        RateLimitUsage[]? warnings;
        lock (_gate)
        {
            _bannedUntilTicks = Math.Max(_bannedUntilTicks, nowTicks + Math.Max(0, duration.Ticks));
            PumpLocked(nowTicks);
            PumpConnectionsLocked(nowTicks);
            warnings = TakeWarningsLocked();
        }

        LogWarnings(warnings);
    }

    /// <inheritdoc />
    public IReadOnlyList<RateLimitUsage> GetUsage()
    {
        var nowTicks = Now().UtcTicks;
        lock (_gate)
        {
            var usage = new RateLimitUsage[_types.Length];
            for (var i = 0; i < usage.Length; i++)
            {
                RollLocked(i, nowTicks);
                usage[i] = new RateLimitUsage(
                    _types[i],
                    TimeSpan.FromTicks(_windowTicks[i]),
                    _limits[i],
                    _ceilings[i],
                    _used[i],
                    new DateTimeOffset((_windowIndex[i] + 1) * _windowTicks[i], TimeSpan.Zero));
            }

            return usage;
        }
    }

    /// <summary>Stops the timer and fails every waiting caller with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            _connectionTimer?.Dispose();
            while (_connectionWaiters.First is { } connection)
            {
                _connectionWaiters.RemoveFirst();
                connection.Value.Registration.Unregister();
                connection.Value.Completion.TrySetException(new ObjectDisposedException(nameof(InMemoryRateLimitBudget)));
            }

            while (_waiters.First is { } node)
            {
                _waiters.RemoveFirst();
                node.Value.Registration.Unregister();
                node.Value.Completion.TrySetException(new ObjectDisposedException(nameof(InMemoryRateLimitBudget)));
            }
        }
    }

    private static bool IsTracked(RateLimit limit) =>
        limit.Type != RateLimitType.Unknown && limit.Window > TimeSpan.Zero && limit.Limit > 0;

    private DateTimeOffset Now() => _serverClock?.UtcNow ?? _timeProvider.GetUtcNow();

    private void RollLocked(int i, long nowTicks)
    {
        // Two comparisons on the hot path; the division only when the window changed (or the clock stepped back).
        var end = _windowEnd[i];
        if (nowTicks < end && nowTicks >= end - _windowTicks[i])
        {
            return;
        }

        var index = nowTicks / _windowTicks[i];
        if (index < _windowIndex[i])
        {
            // Never roll back: callers read the clock before taking the lock, so a thread can arrive with a time just
            // before the current window. Rolling back (and forward again) would reset the count and let a window
            // overfill; staying in the later window is the conservative choice, also when the clock steps back.
            return;
        }

        _windowEnd[i] = (index + 1) * _windowTicks[i];
        if (index != _windowIndex[i])
        {
            // Requests still in flight may be counted by the exchange in the new window: carry them over.
            _windowIndex[i] = index;
            _used[i] = _inFlight[i];
            _warned[i] = false;
        }
    }

    /// <summary>Reserves the request on every limit and returns 0, or returns the limits that would go above their ceiling.</summary>
    /// <remarks>
    /// One pass on the hot path: each limit is rolled, checked and charged in turn; if a later limit overflows, the
    /// charges already made are taken back (all under the lock, so no other thread sees them).
    /// </remarks>
    private ulong TryReserveLocked(long nowTicks, int weight, bool countsAsOrder)
    {
        var types = _types;
        var used = _used;
        var inFlight = _inFlight;
        ulong overflow = 0;
        var charged = 0;
        for (var i = 0; i < types.Length; i++)
        {
            RollLocked(i, nowTicks);
            var cost = Cost(types[i], weight, countsAsOrder);

            // A request larger than the ceiling still goes alone into an empty window, or it would wait forever.
            if (cost != 0 && used[i] != 0 && used[i] + cost > _ceilings[i])
            {
                overflow |= Bit(i);
            }
            else if (overflow == 0)
            {
                used[i] += cost;
                inFlight[i] += cost;
                charged = i + 1;
            }
        }

        if (overflow != 0)
        {
            for (var i = 0; i < charged; i++)
            {
                var cost = Cost(types[i], weight, countsAsOrder);
                used[i] -= cost;
                inFlight[i] -= cost;
            }
        }

        return overflow;
    }

    /// <summary>The limits (as bits) that the request would push above their ceiling in their current window.</summary>
    private ulong OverflowMaskLocked(long nowTicks, int weight, bool countsAsOrder)
    {
        var types = _types;
        ulong overflow = 0;
        for (var i = 0; i < types.Length; i++)
        {
            RollLocked(i, nowTicks);
            var cost = Cost(types[i], weight, countsAsOrder);

            // A request larger than the ceiling still goes alone into an empty window, or it would wait forever.
            if (cost != 0 && _used[i] != 0 && _used[i] + cost > _ceilings[i])
            {
                overflow |= Bit(i);
            }
        }

        return overflow;
    }

    /// <summary>The limits (as bits) that the request counts against.</summary>
    private ulong NeedMaskLocked(int weight, bool countsAsOrder)
    {
        var types = _types;
        ulong need = 0;
        for (var i = 0; i < types.Length; i++)
        {
            if (Cost(types[i], weight, countsAsOrder) != 0)
            {
                need |= Bit(i);
            }
        }

        return need;
    }

    private static ulong Bit(int i) => 1UL << Math.Min(i, 63);

    private static int Cost(RateLimitType type, int weight, bool countsAsOrder) => type switch
    {
        RateLimitType.RequestWeight => weight,
        RateLimitType.RawRequests => 1,
        RateLimitType.Orders => countsAsOrder ? 1 : 0,
        _ => 0,
    };

    /// <summary>Queues the ceiling warning of every limit in <paramref name="overflow"/>; each is logged once per window.</summary>
    private void WarnOnceLocked(ulong overflow, long nowTicks)
    {
        for (var i = 0; i < _types.Length; i++)
        {
            if ((overflow & Bit(i)) != 0)
            {
                WarnOnceLocked(i, nowTicks);
            }
        }
    }

    /// <summary>Queues the ceiling warning of limit <paramref name="i"/> once per window; it is logged after the lock is released.</summary>
    private void WarnOnceLocked(int i, long nowTicks)
    {
        RollLocked(i, nowTicks);
        if (_warned[i])
        {
            return;
        }

        _warned[i] = true;
        (_pendingWarnings ??= []).Add(new RateLimitUsage(
            _types[i],
            TimeSpan.FromTicks(_windowTicks[i]),
            _limits[i],
            _ceilings[i],
            _used[i],
            new DateTimeOffset((_windowIndex[i] + 1) * _windowTicks[i], TimeSpan.Zero)));
    }

    private RateLimitUsage[]? TakeWarningsLocked()
    {
        if (_pendingWarnings is not { Count: > 0 } pending)
        {
            return null;
        }

        var warnings = pending.ToArray();
        pending.Clear();
        return warnings;
    }

    private void LogWarnings(RateLimitUsage[]? warnings)
    {
        if (warnings is null)
        {
            return;
        }

        foreach (var w in warnings)
        {
            _logger.RateLimitCeilingReached(w.Type, w.Window, w.Ceiling, w.Limit, w.Used, w.WindowResetsAt);
        }
    }

    /// <summary>
    /// Walks the waiters in arrival order and releases each that fits and counts against no limit an earlier waiter
    /// still waits for; schedules the timer for the next moment one may fit.
    /// </summary>
    private void PumpLocked(long nowTicks)
    {
        if (_waiters.First is null)
        {
            _blockedMask = 0;
            return;
        }

        if (nowTicks < _bannedUntilTicks)
        {
            while (_waiters.First is { } banned)
            {
                _waiters.RemoveFirst();
                banned.Value.Registration.Unregister();
                banned.Value.Completion.TrySetException(CreateBannedException(nowTicks));
            }

            return;
        }

        if (nowTicks < _pausedUntilTicks)
        {
            ScheduleLocked(nowTicks);
            return;
        }

        _pumpOwedTicks = long.MaxValue;
        var rawRequests = NeedMaskLocked(0, countsAsOrder: false); // limits every request counts against
        ulong blocked = 0;
        var node = _waiters.First;
        while (node is not null)
        {
            var next = node.Next;
            var waiter = node.Value;
            if ((NeedMaskLocked(waiter.Weight, waiter.CountsAsOrder) & blocked) != 0)
            {
                blocked |= OverflowMaskLocked(nowTicks, waiter.Weight, waiter.CountsAsOrder);
            }
            else
            {
                var overflow = TryReserveLocked(nowTicks, waiter.Weight, waiter.CountsAsOrder);
                if (overflow == 0)
                {
                    _waiters.Remove(node);
                    waiter.Registration.Unregister();
                    waiter.Completion.TrySetResult(new DateTimeOffset(nowTicks, TimeSpan.Zero));
                }
                else
                {
                    WarnOnceLocked(overflow, nowTicks);
                    blocked |= overflow;
                }
            }

            if ((blocked & rawRequests) != 0)
            {
                // A limit every request counts against is held: nobody later can go.
                break;
            }

            node = next;
        }

        _blockedMask = blocked;
        ScheduleLocked(nowTicks);
    }

    /// <summary>Sets the timer to the earliest moment a waiter may fit: the end of a pause or of a window a waiter waits for.</summary>
    private void ScheduleLocked(long nowTicks)
    {
        if (_waiters.First is null)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        long dueTicks;
        if (nowTicks < _pausedUntilTicks)
        {
            dueTicks = _pausedUntilTicks;
            _pumpOwedTicks = Math.Min(_pumpOwedTicks, dueTicks);
        }
        else
        {
            dueTicks = _pumpOwedTicks;
            for (var i = 0; i < _types.Length; i++)
            {
                if ((_blockedMask & Bit(i)) != 0)
                {
                    dueTicks = Math.Min(dueTicks, (_windowIndex[i] + 1) * _windowTicks[i]);
                }
            }

            if (dueTicks == long.MaxValue || dueTicks <= nowTicks)
            {
                // Nothing known blocks the waiters any more (e.g. limits were raised): release on the next tick.
                dueTicks = nowTicks + 1;
            }
        }

        var due = TimeSpan.FromTicks(Math.Max(1, dueTicks - nowTicks));
        _timer ??= _timeProvider.CreateTimer(static state => ((InMemoryRateLimitBudget)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        var nowTicks = Now().UtcTicks;
        RateLimitUsage[]? warnings;
        lock (_gate)
        {
            if (!_disposed)
            {
                PumpLocked(nowTicks);
            }

            warnings = TakeWarningsLocked();
        }

        LogWarnings(warnings);
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        var nowTicks = Now().UtcTicks;
        RateLimitUsage[]? warnings;
        lock (_gate)
        {
            if (waiter.Node.List is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
            waiter.Completion.TrySetCanceled(cancellationToken);

            // The canceled request may have held a limit that later requests wait behind.
            PumpLocked(nowTicks);

            warnings = TakeWarningsLocked();
        }

        LogWarnings(warnings);
    }

    /// <summary>Forgets grants that are a whole window old: they no longer count.</summary>
    private void ExpireConnectionGrantsLocked(long nowTicks)
    {
        while (_connectionGrants.Count > 0 && _connectionGrants.Peek() <= nowTicks - _connectionWindowTicks)
        {
            _connectionGrants.Dequeue();
        }
    }

    private void EnqueueConnectionGrantLocked(long ticks)
    {
        // Kept in order even when the clock steps back, so the oldest grant is always at the head.
        ticks = Math.Max(ticks, _lastConnectionGrantTicks);
        _lastConnectionGrantTicks = ticks;
        _connectionGrants.Enqueue(ticks);
    }

    private bool TryTakeConnectionLocked(long nowTicks)
    {
        ExpireConnectionGrantsLocked(nowTicks);
        if (_connectionGrants.Count >= _connectionCeiling)
        {
            return false;
        }

        EnqueueConnectionGrantLocked(nowTicks);
        if (_connectionWaiters.Count == 0)
        {
            _connectionWarned = false;
        }

        return true;
    }

    /// <summary>When the next attempt fits: the oldest grant that must expire, one window after it was granted.</summary>
    private long ConnectionFreeAtLocked(long nowTicks)
    {
        if (_connectionGrants.Count < _connectionCeiling)
        {
            return nowTicks;
        }

        // The grant whose expiry makes room for one more: the (count - ceiling + 1)-th oldest.
        var skip = _connectionGrants.Count - _connectionCeiling;
        var index = 0;
        foreach (var ticks in _connectionGrants)
        {
            if (index++ == skip)
            {
                return ticks + _connectionWindowTicks;
            }
        }

        return nowTicks;
    }

    /// <summary>Grants waiting attempts in arrival order while they fit; fails them during a ban; sets the timer for the next.</summary>
    private void PumpConnectionsLocked(long nowTicks)
    {
        if (nowTicks < _bannedUntilTicks)
        {
            while (_connectionWaiters.First is { } banned)
            {
                _connectionWaiters.RemoveFirst();
                banned.Value.Registration.Unregister();
                banned.Value.Completion.TrySetException(CreateBannedException(nowTicks));
            }

            return;
        }

        while (_connectionWaiters.First is { } node && TryTakeConnectionLocked(nowTicks))
        {
            _connectionWaiters.RemoveFirst();
            node.Value.Registration.Unregister();
            node.Value.Completion.TrySetResult(new DateTimeOffset(nowTicks, TimeSpan.Zero));
        }

        ScheduleConnectionsLocked(nowTicks);
    }

    private void ScheduleConnectionsLocked(long nowTicks)
    {
        if (_connectionWaiters.First is null)
        {
            _connectionTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = TimeSpan.FromTicks(Math.Max(1, ConnectionFreeAtLocked(nowTicks) - nowTicks));
        _connectionTimer ??= _timeProvider.CreateTimer(static state => ((InMemoryRateLimitBudget)state!).OnConnectionTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _connectionTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnConnectionTimer()
    {
        var nowTicks = Now().UtcTicks;
        lock (_gate)
        {
            if (!_disposed)
            {
                PumpConnectionsLocked(nowTicks);
            }
        }
    }

    private void CancelConnection(ConnectionWaiter waiter, CancellationToken cancellationToken)
    {
        var nowTicks = Now().UtcTicks;
        lock (_gate)
        {
            if (waiter.Node.List is null)
            {
                return;
            }

            _connectionWaiters.Remove(waiter.Node);
            waiter.Completion.TrySetCanceled(cancellationToken);
            PumpConnectionsLocked(nowTicks);
        }
    }

    private IpBannedException CreateBannedException(long nowTicks)
    {
        var until = new DateTimeOffset(_bannedUntilTicks, TimeSpan.Zero);
        return new IpBannedException(
            $"The IP is banned by the exchange until {until:O}; the request was not sent.",
            until,
            TimeSpan.FromTicks(_bannedUntilTicks - nowTicks))
        {
            RequestNotSent = true,
        };
    }

    private sealed class ConnectionWaiter
    {
        public ConnectionWaiter(InMemoryRateLimitBudget owner)
        {
            Owner = owner;
            Node = new LinkedListNode<ConnectionWaiter>(this);
        }

        public InMemoryRateLimitBudget Owner { get; }

        public LinkedListNode<ConnectionWaiter> Node { get; }

        public TaskCompletionSource<DateTimeOffset> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Waiter
    {
        public Waiter(InMemoryRateLimitBudget owner, int weight, bool countsAsOrder)
        {
            Owner = owner;
            Weight = weight;
            CountsAsOrder = countsAsOrder;
            Node = new LinkedListNode<Waiter>(this);
        }

        public InMemoryRateLimitBudget Owner { get; }

        public int Weight { get; }

        public bool CountsAsOrder { get; }

        public LinkedListNode<Waiter> Node { get; }

        public TaskCompletionSource<DateTimeOffset> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}
