using System.Globalization;
using System.Text.Json;

namespace Genesis.Exchange.Abstractions;

/// <summary>
/// A raw exchange response: status, the rate-limit headers and the body. Error statuses are returned, not
/// thrown, so that decorators can read headers and Retry-After; the typed client turns them into exceptions.
/// The response is classified once, when it is created (<see cref="Kind"/>, <see cref="ErrorCode"/>): every layer
/// reads that classification instead of parsing the body again.
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
        Kind = Classify(StatusCode, Body.Span, out _errorCode, out _errorMessage);
    }

    private readonly int _errorCode;
    private readonly string? _errorMessage;

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

    /// <summary>What the response means, computed once when it was created.</summary>
    public ExchangeResponseKind Kind { get; }

    /// <summary>The Binance error code when the body is a Binance error object (<c>{"code":-…,"msg":…}</c>), otherwise null.</summary>
    public int? ErrorCode => _errorCode < 0 ? _errorCode : null;

    /// <summary>
    /// Whether the request may have executed although no success came back: <see cref="ExchangeResponseKind.Transient"/>
    /// (5xx) or <see cref="ExchangeResponseKind.OutcomeUnknown"/>.
    /// </summary>
    public bool IsOutcomeUnknown => Kind is ExchangeResponseKind.Transient or ExchangeResponseKind.OutcomeUnknown;

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

    /// <summary>The Binance error object (<c>{"code":…,"msg":…}</c>) of the body, as read once when the response was created.</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The message.</param>
    /// <returns>True when the body is a Binance error object.</returns>
    public bool TryGetError(out int code, out string? message)
    {
        code = _errorCode;
        message = _errorMessage;
        return code < 0;
    }

    /// <summary>
    /// The one classification of a response. A 2xx body is not scanned: only its first property is looked at (a Binance
    /// error object starts with <c>code</c>), so that a large success body costs nothing here.
    /// </summary>
    private static ExchangeResponseKind Classify(int status, ReadOnlySpan<byte> body, out int code, out string? message)
    {
        code = 0;
        message = null;
        var success = status is >= 200 and < 300;
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (success)
        {
            if (trimmed.IsEmpty || (trimmed[0] != (byte)'{' && trimmed[0] != (byte)'['))
            {
                return ExchangeResponseKind.Malformed;
            }

            if (!StartsWithCodeProperty(trimmed) || !TryReadError(trimmed, out code, out message))
            {
                code = 0;
                message = null;
                return ExchangeResponseKind.Success;
            }
        }
        else if (!TryReadError(trimmed, out code, out message))
        {
            code = 0;
            message = null;
        }

        return status switch
        {
            418 => ExchangeResponseKind.Banned,
            429 => ExchangeResponseKind.RateLimited,
            >= 500 => ExchangeResponseKind.Transient,
            _ when code == TimestampOutsideRecvWindow => ExchangeResponseKind.Timestamp,
            _ when code is -1000 or -1001 or -1006 or -1007 => ExchangeResponseKind.OutcomeUnknown,
            _ when code < 0 => ExchangeResponseKind.ExchangeError,
            408 or < 400 => ExchangeResponseKind.OutcomeUnknown,
            401 or 403 => ExchangeResponseKind.ExchangeError,
            _ => ExchangeResponseKind.Malformed,
        };
    }

    /// <summary>Binance's code for a timestamp outside recvWindow.</summary>
    internal const int TimestampOutsideRecvWindow = -1021;

    private static bool StartsWithCodeProperty(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("code"u8);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadError(ReadOnlySpan<byte> body, out int code, out string? message)
    {
        code = 0;
        message = null;
        if (body.IsEmpty || body[0] != (byte)'{')
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
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
