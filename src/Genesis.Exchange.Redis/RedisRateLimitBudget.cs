using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Genesis.Exchange.Redis;

/// <summary>
/// An <see cref="IRateLimitBudget"/> shared by every process that points at the same Redis, key prefix, IP group and
/// account: REQUEST_WEIGHT and RAW_REQUESTS are counted per IP group, ORDERS per account, in windows fixed to the
/// exchange clock. Each permit is one Redis round trip (a Lua script that checks every limit and reserves all or none);
/// completed requests and the exchange's usage headers ride along with the next permit. A 429 or 418 seen by one process
/// pauses or bans the whole IP group. A process refused by the shared budget waits locally, first come first served,
/// until the window rolls (plus jitter) instead of polling Redis. While Redis cannot be reached the process falls back
/// to an in-memory budget at <c>1 / FleetSize</c> of each ceiling and reports itself degraded; it shares again as soon
/// as Redis answers.
/// </summary>
public sealed class RedisRateLimitBudget : IRateLimitBudget, IDisposable
{
    private const long MinRetryDelayMs = 5;

    private readonly Lock _gate = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly RedisRateLimitBudgetOptions _options;
    private readonly decimal _maxUtilization;
    private readonly TimeProvider _timeProvider;
    private readonly IServerClock? _serverClock;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly InMemoryRateLimitBudget _fallback;
    private readonly SemaphoreSlim _queue = new(1, 1);
    private readonly RedisKey _pauseKey;
    private readonly RedisKey _banKey;
    private readonly SemaphoreSlim _connectionQueue = new(1, 1);
    private readonly SemaphoreSlim _pushGate = new(1, 1);
    private readonly RedisKey _connectionsKey;
    private readonly long _connectionWindowMs;
    private readonly int _connectionCeiling;
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly int _fallbackConnectionCeiling;
    private readonly List<(long Ms, string Member)> _offlineConnections = [];

    // Every attempt this process was granted (shared or not) in the last window, oldest first: the fall-back's count.
    private readonly Queue<long> _ownConnections = new();
    private long _connectionSequence;
    private bool _connectionWarned;
    private readonly ITimer _syncTimer;
    private readonly ITimer _probeTimer;

    // The last grants of this process (time, weight, order), so that a limit declared later (exchange info) starts from
    // what this process already sent in its current window; every process adds its own, which sums to the fleet's.
    private readonly RecentGrant[] _recent = new RecentGrant[1024];
    private long _recentCount;
    private LimitSlot[] _slots = [];
    private Dictionary<(RateLimitType Type, long WindowMs), (long Index, long Used)>? _untracked;
    private RedisKey[] _keys = [];
    private int _waiting;
    private long _pausedUntilMs = long.MinValue;
    private long _bannedUntilMs = long.MinValue;

    // Requests granted by Redis and not yet released: their releases go to Redis, the others to the fall-back.
    private long _remoteRequests;
    private long _remoteWeight;
    private long _remoteOrders;
    private long _fallbackRequests;
    private long _graceRequests;
    private long _graceWeight;
    private long _graceOrders;

    private bool _syncScheduled;
    private bool _warm;
    private long _graceUntilMs = long.MinValue;
    private bool _degraded;
    private long _degradedSinceMs;
    private int _probing;
    private bool _disposed;
    private long _permitsFromRedis;
    private long _permitsFromFallback;
    private long _fallbackActivations;

    /// <summary>Creates the budget over an existing connection (which the caller keeps and disposes).</summary>
    /// <param name="redis">The Redis connection.</param>
    /// <param name="options">Keys, sharing scope and fall-back policy.</param>
    /// <param name="rateLimits">Rate limit options: <see cref="RateLimitOptions.MaxUtilization"/> and the defaults used until exchange info is read.</param>
    /// <param name="timeProvider">The time source for waits and timers.</param>
    /// <param name="serverClock">When given, windows are aligned to the estimated exchange time instead of local time.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="random">The jitter source; <see cref="Random.Shared"/> when null.</param>
    public RedisRateLimitBudget(
        IConnectionMultiplexer redis,
        RedisRateLimitBudgetOptions options,
        RateLimitOptions rateLimits,
        TimeProvider timeProvider,
        IServerClock? serverClock = null,
        ILogger<RedisRateLimitBudget>? logger = null,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rateLimits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        if (rateLimits.MaxUtilization <= 0m || rateLimits.MaxUtilization > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(rateLimits), rateLimits.MaxUtilization, "RateLimits.MaxUtilization must be greater than 0 and at most 1.");
        }

        _redis = redis;
        _db = redis.GetDatabase();
        _options = options;
        _maxUtilization = rateLimits.MaxUtilization;
        _timeProvider = timeProvider;
        _serverClock = serverClock;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _random = random ?? Random.Shared;
        _pauseKey = IpKey("pause");
        _banKey = IpKey("ban");
        _connectionsKey = IpKey("connections");
        _connectionWindowMs = Math.Max(1, (long)rateLimits.ConnectionAttemptWindow.TotalMilliseconds);
        _connectionCeiling = Math.Max(1, (int)decimal.Floor(rateLimits.ConnectionAttemptLimit * rateLimits.MaxUtilization));
        _fallbackConnectionCeiling = Math.Max(1, (int)decimal.Floor(rateLimits.ConnectionAttemptLimit * rateLimits.MaxUtilization / options.FleetSize));
        _fallback = new InMemoryRateLimitBudget(
            new RateLimitOptions
            {
                MaxUtilization = rateLimits.MaxUtilization / options.FleetSize,
                DefaultRequestWeightPerMinute = rateLimits.DefaultRequestWeightPerMinute,
                DefaultRawRequestsPerFiveMinutes = rateLimits.DefaultRawRequestsPerFiveMinutes,
                DefaultOrdersPerTenSeconds = rateLimits.DefaultOrdersPerTenSeconds,
                DefaultOrdersPerDay = rateLimits.DefaultOrdersPerDay,
                ConnectionAttemptLimit = rateLimits.ConnectionAttemptLimit,
                ConnectionAttemptWindow = rateLimits.ConnectionAttemptWindow,
            },
            timeProvider,
            serverClock);
        _syncTimer = timeProvider.CreateTimer(static s => ((RedisRateLimitBudget)s!).OnSyncTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _probeTimer = timeProvider.CreateTimer(static s => ((RedisRateLimitBudget)s!).OnProbeTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        UpdateLimits(
        [
            new RateLimit(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, rateLimits.DefaultRequestWeightPerMinute),
            new RateLimit(RateLimitType.RawRequests, RateLimitInterval.Minute, 5, rateLimits.DefaultRawRequestsPerFiveMinutes),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Second, 10, rateLimits.DefaultOrdersPerTenSeconds),
            new RateLimit(RateLimitType.Orders, RateLimitInterval.Day, 1, rateLimits.DefaultOrdersPerDay),
        ]);
    }

    /// <summary>Whether the budget runs on its in-memory fall-back because Redis cannot be reached.</summary>
    public bool IsDegraded
    {
        get
        {
            lock (_gate)
            {
                return _degraded;
            }
        }
    }

    /// <summary>Callers waiting in this process (refused by the shared budget, or queued behind one that was).</summary>
    internal int WaitingCount => Volatile.Read(ref _waiting);

    /// <summary>Permits granted by the shared budget in Redis since start.</summary>
    public long PermitsFromRedis => Interlocked.Read(ref _permitsFromRedis);

    /// <summary>Permits granted by the in-memory fall-back since start.</summary>
    public long PermitsFromFallback => Interlocked.Read(ref _permitsFromFallback);

    /// <summary>How many times the budget fell back to memory since start.</summary>
    public long FallbackActivations => Interlocked.Read(ref _fallbackActivations);

    /// <inheritdoc />
    public DateTimeOffset? BannedUntil
    {
        get
        {
            var nowMs = NowMs();
            lock (_gate)
            {
                return nowMs < _bannedUntilMs ? DateTimeOffset.FromUnixTimeMilliseconds(_bannedUntilMs) : null;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<DateTimeOffset> AcquireAsync(int weight, bool countsAsOrder, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfBannedOrDisposed(NowMs());

        long retryAtMs;
        lock (_gate)
        {
            retryAtMs = _pausedUntilMs;
        }

        if (Volatile.Read(ref _waiting) == 0 && NowMs() >= retryAtMs)
        {
            var first = await TryAcquireAsync(weight, countsAsOrder, cancellationToken).ConfigureAwait(false);
            if (first.Granted)
            {
                return first.GrantedAt;
            }

            retryAtMs = Math.Max(first.RetryAtMs, NowMs() + MinRetryDelayMs);
        }

        // Refused (or others already wait): wait in arrival order; only the head of the queue asks Redis again, and
        // only when the window (or pause) it was refused for has ended.
        Interlocked.Increment(ref _waiting);
        try
        {
            await _queue.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var nowMs = NowMs();
                    ThrowIfBannedOrDisposed(nowMs);
                    lock (_gate)
                    {
                        retryAtMs = Math.Max(retryAtMs, _pausedUntilMs);
                    }

                    if (retryAtMs > nowMs)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(retryAtMs - nowMs) + Jitter(), _timeProvider, cancellationToken).ConfigureAwait(false);
                    }

                    var attempt = await TryAcquireAsync(weight, countsAsOrder, cancellationToken).ConfigureAwait(false);
                    if (attempt.Granted)
                    {
                        return attempt.GrantedAt;
                    }

                    // A refusal names a time after now (a window end or a pause end); never retry in a tight loop.
                    retryAtMs = Math.Max(attempt.RetryAtMs, NowMs() + MinRetryDelayMs);
                }
            }
            finally
            {
                _queue.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>
    /// The most WebSocket connection attempts the IP group makes per <see cref="RateLimitOptions.ConnectionAttemptWindow"/>:
    /// <c>floor(ConnectionAttemptLimit × MaxUtilization)</c>, shared by every process of the group.
    /// </summary>
    public int ConnectionAttemptCeiling => _connectionCeiling;

    /// <inheritdoc />
    /// <remarks>
    /// One Redis round trip per attempt, counted per IP group in a sliding window shared by the fleet. A refused process
    /// waits locally (first come, first served within the process) until enough attempts leave the window, plus jitter.
    /// While Redis cannot be reached, the in-memory fall-back grants at most <c>1 / FleetSize</c> of the ceiling, and
    /// those attempts are added to the shared window once Redis answers again.
    /// </remarks>
    public async ValueTask<DateTimeOffset> AcquireConnectionAttemptAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfBannedOrDisposed(NowMs());
        await _connectionQueue.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var attempt = await TryAcquireConnectionAsync(cancellationToken).ConfigureAwait(false);
                if (attempt.Granted)
                {
                    return attempt.GrantedAt;
                }

                var nowMs = NowMs();
                var delayMs = Math.Max(attempt.RetryAtMs - nowMs, MinRetryDelayMs);
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs) + Jitter(), _timeProvider, cancellationToken).ConfigureAwait(false);
                ThrowIfBannedOrDisposed(NowMs());
            }
        }
        finally
        {
            _connectionQueue.Release();
        }
    }

    /// <summary>One connection attempt: the shared window when Redis is reachable, otherwise the fall-back (which waits itself).</summary>
    private async ValueTask<Attempt> TryAcquireConnectionAsync(CancellationToken cancellationToken)
    {
        bool degraded;
        lock (_gate)
        {
            degraded = _degraded;
        }

        if (!degraded && !_redis.IsConnected)
        {
            EnterDegraded("not connected", null);
            degraded = true;
        }

        if (degraded)
        {
            return await AcquireConnectionFromFallbackAsync(cancellationToken).ConfigureAwait(false);
        }

        var nowMs = NowMs();
        var member = NewConnectionMember();
        (long Ms, string Member)[] offline;
        lock (_gate)
        {
            _offlineConnections.RemoveAll(c => c.Ms <= nowMs - _connectionWindowMs);
            offline = [.. _offlineConnections];
            _offlineConnections.Clear();
        }

        var args = new RedisValue[5 + (2 * offline.Length)];
        args[0] = nowMs;
        args[1] = _connectionWindowMs;
        args[2] = _connectionCeiling;
        args[3] = member;
        args[4] = offline.Length;
        for (var j = 0; j < offline.Length; j++)
        {
            args[5 + (2 * j)] = offline[j].Ms;
            args[6 + (2 * j)] = offline[j].Member;
        }

        RedisResult[] reply;
        try
        {
            var timeout = Volatile.Read(ref _warm) ? _options.OperationTimeout : _options.OperationTimeout * 10;

            // Not canceled by the caller once sent: the outcome must be known to keep the shared count right.
            var result = await _db.ScriptEvaluateAsync(RedisBudgetScripts.AcquireConnection, [_connectionsKey, _banKey], args)
                .WaitAsync(timeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            reply = (RedisResult[])result!;
            Volatile.Write(ref _warm, true);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // The script may have run (its attempt stays counted, conservative); the offline attempts are kept for later.
            lock (_gate)
            {
                _offlineConnections.InsertRange(0, offline);
            }

            EnterDegraded(ex.GetType().Name, ex);
            return await AcquireConnectionFromFallbackAsync(cancellationToken).ConfigureAwait(false);
        }

        var status = (long)reply[0];
        var retryAtMs = (long)reply[1];
        var bannedUntilMs = (long)reply[2];
        var inWindow = (long)reply[3];
        lock (_gate)
        {
            _bannedUntilMs = Math.Max(_bannedUntilMs, bannedUntilMs);
        }

        switch (status)
        {
            case RedisBudgetScripts.Granted:
                var grantedAt = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
                Interlocked.Increment(ref _permitsFromRedis);

                lock (_gate)
                {
                    // The fall-back counts what this process attempted, should Redis become unreachable within the window.
                    RecordOwnConnectionLocked(nowMs);
                    _connectionWarned = false;
                }

                return Attempt.Grant(grantedAt);
            case RedisBudgetScripts.Banned:
                ThrowIfBannedOrDisposed(nowMs);
                return Attempt.Refuse(nowMs + MinRetryDelayMs);
            default:
                bool warn;
                lock (_gate)
                {
                    warn = !_connectionWarned;
                    _connectionWarned = true;
                }

                if (warn)
                {
                    _logger.SharedConnectionCeilingReached(_connectionCeiling, TimeSpan.FromMilliseconds(_connectionWindowMs), inWindow, DateTimeOffset.FromUnixTimeMilliseconds(retryAtMs));
                }

                return Attempt.Refuse(retryAtMs);
        }
    }

    /// <summary>
    /// The fall-back for connection attempts: this process alone may make <c>1 / FleetSize</c> of the ceiling per window,
    /// counting the attempts Redis granted it in the window before the outage.
    /// </summary>
    private ValueTask<Attempt> AcquireConnectionFromFallbackAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken; // the caller waits (cancellably) for the returned retry time
        var nowMs = NowMs();
        lock (_gate)
        {
            ExpireOwnConnectionsLocked(nowMs);
            if (_ownConnections.Count >= _fallbackConnectionCeiling)
            {
                var skip = _ownConnections.Count - _fallbackConnectionCeiling;
                return new ValueTask<Attempt>(Attempt.Refuse(_ownConnections.ElementAt(skip) + _connectionWindowMs));
            }

            RecordOwnConnectionLocked(nowMs);

            // Added to the shared window when Redis answers again (Redis may have restarted empty).
            _offlineConnections.Add((nowMs, NewConnectionMember()));
        }

        Interlocked.Increment(ref _permitsFromFallback);
        return new ValueTask<Attempt>(Attempt.Grant(DateTimeOffset.FromUnixTimeMilliseconds(nowMs)));
    }

    private void ExpireOwnConnectionsLocked(long nowMs)
    {
        while (_ownConnections.Count > 0 && _ownConnections.Peek() <= nowMs - _connectionWindowMs)
        {
            _ownConnections.Dequeue();
        }
    }

    private void RecordOwnConnectionLocked(long nowMs)
    {
        ExpireOwnConnectionsLocked(nowMs);
        _ownConnections.Enqueue(nowMs);
    }

    /// <summary>
    /// Adds the connection attempts granted on the fall-back to the shared window (after Redis is back), so that the
    /// fleet counts them even if this process attempts nothing more (an attempt waiting for the window does not hold it up).
    /// </summary>
    /// <returns>A task that completes when Redis has answered (or failed; the attempts are then kept for later).</returns>
    internal async Task PushOfflineConnectionsAsync()
    {
        await _pushGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var nowMs = NowMs();
            (long Ms, string Member)[] offline;
            lock (_gate)
            {
                if (_degraded || _disposed)
                {
                    return;
                }

                _offlineConnections.RemoveAll(c => c.Ms <= nowMs - _connectionWindowMs);
                offline = [.. _offlineConnections];
                _offlineConnections.Clear();
            }

            if (offline.Length == 0)
            {
                return;
            }

            var args = new RedisValue[5 + (2 * offline.Length)];
            args[0] = nowMs;
            args[1] = _connectionWindowMs;
            args[2] = -1;
            args[3] = string.Empty;
            args[4] = offline.Length;
            for (var j = 0; j < offline.Length; j++)
            {
                args[5 + (2 * j)] = offline[j].Ms;
                args[6 + (2 * j)] = offline[j].Member;
            }

            try
            {
                await _db.ScriptEvaluateAsync(RedisBudgetScripts.AcquireConnection, [_connectionsKey, _banKey], args)
                    .WaitAsync(_options.OperationTimeout * 10, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                // Kept for the next call (adding an attempt twice is harmless: each has a unique member).
                lock (_gate)
                {
                    _offlineConnections.InsertRange(0, offline);
                }

                _logger.SyncFailed(ex.GetType().Name);
            }
        }
        finally
        {
            _pushGate.Release();
        }
    }

    private string NewConnectionMember() =>
        string.Create(CultureInfo.InvariantCulture, $"{_instanceId}:{Interlocked.Increment(ref _connectionSequence)}");

    /// <inheritdoc />
    public void Release(int weight, bool countsAsOrder)
    {
        var toFallback = false;
        lock (_gate)
        {
            // Which budget granted this request is not known; the guess errs on the safe side: while sharing, the
            // fall-back's leftovers are released first (a release wrongly sent to Redis would shrink the fleet's carry),
            // while on the fall-back, Redis's are (a release wrongly taken by the fall-back would shrink its carry).
            // Permits granted during the resume grace period hold both budgets and are released in both.
            var fromFallback = _fallbackRequests > 0 && (!_degraded || (_remoteRequests == 0 && _graceRequests == 0));
            if (fromFallback)
            {
                _fallbackRequests--;
                toFallback = true;
            }
            else if (_graceRequests > 0)
            {
                _graceRequests--;
                var w = Math.Min(weight, _graceWeight);
                _graceWeight -= w;
                var o = countsAsOrder && _graceOrders > 0 ? 1 : 0;
                _graceOrders -= o;
                ReleaseRemoteLocked(w, o == 1);
                toFallback = true;
            }
            else if (_remoteRequests > 0)
            {
                _remoteRequests--;
                var w = Math.Min(weight, _remoteWeight);
                _remoteWeight -= w;
                var o = countsAsOrder && _remoteOrders > 0 ? 1 : 0;
                _remoteOrders -= o;
                ReleaseRemoteLocked(w, o == 1);
            }
            else
            {
                toFallback = true;
            }
        }

        if (toFallback)
        {
            _fallback.Release(weight, countsAsOrder);
        }
    }

    private void RecordGrantLocked(long ms, int weight, bool countsAsOrder)
    {
        _recent[_recentCount % _recent.Length] = new RecentGrant(ms, weight, countsAsOrder);
        _recentCount++;
    }

    /// <summary>
    /// What this process was granted since <paramref name="sinceMs"/> (one window back), from its recent grants: a request
    /// granted just before the window began may have reached the exchange after, so the look-back errs on the safe side.
    /// </summary>
    private long OwnUsageLocked(RateLimitType type, long sinceMs)
    {
        long used = 0;
        var count = Math.Min(_recentCount, _recent.Length);
        for (var k = 1; k <= count; k++)
        {
            var grant = _recent[(_recentCount - k) % _recent.Length];
            if (grant.Ms < sinceMs)
            {
                break;
            }

            used += Cost(type, grant.Weight, grant.CountsAsOrder);
        }

        return used;
    }

    private void ReleaseRemoteLocked(long weight, bool countsAsOrder)
    {
        foreach (var slot in _slots)
        {
            slot.PendingRelease += Cost(slot.Type, (int)weight, countsAsOrder);
        }

        ScheduleSyncLocked();
    }

    /// <inheritdoc />
    public void ReconcileUsage(RateLimitType type, TimeSpan window, long serverUsed, DateTimeOffset grantedAt)
    {
        _fallback.ReconcileUsage(type, window, serverUsed, grantedAt);
        var grantedMs = grantedAt.ToUnixTimeMilliseconds();
        var windowMs = (long)window.TotalMilliseconds;
        lock (_gate)
        {
            var tracked = false;
            foreach (var slot in _slots)
            {
                if (slot.Type != type || slot.WindowMs != windowMs)
                {
                    continue;
                }

                tracked = true;
                var index = grantedMs / slot.WindowMs;
                if (index > slot.ReportIndex || (index == slot.ReportIndex && serverUsed > slot.ReportUsed))
                {
                    slot.ReportIndex = index;
                    slot.ReportUsed = serverUsed;
                    ScheduleSyncLocked();
                }

                if (index == slot.KnownIndex && serverUsed > slot.KnownUsed)
                {
                    slot.KnownUsed = serverUsed;
                }
            }

            if (!tracked && windowMs > 0)
            {
                // A window the exchange reports before exchange info declared it (e.g. the exchangeInfo call itself):
                // remembered, so that the limit, once declared, starts from what the exchange already counted.
                (_untracked ??= [])[(type, windowMs)] = (NowMs() / windowMs, serverUsed);
            }
        }
    }

    /// <inheritdoc />
    public void UpdateLimits(IReadOnlyList<RateLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var tracked = limits.Where(l => l.Type != RateLimitType.Unknown && l.Window > TimeSpan.Zero && l.Limit > 0).ToList();
        if (tracked.Count == 0)
        {
            return;
        }

        _fallback.UpdateLimits(tracked);
        lock (_gate)
        {
            var nowMs = NowMs();
            var slots = new LimitSlot[tracked.Count];
            var keys = new RedisKey[tracked.Count + 2];
            keys[0] = _pauseKey;
            keys[1] = _banKey;
            for (var n = 0; n < tracked.Count; n++)
            {
                var limit = tracked[n];
                var windowMs = (long)limit.Window.TotalMilliseconds;
                var slot = _slots.FirstOrDefault(s => s.Type == limit.Type && s.WindowMs == windowMs);
                if (slot is null)
                {
                    slot = new LimitSlot(limit.Type, windowMs);
                    var own = OwnUsageLocked(slot.Type, nowMs - windowMs);
                    if (own > 0 && _slots.Length > 0)
                    {
                        slot.AddIndex = nowMs / windowMs;
                        slot.AddUsed = own;
                        ScheduleSyncLocked();
                    }
                }

                slot.Limit = limit.Limit;
                slot.Ceiling = Math.Max(1, (int)decimal.Floor(limit.Limit * _maxUtilization));
                if (_untracked is not null && _untracked.Remove((limit.Type, windowMs), out var seen) && seen.Index >= slot.ReportIndex)
                {
                    slot.ReportIndex = seen.Index;
                    slot.ReportUsed = Math.Max(slot.ReportUsed, seen.Used);
                    ScheduleSyncLocked();
                }

                slots[n] = slot;
                keys[n + 2] = LimitKey(limit.Type, windowMs);
            }

            _slots = slots;
            _keys = keys;
        }
    }

    /// <inheritdoc />
    public void PauseFor(TimeSpan duration)
    {
        _fallback.PauseFor(duration);
        var untilMs = NowMs() + (long)Math.Max(0, duration.TotalMilliseconds);
        lock (_gate)
        {
            _pausedUntilMs = Math.Max(_pausedUntilMs, untilMs);
        }

        Share(_pauseKey, untilMs, "429 pause");
    }

    /// <inheritdoc />
    public void BanFor(TimeSpan duration)
    {
        _fallback.BanFor(duration);
        var untilMs = NowMs() + (long)Math.Max(0, duration.TotalMilliseconds);
        lock (_gate)
        {
            _bannedUntilMs = Math.Max(_bannedUntilMs, untilMs);
        }

        Share(_banKey, untilMs, "418 ban");
    }

    /// <inheritdoc />
    public IReadOnlyList<RateLimitUsage> GetUsage()
    {
        var nowMs = NowMs();
        lock (_gate)
        {
            if (_degraded)
            {
                return _fallback.GetUsage();
            }

            var usage = new RateLimitUsage[_slots.Length];
            for (var i = 0; i < usage.Length; i++)
            {
                var slot = _slots[i];
                var index = Math.Max(nowMs / slot.WindowMs, slot.KnownIndex);
                usage[i] = new RateLimitUsage(
                    slot.Type,
                    TimeSpan.FromMilliseconds(slot.WindowMs),
                    slot.Limit,
                    slot.Ceiling,
                    index == slot.KnownIndex ? slot.KnownUsed : 0,
                    DateTimeOffset.FromUnixTimeMilliseconds((index + 1) * slot.WindowMs));
            }

            return usage;
        }
    }

    /// <summary>Stops the timers and the fall-back budget; the Redis connection is left to its owner.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _syncTimer.Dispose();
        _probeTimer.Dispose();
        _fallback.Dispose();
    }

    /// <summary>Sends pending releases and usage reports now (what the sync timer does); for tests and benchmarks.</summary>
    /// <returns>A task that completes when the sync has been answered (or failed).</returns>
    internal async Task FlushAsync()
    {
        lock (_gate)
        {
            _syncScheduled = false;
            if (_degraded || _disposed || !HasPendingLocked())
            {
                return;
            }
        }

        var call = Prepare(-1, false);
        try
        {
            var reply = await _db.ScriptEvaluateAsync(RedisBudgetScripts.Acquire, call.Keys, call.Args).WaitAsync(_options.OperationTimeout, _timeProvider).ConfigureAwait(false);
            Absorb((RedisResult[])reply!, call);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Restore(call);
            _logger.SyncFailed(ex.GetType().Name);
        }
    }

    private static int Cost(RateLimitType type, int weight, bool countsAsOrder) => type switch
    {
        RateLimitType.RequestWeight => weight,
        RateLimitType.RawRequests => 1,
        RateLimitType.Orders => countsAsOrder ? 1 : 0,
        _ => 0,
    };

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or InvalidCastException or ObjectDisposedException;

    private static string Scope(RateLimitType type) => type == RateLimitType.Orders ? "acct" : "ip";

    private RedisKey IpKey(string name) => $"{{{_options.KeyPrefix}}}:ip:{_options.IpGroup}:{name}";

    private RedisKey LimitKey(RateLimitType type, long windowMs) =>
        $"{{{_options.KeyPrefix}}}:{Scope(type)}:{(type == RateLimitType.Orders ? _options.Account : _options.IpGroup)}:{type}:{windowMs.ToString(CultureInfo.InvariantCulture)}";

    private long NowMs() => (_serverClock?.UtcNow ?? _timeProvider.GetUtcNow()).ToUnixTimeMilliseconds();

    private TimeSpan Jitter() => _options.MaxJitter <= TimeSpan.Zero
        ? TimeSpan.Zero
        : TimeSpan.FromTicks((long)(_random.NextDouble() * _options.MaxJitter.Ticks));

    private void ThrowIfBannedOrDisposed(long nowMs)
    {
        long until;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            until = _bannedUntilMs;
        }

        if (nowMs < until)
        {
            var end = DateTimeOffset.FromUnixTimeMilliseconds(until);
            throw new IpBannedException($"The IP is banned by the exchange until {end:O}; the request was not sent.", end, TimeSpan.FromMilliseconds(until - nowMs))
            {
                RequestNotSent = true,
            };
        }
    }

    /// <summary>One attempt: the shared budget when Redis is reachable, otherwise the fall-back (which waits itself).</summary>
    private async ValueTask<Attempt> TryAcquireAsync(int weight, bool countsAsOrder, CancellationToken cancellationToken)
    {
        bool degraded;
        lock (_gate)
        {
            degraded = _degraded;
        }

        if (!degraded && !_redis.IsConnected)
        {
            EnterDegraded("not connected", null);
            degraded = true;
        }

        if (degraded)
        {
            return await AcquireFromFallbackAsync(weight, countsAsOrder, cancellationToken).ConfigureAwait(false);
        }

        long graceUntilMs;
        lock (_gate)
        {
            graceUntilMs = _graceUntilMs;
        }

        var inGrace = NowMs() < graceUntilMs;
        if (inGrace)
        {
            // Just back from the fall-back: the other processes may still spend their fall-back share, so this one
            // stays within its own as well (a permit then needs both budgets, and is released in both).
            await _fallback.AcquireAsync(weight, countsAsOrder, cancellationToken).ConfigureAwait(false);
        }

        var call = Prepare(weight, countsAsOrder);
        var nowMs = call.NowMs;
        RedisResult[] reply;
        try
        {
            // The first call may compile the script on the server and this client's code: it gets more time.
            var timeout = Volatile.Read(ref _warm) ? _options.OperationTimeout : _options.OperationTimeout * 10;

            // Not canceled by the caller once sent: the outcome must be known to keep the shared count right.
            RedisResult result;
            try
            {
                result = await _db.ScriptEvaluateAsync(RedisBudgetScripts.Acquire, call.Keys, call.Args).WaitAsync(timeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException) when (_redis.IsConnected)
            {
                // One slow answer on a live connection is not an outage: a process on its fall-back while the others
                // share adds its fall-back share on top of the shared count. Asked once more (if the first call ran
                // after all, the request is counted twice, which only holds the fleet back).
                result = await _db.ScriptEvaluateAsync(RedisBudgetScripts.Acquire, call.Keys, call.Args).WaitAsync(timeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            }

            reply = (RedisResult[])result!;
            Volatile.Write(ref _warm, true);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // The script may have run: its reservation stays in Redis (conservative); the permit comes from the fall-back.
            Restore(call);
            EnterDegraded(ex.GetType().Name, ex);
            if (inGrace)
            {
                CountFallbackGrant(call.NowMs, weight, countsAsOrder);
                return Attempt.Grant(DateTimeOffset.FromUnixTimeMilliseconds(call.NowMs));
            }

            return await AcquireFromFallbackAsync(weight, countsAsOrder, cancellationToken).ConfigureAwait(false);
        }

        if (inGrace && (long)reply[0] != RedisBudgetScripts.Granted)
        {
            _fallback.Release(weight, countsAsOrder);
        }

        var (status, retryAtMs, bannedUntilMs) = Absorb(reply, call);
        switch (status)
        {
            case RedisBudgetScripts.Granted:
                Interlocked.Increment(ref _permitsFromRedis);
                lock (_gate)
                {
                    RecordGrantLocked(nowMs, weight, countsAsOrder);
                    if (inGrace)
                    {
                        _graceRequests++;
                        _graceWeight += weight;
                        _graceOrders += countsAsOrder ? 1 : 0;
                    }
                    else
                    {
                        _remoteRequests++;
                        _remoteWeight += weight;
                        _remoteOrders += countsAsOrder ? 1 : 0;
                    }
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    Release(weight, countsAsOrder);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                return Attempt.Grant(DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
            case RedisBudgetScripts.Banned:
                lock (_gate)
                {
                    _bannedUntilMs = Math.Max(_bannedUntilMs, bannedUntilMs);
                }

                ThrowIfBannedOrDisposed(nowMs);
                return Attempt.Refuse(nowMs);
            default:
                WarnIfFull(weight, countsAsOrder, retryAtMs);
                return Attempt.Refuse(retryAtMs);
        }
    }

    private async ValueTask<Attempt> AcquireFromFallbackAsync(int weight, bool countsAsOrder, CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _remoteRequests) > 0)
        {
            CarryRemoteInFlightIntoFallback();
        }

        var grantedAt = await _fallback.AcquireAsync(weight, countsAsOrder, cancellationToken).ConfigureAwait(false);
        CountFallbackGrant(grantedAt.ToUnixTimeMilliseconds(), weight, countsAsOrder);
        return Attempt.Grant(grantedAt);
    }

    private void CountFallbackGrant(long grantedMs, int weight, bool countsAsOrder)
    {
        Interlocked.Increment(ref _permitsFromFallback);
        lock (_gate)
        {
            _fallbackRequests++;
            RecordGrantLocked(grantedMs, weight, countsAsOrder);

            // Remembered per window so that the fleet's shared count includes it when Redis is back.
            foreach (var slot in _slots)
            {
                var index = grantedMs / slot.WindowMs;
                if (index > slot.OfflineIndex)
                {
                    slot.OfflineIndex = index;
                    slot.OfflineUsed = 0;
                }

                if (index == slot.OfflineIndex)
                {
                    slot.OfflineUsed += Cost(slot.Type, weight, countsAsOrder);
                }
            }
        }
    }

    /// <summary>
    /// Requests Redis granted before the outage and still in flight may reach the exchange in a later window: once per
    /// window, the fall-back's count is raised by their cost, as its own in-flight requests are carried.
    /// </summary>
    private void CarryRemoteInFlightIntoFallback()
    {
        var nowMs = NowMs();
        List<(RateLimitType Type, TimeSpan Window, long Cost)>? carry = null;
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                var index = nowMs / slot.WindowMs;
                if (slot.CarryIndex >= index)
                {
                    continue;
                }

                slot.CarryIndex = index;
                var cost = slot.Type switch
                {
                    RateLimitType.RequestWeight => _remoteWeight,
                    RateLimitType.RawRequests => _remoteRequests,
                    RateLimitType.Orders => _remoteOrders,
                    _ => 0,
                };
                if (cost > 0)
                {
                    (carry ??= []).Add((slot.Type, TimeSpan.FromMilliseconds(slot.WindowMs), cost));
                }
            }
        }

        if (carry is null)
        {
            return;
        }

        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        var usage = _fallback.GetUsage();
        foreach (var (type, window, cost) in carry)
        {
            var used = usage.FirstOrDefault(u => u.Type == type && u.Window == window)?.Used ?? 0;
            _fallback.ReconcileUsage(type, window, used + cost, now);
        }
    }

    /// <summary>Builds the script's keys and arguments and takes the pending sync data (restored if the call fails).</summary>
    private PreparedCall Prepare(int weight, bool countsAsOrder)
    {
        lock (_gate)
        {
            // The clock is read after the pending releases are taken: a release recorded after a window rolled must be
            // applied in the new window (after the carry), or a request the exchange counted there would be lost.
            var nowMs = NowMs();
            var slots = _slots;
            var args = new RedisValue[3 + (slots.Length * RedisBudgetScripts.ArgsPerLimit)];
            args[0] = nowMs;
            args[1] = slots.Length;
            args[2] = weight < 0 ? 0 : 1;
            var taken = new Taken[slots.Length];
            for (var i = 0; i < slots.Length; i++)
            {
                var s = slots[i];
                var o = 3 + (i * RedisBudgetScripts.ArgsPerLimit);
                taken[i] = new Taken(s.PendingRelease, s.ReportIndex, s.ReportUsed, s.AddIndex, s.AddUsed);
                args[o] = s.WindowMs;
                args[o + 1] = nowMs / s.WindowMs;
                args[o + 2] = s.Ceiling;
                args[o + 3] = weight < 0 ? 0 : Cost(s.Type, weight, countsAsOrder);
                args[o + 4] = s.PendingRelease;
                args[o + 5] = s.ReportIndex;
                args[o + 6] = s.ReportUsed;
                args[o + 7] = s.AddIndex;
                args[o + 8] = s.AddUsed;

                // Kept for two windows (at least a minute) after the last use, so that a slow process still finds it.
                args[o + 9] = Math.Max(2 * s.WindowMs, 60_000);
                s.PendingRelease = 0;
                s.ReportIndex = -1;
                s.ReportUsed = 0;
                s.AddIndex = -1;
                s.AddUsed = 0;
            }

            return new PreparedCall(_keys, args, slots, taken, nowMs);
        }
    }

    /// <summary>Puts back the sync data a failed call took, so that it rides on a later call.</summary>
    private void Restore(PreparedCall call)
    {
        lock (_gate)
        {
            for (var i = 0; i < call.Slots.Length; i++)
            {
                var s = call.Slots[i];
                var t = call.Taken[i];

                // Releases are not put back: the call may have run (a timeout), and applying them twice would shrink the
                // in-flight cost carried into the next window. Dropping them only carries more than needed.

                if (t.ReportIndex > s.ReportIndex || (t.ReportIndex == s.ReportIndex && t.ReportUsed > s.ReportUsed))
                {
                    s.ReportIndex = t.ReportIndex;
                    s.ReportUsed = t.ReportUsed;
                }

                if (t.AddIndex >= 0)
                {
                    if (s.AddIndex == t.AddIndex)
                    {
                        s.AddUsed += t.AddUsed;
                    }
                    else if (t.AddIndex > s.AddIndex)
                    {
                        s.AddIndex = t.AddIndex;
                        s.AddUsed = t.AddUsed;
                    }
                }
            }
        }
    }

    private (long Status, long RetryAtMs, long BannedUntilMs) Absorb(RedisResult[] reply, PreparedCall call)
    {
        var status = (long)reply[0];
        var retryAtMs = (long)reply[1];
        var bannedUntilMs = (long)reply[2];
        lock (_gate)
        {
            for (var i = 0; i < call.Slots.Length && 4 + (2 * i) < reply.Length; i++)
            {
                var slot = call.Slots[i];
                var index = (long)reply[3 + (2 * i)];
                var used = (long)reply[4 + (2 * i)];
                if (index >= slot.KnownIndex)
                {
                    slot.KnownIndex = index;
                    slot.KnownUsed = used;
                }
            }

            if (bannedUntilMs > _bannedUntilMs)
            {
                _bannedUntilMs = bannedUntilMs;
            }
        }

        return (status, retryAtMs, bannedUntilMs);
    }

    private void WarnIfFull(int weight, bool countsAsOrder, long retryAtMs)
    {
        List<RateLimitUsage>? full = null;
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                var cost = Cost(slot.Type, weight, countsAsOrder);
                if (cost > 0 && slot.KnownUsed + cost > slot.Ceiling && slot.WarnedIndex != slot.KnownIndex)
                {
                    slot.WarnedIndex = slot.KnownIndex;
                    (full ??= []).Add(new RateLimitUsage(slot.Type, TimeSpan.FromMilliseconds(slot.WindowMs), slot.Limit, slot.Ceiling, slot.KnownUsed, default));
                }
            }
        }

        foreach (var u in full ?? [])
        {
            _logger.SharedCeilingReached(u.Type, u.Window, u.Ceiling, u.Used, DateTimeOffset.FromUnixTimeMilliseconds(retryAtMs));
        }
    }

    private bool HasPendingLocked()
    {
        foreach (var s in _slots)
        {
            if (s.PendingRelease != 0 || s.ReportIndex >= 0 || s.AddIndex >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private void ScheduleSyncLocked()
    {
        if (_syncScheduled || _degraded || _disposed)
        {
            return;
        }

        _syncScheduled = true;
        _syncTimer.Change(_options.SyncDelay, Timeout.InfiniteTimeSpan);
    }

    private void OnSyncTimer() => _ = FlushAsync();

    private void Share(RedisKey key, long untilMs, string kind)
    {
        try
        {
            var ttlMs = Math.Max(1, untilMs - NowMs()) + 60_000;
            _db.ScriptEvaluate(RedisBudgetScripts.RaiseUntil, [key], [untilMs, ttlMs], CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Fire-and-forget throws only when the connection is down; the local pause/ban still applies.
            _logger.SharedSignalFailed(kind, ex.GetType().Name);
        }
    }

    private void EnterDegraded(string reason, Exception? exception)
    {
        var nowMs = NowMs();
        List<(RateLimitType Type, TimeSpan Window, long Used)> seeds = [];
        lock (_gate)
        {
            if (_degraded || _disposed)
            {
                return;
            }

            _degraded = true;
            _degradedSinceMs = nowMs;
            foreach (var slot in _slots)
            {
                // The shared count of this window already holds the requests still in flight; later windows get them
                // from CarryRemoteInFlightIntoFallback.
                slot.CarryIndex = nowMs / slot.WindowMs;
                if (slot.KnownIndex == nowMs / slot.WindowMs && slot.KnownUsed > 0)
                {
                    seeds.Add((slot.Type, TimeSpan.FromMilliseconds(slot.WindowMs), slot.KnownUsed));
                }
            }
        }

        // Start from what the fleet had already used in this window: the fall-back's small ceiling then holds the
        // process back until the window rolls instead of adding its share on top.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        foreach (var (type, window, used) in seeds)
        {
            _fallback.ReconcileUsage(type, window, used, now);
        }

        Interlocked.Increment(ref _fallbackActivations);
        _logger.RedisBudgetDegraded(reason, _options.FleetSize, exception);
        _probeTimer.Change(_options.ProbeInterval, _options.ProbeInterval);
    }

    private void OnProbeTimer()
    {
        if (Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        _ = ProbeAsync();
    }

    private async Task ProbeAsync()
    {
        try
        {
            if (!_redis.IsConnected)
            {
                return;
            }

            await _db.PingAsync().WaitAsync(_options.OperationTimeout, _timeProvider).ConfigureAwait(false);
            Resume();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Still unreachable: the next probe tries again.
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private void Resume()
    {
        var nowMs = NowMs();
        long since;
        lock (_gate)
        {
            if (!_degraded)
            {
                return;
            }

            _degraded = false;
            since = _degradedSinceMs;

            // Releases of requests Redis granted before the outage are dropped: Redis may have restarted empty, and
            // applying them there would shrink the in-flight cost of requests granted since. If it kept its data, the
            // fleet's in-flight count stays that much higher (conservative) until the keys expire when idle.
            _remoteRequests = 0;
            _remoteWeight = 0;
            _remoteOrders = 0;
            foreach (var slot in _slots)
            {
                slot.PendingRelease = 0;
            }

            _graceUntilMs = nowMs + (long)_options.ResumeGracePeriod.TotalMilliseconds;

            // What this process used on the fall-back in the current windows is added to the shared count (Redis may
            // have restarted empty; the other processes add theirs), and the exchange's last reported usage is kept.
            foreach (var slot in _slots)
            {
                if (slot.OfflineIndex == nowMs / slot.WindowMs && slot.OfflineUsed > 0)
                {
                    slot.AddIndex = slot.OfflineIndex;
                    slot.AddUsed = slot.OfflineUsed;
                }

                slot.OfflineIndex = -1;
                slot.OfflineUsed = 0;
            }

            ScheduleSyncLocked();
        }

        _probeTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _logger.RedisBudgetResumed(TimeSpan.FromMilliseconds(nowMs - since));
        _ = PushOfflineConnectionsAsync();
    }

    private readonly record struct Attempt(bool Granted, DateTimeOffset GrantedAt, long RetryAtMs)
    {
        public static Attempt Grant(DateTimeOffset at) => new(true, at, 0);

        public static Attempt Refuse(long retryAtMs) => new(false, default, retryAtMs);
    }

    private readonly record struct RecentGrant(long Ms, int Weight, bool CountsAsOrder);

    private readonly record struct Taken(long Release, long ReportIndex, long ReportUsed, long AddIndex, long AddUsed);

    private sealed record PreparedCall(RedisKey[] Keys, RedisValue[] Args, LimitSlot[] Slots, Taken[] Taken, long NowMs);

    /// <summary>One limit: its definition, the last shared count seen, and sync data waiting to ride on the next call.</summary>
    private sealed class LimitSlot(RateLimitType type, long windowMs)
    {
        public RateLimitType Type { get; } = type;

        public long WindowMs { get; } = windowMs;

        public int Limit { get; set; }

        public int Ceiling { get; set; }

        public long KnownIndex { get; set; } = -1;

        public long KnownUsed { get; set; }

        public long WarnedIndex { get; set; } = -1;

        public long PendingRelease { get; set; }

        public long ReportIndex { get; set; } = -1;

        public long ReportUsed { get; set; }

        public long AddIndex { get; set; } = -1;

        public long AddUsed { get; set; }

        public long CarryIndex { get; set; } = -1;

        public long OfflineIndex { get; set; } = -1;

        public long OfflineUsed { get; set; }
    }
}
