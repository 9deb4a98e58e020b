using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Tests.Streams.Contract;

/// <summary>
/// How every <see cref="IMarketStreamClient"/> behaves, run against the client over scripted connections, over the
/// mock's in-memory Binance (no sockets) and over the fake server (loopback): trades arrive once each and in id
/// order, a stream the server does not serve is refused with the exchange's error, cancellation ends a subscription
/// with <see cref="OperationCanceledException"/>, disposing the client ends it normally (after what was already
/// delivered), and subscribing to a disposed client throws <see cref="ObjectDisposedException"/>.
/// </summary>
/// <remarks>This file is compiled into the unit and the integration test projects (linked): keep it self-contained.</remarks>
public abstract class MarketStreamClientContractTests : IAsyncDisposable
{
    /// <summary>How long a test waits for a signal before failing.</summary>
    protected static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);

    protected abstract IMarketStreamClient Client { get; }

    public virtual async ValueTask DisposeAsync()
    {
        await DisposeClientAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the client under test (idempotent).</summary>
    protected abstract ValueTask DisposeClientAsync();

    /// <summary>Makes the next BTCUSDT trade reach every current trade subscriber.</summary>
    protected abstract Task PublishTradeAsync();

    /// <summary>Subscribes a stream the server under test does not serve.</summary>
    protected abstract IAsyncEnumerable<TradeUpdate> SubscribeUnknownStream(CancellationToken cancellationToken);

    private static async Task<bool> MoveAsync<T>(IAsyncEnumerator<T> enumerator) =>
        await enumerator.MoveNextAsync().AsTask().WaitAsync(Safety);

    [Fact]
    public async Task SubscribeTrades_DeliversEachTradeOnceInIdOrder()
    {
        using var cts = new CancellationTokenSource();
        var trades = Client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();
        for (var i = 0; i < 5; i++)
        {
            await PublishTradeAsync();
        }

        Assert.True(await first.WaitAsync(Safety));
        var received = new List<TradeUpdate> { trades.Current };
        while (received.Count < 5)
        {
            Assert.True(await MoveAsync(trades));
            received.Add(trades.Current);
        }

        Assert.All(received, t => Assert.Equal("BTCUSDT", t.Symbol));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => received[0].TradeId + i), received.Select(t => t.TradeId));
        await cts.CancelAsync();
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_StreamTheServerDoesNotServe_EndsWithStreamSubscriptionRejectedException()
    {
        using var cts = new CancellationTokenSource();
        var refused = SubscribeUnknownStream(cts.Token).GetAsyncEnumerator(cts.Token);
        var move = refused.MoveNextAsync().AsTask();

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => move.WaitAsync(Safety));

        Assert.Equal(2, error.BinanceCode);
        Assert.Equal("Invalid request: invalid stream", error.ServerMessage);
        await refused.DisposeAsync();
    }

    [Fact]
    public async Task Cancel_WhileWaitingForATrade_EndsWithOperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        var trades = Client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var move = trades.MoveNextAsync().AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => move.WaitAsync(Safety));
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task Cancel_AfterTradesArrived_EndsWithOperationCanceledException_EvenWithTradesBuffered()
    {
        using var cts = new CancellationTokenSource();
        var trades = Client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();
        await PublishTradeAsync();
        Assert.True(await first.WaitAsync(Safety));
        await PublishTradeAsync();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MoveAsync(trades));
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task AlreadyCanceledToken_EndsWithOperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var trades = Client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MoveAsync(trades));
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task DisposeClient_WhileWaitingForATrade_EndsTheEnumerationNormally()
    {
        var trades = Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var move = trades.MoveNextAsync().AsTask();

        await DisposeClientAsync();

        Assert.False(await move.WaitAsync(Safety));
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task DisposeClient_AfterTradesArrived_DeliversWhatIsBufferedThenEndsNormally()
    {
        var trades = Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var first = trades.MoveNextAsync().AsTask();
        await PublishTradeAsync();
        Assert.True(await first.WaitAsync(Safety));

        await DisposeClientAsync();
        var remaining = 0;
        while (await MoveAsync(trades))
        {
            remaining++;
            Assert.True(remaining < 10_000, "the enumeration did not end");
        }

        Assert.False(await MoveAsync(trades));
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task DisposeClient_EndsEverySubscription()
    {
        var trades = Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var moreTrades = Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var tickers = Client.SubscribeTickerAsync("ETHUSDT").GetAsyncEnumerator();
        var depth = Client.SubscribePartialDepthAsync("ETHUSDT").GetAsyncEnumerator();
        var moves = new[] { trades.MoveNextAsync().AsTask(), moreTrades.MoveNextAsync().AsTask(), tickers.MoveNextAsync().AsTask(), depth.MoveNextAsync().AsTask() };

        await DisposeClientAsync();

        var ended = await Task.WhenAll(moves).WaitAsync(Safety);

        Assert.Equal(new[] { false, false, false, false }, ended);
    }

    [Fact]
    public async Task Subscribe_AfterDispose_ThrowsObjectDisposedException()
    {
        await DisposeClientAsync();
        var trades = Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => MoveAsync(trades));
    }

    [Fact]
    public async Task DisposeClient_Twice_IsHarmless()
    {
        var trades = Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var move = trades.MoveNextAsync().AsTask();

        await DisposeClientAsync();
        await DisposeClientAsync();

        Assert.False(await move.WaitAsync(Safety));
    }
}

/// <summary>
/// Completes when the stream client logged its first confirmed SUBSCRIBE (event 3001): from then on, what the server
/// publishes on that stream reaches the subscriber. For clients over a real (or in-memory) server.
/// </summary>
public sealed class SubscribedSignal : ILoggerProvider, ILogger
{
    private const int SubscribedEventId = 3001;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _each = new(0);

    /// <summary>Waits (bounded) for the first confirmed SUBSCRIBE; completes at once after it.</summary>
    public Task WaitAsync() => _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> _events = new();

    /// <summary>Waits (bounded) until the client logged an event with <paramref name="eventId"/> (at any time).</summary>
    public Task EventAsync(int eventId) => Event(eventId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Waits (bounded) for the next confirmed SUBSCRIBE not yet waited for by this method.</summary>
    public async Task NextAsync() => Assert.True(await _each.WaitAsync(TimeSpan.FromSeconds(10)), "no SUBSCRIBE was confirmed");

    public ILogger CreateLogger(string categoryName) => this;

    private TaskCompletionSource Event(int eventId) => _events.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Event(eventId.Id).TrySetResult();
        if (eventId.Id == SubscribedEventId)
        {
            _subscribed.TrySetResult();
            _each.Release();
        }
    }

    public void Dispose()
    {
        // Nothing to release: the semaphore holds no handle unless AvailableWaitHandle is used.
    }
}
