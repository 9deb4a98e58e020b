namespace Genesis.Exchange.Options;

/// <summary>Which transport carries order entry (place, test, cancel, cancel-replace, amend, cancel all, order lists, SOR).</summary>
public enum OrderTransport
{
    /// <summary>REST (<c>/api/v3/…</c>), like every other call. The default.</summary>
    Rest = 0,

    /// <summary>
    /// The WebSocket API (<c>/ws-api/v3</c>), under the same pipeline (rate budget, retries, breaker, time sync); every other
    /// call stays on REST. While the WebSocket API is down, order entry falls back to REST; a request that may have been sent
    /// over one transport is never re-sent over the other (an order whose outcome is unknown is reconciled by client order id).
    /// </summary>
    WebSocketApi,
}
