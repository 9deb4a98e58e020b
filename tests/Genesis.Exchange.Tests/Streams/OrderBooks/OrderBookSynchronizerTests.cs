using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static Genesis.Exchange.Tests.Streams.OrderBooks.OrderBookTestData;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

/// <summary>Binance's documented local-order-book procedure, driven by scripted diff events and snapshots.</summary>
public sealed class OrderBookSynchronizerTests : IAsyncLifetime, IDisposable
{
    private readonly ScriptedDepthStreams _streams = new();
    private readonly ScriptedSnapshots _snapshots = new();
    private readonly SignalingTimeProvider _time = new();
    private readonly OrderBookMetrics _metrics = new();
    private LocalOrderBook? _book;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_book is not null)
        {
            await _book.DisposeAsync();
        }
    }

    public void Dispose() => _metrics.Dispose();

    private async Task<LocalOrderBook> StartAsync(LocalOrderBookOptions? options = null)
    {
        options ??= new LocalOrderBookOptions();
        options.Validate();
        _book = new LocalOrderBook(Symbol, _streams, _snapshots, options, _time, NullLogger.Instance, _metrics).Start();
        await _streams.NextSubscriptionAsync();
        return _book;
    }

    /// <summary>Brings a fresh book live at update id 110 with bids 99/98 and asks 101/102.</summary>
    private async Task<LocalOrderBook> StartLiveAsync(LocalOrderBookOptions? options = null)
    {
        var book = await StartAsync(options);
        _streams.Push(Diff(101, 110, bids: [(98m, 2m)]));
        await _snapshots.AnswerAsync(Snapshot(105, bids: [(99m, 1m)], asks: [(101m, 1m), (102m, 2m)]));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);
        return book;
    }

    private static async Task WaitForAsync(ILocalOrderBook book, Func<ILocalOrderBook, bool> condition)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ILocalOrderBook b)
        {
            if (condition(b))
            {
                reached.TrySetResult();
            }
        }

        book.Changed += OnChanged;
        try
        {
            if (!condition(book))
            {
                await reached.Task.WaitAsync(Bound.Safety);
            }
        }
        finally
        {
            book.Changed -= OnChanged;
        }
    }

    [Fact]
    public async Task Snapshot_IsRequestedOnlyAfterTheFirstEvent_WithTheConfiguredDepth()
    {
        await StartAsync(new LocalOrderBookOptions { SnapshotDepth = 1000 });
        Assert.Equal(0, _snapshots.RequestCount);

        _streams.Push(Diff(101, 105));
        var request = await _snapshots.NextRequestAsync();

        Assert.Equal((Symbol, 1000), (request.Symbol, request.Limit));
    }

    [Fact]
    public async Task BufferedEvents_AtOrBelowTheSnapshot_AreDropped_AndTheStraddlingOneIsAppliedFirst()
    {
        var book = await StartAsync();
        _streams.Push(Diff(95, 100, bids: [(50m, 9m)]));            // entirely in the snapshot: dropped
        var request = await _snapshots.NextRequestAsync();
        _streams.Push(Diff(101, 105, bids: [(99m, 3m)]));           // straddles 103 + 1
        _streams.Push(Diff(106, 110, asks: [(101m, 0m)]));          // continues it

        request.Response.SetResult(Snapshot(103, bids: [(99m, 1m), (98m, 2m)], asks: [(101m, 1m), (102m, 2m)]));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);
        await WaitForAsync(book, b => b.LastUpdateId == 110);

        Assert.Equal(LocalOrderBookState.Live, book.State);
        Assert.Equal([new(99m, 3m), new(98m, 2m)], book.GetBids(10));
        Assert.Equal([new(102m, 2m)], book.GetAsks(10));
        Assert.Equal(0, book.Resyncs);
    }

    [Fact]
    public async Task SnapshotOlderThanTheFirstEvent_IsFetchedAgain_AfterTheRetryDelay()
    {
        var book = await StartAsync(new LocalOrderBookOptions { RetryDelay = TimeSpan.FromSeconds(2) });
        _streams.Push(Diff(101, 105, bids: [(99m, 1m)]));
        await _snapshots.AnswerAsync(Snapshot(90));                  // lastUpdateId < U of the first event

        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        Assert.False(_snapshots.HasPendingRequest);
        _time.AdvanceInline(TimeSpan.FromSeconds(2));
        await _snapshots.AnswerAsync(Snapshot(102, bids: [(98m, 1m)]));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);

        Assert.Equal(105, book.LastUpdateId);
        Assert.Equal([new(99m, 1m), new(98m, 1m)], book.GetBids(10));
        Assert.Equal(2, _snapshots.RequestCount);
    }

    [Fact]
    public async Task Gap_WhileLive_DiscardsTheBook_CountsAResync_AndResyncsFromANewSnapshot()
    {
        var book = await StartLiveAsync();

        _streams.Push(Diff(115, 120, asks: [(103m, 5m)]));          // 111–114 missed
        var request = await _snapshots.NextRequestAsync();

        Assert.Equal(LocalOrderBookState.Resynchronizing, book.State);
        Assert.Equal(1, book.Resyncs);
        Assert.Null(book.BestBid);                                 // never a stale book
        request.Response.SetResult(Snapshot(118, bids: [(97m, 1m)], asks: [(101m, 4m)]));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);
        Assert.Equal(120, book.LastUpdateId);
        Assert.Equal([new(101m, 4m), new(103m, 5m)], book.GetAsks(10));
        Assert.Equal([new(97m, 1m)], book.GetBids(10));
        Assert.Equal(1, _streams.SubscriptionCount);               // the subscription is kept across the resync
    }

    [Fact]
    public async Task Gap_IsCountedOnTheResyncsMetric_TaggedWithTheSymbol()
    {
        var measurements = new List<(long Value, object? Symbol)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, _metrics.Resyncs))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((value, tags.ToArray().Single(t => t.Key == "symbol").Value));
            }
        });
        listener.Start();
        var book = await StartLiveAsync();

        _streams.Push(Diff(112, 113));                              // 111 missed
        await _snapshots.NextRequestAsync();

        lock (measurements)
        {
            Assert.Equal([(1L, (object?)Symbol)], measurements);
        }

        Assert.Equal(1, book.Resyncs);
    }

    [Fact]
    public async Task FirstEventAfterTheSnapshot_NotStraddlingIt_Resyncs()
    {
        var book = await StartAsync();
        _streams.Push(Diff(101, 105));
        var first = await _snapshots.NextRequestAsync();
        _streams.Push(Diff(110, 115, bids: [(99m, 1m)]));           // the stream itself skipped 106–109

        first.Response.SetResult(Snapshot(106));
        await _snapshots.AnswerAsync(Snapshot(112, bids: [(98m, 1m)]));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);

        Assert.Equal(1, book.Resyncs);
        Assert.Equal(115, book.LastUpdateId);
        Assert.Equal([new(99m, 1m), new(98m, 1m)], book.GetBids(10));
    }

    [Fact]
    public async Task EventAlreadyInTheBook_IsIgnored_WithoutAResync()
    {
        var book = await StartLiveAsync();

        _streams.Push(Diff(106, 110, bids: [(1m, 1m)]));            // u <= book id: a duplicate
        _streams.Push(Diff(111, 111, bids: [(99m, 5m)]));
        await WaitForAsync(book, b => b.LastUpdateId == 111);

        Assert.Equal(0, book.Resyncs);
        Assert.Equal([new(99m, 5m), new(98m, 2m)], book.GetBids(10));
    }

    [Fact]
    public async Task EventOverlappingTheBook_AfterTheFirst_IsAGap()
    {
        var book = await StartLiveAsync();

        _streams.Push(Diff(108, 112));                              // U must be 111
        await _snapshots.NextRequestAsync();

        Assert.Equal(1, book.Resyncs);
        Assert.Equal(LocalOrderBookState.Resynchronizing, book.State);
    }

    [Fact]
    public async Task LostSubscription_IsSubscribedAgain_AndTheBookResyncs()
    {
        var book = await StartLiveAsync(new LocalOrderBookOptions { RetryDelay = TimeSpan.FromSeconds(1) });

        _streams.Fail(new StreamSubscriptionOverflowException("btcusdt@depth@100ms", "slow consumer"));
        await WaitForAsync(book, b => b.State == LocalOrderBookState.Resynchronizing);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.AdvanceInline(TimeSpan.FromSeconds(1));
        await _streams.NextSubscriptionAsync();
        _streams.Push(Diff(200, 210, bids: [(90m, 1m)]));
        await _snapshots.AnswerAsync(Snapshot(205));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);

        Assert.Equal(1, book.Resyncs);
        Assert.Equal(2, _streams.SubscriptionCount);
        Assert.Equal(210, book.LastUpdateId);
    }

    [Fact]
    public async Task RefusedStream_FaultsTheBook_AndWaitUntilLiveThrowsTheRefusal()
    {
        var book = await StartAsync();

        _streams.Fail(new StreamSubscriptionRejectedException("nosuch@depth@100ms", 2, "Invalid request: invalid stream"));

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => book.WaitUntilLiveAsync().WaitAsync(Bound.Safety));
        Assert.Equal(2, error.BinanceCode);
        Assert.Equal(LocalOrderBookState.Faulted, book.State);
        Assert.Same(error, book.Failure);
    }

    [Fact]
    public async Task FailedSnapshotRequest_IsRetried_AfterTheRetryDelay()
    {
        var book = await StartAsync(new LocalOrderBookOptions { RetryDelay = TimeSpan.FromSeconds(3) });
        _streams.Push(Diff(101, 105));
        (await _snapshots.NextRequestAsync()).Response.SetException(new ExchangeUnavailableException("502"));

        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        _time.AdvanceInline(TimeSpan.FromSeconds(3));
        await _snapshots.AnswerAsync(Snapshot(103));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);

        Assert.Equal(105, book.LastUpdateId);
    }

    [Fact]
    public async Task SnapshotWithAPriceTheBookCannotHold_IsDiscarded_AndFetchedAgain()
    {
        var book = await StartAsync(new LocalOrderBookOptions { RetryDelay = TimeSpan.FromSeconds(1) });
        _streams.Push(Diff(101, 105));

        await _snapshots.AnswerAsync(Snapshot(103, bids: [(99m, 1m), (1.000000001m, 1m)])); // nine decimals
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        Assert.Null(book.BestBid); // nothing of the rejected snapshot is visible
        _time.AdvanceInline(TimeSpan.FromSeconds(1));
        await _snapshots.AnswerAsync(Snapshot(103, bids: [(99m, 2m)]));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);

        Assert.Equal([new(99m, 2m)], book.GetBids(10));
        Assert.Equal(2, _snapshots.RequestCount);
    }

    [Fact]
    public async Task CrossCheck_CountsAMatch_WhenTheSnapshotEqualsTheBook()
    {
        var book = await StartLiveAsync(new LocalOrderBookOptions { CrossCheckInterval = TimeSpan.FromSeconds(30), SnapshotDepth = 10 });

        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        _time.AdvanceInline(TimeSpan.FromSeconds(30));
        var check = await _snapshots.NextRequestAsync();
        check.Response.SetResult(Snapshot(112, bids: [(99m, 1m), (98m, 2m)], asks: [(101m, 1m), (102m, 3m)]));
        _streams.Push(Diff(111, 112, asks: [(102m, 3m)]));          // the book reaches the snapshot's id before or after it arrives
        // A compare changes no level, so no Changed event tells when it happened: wait (bounded) on the counters.
        Assert.True(SpinWait.SpinUntil(() => book.CrossCheckMatches + book.CrossCheckMismatches > 0, Bound.Safety));

        Assert.Equal((1, 0), (book.CrossCheckMatches, book.CrossCheckMismatches));
        Assert.Equal(0, book.Resyncs);
    }

    [Fact]
    public async Task CrossCheck_Mismatch_IsCounted_AndResyncsTheBook()
    {
        var book = await StartLiveAsync(new LocalOrderBookOptions { CrossCheckInterval = TimeSpan.FromSeconds(30), SnapshotDepth = 10 });

        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        _time.AdvanceInline(TimeSpan.FromSeconds(30));
        var check = await _snapshots.NextRequestAsync();
        check.Response.SetResult(Snapshot(111, bids: [(99m, 1m), (98m, 2m)], asks: [(101m, 1m), (102m, 2m), (110m, 1m)]));
        _streams.Push(Diff(111, 111, bids: [(99m, 1m)]));           // the exchange also has an ask at 110 the book never saw
        Assert.True(SpinWait.SpinUntil(() => book.CrossCheckMismatches > 0, Bound.Safety));

        Assert.Equal(LocalOrderBookState.Resynchronizing, book.State); // emptied at once: never read while known wrong
        Assert.Null(book.BestAsk);
        _streams.Push(Diff(112, 112));
        await WaitForAsync(book, b => b.Resyncs == 1);
        Assert.Equal((0, 1), (book.CrossCheckMatches, book.CrossCheckMismatches));
    }

    [Fact]
    public async Task ThrowingChangedHandler_DoesNotStopTheBookOrTheOtherHandlers()
    {
        var book = await StartAsync();
        book.Changed += _ => throw new InvalidOperationException("consumer bug");
        _streams.Push(Diff(101, 105));
        await _snapshots.AnswerAsync(Snapshot(103));
        await book.WaitUntilLiveAsync().WaitAsync(Bound.Safety);

        _streams.Push(Diff(106, 107, bids: [(10m, 1m)]));
        await WaitForAsync(book, b => b.LastUpdateId == 107);

        Assert.Equal(LocalOrderBookState.Live, book.State);
    }

    [Fact]
    public async Task Dispose_StopsTheBook_EmptiesIt_AndEndsWaiters()
    {
        var book = await StartAsync();
        var waiting = book.WaitUntilLiveAsync();

        await book.DisposeAsync();

        Assert.Equal(LocalOrderBookState.Stopped, book.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Bound.Safety));
    }

    [Fact]
    public async Task StreamClientDisposed_StopsTheBook()
    {
        var book = await StartLiveAsync();

        _streams.Complete();
        await WaitForAsync(book, b => b.State == LocalOrderBookState.Stopped);

        Assert.Null(book.BestBid);
    }
}
