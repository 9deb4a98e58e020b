using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// The stream server refused to subscribe a stream (for example <c>{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":1}</c>).
/// The subscription ends with this exception instead of waiting for data that will never come; retrying the same
/// stream will not help.
/// </summary>
public sealed class StreamSubscriptionRejectedException : ExchangeException
{
    /// <summary>Creates an exception.</summary>
    /// <param name="streamName">The refused stream, e.g. <c>btcusdt@trade</c>.</param>
    /// <param name="binanceCode">The error code of the stream server's reply (2: invalid request).</param>
    /// <param name="serverMessage">The <c>msg</c> of the stream server's reply.</param>
    public StreamSubscriptionRejectedException(string streamName, int? binanceCode, string serverMessage)
        : base($"The stream server refused to subscribe {streamName}: {serverMessage}", binanceCode)
    {
        StreamName = streamName;
        ServerMessage = serverMessage;
    }

    /// <summary>The refused stream.</summary>
    public string StreamName { get; }

    /// <summary>The server's reason, as sent.</summary>
    public string ServerMessage { get; }
}
