namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Settings of <see cref="BinanceMarketStreamClient"/>. Defaults follow Binance's documented limits
/// (24 h connection lifetime, ping every 20 s, 1024 streams per connection).
/// </summary>
public sealed class MarketStreamOptions
{
    /// <summary>The stream endpoint, without path. Default <c>wss://stream.binance.com:9443</c>.</summary>
    public Uri BaseUrl { get; set; } = new("wss://stream.binance.com:9443");

    /// <summary>Whether the stream URL asks for times in microseconds (<c>timeUnit=MICROSECOND</c>); set from <see cref="Options.GenesisExchangeOptions.TimeUnit"/>.</summary>
    internal bool MicrosecondTimes { get; set; }

    /// <summary>Largest message accepted, in bytes; a larger one is dropped and counted. Default 1 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// After this long without any message the connection is probed with a <c>LIST_SUBSCRIPTIONS</c> request: a quiet
    /// but healthy connection answers it and is kept; one that does not answer within
    /// <see cref="ControlRequestTimeout"/> is recycled. Silence alone never ends a connection. Default 30 s.
    /// </summary>
    public TimeSpan NoDataTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The second reconnect attempt waits this long (the first is immediate); each further one doubles it. Default 1 s.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnect attempts. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection is replaced after this long, before Binance cuts it at 24 h. Default 23 h.</summary>
    public TimeSpan ConnectionLifetime { get; set; } = TimeSpan.FromHours(23);

    /// <summary>How long a SUBSCRIBE / UNSUBSCRIBE waits for its confirmation. Default 10 s.</summary>
    public TimeSpan ControlRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening a WebSocket may take. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Items buffered per subscription for a slow consumer. Default 10 000. When full, trade, diff-depth and kline
    /// subscriptions fail with <see cref="StreamSubscriptionOverflowException"/> (nothing is dropped silently);
    /// partial-depth and ticker subscriptions drop their oldest item, since each one supersedes the previous.
    /// </summary>
    public int ChannelCapacity { get; set; } = 10_000;

    /// <summary>Trades fetched per REST call when filling a trade-id gap (Binance's maximum is 1000). Default 1000.</summary>
    public int GapFillBatchSize { get; set; } = 1000;

    /// <summary>How many consecutive failed REST calls a trade gap fill tolerates before failing the trade subscriptions. Default 5.</summary>
    public int GapFillMaxAttempts { get; set; } = 5;

    /// <summary>
    /// Live trades kept per symbol while a trade-id gap is filled over REST. Default 10 000. When full, further live
    /// trades are not kept; their ids are fetched over REST once the buffer has drained, so memory stays bounded and
    /// no trade is lost.
    /// </summary>
    public int GapFillBufferCapacity { get; set; } = 10_000;

    /// <summary>
    /// How often the client sends a WebSocket ping frame (it also answers Binance's pings, every 20 s, by itself).
    /// Default 20 s. Pings count towards Binance's five incoming messages per second.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long the client waits for the pong that answers its ping before it aborts the connection as dead (and
    /// reconnects). Default 10 s. <see cref="TimeSpan.Zero"/> sends unsolicited pongs instead, without a deadline.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most connection attempts in any five minutes. Binance allows 300 per five minutes per IP, shared by every
    /// connection from that IP; beyond this the client waits, even when connections keep dropping right after they
    /// worked. Default 150.
    /// </summary>
    public int MaxConnectionAttemptsPerFiveMinutes { get; set; } = 150;
}
