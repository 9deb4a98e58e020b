using System.Buffers;
using System.Text.Json;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>Writes WebSocket API responses (web-socket-api.md, "Response format"): <c>{id, status, result | error, rateLimits}</c>.</summary>
internal static class WebSocketApiResponseWriter
{
    /// <summary>The null id of a response to a request whose id could not be read.</summary>
    public static readonly byte[] NullId = "null"u8.ToArray();

    /// <summary>A successful response.</summary>
    /// <param name="id">The request id as sent (raw JSON: a string, a number or null).</param>
    /// <param name="result">The result (raw JSON).</param>
    /// <param name="rateLimits">The limits to report, or null to leave the field out.</param>
    /// <returns>The frame.</returns>
    public static byte[] Success(ReadOnlySpan<byte> id, ReadOnlySpan<byte> result, IReadOnlyList<(string Type, string Interval, int IntervalNum, int Limit, int Count)>? rateLimits)
    {
        var copy = result.ToArray();
        return Write(id, 200, rateLimits, w =>
        {
            w.WritePropertyName("result");
            w.WriteRawValue(copy, skipInputValidation: true);
        });
    }

    /// <summary>A failed response.</summary>
    /// <param name="id">The request id as sent (raw JSON).</param>
    /// <param name="status">The HTTP-like status.</param>
    /// <param name="code">Binance's error code.</param>
    /// <param name="message">Binance's message.</param>
    /// <param name="rateLimits">The limits to report, or null.</param>
    /// <param name="data">Extra error data (<c>retryAfter</c>, <c>serverTime</c>), or null.</param>
    /// <returns>The frame.</returns>
    public static byte[] Error(ReadOnlySpan<byte> id, int status, int code, string message, IReadOnlyList<(string Type, string Interval, int IntervalNum, int Limit, int Count)>? rateLimits, IReadOnlyList<(string Name, long Value)>? data = null) =>
        Write(id, status, rateLimits, w =>
        {
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            w.WriteString("msg", message);
            if (data is { Count: > 0 })
            {
                w.WriteStartObject("data");
                foreach (var (name, value) in data)
                {
                    w.WriteNumber(name, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        });

    private static byte[] Write(ReadOnlySpan<byte> id, int status, IReadOnlyList<(string Type, string Interval, int IntervalNum, int Limit, int Count)>? rateLimits, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("id");
            w.WriteRawValue(id, skipInputValidation: true);
            w.WriteNumber("status", status);
            body(w);
            if (rateLimits is not null)
            {
                w.WriteStartArray("rateLimits");
                foreach (var (type, interval, num, limit, count) in rateLimits)
                {
                    w.WriteStartObject();
                    w.WriteString("rateLimitType", type);
                    w.WriteString("interval", interval);
                    w.WriteNumber("intervalNum", num);
                    w.WriteNumber("limit", limit);
                    w.WriteNumber("count", count);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
