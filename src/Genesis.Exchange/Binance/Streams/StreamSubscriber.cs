using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>A subscriber of one stream, as seen by the fan-out.</summary>
internal interface IStreamSubscriber
{
    /// <summary>Hands a parsed record to the subscriber without waiting.</summary>
    void Deliver(object payload);

    /// <summary>Ends the subscription with an error (after the items already buffered).</summary>
    void Fail(Exception exception);

    /// <summary>Ends the subscription normally.</summary>
    void Complete();
}

/// <summary>
/// One subscription: a bounded channel between the receive loop and the consumer. The receive loop never waits
/// for a consumer. With <see cref="OverflowPolicy.Fail"/> a full channel ends the subscription with
/// <see cref="StreamSubscriptionOverflowException"/> once the consumer has read what was buffered, so nothing is
/// lost silently; with <see cref="OverflowPolicy.DropOldest"/> the oldest item makes room (for streams whose every
/// message supersedes the previous one).
/// </summary>
internal sealed class StreamSubscriber<T> : IStreamSubscriber
    where T : class
{
    private readonly Channel<T> _channel;
    private readonly string _streamName;
    private readonly int _capacity;
    private readonly ILogger _logger;

    public StreamSubscriber(string streamName, int capacity, OverflowPolicy policy, ILogger logger)
    {
        _streamName = streamName;
        _capacity = capacity;
        _logger = logger;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = policy == OverflowPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<T> Reader => _channel.Reader;

    public void Deliver(object payload)
    {
        if (payload is not T item || _channel.Writer.TryWrite(item))
        {
            return;
        }

        // Only the Fail policy gets here: the channel is full (or already completed).
        if (_channel.Writer.TryComplete(new StreamSubscriptionOverflowException(
            _streamName, $"The consumer of {_streamName} fell {_capacity} items behind; the subscription ended so no item is lost silently.")))
        {
            Log.SubscriberOverflow(_logger, _streamName, _capacity);
        }
    }

    public void Fail(Exception exception) => _channel.Writer.TryComplete(exception);

    public void Complete() => _channel.Writer.TryComplete();
}

/// <summary>What a subscription does when its consumer is too slow.</summary>
internal enum OverflowPolicy
{
    /// <summary>End the subscription with <see cref="StreamSubscriptionOverflowException"/>.</summary>
    Fail,

    /// <summary>Drop the oldest buffered item.</summary>
    DropOldest,
}
