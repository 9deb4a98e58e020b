using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WsLog = Genesis.Exchange.Binance.WebSocketApi.Log;

namespace Genesis.Exchange.Abstractions;

/// <summary>
/// The account's user data stream over the WebSocket API (<c>userDataStream.subscribe</c> after <c>session.logon</c>, or
/// <c>userDataStream.subscribe.signature</c>), held by the caller: read <see cref="Events"/> or enumerate it with
/// <c>await foreach</c>, and dispose it to unsubscribe. Events keep the exchange's order and none is ever dropped.
/// </summary>
/// <remarks>
/// Recovery: after every reconnect (and re-logon) the subscription is re-established before the connection takes
/// requests; after an <see cref="EventStreamTerminated"/> (delivered to the reader) the stream subscribes again by itself.
/// Events the exchange sent while no subscription was active are not replayed by Binance, so after
/// <see cref="EventStreamTerminated"/> or a growth of <see cref="Resubscriptions"/> reconcile orders and balances (open
/// orders, account, orders by client order id). The stream ends with an error (the reader's completion) when the consumer
/// falls <c>WebSocketApi.UserDataBufferCapacity</c> events behind (<see cref="Binance.Streams.StreamSubscriptionOverflowException"/>),
/// when an event cannot be read (<see cref="MalformedResponseException"/>), or when the exchange refuses the subscription.
/// </remarks>
public sealed class UserDataStreamSubscription : IAsyncEnumerable<UserDataEvent>, IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<UserDataSubscription>> _subscribe;
    private readonly Func<UserDataSubscription, CancellationToken, Task> _unsubscribe;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryBaseDelay;
    private readonly TimeSpan _retryMaxDelay;
    private readonly ILogger _logger;
    private readonly Channel<UserDataEvent> _channel;
    private readonly CancellationTokenSource _stop = new();
    private UserDataSubscription? _current;
    private Task _pump = Task.CompletedTask;
    private long _received;
    private long _earlierResubscriptions;
    private long _restarts;
    private long _terminations;
    private int _disposed;

    internal UserDataStreamSubscription(
        Func<CancellationToken, Task<UserDataSubscription>> subscribe,
        Func<UserDataSubscription, CancellationToken, Task> unsubscribe,
        int capacity,
        TimeProvider time,
        TimeSpan retryBaseDelay,
        TimeSpan retryMaxDelay,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        ArgumentNullException.ThrowIfNull(unsubscribe);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _subscribe = subscribe;
        _unsubscribe = unsubscribe;
        _time = time;
        _retryBaseDelay = retryBaseDelay;
        _retryMaxDelay = retryMaxDelay < retryBaseDelay ? retryBaseDelay : retryMaxDelay;
        _logger = logger ?? NullLogger.Instance;
        _channel = Channel.CreateBounded<UserDataEvent>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The events, in the order the exchange sent them; completes when the stream is disposed, faults when it fails.</summary>
    public ChannelReader<UserDataEvent> Events => _channel.Reader;

    /// <summary>Events received from the exchange.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>How many times the subscription was re-established (after a reconnect, a re-logon or an <c>eventStreamTerminated</c>).</summary>
    public long Resubscriptions =>
        Interlocked.Read(ref _earlierResubscriptions) + Interlocked.Read(ref _restarts) + (Volatile.Read(ref _current)?.Resubscriptions ?? 0);

    /// <summary><c>eventStreamTerminated</c> events received (each followed by a new subscription).</summary>
    public long Terminations => Interlocked.Read(ref _terminations);

    /// <summary>The exchange's id of the current subscription (-1 before the first).</summary>
    public int SubscriptionId => Volatile.Read(ref _current)?.SubscriptionId ?? -1;

    /// <inheritdoc />
    public IAsyncEnumerator<UserDataEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        _channel.Reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>Unsubscribes (<c>userDataStream.unsubscribe</c>) and completes <see cref="Events"/> after the buffered events.</summary>
    /// <returns>A task.</returns>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Disposal never throws; an unsubscribe that fails leaves a subscription the connection's end removes.")]
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        if (Volatile.Read(ref _current) is { IsEnded: false } current)
        {
            try
            {
                await _unsubscribe(current, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ExchangeException or ObjectDisposedException)
            {
                // The connection is gone or refused: the subscription dies with it.
            }
        }

        _channel.Writer.TryComplete();
        _stop.Dispose();
    }

    /// <summary>Subscribes and starts delivering; a refusal or an unreachable WebSocket API surfaces here.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        var first = await _subscribe(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _current, first);
        _pump = Task.Run(() => PumpAsync(first, _stop.Token), CancellationToken.None);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Every failure ends the stream with it, where the reader sees it.")]
    private async Task PumpAsync(UserDataSubscription current, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var terminated = false;
                await foreach (var item in current.Events.ReadAllAsync(stop).ConfigureAwait(false))
                {
                    await _channel.Writer.WriteAsync(item, stop).ConfigureAwait(false);
                    Interlocked.Increment(ref _received);
                    terminated = item is EventStreamTerminated;
                }

                if (!terminated)
                {
                    // Ended without a termination event (unsubscribed, or its client disposed): nothing to resume.
                    _channel.Writer.TryComplete();
                    return;
                }

                Interlocked.Increment(ref _terminations);
                WsLog.UserDataStreamTerminated(_logger);
                Interlocked.Add(ref _earlierResubscriptions, current.Resubscriptions);
                current = await ResubscribeAsync(stop).ConfigureAwait(false);
                Volatile.Write(ref _current, current);
                Interlocked.Increment(ref _restarts);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _channel.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _channel.Writer.TryComplete(ex);
        }
    }

    private async Task<UserDataSubscription> ResubscribeAsync(CancellationToken stop)
    {
        var delay = _retryBaseDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _subscribe(stop).ConfigureAwait(false);
            }
            catch (ExchangeException ex) when (ex is ExchangeUnavailableException or ExchangeTimeoutException && !stop.IsCancellationRequested)
            {
                // The connection is down or slow: it reconnects by itself; try again after a backoff.
                WsLog.UserDataRestartFailed(_logger, ex, attempt, delay);
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _retryMaxDelay.Ticks));
            }
        }
    }
}
