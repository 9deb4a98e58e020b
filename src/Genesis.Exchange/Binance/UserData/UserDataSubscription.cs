using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.UserData;

/// <summary>
/// One user data stream subscription over the WebSocket API: its events in a bounded channel. Nothing is ever dropped:
/// when the consumer falls so far behind that the buffer is full, the subscription ends with
/// <see cref="StreamSubscriptionOverflowException"/> (the channel completes with it), so the caller knows it must
/// reconcile; a malformed event ends it with <see cref="MalformedResponseException"/>. <c>eventStreamTerminated</c> is
/// delivered, then the channel completes. The subscription is re-established on every new connection (see
/// <see cref="Resubscriptions"/>); events sent while no connection was up are not replayed by the exchange.
/// </summary>
internal sealed class UserDataSubscription
{
    private readonly Channel<UserDataEvent> _channel;
    private long _received;
    private long _resubscriptions;
    private int _ended;

    /// <summary>Creates a subscription with a buffer of <paramref name="capacity"/> events.</summary>
    /// <param name="capacity">The most events waiting for the consumer.</param>
    public UserDataSubscription(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<UserDataEvent>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The events, in the order the exchange sent them.</summary>
    public ChannelReader<UserDataEvent> Events => _channel.Reader;

    /// <summary>The buffer size.</summary>
    public int Capacity { get; }

    /// <summary>The exchange's id of the subscription on the current connection (-1 before the first).</summary>
    public int SubscriptionId { get; private set; } = -1;

    /// <summary>The connection the subscription is bound to (<see cref="WebSocketApi.WebSocketApiSession.Sequence"/>).</summary>
    internal long SessionSequence { get; private set; }

    /// <summary>Events delivered.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>How many times the subscription was re-established on a new connection.</summary>
    public long Resubscriptions => Interlocked.Read(ref _resubscriptions);

    /// <summary>Whether the subscription has ended (completed or failed).</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Binds the subscription to its id on a connection.</summary>
    internal void Bind(long sessionSequence, int subscriptionId, bool isResubscription)
    {
        SessionSequence = sessionSequence;
        SubscriptionId = subscriptionId;
        if (isResubscription)
        {
            Interlocked.Increment(ref _resubscriptions);
        }
    }

    /// <summary>Parses and delivers one event; ends the subscription loudly when it cannot.</summary>
    /// <param name="eventJson">The event object.</param>
    /// <param name="subscriptionId">Its subscription id.</param>
    /// <returns>False when the subscription has ended (now or before).</returns>
    internal bool Deliver(ReadOnlySpan<byte> eventJson, int? subscriptionId)
    {
        if (IsEnded)
        {
            return false;
        }

        UserDataEvent parsed;
        try
        {
            parsed = UserDataEventParser.ParseEvent(eventJson, subscriptionId);
        }
        catch (MalformedResponseException ex)
        {
            Fail(ex);
            return false;
        }

        if (!_channel.Writer.TryWrite(parsed))
        {
            Fail(new StreamSubscriptionOverflowException(
                "userData",
                $"The user data subscription's buffer of {Capacity} events is full (the consumer fell behind); it ended rather than drop a {parsed.EventType} event. Reconcile orders and balances, then subscribe again."));
            return false;
        }

        Interlocked.Increment(ref _received);
        if (parsed is EventStreamTerminated)
        {
            Complete();
            return false;
        }

        return true;
    }

    /// <summary>Ends the subscription with an error the consumer sees after the buffered events.</summary>
    /// <param name="error">The error.</param>
    internal void Fail(Exception error)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _channel.Writer.TryComplete(error);
        }
    }

    /// <summary>Ends the subscription normally.</summary>
    internal void Complete()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _channel.Writer.TryComplete();
        }
    }
}
