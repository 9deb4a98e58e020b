using System.Globalization;
using System.Text.Json;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// Reads the envelope of a WebSocket API frame in one pass with <see cref="Utf8JsonReader"/>: response fields
/// (<c>id</c>, <c>status</c>, <c>result</c>/<c>error</c> as ranges, <c>rateLimits</c>, <c>error.data.retryAfter</c>) or event fields
/// (<c>subscriptionId</c>, <c>event</c> as a range and its <c>e</c>). Never throws on bad input.
/// </summary>
internal static class WebSocketApiFrameParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a frame.</summary>
    /// <param name="utf8">The frame.</param>
    /// <returns>The frame's envelope.</returns>
    public static WebSocketApiFrame Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ParseCore(utf8);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return new WebSocketApiFrame { Kind = WebSocketApiFrameKind.Malformed, Problem = ex.Message };
        }
    }

    private static WebSocketApiFrame ParseCore(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Malformed("the frame is not a JSON object");
        }

        string? id = null;
        int? status = null, subscriptionId = null;
        Range body = default, evt = default;
        bool hasBody = false, isError = false, hasEvent = false;
        List<WebSocketApiRateLimit>? rateLimits = null;
        long? retryAfter = null, serverTime = null;
        string? eventType = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                Next(ref reader);
                id = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null,
                    _ => null,
                };
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                Next(ref reader);
                status = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var s) ? s : null;
            }
            else if (reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8))
            {
                isError = reader.ValueTextEquals("error"u8);
                Next(ref reader);
                var start = (int)reader.TokenStartIndex;
                if (isError && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadErrorData(ref reader, ref retryAfter, ref serverTime);
                }
                else
                {
                    reader.Skip();
                }

                body = start..(int)reader.BytesConsumed;
                hasBody = true;
            }
            else if (reader.ValueTextEquals("rateLimits"u8))
            {
                Next(ref reader);
                rateLimits = ReadRateLimits(ref reader);
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                Next(ref reader);
                var start = (int)reader.TokenStartIndex;
                eventType = ReadEventType(ref reader);
                evt = start..(int)reader.BytesConsumed;
                hasEvent = true;
            }
            else if (reader.ValueTextEquals("subscriptionId"u8))
            {
                Next(ref reader);
                subscriptionId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var sub) ? sub : null;
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (hasEvent && status is null)
        {
            return new WebSocketApiFrame { Kind = WebSocketApiFrameKind.Event, Event = evt, SubscriptionId = subscriptionId, EventType = eventType };
        }

        if (status is null)
        {
            return Malformed("the frame has neither 'status' nor 'event'");
        }

        return new WebSocketApiFrame
        {
            Kind = WebSocketApiFrameKind.Response,
            Id = id,
            Status = status.Value,
            Body = hasBody ? body : default,
            IsError = isError,
            RateLimits = rateLimits,
            RetryAfterMs = retryAfter,
            ServerTimeMs = serverTime,
        };
    }

    private static void ReadErrorData(ref Utf8JsonReader reader, ref long? retryAfter, ref long? serverTime)
    {
        // Positioned on the error object's '{': reads it through, picking data.retryAfter and data.serverTime.
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data"u8);
            Next(ref reader);
            if (!isData || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var isRetry = reader.ValueTextEquals("retryAfter"u8);
                var isTime = reader.ValueTextEquals("serverTime"u8);
                Next(ref reader);
                if ((isRetry || isTime) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    if (isRetry)
                    {
                        retryAfter = value;
                    }
                    else
                    {
                        serverTime = value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static string? ReadEventType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? type = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("e"u8);
            Next(ref reader);
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return type;
    }

    private static List<WebSocketApiRateLimit>? ReadRateLimits(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var limits = new List<WebSocketApiRateLimit>(3);
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            string? type = null, interval = null;
            int intervalNum = 0;
            long limit = 0, count = -1;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("rateLimitType"u8))
                {
                    Next(ref reader);
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("interval"u8))
                {
                    Next(ref reader);
                    interval = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("intervalNum"u8))
                {
                    Next(ref reader);
                    intervalNum = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n : 0;
                }
                else if (reader.ValueTextEquals("limit"u8))
                {
                    Next(ref reader);
                    limit = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var l) ? l : 0;
                }
                else if (reader.ValueTextEquals("count"u8))
                {
                    Next(ref reader);
                    count = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var c) ? c : -1;
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }

            if (type is not null && interval is not null && intervalNum > 0 && count >= 0)
            {
                limits.Add(new WebSocketApiRateLimit(type, interval, intervalNum, limit, count));
            }
        }

        return limits;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The JSON ends early.");

    private static WebSocketApiFrame Malformed(string problem) => new() { Kind = WebSocketApiFrameKind.Malformed, Problem = problem };
}
