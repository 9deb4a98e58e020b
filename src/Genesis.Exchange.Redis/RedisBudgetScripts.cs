namespace Genesis.Exchange.Redis;

/// <summary>The Lua scripts the budget runs on the Redis server; each is one atomic round trip.</summary>
internal static class RedisBudgetScripts
{
    /// <summary>Arguments per limit after the three leading ones.</summary>
    public const int ArgsPerLimit = 10;

    /// <summary>Reply status: the permit was granted.</summary>
    public const long Granted = 0;

    /// <summary>Reply status: a limit is full or the IP group is paused; retry at the returned time.</summary>
    public const long Refused = 1;

    /// <summary>Reply status: the IP group is banned until the returned time.</summary>
    public const long Banned = 2;

    /// <summary>Reply status: a sync-only call (no permit asked) was applied.</summary>
    public const long Synced = 3;

    /// <summary>
    /// Applies pending sync data, then checks every limit and reserves the request on all of them, or none.
    /// KEYS: [1] pause key, [2] ban key, [2 + i] hash of limit i (fields i = window index, u = used, f = in flight).
    /// ARGV: [1] now (Unix ms), [2] limit count, [3] 1 to acquire / 0 to sync only, then per limit: window ms,
    /// window index of now, ceiling, cost, released in-flight cost, reported window index, reported used,
    /// added window index, added used, time to live ms.
    /// Reply: status, retry-at ms (refused), ban-until ms, then per limit the window index and used count.
    /// Windows only move forward (a late clock read lands in the later window); a new window starts with the
    /// fleet's in-flight cost carried over, as the exchange counts a request when it receives it.
    /// </summary>
    public const string Acquire = """
        local now = tonumber(ARGV[1])
        local n = tonumber(ARGV[2])
        local acquire = ARGV[3] == '1'
        local pause = tonumber(redis.call('GET', KEYS[1]) or '0')
        local ban = tonumber(redis.call('GET', KEYS[2]) or '0')
        local cur = {}
        local used = {}
        local flight = {}
        local retry = 0
        local blocked = false
        for i = 1, n do
          local o = 3 + (i - 1) * 10
          local ix = tonumber(ARGV[o + 2])
          local h = redis.call('HMGET', KEYS[i + 2], 'i', 'u', 'f')
          local si = tonumber(h[1]) or -1
          local su = tonumber(h[2]) or 0
          local sf = tonumber(h[3]) or 0
          if ix > si then
            si = ix
            su = sf
          end
          local rel = tonumber(ARGV[o + 5])
          if rel > 0 then
            sf = sf - rel
            if sf < 0 then sf = 0 end
          end
          if tonumber(ARGV[o + 8]) == si then
            su = su + tonumber(ARGV[o + 9])
          end
          if tonumber(ARGV[o + 6]) == si then
            local rv = tonumber(ARGV[o + 7])
            if rv > su then su = rv end
          end
          cur[i] = si
          used[i] = su
          flight[i] = sf
          local cost = tonumber(ARGV[o + 4])
          if acquire and cost > 0 and su > 0 and su + cost > tonumber(ARGV[o + 3]) then
            blocked = true
            local e = (si + 1) * tonumber(ARGV[o + 1])
            if e > retry then retry = e end
          end
        end
        local status = 3
        if acquire then
          if now < ban then
            status = 2
          elseif now < pause or blocked then
            status = 1
            if now < pause and pause > retry then retry = pause end
          else
            status = 0
          end
        end
        local reply = { status, retry, ban }
        for i = 1, n do
          local o = 3 + (i - 1) * 10
          if status == 0 then
            local cost = tonumber(ARGV[o + 4])
            used[i] = used[i] + cost
            flight[i] = flight[i] + cost
          end
          redis.call('HSET', KEYS[i + 2], 'i', cur[i], 'u', used[i], 'f', flight[i])
          redis.call('PEXPIRE', KEYS[i + 2], ARGV[o + 10])
          reply[3 + 2 * i - 1] = cur[i]
          reply[3 + 2 * i] = used[i]
        end
        return reply
        """;

    /// <summary>
    /// Takes one WebSocket connection attempt from the IP group's sliding window (a sorted set of attempt times), after
    /// adding the attempts a process granted on its fall-back while Redis was unreachable.
    /// KEYS: [1] the attempts sorted set, [2] ban key. ARGV: [1] now (Unix ms), [2] window ms, [3] ceiling, [4] this
    /// attempt's unique member, [5] count k of offline attempts, then k pairs of time (Unix ms) and unique member.
    /// A negative ceiling only adds the offline attempts (status synced).
    /// Reply: status (granted, refused or banned), retry-at ms when refused (when enough attempts leave the window for
    /// one more), ban-until ms, attempts in the window.
    /// An attempt counts until exactly one window after it; no window of that length holds more than the ceiling.
    /// </summary>
    public const string AcquireConnection = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local ceiling = tonumber(ARGV[3])
        local k = tonumber(ARGV[5])
        for j = 1, k do
          redis.call('ZADD', KEYS[1], tonumber(ARGV[4 + 2 * j]), ARGV[5 + 2 * j])
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        redis.call('PEXPIRE', KEYS[1], window + 60000)
        local ban = tonumber(redis.call('GET', KEYS[2]) or '0')
        local n = redis.call('ZCARD', KEYS[1])
        if ceiling < 0 then
          return { 3, 0, ban, n }
        end
        if now < ban then
          return { 2, 0, ban, n }
        end
        if n < ceiling then
          redis.call('ZADD', KEYS[1], now, ARGV[4])
          return { 0, 0, ban, n + 1 }
        end
        local at = redis.call('ZRANGE', KEYS[1], n - ceiling, n - ceiling, 'WITHSCORES')
        return { 1, tonumber(at[2]) + window, ban, n }
        """;

    /// <summary>
    /// Raises a time stored in KEYS[1] to ARGV[1] (Unix ms) when later, expiring it ARGV[2] ms from now.
    /// Used for the shared 429 pause and 418 ban.
    /// </summary>
    public const string RaiseUntil = """
        local c = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > c then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        end
        return 0
        """;
}
