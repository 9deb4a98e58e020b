using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// What a <see cref="WebSocketApiSession"/> needs from the server hosting it: the clock, the rate limiter REST uses,
/// the API key and signature check, the exchange that answers REST-mirrored methods, the account's user data, the faults.
/// Mock mode and the fake server each provide one.
/// </summary>
internal interface IWebSocketApiHost
{
    /// <summary>The clock of delays and timers.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>The server's time (timestamps are checked against it; <c>serverTime</c> shows it).</summary>
    DateTimeOffset ServerNow { get; }

    /// <summary>The limiter REST requests are counted in; the WebSocket API counts in the same one.</summary>
    ExchangeLimiter Limits { get; }

    /// <summary>The API key signed requests and <c>session.logon</c> must name; null accepts any key.</summary>
    string? ApiKey { get; }

    /// <summary>Whether the key is Ed25519 (only those may <c>session.logon</c>).</summary>
    bool IsEd25519Key { get; }

    /// <summary>The faults of this server.</summary>
    WebSocketApiFaults Faults { get; }

    /// <summary>The account's user data events, or null when the backend is not an in-memory exchange.</summary>
    UserDataFeed? UserData { get; }

    /// <summary>Checks a signature over the documented payload (parameters sorted by name, <c>name=value</c> joined by <c>&amp;</c>).</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="signature">The signature as sent.</param>
    /// <returns>True when valid.</returns>
    bool VerifySignature(string payload, string signature);

    /// <summary>Executes a REST-mirrored method on the exchange (parameters without <c>apiKey</c>, <c>timestamp</c>, <c>recvWindow</c>, <c>signature</c>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The REST answer (status and body).</returns>
    ValueTask<ExchangeResponse> ExecuteAsync(ExchangeRequest request, CancellationToken cancellationToken);
}

/// <summary>Where a session's frames go: the client's side of the connection.</summary>
internal interface IWebSocketApiOutput
{
    /// <summary>Queues one text frame for the client; never blocks.</summary>
    /// <param name="frame">The UTF-8 JSON frame.</param>
    void Send(ReadOnlyMemory<byte> frame);

    /// <summary>
    /// Drops the connection as a network failure would (no close frame) once the frames already queued are out: the
    /// client receives them, then the connection fails. Nothing queued after this call is sent.
    /// </summary>
    void Drop();
}
