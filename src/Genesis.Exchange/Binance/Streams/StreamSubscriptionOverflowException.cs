using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// A subscription's consumer fell so far behind that its buffer filled, or a trade-id gap could not be filled.
/// The subscription ends with this exception instead of silently losing data; subscribe again to resume.
/// </summary>
public sealed class StreamSubscriptionOverflowException : ExchangeException
{
    /// <summary>Creates an exception.</summary>
    public StreamSubscriptionOverflowException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public StreamSubscriptionOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StreamSubscriptionOverflowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a stream.</summary>
    /// <param name="streamName">The stream, e.g. <c>btcusdt@trade</c>.</param>
    /// <param name="message">The message.</param>
    public StreamSubscriptionOverflowException(string streamName, string message)
        : base(message)
    {
        StreamName = streamName;
    }

    /// <summary>The stream whose subscription ended, when known.</summary>
    public string? StreamName { get; }
}
