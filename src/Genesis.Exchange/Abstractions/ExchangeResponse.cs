using System.Globalization;
using System.Text.Json;

namespace Genesis.Exchange.Abstractions;

/// <summary>
/// A raw exchange response: status, the rate-limit headers and the body. Error statuses are returned, not
/// thrown, so that decorators can read headers and Retry-After; the typed client turns them into exceptions.
/// </summary>
public sealed class ExchangeResponse
{
    /// <summary>Creates a response.</summary>
    /// <param name="statusCode">HTTP status code (200 for a successful WebSocket API response).</param>
    /// <param name="body">The UTF-8 body; a leading UTF-8 byte order mark is dropped.</param>
    /// <param name="headers">Headers of interest (X-MBX-*, Retry-After, Content-Type); compared case-insensitively.</param>
    /// <param name="latency">Round-trip time.</param>
    public ExchangeResponse(int statusCode, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string>? headers = null, TimeSpan latency = default)
    {
        StatusCode = statusCode;
        Body = body.Span.StartsWith(Utf8ByteOrderMark) ? body[Utf8ByteOrderMark.Length..] : body;
        Headers = headers is null
            ? EmptyHeaders
            : new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        Latency = latency;
    }

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The body bytes (UTF-8).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Headers of interest, case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Round-trip latency.</summary>
    public TimeSpan Latency { get; }

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The Retry-After header as a duration (seconds or an HTTP date relative to <paramref name="now"/>).</summary>
    /// <param name="now">The current time, for date values.</param>
    /// <returns>The duration or null.</returns>
    public TimeSpan? GetRetryAfter(DateTimeOffset now)
    {
        if (!Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 1e7)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var delta = date - now;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Reads <c>{"code":…,"msg":…}</c> from the body when it is an error object.</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The message.</param>
    /// <returns>True when the body is a Binance error object.</returns>
    public bool TryGetError(out int code, out string? message)
    {
        code = 0;
        message = null;
        if (Body.IsEmpty || Body.Span[0] != (byte)'{')
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(Body.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("code"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out code))
                    {
                        found = true;
                    }
                }
                else if (reader.ValueTextEquals("msg"u8))
                {
                    reader.Read();
                    message = reader.TokenType == JsonTokenType.String ? ReadMessage(ref reader) : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return found && code < 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The message is text for people: bytes that are not valid UTF-8 become U+FFFD instead of failing the error path.
    private static string ReadMessage(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            return System.Text.Encoding.UTF8.GetString(raw);
        }
    }

    /// <summary>The body as text, trimmed to <paramref name="maxChars"/> characters (for errors and logs).</summary>
    /// <param name="maxChars">The maximum length.</param>
    /// <returns>The excerpt.</returns>
    public string BodyExcerpt(int maxChars = 512)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body.Span[..Math.Min(Body.Length, maxChars * 4)]);
        return text.Length <= maxChars ? text : text[..maxChars] + "…";
    }
}
