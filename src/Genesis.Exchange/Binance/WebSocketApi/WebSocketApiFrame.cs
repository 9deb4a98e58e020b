namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>What a received WebSocket API frame is.</summary>
internal enum WebSocketApiFrameKind
{
    /// <summary>Not JSON, or JSON without the shape of a response or an event.</summary>
    Malformed = 0,

    /// <summary>A response: <c>id</c> (possibly null) and <c>status</c>, with <c>result</c> or <c>error</c>.</summary>
    Response,

    /// <summary>An event: <c>event</c>, with <c>subscriptionId</c> for user data.</summary>
    Event,
}

/// <summary>One rate limit of a response's <c>rateLimits</c>.</summary>
/// <param name="Type">The wire type, e.g. <c>REQUEST_WEIGHT</c>.</param>
/// <param name="Interval">The wire interval, e.g. <c>MINUTE</c>.</param>
/// <param name="IntervalNum">The interval multiplier.</param>
/// <param name="Limit">The limit.</param>
/// <param name="Count">The current usage.</param>
internal readonly record struct WebSocketApiRateLimit(string Type, string Interval, int IntervalNum, long Limit, long Count);

/// <summary>
/// A received frame, read in one pass by <see cref="WebSocketApiFrameParser"/>. Ranges point into the frame's bytes,
/// which are valid only until the next receive: copy what must outlive it.
/// </summary>
internal readonly struct WebSocketApiFrame
{
    /// <summary>What the frame is.</summary>
    public WebSocketApiFrameKind Kind { get; init; }

    /// <summary>The response id as text (a number id is written in invariant digits); null when absent or JSON null.</summary>
    public string? Id { get; init; }

    /// <summary>The response status.</summary>
    public int Status { get; init; }

    /// <summary>The range of <c>result</c> (success) or <c>error</c> (failure); empty when neither.</summary>
    public Range Body { get; init; }

    /// <summary>Whether <see cref="Body"/> is the <c>error</c> object.</summary>
    public bool IsError { get; init; }

    /// <summary>The rate limits of a response, when it carried them.</summary>
    public IReadOnlyList<WebSocketApiRateLimit>? RateLimits { get; init; }

    /// <summary>The <c>error.data.retryAfter</c> of a 418/429 (Unix ms), when present.</summary>
    public long? RetryAfterMs { get; init; }

    /// <summary>The <c>error.data.serverTime</c> of a 418/429 (Unix ms), when present.</summary>
    public long? ServerTimeMs { get; init; }

    /// <summary>The range of the <c>event</c> object of an event.</summary>
    public Range Event { get; init; }

    /// <summary>The <c>subscriptionId</c> of an event, when present.</summary>
    public int? SubscriptionId { get; init; }

    /// <summary>The event type (<c>event.e</c>), read for connection events such as <c>serverShutdown</c>.</summary>
    public string? EventType { get; init; }

    /// <summary>Why the frame is malformed.</summary>
    public string? Problem { get; init; }
}
