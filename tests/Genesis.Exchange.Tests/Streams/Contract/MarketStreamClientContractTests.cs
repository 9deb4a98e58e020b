using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams.Contract;

/// <summary>
/// How every <see cref="IMarketStreamClient"/> ends a subscription, run against the mock and the live client:
/// cancellation ends it with <see cref="OperationCanceledException"/>, disposing the client ends it normally (after
/// what was already delivered), and subscribing to a disposed client throws <see cref="ObjectDisposedException"/>.
/// </summary>
public abstract class MarketStreamClientContractTests : IAsyncDisposable
{
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

    private static async Task<bool> MoveAsync<T>(IAsyncEnumerator<T> enumerator) =>
        await enumerator.MoveNextAsync().AsTask().WaitAsync(Bound.Safety);

    [Fact]
    public async Task Cancel_WhileWaitingForATrade_EndsWithOperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        var trades = Client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var move = trades.MoveNextAsync().AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => move.WaitAsync(Bound.Safety));
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task Cancel_AfterTradesArrived_EndsWithOperationCanceledException_EvenWithTradesBuffered()
    {
        using var cts = new CancellationTokenSource();
        var trades = Client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();
        await PublishTradeAsync();
        Assert.True(await first.WaitAsync(Bound.Safety));
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

        Assert.False(await move.WaitAsync(Bound.Safety));
        await trades.DisposeAsync();
    }

    [Fact]
    public async Task DisposeClient_AfterTradesArrived_DeliversWhatIsBufferedThenEndsNormally()
    {
        var trades = Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var first = trades.MoveNextAsync().AsTask();
        await PublishTradeAsync();
        Assert.True(await first.WaitAsync(Bound.Safety));

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

        var ended = await Task.WhenAll(moves).WaitAsync(Bound.Safety);

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

        Assert.False(await move.WaitAsync(Bound.Safety));
    }
}
