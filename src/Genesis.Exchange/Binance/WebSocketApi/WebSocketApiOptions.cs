namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// Settings of the WebSocket API connection (<c>GenesisExchange:WebSocketApi</c>); the defaults follow
/// <c>web-socket-api.md</c>. The URL comes from the environment unless <c>WebSocketApiBaseUrl</c> is set.
/// </summary>
public sealed class WebSocketApiOptions
{
    /// <summary>How long a request waits for its response once sent (Binance answers -1007 after 10 s of backend silence).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most requests awaiting a response at once.</summary>
    public int MaxInFlight { get; set; } = 100;

    /// <summary>How long a request waits for an in-flight slot before it fails unsent.</summary>
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a request waits for a connected (and authenticated) session before it fails unsent.</summary>
    public TimeSpan ConnectWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first reconnect delay after a failed attempt; doubled per further failure.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When a connection is replaced (make-before-break), before Binance's 24 h cut.</summary>
    public TimeSpan MaxConnectionAge { get; set; } = TimeSpan.FromHours(23);

    /// <summary>
    /// With no frame received for this long, the connection sends a <c>ping</c> request (weight 1); no answer within
    /// <see cref="RequestTimeout"/> recycles it. Zero turns the probe off (the socket's own ping frames remain).
    /// </summary>
    public TimeSpan IdleProbeInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest frame accepted; larger ones are drained and counted.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The <c>recvWindow</c> of signed requests (taken from <c>GenesisExchangeOptions.RecvWindow</c> when registered).</summary>
    internal TimeSpan RecvWindow { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Authenticate each connection with <c>session.logon</c> when the key is Ed25519 (then signed requests carry no signature).</summary>
    public bool UseSessionLogon { get; set; } = true;

    /// <summary>
    /// The events a user data subscription buffers for its consumer. A consumer that falls this far behind ends the
    /// subscription loudly (it never drops an execution report). Default 10,000.
    /// </summary>
    public int UserDataBufferCapacity { get; set; } = 10_000;
}
