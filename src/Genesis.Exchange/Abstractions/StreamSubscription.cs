using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Abstractions;

/// <summary>Where a subscription stands.</summary>
public enum StreamSubscriptionState
{
    /// <summary>Waiting for the exchange to confirm the SUBSCRIBE.</summary>
    Subscribing,

    /// <summary>Confirmed and receiving.</summary>
    Live,

    /// <summary>
    /// Recovering what a reconnect or failover missed (trades and aggregate trades over REST, klines re-fetched) or
    /// waiting for a second connection to close a gap; items keep their order.
    /// </summary>
    CatchingUp,

    /// <summary>Ended with an error (refused by the exchange, consumer overflow, unrecoverable gap); see <see cref="StreamSubscription{T}.Reader"/>'s completion.</summary>
    Failed,

    /// <summary>Disposed, or the client was disposed.</summary>
    Closed,
}

/// <summary>A snapshot of a subscription's counters.</summary>
/// <param name="Received">Messages of this stream received on any connection (duplicates across connections included).</param>
/// <param name="Delivered">Items handed to this subscription's buffer.</param>
/// <param name="Malformed">Messages of this stream skipped because they could not be trusted (each logged).</param>
/// <param name="Duplicates">Messages dropped because another connection had already delivered them (failover, renewal overlap).</param>
/// <param name="Gaps">Gaps no connection could close: trades are then recovered over REST, a diff-depth consumer (a local book) resyncs.</param>
/// <param name="DroppedOnOverflow">Items dropped for a slow consumer (latest-value streams only; sequenced streams fail instead).</param>
public readonly record struct StreamSubscriptionCounters(long Received, long Delivered, long Malformed, long Duplicates, long Gaps, long DroppedOnOverflow);

/// <summary>
/// A subscription to one market stream, held by the caller: await <see cref="Subscribed"/> for the exchange's
/// confirmation (it faults with <see cref="StreamSubscriptionRejectedException"/> and the exchange's code when refused),
/// read <see cref="Reader"/> or enumerate it with <c>await foreach</c>, watch <see cref="State"/>,
/// <see cref="Counters"/> and <see cref="IsStale"/>, and dispose it to unsubscribe.
/// </summary>
/// <remarks>
/// Back-pressure: the buffer holds <see cref="MarketStreamOptions.ChannelCapacity"/> items and the receive loop never
/// waits for a consumer. <see cref="StreamDelivery.Sequenced"/> streams (trades, aggregate trades, diff depth, klines)
/// never drop an item: a consumer that falls that far behind ends the subscription with
/// <see cref="StreamSubscriptionOverflowException"/> after reading what was buffered. <see cref="StreamDelivery.LatestValue"/>
/// streams drop their oldest buffered item and count it in <see cref="StreamSubscriptionCounters.DroppedOnOverflow"/>.
/// </remarks>
/// <typeparam name="T">The delivered record.</typeparam>
public sealed class StreamSubscription<T> : IAsyncEnumerable<T>, IAsyncDisposable, IDeliverable, IBatchedDelivery
    where T : class
{
    private readonly DeliveryQueue<T> _queue;
    private readonly IStreamSubscriptionHost _host;
    private readonly int _capacity;
    private readonly List<T> _pending = [];
    private bool _inBatch;
    private long _delivered;
    private long _dropped;
    private int _state;
    private int _disposed;

    internal StreamSubscription(MarketStream<T> stream, StreamRole role, int capacity, IStreamSubscriptionHost host)
    {
        Stream = stream;
        Role = role;
        _host = host;
        _capacity = Math.Max(1, capacity);
        _queue = new DeliveryQueue<T>(_capacity, dropOldest: stream.Delivery == StreamDelivery.LatestValue, () => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The stream.</summary>
    public MarketStream<T> Stream { get; }

    /// <summary>The connections it asked for.</summary>
    public StreamRole Role { get; }

    /// <summary>Completes when the exchange confirmed the subscription; faults with <see cref="StreamSubscriptionRejectedException"/> when it refused.</summary>
    public Task Subscribed => _host.Confirmation;

    /// <summary>Where the subscription stands.</summary>
    public StreamSubscriptionState State
    {
        get
        {
            var state = (StreamSubscriptionState)Volatile.Read(ref _state);
            if (state is StreamSubscriptionState.Failed or StreamSubscriptionState.Closed)
            {
                return state;
            }

            if (!_host.Confirmation.IsCompleted)
            {
                return StreamSubscriptionState.Subscribing;
            }

            return _host.CatchingUp ? StreamSubscriptionState.CatchingUp : StreamSubscriptionState.Live;
        }
    }

    /// <summary>The counters now.</summary>
    public StreamSubscriptionCounters Counters => new(
        _host.Received, Volatile.Read(ref _delivered), _host.Malformed, _host.Duplicates, _host.GapsFilled, Interlocked.Read(ref _dropped));

    /// <summary>When the last message of this stream arrived on any connection, if any did.</summary>
    public DateTimeOffset? LastReceivedAt => _host.LastReceivedAt;

    /// <summary>
    /// No message for longer than the stream's update interval allows (three intervals, at least
    /// <see cref="MarketStreamOptions.StalenessFloor"/>) or no connection carries it: a latest-value consumer should not
    /// trust the last value. Real-time streams (trades, book ticker) are never stale by silence alone.
    /// </summary>
    public bool IsStale => _host.IsStale;

    /// <summary>The buffer to consume; completes when the subscription ends (with the error, if any).</summary>
    public ChannelReader<T> Reader => _queue;

    /// <summary>Enumerates the items until the subscription ends; canceling ends the enumeration with <see cref="OperationCanceledException"/>.</summary>
    /// <param name="cancellationToken">Ends the enumeration (not the subscription).</param>
    /// <returns>The enumerator.</returns>
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var reader = _queue;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                yield return item;
                cancellationToken.ThrowIfCancellationRequested(); // canceled: nothing more, even if buffered
            }
        }
    }

    /// <summary>Unsubscribes (the stream is unsubscribed from the exchange when no other subscription needs it) and ends the buffer.</summary>
    /// <returns>A completed task; the UNSUBSCRIBE runs in the background.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Interlocked.CompareExchange(ref _state, (int)StreamSubscriptionState.Closed, (int)StreamSubscriptionState.Live);
            _host.Remove(this);
            _queue.TryComplete();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Stream.Name} ({State})";

    /// <summary>
    /// Hands an item over without waiting: deferred to the end of the receive loop's batch when one is dispatching on
    /// this thread (see <see cref="DeliveryBatch"/>), at once otherwise — behind anything deferred, so the order holds.
    /// </summary>
    internal void Deliver(T item)
    {
        var batch = DeliveryBatch.Current;
        lock (_host.SyncRoot)
        {
            if (batch is null && _pending.Count == 0)
            {
                Write(item);
                return;
            }

            _pending.Add(item);
            if (batch is null)
            {
                FlushLocked();
            }
            else if (!_inBatch)
            {
                _inBatch = true;
                batch.Add(this);
            }
        }
    }

    void IBatchedDelivery.Flush()
    {
        lock (_host.SyncRoot)
        {
            _inBatch = false;
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_pending.Count > 0)
        {
            Write(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending)); // one queue lock and one wake-up per batch
            _pending.Clear();
        }
    }

    private void Write(T item) => Write(new ReadOnlySpan<T>(in item));

    private void Write(ReadOnlySpan<T> items)
    {
        var accepted = _queue.TryWriteMany(items);
        Volatile.Write(ref _delivered, _delivered + accepted); // written under the host's lock only
        if (accepted == items.Length)
        {
            return;
        }

        // Only a sequenced stream gets here: the buffer is full (or the subscription already ended).
        if (Fail(new StreamSubscriptionOverflowException(
            Stream.Name, $"The consumer of {Stream.Name} fell {_capacity} items behind; the subscription ended so no item is lost silently.")))
        {
            _host.ReportOverflow(_capacity);
        }
    }

    void IDeliverable.Deliver(object payload)
    {
        if (payload is T item)
        {
            Deliver(item);
        }
    }

    void IDeliverable.Fail(Exception exception) => Fail(exception);

    void IDeliverable.Complete() => Complete();

    internal bool Fail(Exception exception)
    {
        if (_queue.TryComplete(exception))
        {
            Volatile.Write(ref _state, (int)StreamSubscriptionState.Failed);
            return true;
        }

        return false;
    }

    internal void Complete()
    {
        if (_queue.TryComplete())
        {
            Volatile.Write(ref _state, (int)StreamSubscriptionState.Closed);
        }
    }
}

/// <summary>The pool's side of a subscription.</summary>
internal interface IStreamSubscriptionHost
{
    /// <summary>The lock every delivery to the subscription happens under (the stream entry's merge lock).</summary>
    Lock SyncRoot { get; }

    Task Confirmation { get; }

    bool CatchingUp { get; }

    long Received { get; }

    long Malformed { get; }

    long Duplicates { get; }

    long GapsFilled { get; }

    DateTimeOffset? LastReceivedAt { get; }

    bool IsStale { get; }

    void Remove(object subscription);

    void ReportOverflow(int capacity);
}
