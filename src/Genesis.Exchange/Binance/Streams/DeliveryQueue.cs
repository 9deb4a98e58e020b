using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// A bounded queue with one producer and any number of concurrent readers, standing in for a bounded
/// <see cref="Channel{T}"/> on a subscription: the producer hands over a whole batch under one lock acquisition
/// (<see cref="TryWriteMany"/>) and waiting readers are woken once per batch, their continuations run asynchronously,
/// never inline on the producer's thread. The reader side is a <see cref="ChannelReader{T}"/> whose completion,
/// cancellation and error semantics mirror those of a channel made by <see cref="Channel.CreateBounded{T}(BoundedChannelOptions)"/>.
/// </summary>
/// <remarks>
/// In a drop-oldest queue a full queue drops its oldest items to make room (a latest-value stream); otherwise a full
/// queue refuses the write (a sequenced stream, whose caller fails the subscription). The buffer is a ring that grows by
/// doubling up to the capacity, so a large capacity costs nothing until it is used; a slot is cleared when its item is
/// read or dropped so the queue does not keep it alive.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class DeliveryQueue<T> : ChannelReader<T>
    where T : class
{
    private const int InitialBufferSize = 16;

    // Stands for a completion without error in _doneWriting; never thrown.
    private static readonly Exception CompletedMarker = new ChannelClosedException();

    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly bool _dropOldest;
    private readonly Action? _onDropped;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private T?[] _buffer = [];
    private int _head;
    private int _count;

    // Null while writes are accepted; CompletedMarker for a completion without error; the error otherwise.
    private Exception? _doneWriting;

    // Readers waiting for data, an intrusive doubly linked list so a canceled waiter unlinks itself in O(1).
    private Waiter? _waiters;
    private Waiter? _spare; // a finished waiter kept for the next wait without a token (guarded by _lock)

    /// <summary>Creates an empty queue.</summary>
    /// <param name="capacity">The most items held at once; at least 1.</param>
    /// <param name="dropOldest">
    /// True to drop the oldest items when full (each drop is reported to <paramref name="onDropped"/>); false to refuse
    /// the writes that do not fit.
    /// </param>
    /// <param name="onDropped">Invoked once per dropped item, outside the queue's lock, on the writer's thread.</param>
    public DeliveryQueue(int capacity, bool dropOldest, Action? onDropped = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _dropOldest = dropOldest;
        _onDropped = onDropped;
    }

    /// <inheritdoc />
    public override Task Completion => _completion.Task;

    /// <inheritdoc />
    public override bool CanCount => true;

    /// <inheritdoc />
    public override bool CanPeek => true;

    /// <inheritdoc />
    public override int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>How many <see cref="WaitToReadAsync"/> calls are pending (diagnostics and tests: a canceled wait is not counted).</summary>
    public int WaitingReaderCount
    {
        get
        {
            lock (_lock)
            {
                int n = 0;
                for (var w = _waiters; w is not null; w = w.Next)
                {
                    n++;
                }

                return n;
            }
        }
    }

    /// <summary>Appends one item.</summary>
    /// <param name="item">The item.</param>
    /// <returns>
    /// False when the queue is completed, or full and not drop-oldest; true otherwise (a drop-oldest queue always makes
    /// room).
    /// </returns>
    public bool TryWrite(T item) => TryWriteMany(new ReadOnlySpan<T>(in item)) == 1;

    /// <summary>
    /// Appends a batch in order under one lock acquisition, then wakes the waiting readers once. A drop-oldest queue
    /// accepts the whole batch, dropping the oldest items (possibly the batch's own first items) beyond the capacity; any
    /// other queue accepts the leading items that fit and refuses the rest.
    /// </summary>
    /// <param name="items">The items, oldest first.</param>
    /// <returns>How many leading items were accepted: 0 when the queue is completed.</returns>
    public int TryWriteMany(ReadOnlySpan<T> items)
    {
        if (items.IsEmpty)
        {
            return 0;
        }

        int accepted;
        int dropped = 0;
        Waiter? toWake;
        lock (_lock)
        {
            if (_doneWriting is not null)
            {
                return 0;
            }

            if (_dropOldest)
            {
                accepted = items.Length;
                if (items.Length >= _capacity)
                {
                    // The batch alone fills the queue: everything buffered and the batch's first items are dropped.
                    dropped = _count + (items.Length - _capacity);
                    ClearAll();
                    items = items[(items.Length - _capacity)..];
                }
                else
                {
                    int excess = _count + items.Length - _capacity;
                    if (excess > 0)
                    {
                        DropOldest(excess);
                        dropped = excess;
                    }
                }
            }
            else
            {
                accepted = Math.Min(items.Length, _capacity - _count);
                if (accepted == 0)
                {
                    return 0;
                }

                items = items[..accepted];
            }

            Append(items);
            toWake = DetachWaiters();
        }

        Wake(toWake, result: true, error: null);
        for (int i = 0; i < dropped; i++)
        {
            _onDropped?.Invoke();
        }

        return accepted;
    }

    /// <summary>
    /// Marks the queue as complete: no more writes are accepted, readers drain what is buffered, then
    /// <see cref="WaitToReadAsync"/> returns false (or throws <paramref name="error"/>) and <see cref="Completion"/>
    /// completes (faulted with <paramref name="error"/>, or canceled when it is an <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="error">The reason the stream ended, or null for a normal end.</param>
    /// <returns>False when the queue was already complete.</returns>
    public bool TryComplete(Exception? error = null)
    {
        Waiter? toWake;
        bool drained;
        lock (_lock)
        {
            if (_doneWriting is not null)
            {
                return false;
            }

            _doneWriting = error ?? CompletedMarker;
            drained = _count == 0;
            toWake = DetachWaiters();
        }

        if (drained)
        {
            CompleteCompletion(error);
        }

        // Waiters exist only while the queue is empty: they see the end (false, or the error) at once.
        Wake(toWake, result: false, error: error);
        return true;
    }

    /// <inheritdoc />
    public override bool TryRead([MaybeNullWhen(false)] out T item) => TryReadOrGetEnd(out item, out _);

    /// <inheritdoc />
    public override bool TryPeek([MaybeNullWhen(false)] out T item)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                item = default;
                return false;
            }

            item = _buffer[_head]!;
            return true;
        }
    }

    /// <inheritdoc />
    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<bool>(Task.FromCanceled<bool>(cancellationToken));
        }

        lock (_lock)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_doneWriting is not null)
            {
                var error = ErrorOf(_doneWriting);
                return error is null ? new ValueTask<bool>(false) : new ValueTask<bool>(Task.FromException<bool>(error));
            }

            var waiter = _spare ?? new Waiter(this);
            _spare = null;
            waiter.Reusable = !cancellationToken.CanBeCanceled; // no registration whose late callback could touch a reused waiter
            waiter.Next = _waiters;
            if (_waiters is not null)
            {
                _waiters.Previous = waiter;
            }

            _waiters = waiter;
            waiter.Linked = true;
            if (cancellationToken.CanBeCanceled)
            {
                // Registered under the lock so a waker, which detaches waiters under the same lock, always sees the
                // registration it must undo. Should the token be canceled meanwhile, the callback may run right here
                // on this thread: the lock is reentrant and the callback only unlinks the waiter.
                waiter.Registration = cancellationToken.UnsafeRegister(
                    static (state, token) => ((Waiter)state!).Cancel(token), waiter);
            }

            return new ValueTask<bool>(waiter, waiter.Version);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// As with a bounded channel, a read after a completion without error throws a <see cref="ChannelClosedException"/>,
    /// and after a completion with an error a <see cref="ChannelClosedException"/> wrapping it; a completion with an
    /// <see cref="OperationCanceledException"/> gives a canceled read instead.
    /// </remarks>
    public override ValueTask<T> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<T>(Task.FromCanceled<T>(cancellationToken));
        }

        if (TryReadOrGetEnd(out var item, out var end))
        {
            return new ValueTask<T>(item);
        }

        if (end is null)
        {
            return ReadSlowAsync(cancellationToken);
        }

        // Completed and drained: the same task a bounded channel gives.
        var error = ErrorOf(end);
        return new ValueTask<T>(
            error is null ? Task.FromException<T>(new ChannelClosedException()) :
            error is OperationCanceledException canceled ? Task.FromCanceled<T>(
                canceled.CancellationToken.IsCancellationRequested ? canceled.CancellationToken : new CancellationToken(canceled: true)) :
            Task.FromException<T>(new ChannelClosedException(error)));
    }

    // A read that had to wait: like a bounded channel's blocked reader, it ends with ChannelClosedException (around the
    // error, if any), or with the error itself when it is an OperationCanceledException.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<T> ReadSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            bool more;
            try
            {
                more = await WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ReferenceEquals(ex, Volatile.Read(ref _doneWriting)))
            {
                if (ex is OperationCanceledException)
                {
                    throw;
                }

                throw new ChannelClosedException(ex);
            }

            if (!more)
            {
                throw new ChannelClosedException();
            }

            if (TryRead(out var item))
            {
                return item;
            }
        }
    }

    // Takes the oldest item; when there is none, says whether the queue has ended (end: its _doneWriting).
    private bool TryReadOrGetEnd([MaybeNullWhen(false)] out T item, out Exception? end)
    {
        bool complete = false;
        Exception? doneWriting;
        lock (_lock)
        {
            doneWriting = _doneWriting;
            if (_count == 0)
            {
                item = default;
                end = doneWriting;
                return false;
            }

            item = _buffer[_head]!;
            _buffer[_head] = null;
            _head = Next(_head);
            _count--;
            complete = _count == 0 && doneWriting is not null;
        }

        if (complete)
        {
            CompleteCompletion(ErrorOf(doneWriting!));
        }

        end = null;
        return true;
    }

    private static Exception? ErrorOf(Exception doneWriting) =>
        ReferenceEquals(doneWriting, CompletedMarker) ? null : doneWriting;

    private void CompleteCompletion(Exception? error)
    {
        if (error is OperationCanceledException canceled)
        {
            _completion.TrySetCanceled(canceled.CancellationToken);
        }
        else if (error is not null)
        {
            if (_completion.TrySetException(error))
            {
                // Observed here so an unawaited Completion does not surface as an unobserved task exception.
                _ = _completion.Task.Exception;
            }
        }
        else
        {
            _completion.TrySetResult();
        }
    }

    private int Next(int index) => index + 1 == _buffer.Length ? 0 : index + 1;

    private void Append(ReadOnlySpan<T> items)
    {
        int needed = _count + items.Length;
        if (needed > _buffer.Length)
        {
            Grow(needed);
        }

        int tail = _head + _count;
        if (tail >= _buffer.Length)
        {
            tail -= _buffer.Length;
        }

        int first = Math.Min(items.Length, _buffer.Length - tail);
        items[..first].CopyTo(_buffer.AsSpan(tail)!);
        items[first..].CopyTo(_buffer!);
        _count = needed;
    }

    private void Grow(int needed)
    {
        long size = Math.Max(_buffer.Length, InitialBufferSize);
        while (size < needed)
        {
            size *= 2;
        }

        var grown = new T?[(int)Math.Min(size, _capacity)];
        int first = Math.Min(_count, _buffer.Length - _head);
        _buffer.AsSpan(_head, first).CopyTo(grown);
        _buffer.AsSpan(0, _count - first).CopyTo(grown.AsSpan(first));
        _buffer = grown;
        _head = 0;
    }

    private void DropOldest(int n)
    {
        int first = Math.Min(n, _buffer.Length - _head);
        _buffer.AsSpan(_head, first).Clear();
        _buffer.AsSpan(0, n - first).Clear();
        _head += n;
        if (_head >= _buffer.Length)
        {
            _head -= _buffer.Length;
        }

        _count -= n;
    }

    private void ClearAll()
    {
        DropOldest(_count);
        _head = 0;
    }

    // Under the lock: takes every waiter out of the list; they are completed outside it by Wake.
    private Waiter? DetachWaiters()
    {
        var head = _waiters;
        _waiters = null;
        for (var w = head; w is not null; w = w.Next)
        {
            w.Linked = false;
        }

        return head;
    }

    private static void Wake(Waiter? head, bool result, Exception? error)
    {
        // The links are ours here: a detached waiter is never relinked, and a late cancellation leaves them alone.
        for (var w = head; w is not null;)
        {
            var next = w.Next;
            w.Next = null;
            w.Previous = null;
            if (error is null)
            {
                w.SetResult(result);
            }
            else
            {
                w.SetException(error);
            }

            // Unregister, unlike Dispose, never waits for a running callback: the producer does not block on a reader.
            w.Registration.Unregister();
            w = next;
        }
    }

    // Keeps a finished waiter for the next wait.
    private void Return(Waiter waiter)
    {
        lock (_lock)
        {
            _spare ??= waiter;
        }
    }

    // Takes a waiter out of the list; false when a waker already took it (and completes it).
    private bool Unlink(Waiter waiter)
    {
        lock (_lock)
        {
            if (!waiter.Linked)
            {
                return false;
            }

            waiter.Linked = false;
            if (waiter.Previous is null)
            {
                _waiters = waiter.Next;
            }
            else
            {
                waiter.Previous.Next = waiter.Next;
            }

            if (waiter.Next is not null)
            {
                waiter.Next.Previous = waiter.Previous;
            }

            waiter.Previous = null;
            waiter.Next = null;
            return true;
        }
    }

    /// <summary>
    /// One pending <see cref="WaitToReadAsync"/>, completed exactly once: by the waker that detached it from the list, or
    /// by its token's cancellation when that unlinked it first. Like a channel's own waiters it is a value task source, so
    /// an <see cref="OperationCanceledException"/> it ends with gives a canceled task that rethrows that very exception.
    /// A waiter of a wait without a token is kept for the next wait once its result was read (one per queue, so a consumer
    /// that waits once per batch allocates nothing); its continuations always run asynchronously.
    /// </summary>
    private sealed class Waiter(DeliveryQueue<T> owner) : IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

        public Waiter? Previous { get; set; }

        public Waiter? Next { get; set; }

        public bool Linked { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Whether it may serve another wait once this one's result was read.</summary>
        public bool Reusable { get; set; }

        public short Version => _core.Version;

        public void SetResult(bool result) => _core.SetResult(result);

        public void SetException(Exception error) => _core.SetException(error);

        public void Cancel(CancellationToken token)
        {
            if (owner.Unlink(this))
            {
                _core.SetException(new OperationCanceledException(token));
            }
        }

        public bool GetResult(short token)
        {
            // Only the one read of a finished wait recycles it (not a stale token, nor a premature read of a pending wait).
            var finished = token == _core.Version && _core.GetStatus(token) != ValueTaskSourceStatus.Pending;
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                if (finished && Reusable)
                {
                    Reusable = false;
                    _core.Reset(); // a new version: a stale ValueTask of this wait can no longer read it
                    owner.Return(this);
                }
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
