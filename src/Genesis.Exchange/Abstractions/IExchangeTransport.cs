namespace Genesis.Exchange.Abstractions;

/// <summary>
/// Sends one request to the exchange and returns the raw response. The HTTP transport, the mock exchange and
/// (later) the WebSocket API implement it; rate limiting, circuit breaking, retries and time sync decorate it.
/// </summary>
public interface IExchangeTransport
{
    /// <summary>Sends the request. HTTP error statuses are returned; network failures and timeouts throw <see cref="Errors.ExchangeUnavailableException"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the wait and the send.</param>
    /// <returns>The response.</returns>
    ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default);
}
