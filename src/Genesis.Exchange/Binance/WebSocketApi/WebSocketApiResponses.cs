using System.Globalization;
using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// Turns a response frame into the <see cref="ExchangeResponse"/> every layer already reads: the status is the frame's
/// <c>status</c>, the body is the <c>result</c> JSON (so every REST reader parses it unchanged) or the <c>error</c> object
/// (so the one classification reads its code), and the <c>rateLimits</c> become the usage headers REST carries
/// (<c>X-MBX-USED-WEIGHT-1M</c>, <c>X-MBX-ORDER-COUNT-10S</c>…) so that the rate limiting decorator reconciles the shared
/// budget from them exactly as for REST. A 418/429's <c>error.data.retryAfter</c> becomes <c>Retry-After</c> in seconds.
/// </summary>
internal static class WebSocketApiResponses
{
    /// <summary>Builds the response of a frame.</summary>
    /// <param name="frame">The parsed envelope.</param>
    /// <param name="utf8">The frame bytes the envelope's ranges point into.</param>
    /// <param name="latency">Time from sending to receiving.</param>
    /// <param name="now">The current time (for a retryAfter without serverTime).</param>
    /// <returns>The response; its body is a copy.</returns>
    public static ExchangeResponse ToExchangeResponse(in WebSocketApiFrame frame, ReadOnlySpan<byte> utf8, TimeSpan latency, DateTimeOffset now)
    {
        var body = frame.Body.Equals(default(Range)) ? [] : utf8[frame.Body].ToArray();
        return new ExchangeResponse(frame.Status, body, Headers(frame, now), latency);
    }

    /// <summary>The usage headers of a frame's rate limits, and Retry-After.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The headers, or null when there are none.</returns>
    public static Dictionary<string, string>? Headers(in WebSocketApiFrame frame, DateTimeOffset now)
    {
        Dictionary<string, string>? headers = null;
        if (frame.RateLimits is { Count: > 0 } limits)
        {
            foreach (var limit in limits)
            {
                var prefix = limit.Type switch
                {
                    "REQUEST_WEIGHT" => "X-MBX-USED-WEIGHT-",
                    "ORDERS" => "X-MBX-ORDER-COUNT-",
                    _ => null,
                };
                var unit = limit.Interval switch
                {
                    "SECOND" => "S",
                    "MINUTE" => "M",
                    "HOUR" => "H",
                    "DAY" => "D",
                    _ => null,
                };
                if (prefix is null || unit is null)
                {
                    continue;
                }

                headers ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                headers[prefix + limit.IntervalNum.ToString(CultureInfo.InvariantCulture) + unit] = limit.Count.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (frame.RetryAfterMs is { } retryAfter)
        {
            var reference = frame.ServerTimeMs ?? now.ToUnixTimeMilliseconds();
            var seconds = Math.Max(0, (long)Math.Ceiling((retryAfter - reference) / 1000d));
            headers ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return headers;
    }
}
