using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// The WebSocket API as an <see cref="IExchangeTransport"/>: an <see cref="ExchangeRequest"/> becomes a request frame whose
/// method comes from <see cref="WebSocketApiMethods"/> (keyed by the request's endpoint) and whose id is the request's
/// correlation id (so a caller-chosen id travels as is; a retry adds its attempt number); the answer is an <see cref="ExchangeResponse"/> whose status is
/// the frame's <c>status</c>, whose body is the <c>result</c> JSON (every REST reader parses it unchanged) or the
/// <c>error</c> object, and whose headers carry the <c>rateLimits</c> as the REST usage headers, so the rate limiting
/// decorator above reconciles the shared budget as for REST. Sits under the same pipeline (rate budget, time sync,
/// retries, breaker) as the HTTP transport.
/// </summary>
/// <param name="connection">The connection requests go over.</param>
internal sealed class WebSocketApiTransport(WebSocketApiConnection connection) : IExchangeTransport
{
    /// <inheritdoc />
    /// <exception cref="ExchangeUnavailableException">No connection (not sent) or the connection broke (outcome unknown: see <see cref="ExchangeException.RequestNotSent"/>).</exception>
    /// <exception cref="ExchangeTimeoutException">No in-flight slot (not sent) or no response in time (outcome unknown).</exception>
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!WebSocketApiMethods.TryGetMethod(request.Endpoint, out var method))
        {
            throw new ExchangeException($"{request.Endpoint.Name} has no WebSocket API method; the request was not sent.", null, correlationId: request.CorrelationId)
            {
                RequestNotSent = true,
            };
        }

        return await connection.SendAsync(request.Endpoint, method, request.Parameters, RequestId(request), request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The frame id: the correlation id on the first attempt; with the attempt number on a retry, so that a late answer
    /// to an earlier attempt (counted as an unknown id) is never taken for the retry's answer.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The id.</returns>
    internal static string RequestId(ExchangeRequest request) =>
        request.Attempt <= 1 ? request.CorrelationId : request.CorrelationId + "." + request.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
