using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Tests.Streams;

namespace Genesis.Exchange.Tests.WebSocketApi;

/// <summary><see cref="UserDataStreamSubscription"/>: the gateway's user data stream over the client's subscriptions.</summary>
public sealed class WiringUserDataStreamSubscriptionTests : IDisposable
{
    private static readonly byte[] Balance = Encoding.UTF8.GetBytes("""{"e":"balanceUpdate","E":1,"a":"BTC","d":"1","T":1}""");
    private static readonly byte[] Terminated = Encoding.UTF8.GetBytes("""{"e":"eventStreamTerminated","E":2}""");

    private readonly SignalingTimeProvider _time = new();
    private readonly Queue<Func<UserDataSubscription>> _subscribes = new();
    private readonly List<UserDataSubscription> _unsubscribed = [];
    private readonly SemaphoreSlim _subscribed = new(0);
    private int _subscribeCalls;

    public void Dispose() => _subscribed.Dispose();

    [Fact]
    public async Task Events_SubscribeAgainAndKeepFlowing_AfterEventStreamTerminated()
    {
        var first = new UserDataSubscription(16);
        var second = new UserDataSubscription(16);
        _subscribes.Enqueue(() => first);
        _subscribes.Enqueue(() => second);
        await using var stream = await StartAsync();

        first.Deliver(Balance, 1);
        first.Deliver(Terminated, 1);
        var events = new List<UserDataEvent>();
        await foreach (var item in stream.Events.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            events.Add(item);
            if (events.Count == 2)
            {
                break;
            }
        }

        Assert.True(await _subscribed.WaitAsync(Bound.Safety));
        second.Deliver(Balance, 2);
        events.Add(await stream.Events.ReadAsync().AsTask().WaitAsync(Bound.Safety));

        Assert.Collection(events, e => Assert.IsType<BalanceUpdate>(e), e => Assert.IsType<EventStreamTerminated>(e), e => Assert.IsType<BalanceUpdate>(e));
        Assert.Equal(1, stream.Terminations);
        Assert.Equal(1, stream.Resubscriptions);
        Assert.Equal(3, stream.Received);
    }

    [Fact]
    public async Task Resubscribe_RetriesAfterABackoff_WhenTheWebSocketApiIsDown()
    {
        var first = new UserDataSubscription(16);
        var third = new UserDataSubscription(16);
        _subscribes.Enqueue(() => first);
        _subscribes.Enqueue(() => throw new ExchangeUnavailableException("no WebSocket API connection; the request was not sent.") { RequestNotSent = true });
        _subscribes.Enqueue(() => third);
        await using var stream = await StartAsync();

        first.Deliver(Terminated, 1);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await _subscribed.WaitAsync(Bound.Safety));
        Assert.True(await _subscribed.WaitAsync(Bound.Safety));
        third.Deliver(Balance, 3);
        await stream.Events.ReadAsync().AsTask().WaitAsync(Bound.Safety);

        Assert.IsType<BalanceUpdate>(await stream.Events.ReadAsync().AsTask().WaitAsync(Bound.Safety));
        Assert.Equal(3, stream.SubscriptionId);
    }

    [Fact]
    public async Task Events_EndWithTheError_WhenTheExchangeRefusesTheNewSubscription()
    {
        var first = new UserDataSubscription(16);
        _subscribes.Enqueue(() => first);
        _subscribes.Enqueue(() => throw new AuthenticationException("Invalid API-key, IP, or permissions for action.", -2015));
        await using var stream = await StartAsync();

        first.Deliver(Terminated, 1);

        Assert.IsType<EventStreamTerminated>(await stream.Events.ReadAsync().AsTask().WaitAsync(Bound.Safety));
        await Assert.ThrowsAsync<AuthenticationException>(() => stream.Events.Completion.WaitAsync(Bound.Safety));
    }

    [Fact]
    public async Task Dispose_UnsubscribesTheCurrentSubscription_AndCompletesTheEvents()
    {
        var first = new UserDataSubscription(16);
        _subscribes.Enqueue(() => first);
        var stream = await StartAsync();

        await stream.DisposeAsync();

        Assert.Same(first, Assert.Single(_unsubscribed));
        await stream.Events.Completion.WaitAsync(Bound.Safety);
    }

    private async Task<UserDataStreamSubscription> StartAsync()
    {
        var stream = new UserDataStreamSubscription(
            _ =>
            {
                Interlocked.Increment(ref _subscribeCalls);
                _subscribed.Release();
                var next = _subscribes.Dequeue()();
                next.Bind(1, _subscribeCalls, isResubscription: false);
                return Task.FromResult(next);
            },
            (subscription, _) =>
            {
                _unsubscribed.Add(subscription);
                subscription.Complete();
                return Task.CompletedTask;
            },
            16,
            _time,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(30));
        await stream.StartAsync(CancellationToken.None);
        await _subscribed.WaitAsync(Bound.Safety);
        return stream;
    }
}
