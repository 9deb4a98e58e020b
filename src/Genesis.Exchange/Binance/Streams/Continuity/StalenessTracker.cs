namespace Genesis.Exchange.Binance.Streams.Continuity;

/// <summary>
/// Tracks one latest-value stream (tickers, mini tickers, book ticker, partial depth, average price): drops updates
/// that are not newer than the last accepted one — the same stream arriving on two connections during a failover or
/// a make-before-break renewal — and tells whether the stream has gone quiet for too long.
/// <list type="bullet">
/// <item>Order: an update is accepted when its order key (the event time in ms, or the update id for the book ticker
/// and partial depth) is greater than the last accepted one; otherwise it is dropped and counted in
/// <see cref="DuplicatesDropped"/>. A copy with the same key still proves the current value is current, so it
/// refreshes <see cref="LastReceivedAt"/>; an older one does not.</item>
/// <item>Staleness: <see cref="IsStale"/> once nothing newer-or-equal was received for <see cref="StaleAfter"/> =
/// max(<c>staleAfterIntervals</c> × the stream's update interval, <c>minimumStaleAfter</c>), measured from the last
/// receive (or from creation or <see cref="Restart"/> when nothing was received since). Real-time streams (update
/// interval zero, e.g. the book ticker) use the minimum.</item>
/// </list>
/// Thread-safe and allocation-free per update.
/// </summary>
/// <typeparam name="T">The stream's update type.</typeparam>
internal sealed class StalenessTracker<T>
    where T : class
{
    /// <summary>The default number of update intervals without news after which a stream is stale.</summary>
    public const int DefaultStaleAfterIntervals = 3;

    /// <summary>The default floor of <see cref="StaleAfter"/> (also the threshold of real-time streams).</summary>
    public static readonly TimeSpan DefaultMinimumStaleAfter = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Func<T, long> _orderKey;
    private readonly TimeProvider _timeProvider;
    private long _lastKey = long.MinValue;
    private T? _latest;
    private DateTimeOffset? _lastReceivedAt;
    private DateTimeOffset _since;
    private long _duplicates;
    private long _accepted;

    /// <summary>Creates a tracker.</summary>
    /// <param name="orderKey">Reads an update's order key: event time in Unix ms, or update id.</param>
    /// <param name="updateInterval">The stream's documented update speed (<see cref="TimeSpan.Zero"/> for real-time).</param>
    /// <param name="timeProvider">The clock of receive times.</param>
    /// <param name="staleAfterIntervals">How many update intervals without news make the stream stale (at least 1).</param>
    /// <param name="minimumStaleAfter">The floor of the threshold; <see cref="DefaultMinimumStaleAfter"/> when null.</param>
    public StalenessTracker(
        Func<T, long> orderKey,
        TimeSpan updateInterval,
        TimeProvider timeProvider,
        int staleAfterIntervals = DefaultStaleAfterIntervals,
        TimeSpan? minimumStaleAfter = null)
    {
        ArgumentNullException.ThrowIfNull(orderKey);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(updateInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(staleAfterIntervals, 1);
        var minimum = minimumStaleAfter ?? DefaultMinimumStaleAfter;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero, nameof(minimumStaleAfter));
        _orderKey = orderKey;
        _timeProvider = timeProvider;
        StaleAfter = TimeSpan.FromTicks(Math.Max(updateInterval.Ticks * staleAfterIntervals, minimum.Ticks));
        _since = timeProvider.GetUtcNow();
    }

    /// <summary>How long without news makes the stream stale.</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>Updates dropped because they were not newer than the last accepted one.</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    /// <summary>Updates accepted.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>The last accepted update, if any.</summary>
    public T? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    /// <summary>When the current value was last received (accepted, or confirmed by a copy with the same key).</summary>
    public DateTimeOffset? LastReceivedAt
    {
        get
        {
            lock (_lock)
            {
                return _lastReceivedAt;
            }
        }
    }

    /// <summary>How long since the last receive (or since creation or <see cref="Restart"/> when nothing came since).</summary>
    public TimeSpan Age
    {
        get
        {
            var now = _timeProvider.GetUtcNow();
            lock (_lock)
            {
                return now - (_lastReceivedAt is { } at && at > _since ? at : _since);
            }
        }
    }

    /// <summary>Whether nothing was received for longer than <see cref="StaleAfter"/>.</summary>
    public bool IsStale => Age > StaleAfter;

    /// <summary>Takes an update from any connection.</summary>
    /// <param name="update">The update.</param>
    /// <returns>True when it is newer than the last accepted one and should be delivered; false when it is dropped.</returns>
    public bool TryAccept(T update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var key = _orderKey(update);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (key > _lastKey || _latest is null)
            {
                _lastKey = key;
                _latest = update;
                _lastReceivedAt = now;
                _accepted++;
                return true;
            }

            if (key == _lastKey)
            {
                _lastReceivedAt = now;
            }

            _duplicates++;
            return false;
        }
    }

    /// <summary>
    /// Starts the staleness clock again without forgetting the last key (after a resubscribe: the new connection gets
    /// <see cref="StaleAfter"/> to deliver before the stream counts as stale, and its replays of older values are still dropped).
    /// </summary>
    public void Restart()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            _since = now;
        }
    }
}
