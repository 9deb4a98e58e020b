using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>
/// Turns an unsuccessful (or untrustworthy) response into the typed exception a caller can act on, from the
/// classification the response carries (<see cref="ExchangeResponse.Kind"/>, <see cref="ExchangeResponse.ErrorCode"/>):
/// the body is not parsed again here.
/// </summary>
internal static class ResponseErrors
{
    public static ExchangeException ToException(ExchangeRequest request, ExchangeResponse response, DateTimeOffset now)
    {
        var status = response.StatusCode;
        var retryAfter = response.GetRetryAfter(now);
        var excerpt = response.BodyExcerpt();
        var corr = request.CorrelationId;
        ExchangeException ex;
        var hasError = response.TryGetError(out var code, out var msg);
        if (response.Kind == ExchangeResponseKind.Banned)
        {
            var wait = retryAfter ?? TimeSpan.FromMinutes(2);
            ex = new IpBannedException($"{request.Endpoint.Name}: HTTP 418, the IP is banned for {wait.TotalSeconds:0} s for ignoring rate limits.", now + wait, wait, response.ErrorCode, 418, corr);
        }
        else if (response.Kind == ExchangeResponseKind.RateLimited)
        {
            ex = new RateLimitExceededException($"{request.Endpoint.Name}: HTTP 429, rate limit exceeded{(hasError && msg is not null ? ": " + msg : string.Empty)}; retry after {(retryAfter?.TotalSeconds ?? 0):0} s.", retryAfter, response.ErrorCode ?? -1003, 429, corr);
        }
        else if (hasError)
        {
            ex = BinanceErrorCodes.ToException(code, msg, status, corr, retryAfter);
        }
        else if (response.Kind == ExchangeResponseKind.Transient)
        {
            ex = new ExchangeUnavailableException($"{request.Endpoint.Name}: HTTP {status} from the exchange; the outcome is unknown. Body: {excerpt}", httpStatus: status, correlationId: corr);
        }
        else if (status == 403)
        {
            ex = new ExchangeException($"{request.Endpoint.Name}: HTTP 403, blocked by the exchange's web application firewall.", null, status, corr);
        }
        else if (status == 401)
        {
            ex = new AuthenticationException($"{request.Endpoint.Name}: HTTP 401, the API key was refused.", null, status, corr);
        }
        else
        {
            ex = new MalformedResponseException($"{request.Endpoint.Name}: HTTP {status} with a body that is not a Binance error object.", status, excerpt, corr);
        }

        ex.ResponseBodyExcerpt = excerpt;
        ex.CorrelationId = corr;
        return ex;
    }

    public static void EnsureJson(ExchangeRequest request, ExchangeResponse response)
    {
        if (response.Kind == ExchangeResponseKind.Malformed)
        {
            var span = response.Body.Span.TrimStart(" \t\r\n"u8);
            var kind = span.IsEmpty ? "an empty body" : span[0] == (byte)'<' ? "an HTML page" : "a body that is not JSON";
            var excerpt = response.BodyExcerpt();
            throw new MalformedResponseException($"{request.Endpoint.Name}: HTTP {response.StatusCode} with {kind} instead of JSON.", response.StatusCode, excerpt, request.CorrelationId)
            {
                ResponseBodyExcerpt = excerpt,
            };
        }
    }
}
