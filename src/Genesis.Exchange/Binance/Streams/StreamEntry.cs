using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// One wanted stream: its subscriptions, the connections carrying it and the merge of what they deliver.
/// </summary>
/// <remarks>
/// <para>During a failover, a renewal or a fail-back two connections carry the same stream for a while. Their messages
/// are merged into one sequence: a message is delivered once (by its id — trade <c>t</c>, aggregate trade <c>a</c>,
/// diff depth <c>U</c>/<c>u</c>, book ticker and partial depth update id — or by event time for the other streams),
/// duplicates are dropped and counted, and the order is kept. For id-sequenced streams a message that would open a gap
/// while another live connection has not yet reached that id is held (bounded, at most
/// <see cref="MarketStreamOptions.HandoverTimeout"/>) until that connection closes the gap; only when no live connection
/// can close it is the gap real: trades are then filled over REST (<see cref="TradeSequencer"/>), a diff-depth consumer
/// sees <c>U</c> beyond the previous <c>u</c> + 1 and a local book resyncs.</para>
/// </remarks>
internal sealed class StreamEntry : IStreamSubscriptionHost
{
    private const int MaxHeld = 10_000;
    private readonly Lock _lock = new();
    private readonly BinanceMarketStreamClient _pool;
    private readonly TaskCompletionSource _confirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(StreamConnection Connection, long LastKey)> _carriers = new(2);
    private readonly List<(StreamConnection Source, object Payload, long First, long Last)> _held = []; // ordered by First
    private object[] _subscriptions = [];
    private bool _subscribedBefore;
    private bool _hasKey;
    private long _lastKey;
    private long _heldSince;
    private long _received;
    private long _malformed;
    private long _duplicates;
    private long _gaps;
    private long _lastReceivedTimestamp;

    public StreamEntry(BinanceMarketStreamClient pool, string name, StreamMessageKind kind, StreamDelivery delivery, TimeSpan updateInterval, StreamRole role)
    {
        _pool = pool;
        Name = name;
        Kind = kind;
        Delivery = delivery;
        UpdateInterval = updateInterval;
        Role = role;
    }

    public string Name { get; }

    public StreamMessageKind Kind { get; }

    public StreamDelivery Delivery { get; }

    public TimeSpan UpdateInterval { get; }

    public StreamRole Role { get; }

    /// <summary>The connection of its role that carries it (guarded by the pool's gate).</summary>
    public StreamConnection Home { get; set; } = null!;

    /// <summary>The backup connection carrying it while <see cref="Home"/> is down (guarded by the pool's gate).</summary>
    public StreamConnection? Backup { get; set; }

    /// <summary>A connection to release once <see cref="HandoverTo"/> has caught up (renewal, fail-back; pool's gate).</summary>
    public StreamConnection? HandoverFrom { get; set; }

    /// <summary>The connection taking over (pool's gate).</summary>
    public StreamConnection? HandoverTo { get; set; }

    /// <summary>
    /// A SUBSCRIBE of this stream was confirmed before, or data of it arrived (which proves it was, even while the
    /// confirmation's continuation has not run yet).
    /// </summary>
    public bool SubscribedBefore
    {
        get => Volatile.Read(ref _subscribedBefore);
        set => Volatile.Write(ref _subscribedBefore, value);
    }

    /// <summary>Connections whose SUBSCRIBE went out while no other connection carried the stream: their confirmation starts a recovery (pool's gate).</summary>
    public HashSet<StreamConnection> RecoverOnConfirm { get; } = [];

    /// <summary>The trade sequencer of a trade stream (tests read it).</summary>
    public TradeSequencer? Sequencer { get; set; }

    /// <summary>What recovers this stream after a gap (trades, aggregate trades, klines), if anything.</summary>
    public StreamContinuity? Continuity { get; set; }

    public CancellationTokenSource Lifetime { get; } = new();

    public Task Confirmation => _confirmation.Task;

    /// <summary>
    /// The entry's lock. Its merge, its continuity (sequencer) and its subscriptions' batches share it: a live message
    /// takes one lock from the merge to the subscription's batch, and everything delivered to a subscription is
    /// delivered under it, in order.
    /// </summary>
    public Lock SyncRoot => _lock;

    public bool CatchingUp
    {
        get
        {
            lock (_lock)
            {
                if (_held.Count > 0)
                {
                    return true;
                }
            }

            return Continuity is { } continuity && continuity.Filling();
        }
    }

    public long Received => Volatile.Read(ref _received);

    public long Malformed => Interlocked.Read(ref _malformed);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long GapsFilled => Interlocked.Read(ref _gaps);

    public DateTimeOffset? LastReceivedAt => _pool.ToWallClock(Interlocked.Read(ref _lastReceivedTimestamp));

    public bool IsStale => _pool.IsStale(this, Interlocked.Read(ref _lastReceivedTimestamp));

    public object[] Subscriptions => Volatile.Read(ref _subscriptions);

    public int Add(object subscription)
    {
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions, subscription];
            return _subscriptions.Length;
        }
    }

    public int RemoveSubscription(object subscription)
    {
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))];
            return _subscriptions.Length;
        }
    }

    public void Remove(object subscription) => _pool.Unsubscribe(this, subscription);

    public void ReportOverflow(int capacity) => _pool.ReportOverflow(Name, capacity);

    public void Confirm() => _confirmation.TrySetResult();

    public void Refuse(Exception exception)
    {
        _confirmation.TrySetException(exception);
        _ = _confirmation.Task.Exception; // observed: the subscriptions carry the error
    }

    /// <summary>Stops the entry's background work (a gap fill). Idempotent.</summary>
    public void End()
    {
        try
        {
            Lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
    }

    public void CountMalformed() => Interlocked.Increment(ref _malformed);

    /// <summary>
    /// Whether <paramref name="connection"/> has caught up with what was delivered: it delivered something, and for
    /// id-sequenced streams its last id is delivered and nothing waits in the hold (so everything after comes from it).
    /// </summary>
    public bool CaughtUp(StreamConnection connection)
    {
        lock (_lock)
        {
            foreach (var (carrier, lastKey) in _carriers)
            {
                if (ReferenceEquals(carrier, connection))
                {
                    return !IsContiguousKind || Delivery == StreamDelivery.LatestValue || (_held.Count == 0 && lastKey <= _lastKey);
                }
            }

            return false;
        }
    }

    /// <summary>Merges a message from <paramref name="source"/>.</summary>
    public void Accept(StreamConnection source, object payload, long receivedTimestamp, TimeSpan handoverTimeout, TimeProvider time)
    {
        if (!_subscribedBefore)
        {
            SubscribedBefore = true;
        }

        Volatile.Write(ref _lastReceivedTimestamp, receivedTimestamp); // racing writers keep one of two equally recent times
        var (first, last, keyed) = Keys(payload);
        lock (_lock)
        {
            Volatile.Write(ref _received, _received + 1); // written under the lock only; read without it
            var carrier = NoteCarrier(source, last);
            if (!keyed)
            {
                Deliver(payload);
                return;
            }

            if (Delivery == StreamDelivery.LatestValue || !IsContiguousKind)
            {
                if (_hasKey && last <= _lastKey)
                {
                    Interlocked.Increment(ref _duplicates);
                    return;
                }

                _hasKey = true;
                _lastKey = last;
                Deliver(payload);
                return;
            }

            if (!_hasKey)
            {
                _hasKey = true;
                _lastKey = last;
                Deliver(payload);
                return;
            }

            if (last <= _lastKey)
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }

            if (first <= _lastKey + 1 && _held.Count == 0)
            {
                _lastKey = last;
                Deliver(payload);
                return;
            }

            // A gap, or behind messages already held: hold while another live carrier may still deliver the missing ids.
            var at = _held.Count;
            while (at > 0 && _held[at - 1].First > first)
            {
                at--;
            }

            _held.Insert(at, (source, payload, first, last));
            if (_held.Count == 1)
            {
                _heldSince = receivedTimestamp;
            }

            Drain(force: _held.Count > MaxHeld || time.GetElapsedTime(_heldSince) > handoverTimeout || !OtherCarrierMayFill(carrier, source));
        }
    }

    /// <summary>A connection carrying this stream went down: held messages it can no longer complete are delivered.</summary>
    public void OnCarrierDown(StreamConnection connection)
    {
        lock (_lock)
        {
            if (_held.Count > 0)
            {
                var source = _held[0].Source;
                Drain(force: !OtherCarrierMayFill(-1, source));
            }
        }
    }

    /// <summary>Forgets a connection that no longer carries this stream.</summary>
    public void ForgetCarrier(StreamConnection connection)
    {
        lock (_lock)
        {
            _carriers.RemoveAll(c => ReferenceEquals(c.Connection, connection));
            if (_held.Count > 0)
            {
                var source = _held[0].Source;
                Drain(force: !OtherCarrierMayFill(-1, source));
            }
        }
    }

    private bool IsContiguousKind => Kind is StreamMessageKind.Trade or StreamMessageKind.AggregateTrade or StreamMessageKind.Depth;

    /// <summary>Delivers what the held queue allows; with <paramref name="force"/> the first gap is accepted as real. Caller holds the lock.</summary>
    private void Drain(bool force)
    {
        while (_held.Count > 0)
        {
            var (_, payload, first, last) = _held[0];
            if (last <= _lastKey)
            {
                _held.RemoveAt(0);
                Interlocked.Increment(ref _duplicates);
                continue;
            }

            if (first > _lastKey + 1)
            {
                if (!force)
                {
                    return;
                }

                Interlocked.Increment(ref _gaps);
                force = false;
            }

            _held.RemoveAt(0);
            _lastKey = last;
            Deliver(payload);
        }
    }

    /// <summary>Another live connection carrying this stream has not yet delivered up to the held ids. Caller holds the lock.</summary>
    private bool OtherCarrierMayFill(int sourceIndex, StreamConnection source)
    {
        for (var i = 0; i < _carriers.Count; i++)
        {
            var (connection, lastKey) = _carriers[i];
            if (i == sourceIndex || ReferenceEquals(connection, source))
            {
                continue;
            }

            if (lastKey <= _lastKey && connection.State is StreamConnectionState.Live or StreamConnectionState.Subscribing && connection.Carries(Name))
            {
                return true;
            }
        }

        return false;
    }

    private int NoteCarrier(StreamConnection source, long key)
    {
        for (var i = 0; i < _carriers.Count; i++)
        {
            if (ReferenceEquals(_carriers[i].Connection, source))
            {
                _carriers[i] = (source, key);
                return i;
            }
        }

        _carriers.Add((source, key));
        return _carriers.Count - 1;
    }

    /// <summary>Hands the payload to every subscription (trades through the sequencer). Caller holds the lock (keeps the order).</summary>
    private void Deliver(object payload)
    {
        if (Continuity is { } continuity)
        {
            continuity.OnLive(payload);
            return;
        }

        DeliverToAll(payload);
    }

    public void DeliverToAll(object payload)
    {
        foreach (var subscription in Subscriptions)
        {
            ((IDeliverable)subscription).Deliver(payload);
        }
    }

    public void FailAll(Exception exception)
    {
        foreach (var subscription in Subscriptions)
        {
            ((IDeliverable)subscription).Fail(exception);
        }
    }

    public void CompleteAll()
    {
        foreach (var subscription in Subscriptions)
        {
            ((IDeliverable)subscription).Complete();
        }
    }

    /// <summary>The merge keys of a payload: the first and last id it covers (ids) or its event time (others).</summary>
    internal static (long First, long Last, bool Keyed) Keys(object payload) => payload switch
    {
        TradeUpdate t => (t.TradeId, t.TradeId, true),
        AggregateTradeUpdate a => (a.AggregateTradeId, a.AggregateTradeId, true),
        DepthUpdate d => (d.FirstUpdateId, d.FinalUpdateId, true),
        PartialDepthUpdate p => (p.LastUpdateId, p.LastUpdateId, true),
        BookTickerUpdate b => (b.UpdateId, b.UpdateId, true),
        KlineUpdate k => (k.EventTime.UtcTicks, k.EventTime.UtcTicks, true),
        TickerUpdate t => (t.EventTime.UtcTicks, t.EventTime.UtcTicks, true),
        MiniTickerUpdate m => (m.EventTime.UtcTicks, m.EventTime.UtcTicks, true),
        RollingWindowTickerUpdate r => (r.EventTime.UtcTicks, r.EventTime.UtcTicks, true),
        AveragePriceUpdate a => (a.EventTime.UtcTicks, a.EventTime.UtcTicks, true),
        ReferencePriceUpdate r => (r.Time.UtcTicks, r.Time.UtcTicks, true),
        BlockTradeUpdate b => (b.BlockTradeId, b.BlockTradeId, true),
        MiniTickerBatch { Tickers.Count: > 0 } m => Latest(m.Tickers.Max(t => t.EventTime.UtcTicks)),
        RollingWindowTickerBatch { Tickers.Count: > 0 } r => Latest(r.Tickers.Max(t => t.EventTime.UtcTicks)),
        _ => (0, 0, false),
    };

    private static (long First, long Last, bool Keyed) Latest(long ticks) => (ticks, ticks, true);

    /// <summary>The event time of a payload, when it has one (for latency).</summary>
    internal static DateTimeOffset? EventTimeOf(object payload) => payload switch
    {
        TradeUpdate t => t.EventTime,
        AggregateTradeUpdate a => a.EventTime,
        DepthUpdate d => d.EventTime,
        KlineUpdate k => k.EventTime,
        TickerUpdate t => t.EventTime,
        MiniTickerUpdate m => m.EventTime,
        RollingWindowTickerUpdate r => r.EventTime,
        AveragePriceUpdate a => a.EventTime,
        BlockTradeUpdate b => b.EventTime,
        _ => null,
    };
}

/// <summary>A stream's recovery component (trade / aggregate trade sequencer, kline continuity) as the entry drives it.</summary>
/// <param name="OnLive">Takes a live record in merge order; delivers it (and what a gap fill recovers) to the subscriptions.</param>
/// <param name="OnResubscribed">The stream was subscribed again with no other connection carrying it: recover what was missed at once.</param>
/// <param name="Filling">Whether a recovery is running.</param>
/// <param name="Completion">The running (or last) recovery.</param>
internal sealed record StreamContinuity(Action<object> OnLive, Action OnResubscribed, Func<bool> Filling, Func<Task> Completion);

/// <summary>A subscription as the fan-out sees it.</summary>
internal interface IDeliverable
{
    void Deliver(object payload);

    void Fail(Exception exception);

    void Complete();
}
