namespace Genesis.Exchange.Abstractions;

/// <summary>
/// Sends one request to the exchange and returns the raw response. The HTTP transport, the mock exchange and
/// (later) the WebSocket API implement it; rate limiting, circuit breaking, retries and time sync decorate it.
/// An implementation that puts requests on a wire (or hands them to anything that may execute them) calls
/// <see cref="ExchangeRequest.MarkMayHaveBeenSent"/> immediately before; a failure of a request that was never marked
/// is treated as certainly not sent (an order failing that way is reported as not placed). Decorators pass the
/// request object through unchanged.
/// </summary>
public interface IExchangeTransport
{
    /// <summary>Sends the request. HTTP error statuses are returned; network failures and timeouts throw <see cref="Errors.ExchangeUnavailableException"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the wait and the send.</param>
    /// <returns>The response.</returns>
    ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default);
}
