namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>The state of a WebSocket API session (<c>session.status</c>, <c>session.logon</c>, <c>session.logout</c>).</summary>
/// <param name="ApiKey">The authenticated API key, or null when the session is not authenticated.</param>
/// <param name="AuthorizedSince">When it was authenticated, or null.</param>
/// <param name="ConnectedSince">When the connection opened.</param>
/// <param name="ReturnRateLimits">Whether responses carry <c>rateLimits</c> by default.</param>
/// <param name="ServerTime">The server time of the answer.</param>
/// <param name="UserDataStream">Whether a user data subscription is active; null when the API offers none.</param>
internal sealed record WebSocketSessionStatus(string? ApiKey, DateTimeOffset? AuthorizedSince, DateTimeOffset ConnectedSince, bool ReturnRateLimits, DateTimeOffset ServerTime, bool? UserDataStream)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"WebSocketSessionStatus(authenticated: {ApiKey is not null}, since {AuthorizedSince:O}, connected {ConnectedSince:O}, userDataStream: {UserDataStream})";
}
