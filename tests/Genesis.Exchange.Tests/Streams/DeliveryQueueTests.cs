using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Tests.Streams;

/// <summary>
/// The batched delivery queue: order, bounds, drop-oldest, waking once per batch, cancellation, and completion semantics
/// checked side by side against a real bounded channel.
/// </summary>
public sealed class DeliveryQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static Box[] Boxes(int from, int count) => Enumerable.Range(from, count).Select(i => new Box(i)).ToArray();

    private static List<int> Drain(ChannelReader<Box> reader)
    {
        var values = new List<int>();
        while (reader.TryRead(out var box))
        {
            values.Add(box.Value);
        }

        return values;
    }

    // ---- Order, bounds, drop-oldest ----

    [Fact]
    public void OrderIsKeptAcrossBatches_IncludingWrapAroundAndGrowth()
    {
        var queue = new DeliveryQueue<Box>(200_000, dropOldest: false);
        var expected = new List<int>();
        var next = 0;
        var read = new List<int>();

        // Batches of growing size interleaved with partial reads: the ring wraps and grows several times.
        for (var round = 1; round <= 12; round++)
        {
            var batch = Boxes(next, round * 7);
            Assert.Equal(batch.Length, queue.TryWriteMany(batch));
            expected.AddRange(batch.Select(b => b.Value));
            next += batch.Length;
            Assert.True(queue.TryWrite(new Box(next)));
            expected.Add(next++);

            for (var i = 0; i < round * 5 && queue.TryRead(out var box); i++)
            {
                read.Add(box.Value);
            }
        }

        read.AddRange(Drain(queue));
        Assert.Equal(expected, read);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void NonDropQueue_AcceptsUpToTheFreeSpace_AndReturnsTheCount()
    {
        var queue = new DeliveryQueue<Box>(5, dropOldest: false);

        Assert.Equal(3, queue.TryWriteMany(Boxes(0, 3)));
        Assert.Equal(2, queue.TryWriteMany(Boxes(3, 4))); // only 3 and 4 fit
        Assert.Equal(0, queue.TryWriteMany(Boxes(7, 2)));
        Assert.False(queue.TryWrite(new Box(9)));
        Assert.Equal(5, queue.Count);

        Assert.True(queue.TryRead(out var first));
        Assert.Equal(0, first.Value);
        Assert.True(queue.TryWrite(new Box(10))); // one slot freed, wrapping round the ring

        Assert.Equal([1, 2, 3, 4, 10], Drain(queue));
    }

    [Fact]
    public void DropOldest_KeepsTheNewestCapacityItems_AndReportsEachDrop()
    {
        var dropped = 0;
        var queue = new DeliveryQueue<Box>(4, dropOldest: true, () => Interlocked.Increment(ref dropped));

        Assert.Equal(3, queue.TryWriteMany(Boxes(0, 3)));
        Assert.Equal(3, queue.TryWriteMany(Boxes(3, 3))); // 0 and 1 make room
        Assert.Equal(2, dropped);
        Assert.Equal([2, 3, 4, 5], Drain(queue));

        Assert.Equal(2, queue.TryWriteMany(Boxes(6, 2)));
        Assert.Equal(10, queue.TryWriteMany(Boxes(8, 10))); // the 2 buffered and the batch's first 6 are dropped
        Assert.Equal(2 + 8, dropped);
        Assert.True(queue.TryWrite(new Box(18)));
        Assert.Equal(11, dropped);
        Assert.Equal([15, 16, 17, 18], Drain(queue));
    }

    [Fact]
    public void DropOldest_MatchesABoundedChannelInDropOldestMode()
    {
        var queueDrops = 0;
        var channelDrops = 0;
        var queue = new DeliveryQueue<Box>(7, dropOldest: true, () => queueDrops++);
        var channel = Channel.CreateBounded<Box>(
            new BoundedChannelOptions(7) { FullMode = BoundedChannelFullMode.DropOldest }, _ => channelDrops++);

        var random = new Random(42);
        var next = 0;
        for (var round = 0; round < 50; round++)
        {
            var batch = Boxes(next, random.Next(1, 12));
            next += batch.Length;
            queue.TryWriteMany(batch);
            foreach (var box in batch)
            {
                Assert.True(channel.Writer.TryWrite(box));
            }

            Assert.Equal(channel.Reader.Count, queue.Count);
            for (var reads = random.Next(0, 4); reads > 0; reads--)
            {
                Assert.Equal(channel.Reader.TryRead(out var fromChannel), queue.TryRead(out var fromQueue));
                Assert.Same(fromChannel, fromQueue);
            }
        }

        Assert.Equal(channelDrops, queueDrops);
        Assert.True(queueDrops > 0);
        Assert.Equal(Drain(channel.Reader), Drain(queue));
    }

    [Fact]
    public void TryReadTryPeekAndCount()
    {
        var queue = new DeliveryQueue<Box>(10, dropOldest: false);
        Assert.True(queue.CanCount);
        Assert.True(queue.CanPeek);
        Assert.False(queue.TryRead(out _));
        Assert.False(queue.TryPeek(out _));
        Assert.Equal(0, queue.Count);

        var items = Boxes(1, 3);
        queue.TryWriteMany(items);
        Assert.Equal(3, queue.Count);
        Assert.True(queue.TryPeek(out var peeked));
        Assert.Same(items[0], peeked);
        Assert.Equal(3, queue.Count); // peeking does not consume
        Assert.True(queue.TryRead(out var read));
        Assert.Same(items[0], read);
        Assert.True(queue.TryPeek(out peeked));
        Assert.Same(items[1], peeked);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Constructor_RejectsACapacityBelowOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryQueue<Box>(0, dropOldest: false));

    [Fact]
    public void EmptyBatch_IsANoOp()
    {
        var queue = new DeliveryQueue<Box>(1, dropOldest: false);
        var wait = queue.WaitToReadAsync().AsTask();
        Assert.Equal(0, queue.TryWriteMany([]));
        Assert.False(wait.IsCompleted);
        Assert.Equal(1, queue.WaitingReaderCount);
    }

    [Fact]
    public void ReadItems_AreNotKeptAlive()
    {
        // (In a drop-oldest queue a dropped item's slot is refilled at once: the queue is full whenever it drops.)
        var queue = new DeliveryQueue<Box>(4, dropOldest: false);
        var weak = WriteAndReadOne(queue);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(weak.IsAlive);
        Assert.Equal(1, queue.Count); // the queue is still in use, its other slots untouched
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WriteAndReadOne(DeliveryQueue<Box> queue)
    {
        var box = new Box(0);
        var weak = new WeakReference(box);
        queue.TryWrite(box);
        queue.TryWrite(new Box(1));
        Assert.True(queue.TryRead(out var read));
        Assert.Same(box, read);
        return weak;
    }

    // ---- Waiting, waking, cancellation ----

    [Fact]
    public async Task WaitToReadAsync_CompletesWhenABatchArrives_EveryWaiterOnce()
    {
        var queue = new DeliveryQueue<Box>(100, dropOldest: false);
        var waits = Enumerable.Range(0, 3).Select(_ => queue.WaitToReadAsync().AsTask()).ToArray();
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        Assert.Equal(3, queue.WaitingReaderCount);

        queue.TryWriteMany(Boxes(0, 10));

        Assert.All(await Task.WhenAll(waits).WaitAsync(Timeout), Assert.True);
        Assert.Equal(0, queue.WaitingReaderCount);
        Assert.True(queue.WaitToReadAsync().AsTask().IsCompletedSuccessfully); // data buffered: synchronous true
    }

    [Fact]
    public async Task WaitToReadAsync_Canceled_ThrowsAndUnregistersTheWaiter()
    {
        var queue = new DeliveryQueue<Box>(10, dropOldest: false);
        using var cts = new CancellationTokenSource();
        var wait = queue.WaitToReadAsync(cts.Token).AsTask();
        var other = queue.WaitToReadAsync().AsTask();
        Assert.Equal(2, queue.WaitingReaderCount);

        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Timeout));
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(1, queue.WaitingReaderCount); // the canceled waiter is gone, the other one still waits
        Assert.False(other.IsCompleted);

        queue.TryWrite(new Box(1));
        Assert.True(await other.WaitAsync(Timeout));
        Assert.Equal(0, queue.WaitingReaderCount);
    }

    [Theory]
    [InlineData(Kind.Queue)]
    [InlineData(Kind.Channel)]
    public async Task AlreadyCanceledToken_GivesACanceledWait_EvenWithDataBuffered(Kind kind)
    {
        var subject = Subject.Create(kind, 4);
        subject.TryWrite(new Box(1));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var wait = subject.Reader.WaitToReadAsync(cts.Token).AsTask();
        var read = subject.Reader.ReadAsync(cts.Token).AsTask();

        Assert.True(wait.IsCanceled);
        Assert.True(read.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(1, subject.Reader.Count); // nothing consumed
        Assert.Equal(0, (subject.Reader as DeliveryQueue<Box>)?.WaitingReaderCount ?? 0);
    }

    [Theory]
    [InlineData(Kind.Queue)]
    [InlineData(Kind.Channel)]
    public async Task PendingReadAsync_Canceled_ThrowsAndLaterItemsStayAvailable(Kind kind)
    {
        var subject = Subject.Create(kind, 4);
        using var cts = new CancellationTokenSource();
        var read = subject.Reader.ReadAsync(cts.Token).AsTask();
        Assert.False(read.IsCompleted);

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));

        subject.TryWrite(new Box(7));
        Assert.True(subject.Reader.TryRead(out var box));
        Assert.Equal(7, box.Value);
    }

    [Fact]
    public async Task Continuations_NeverRunInlineOnTheProducerThread()
    {
        var queue = new DeliveryQueue<Box>(10, dropOldest: false);
        var wait = queue.WaitToReadAsync().AsTask();
        var completion = queue.Completion;

        // ExecuteSynchronously would run on the thread that completes the task, unless the task's source forces
        // continuations to be asynchronous: the wake-up must never run reader code inside the producer's write.
        var waitThread = wait.ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);
        var completionThread = completion.ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);

        var producerThread = 0;
        var producer = new Thread(() =>
        {
            producerThread = Environment.CurrentManagedThreadId;
            queue.TryWriteMany(Boxes(0, 2));
            queue.TryRead(out _);
            queue.TryComplete();
            queue.TryRead(out _); // the last read completes Completion
        });
        producer.Start();
        Assert.True(producer.Join(Timeout));

        Assert.NotEqual(producerThread, await waitThread.WaitAsync(Timeout));
        Assert.NotEqual(producerThread, await completionThread.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Continuations_NeverRunInlineOnTheCompletingThread()
    {
        var queue = new DeliveryQueue<Box>(10, dropOldest: false);
        var wait = queue.WaitToReadAsync().AsTask();
        var waitThread = wait.ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);
        var completionThread = queue.Completion.ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);

        var completingThread = 0;
        var completer = new Thread(() =>
        {
            completingThread = Environment.CurrentManagedThreadId;
            queue.TryComplete(new InvalidOperationException("boom"));
        });
        completer.Start();
        Assert.True(completer.Join(Timeout));

        Assert.NotEqual(completingThread, await waitThread.WaitAsync(Timeout));
        Assert.NotEqual(completingThread, await completionThread.WaitAsync(Timeout));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OneProducerInRandomBatches_TwoConcurrentReaders_EveryItemReadExactlyOnceInOrder(bool readAsyncWithToken)
    {
        const int total = 100_000;
        var queue = new DeliveryQueue<Box>(1_000, dropOldest: false);
        var items = Boxes(0, total);
        using var cts = new CancellationTokenSource(); // never canceled: exercises registering and unregistering waits

        async Task<List<int>> ReadAll()
        {
            var seen = new List<int>();
            if (!readAsyncWithToken)
            {
                await foreach (var box in queue.ReadAllAsync())
                {
                    seen.Add(box.Value);
                }

                return seen;
            }

            while (true)
            {
                try
                {
                    seen.Add((await queue.ReadAsync(cts.Token)).Value);
                }
                catch (ChannelClosedException)
                {
                    return seen;
                }
            }
        }

        var readers = new[] { Task.Run(ReadAll), Task.Run(ReadAll) };
        var producer = Task.Run(() =>
        {
            var random = new Random(7);
            var written = 0;
            var spinner = new SpinWait();
            while (written < total)
            {
                var batch = Math.Min(random.Next(1, 200), total - written);
                var accepted = queue.TryWriteMany(items.AsSpan(written, batch));
                written += accepted;
                if (accepted < batch)
                {
                    spinner.SpinOnce(); // full: let the readers catch up
                }
            }

            queue.TryComplete();
        });

        await producer.WaitAsync(TimeSpan.FromSeconds(30));
        var results = await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));

        foreach (var seen in results)
        {
            for (var i = 1; i < seen.Count; i++)
            {
                Assert.True(seen[i - 1] < seen[i], $"out of order: {seen[i - 1]} then {seen[i]}");
            }
        }

        var all = results.SelectMany(r => r).Order().ToList();
        Assert.Equal(Enumerable.Range(0, total), all); // every item exactly once
        Assert.True(queue.Completion.IsCompletedSuccessfully);
    }

    // ---- Completion, side by side with a bounded channel ----

    [Theory]
    [InlineData(Kind.Queue)]
    [InlineData(Kind.Channel)]
    public async Task Complete_WithoutError_DrainsFirst_ThenFalseAndClosed(Kind kind)
    {
        var subject = Subject.Create(kind, 4);
        subject.TryWrite(new Box(1));
        subject.TryWrite(new Box(2));

        Assert.True(subject.TryComplete(null));
        Assert.False(subject.TryComplete(null));
        Assert.False(subject.TryWrite(new Box(3)));
        Assert.False(subject.Reader.Completion.IsCompleted); // not drained yet

        Assert.True(await subject.Reader.WaitToReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(1, (await subject.Reader.ReadAsync().AsTask().WaitAsync(Timeout)).Value);
        Assert.False(subject.Reader.Completion.IsCompleted);
        Assert.True(subject.Reader.TryPeek(out var last));
        Assert.Equal(2, last.Value);
        Assert.True(subject.Reader.TryRead(out _));

        await subject.Reader.Completion.WaitAsync(Timeout);
        Assert.True(subject.Reader.Completion.IsCompletedSuccessfully);
        Assert.False(await subject.Reader.WaitToReadAsync().AsTask().WaitAsync(Timeout));
        var closed = await Assert.ThrowsAsync<ChannelClosedException>(() => subject.Reader.ReadAsync().AsTask());
        Assert.Null(closed.InnerException);
        Assert.False(subject.Reader.TryRead(out _));
        Assert.False(subject.Reader.TryPeek(out _));
    }

    [Theory]
    [InlineData(Kind.Queue)]
    [InlineData(Kind.Channel)]
    public async Task Complete_WithError_DrainsFirst_ThenThrowsAndFaults(Kind kind)
    {
        var subject = Subject.Create(kind, 4);
        subject.TryWrite(new Box(1));
        var error = new InvalidOperationException("boom");

        Assert.True(subject.TryComplete(error));
        Assert.False(subject.TryComplete(new InvalidOperationException("again")));
        Assert.True(await subject.Reader.WaitToReadAsync().AsTask().WaitAsync(Timeout));
        Assert.False(subject.Reader.Completion.IsCompleted);
        Assert.Equal(1, (await subject.Reader.ReadAsync().AsTask().WaitAsync(Timeout)).Value);

        // WaitToReadAsync throws the error itself, ReadAsync a ChannelClosedException around it.
        var waitError = await Assert.ThrowsAsync<InvalidOperationException>(() => subject.Reader.WaitToReadAsync().AsTask());
        Assert.Same(error, waitError);
        var closed = await Assert.ThrowsAsync<ChannelClosedException>(() => subject.Reader.ReadAsync().AsTask());
        Assert.Same(error, closed.InnerException);

        var completion = subject.Reader.Completion;
        await Assert.ThrowsAsync<InvalidOperationException>(() => completion.WaitAsync(Timeout));
        Assert.True(completion.IsFaulted);
        Assert.Same(error, completion.Exception!.InnerException);
    }

    [Theory]
    [InlineData(Kind.Queue, false)]
    [InlineData(Kind.Channel, false)]
    [InlineData(Kind.Queue, true)]
    [InlineData(Kind.Channel, true)]
    public async Task Complete_WithCancellation_CancelsCompletion_AndEndsReadsAsTheChannelDoes(Kind kind, bool readersWaiting)
    {
        var subject = Subject.Create(kind, 4);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var error = new OperationCanceledException("stopped", cts.Token);
        Task<bool>? wait = null;
        Task<Box>? read = null;
        if (readersWaiting)
        {
            wait = subject.Reader.WaitToReadAsync().AsTask();
            read = subject.Reader.ReadAsync().AsTask();
        }
        else
        {
            subject.TryWrite(new Box(1));
        }

        Assert.True(subject.TryComplete(error));
        if (readersWaiting)
        {
            // Waiting readers end canceled, with the completion's own exception.
            Assert.Same(error, await Assert.ThrowsAsync<OperationCanceledException>(() => wait!.WaitAsync(Timeout)));
            Assert.Same(error, await Assert.ThrowsAsync<OperationCanceledException>(() => read!.WaitAsync(Timeout)));
            Assert.True(wait!.IsCanceled);
            Assert.True(read!.IsCanceled);
        }
        else
        {
            Assert.True(subject.Reader.TryRead(out _));

            // After the drain: WaitToReadAsync is faulted with the exception itself, ReadAsync canceled with its token.
            wait = subject.Reader.WaitToReadAsync().AsTask();
            Assert.Same(error, await Assert.ThrowsAsync<OperationCanceledException>(() => wait));
            Assert.True(wait.IsFaulted);
            read = subject.Reader.ReadAsync().AsTask();
            var readError = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
            Assert.True(read.IsCanceled);
            Assert.Equal(cts.Token, readError.CancellationToken);
        }

        var completion = subject.Reader.Completion;
        var completionError = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => completion.WaitAsync(Timeout));
        Assert.True(completion.IsCanceled);
        Assert.Equal(cts.Token, completionError.CancellationToken);
    }

    [Theory]
    [InlineData(Kind.Queue, false)]
    [InlineData(Kind.Channel, false)]
    [InlineData(Kind.Queue, true)]
    [InlineData(Kind.Channel, true)]
    public async Task Complete_WhileReadersWait_WakesThemWithTheEnd(Kind kind, bool withError)
    {
        var subject = Subject.Create(kind, 4);
        var error = withError ? new InvalidOperationException("boom") : null;
        var wait = subject.Reader.WaitToReadAsync().AsTask();
        var read = subject.Reader.ReadAsync().AsTask();
        Assert.False(wait.IsCompleted);
        Assert.False(read.IsCompleted);

        subject.TryComplete(error);

        if (error is null)
        {
            Assert.False(await wait.WaitAsync(Timeout));
            var closed = await Assert.ThrowsAsync<ChannelClosedException>(() => read.WaitAsync(Timeout));
            Assert.Null(closed.InnerException);
            await subject.Reader.Completion.WaitAsync(Timeout);
        }
        else
        {
            Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => wait.WaitAsync(Timeout)));
            Assert.True(wait.IsFaulted);
            var closed = await Assert.ThrowsAsync<ChannelClosedException>(() => read.WaitAsync(Timeout));
            Assert.Same(error, closed.InnerException);
            Assert.True(read.IsFaulted);
            await Assert.ThrowsAsync<InvalidOperationException>(() => subject.Reader.Completion.WaitAsync(Timeout));
        }

        Assert.Equal(0, (subject.Reader as DeliveryQueue<Box>)?.WaitingReaderCount ?? 0);
    }

    [Theory]
    [InlineData(Kind.Queue, false)]
    [InlineData(Kind.Channel, false)]
    [InlineData(Kind.Queue, true)]
    [InlineData(Kind.Channel, true)]
    public async Task ReadAllAsync_YieldsEverythingThenEndsOrThrows(Kind kind, bool withError)
    {
        var subject = Subject.Create(kind, 8);
        var error = withError ? new InvalidOperationException("boom") : null;
        for (var i = 0; i < 5; i++)
        {
            subject.TryWrite(new Box(i));
        }

        subject.TryComplete(error);

        var seen = new List<int>();
        async Task ReadAll()
        {
            await foreach (var box in subject.Reader.ReadAllAsync())
            {
                seen.Add(box.Value);
            }
        }

        if (error is null)
        {
            await ReadAll().WaitAsync(Timeout);
        }
        else
        {
            Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAll().WaitAsync(Timeout)));
        }

        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Theory]
    [InlineData(Kind.Queue)]
    [InlineData(Kind.Channel)]
    public void FullNonDropQueue_RefusesTheWrite(Kind kind)
    {
        var subject = Subject.Create(kind, 2);
        Assert.True(subject.TryWrite(new Box(1)));
        Assert.True(subject.TryWrite(new Box(2)));
        Assert.False(subject.TryWrite(new Box(3)));
        Assert.Equal(2, subject.Reader.Count);
        Assert.Equal([1, 2], Drain(subject.Reader));
    }

#pragma warning disable CA2012 // these tests look at a wait's source and read a stale wait on purpose
    [Fact]
    public async Task WaitsWithoutAToken_ReuseOneWaiter_AndAStaleWaitCannotReadTheNextOne()
    {
        var queue = new DeliveryQueue<Box>(16, dropOldest: false);
        var sources = new HashSet<object>(ReferenceEqualityComparer.Instance);
        ValueTask<bool> previous = default;
        for (var i = 0; i < 10; i++)
        {
            var wait = queue.WaitToReadAsync();
            Assert.False(wait.IsCompleted);
            sources.Add(SourceOf(wait));
            Assert.True(queue.TryWrite(new Box(i)));
            Assert.True(await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.True(queue.TryRead(out var item));
            Assert.Equal(i, item.Value);
            previous = wait;
        }

        Assert.Single(sources); // one waiter served all ten waits: nothing allocated per wait
        var next = queue.WaitToReadAsync(); // the same waiter, a new version
        Assert.Throws<InvalidOperationException>(() => previous.GetAwaiter().GetResult()); // the stale wait cannot read it
        Assert.True(queue.TryWrite(new Box(99)));
        Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(5))); // and did not spoil it
    }

    [Fact]
    public async Task WaitsWithAToken_AreNotReused()
    {
        var queue = new DeliveryQueue<Box>(16, dropOldest: false);
        using var cts = new CancellationTokenSource();
        var first = queue.WaitToReadAsync(cts.Token);
        var firstSource = SourceOf(first);
        Assert.True(queue.TryWrite(new Box(1)));
        Assert.True(await first.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(queue.TryRead(out _));

        var second = queue.WaitToReadAsync();

        Assert.NotSame(firstSource, SourceOf(second)); // a waiter with a registration is never recycled
        Assert.True(queue.TryWrite(new Box(2)));
        Assert.True(await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static object SourceOf(ValueTask<bool> wait) =>
        typeof(ValueTask<bool>).GetField("_obj", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(wait)!;
#pragma warning restore CA2012

    [Fact]
    public void WritesAfterCompletion_AreRefused()
    {
        var queue = new DeliveryQueue<Box>(4, dropOldest: true);
        queue.TryComplete();
        Assert.Equal(0, queue.TryWriteMany(Boxes(0, 3)));
        Assert.False(queue.TryWrite(new Box(0)));
        Assert.Equal(0, queue.Count);
        Assert.True(queue.Completion.IsCompletedSuccessfully); // empty at completion: complete at once
    }

    /// <summary>The implementations compared.</summary>
    public enum Kind
    {
        /// <summary>The delivery queue, non-drop.</summary>
        Queue,

        /// <summary><see cref="Channel.CreateBounded{T}(BoundedChannelOptions)"/> in <see cref="BoundedChannelFullMode.Wait"/> mode.</summary>
        Channel,
    }

    /// <summary>A reference-type item.</summary>
    public sealed record Box(int Value);

    private sealed class Subject
    {
        public required ChannelReader<Box> Reader { get; init; }

        public required Func<Box, bool> TryWrite { get; init; }

        public required Func<Exception?, bool> TryComplete { get; init; }

        public static Subject Create(Kind kind, int capacity)
        {
            if (kind == Kind.Queue)
            {
                var queue = new DeliveryQueue<Box>(capacity, dropOldest: false);
                return new Subject { Reader = queue, TryWrite = queue.TryWrite, TryComplete = queue.TryComplete };
            }

            var channel = System.Threading.Channels.Channel.CreateBounded<Box>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });
            return new Subject { Reader = channel.Reader, TryWrite = channel.Writer.TryWrite, TryComplete = channel.Writer.TryComplete };
        }
    }
}
