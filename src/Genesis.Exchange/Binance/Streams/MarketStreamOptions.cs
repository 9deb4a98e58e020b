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

    /// <summary>A connection is renewed (make-before-break) after this long, before Binance cuts it at 24 h. Default 23 h.</summary>
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

    /// <summary>Name of the execution-role connection (further ones get <c>-2</c>, <c>-3</c> …). Default <c>execution</c>.</summary>
    public string ExecutionConnectionName { get; set; } = "execution";

    /// <summary>Name of the monitoring-role connection (further ones get <c>-2</c>, <c>-3</c> …). Default <c>monitoring</c>.</summary>
    public string MonitoringConnectionName { get; set; } = "monitoring";

    /// <summary>Name of the backup connection. Default <c>backup</c>.</summary>
    public string BackupConnectionName { get; set; } = "backup";

    /// <summary>
    /// Whether a failed connection's streams move to a backup connection at once (opened at the first failover and
    /// kept for the next). Default <see langword="true"/>. Without it they wait for the failed connection to reconnect.
    /// </summary>
    public bool BackupConnection { get; set; } = true;

    /// <summary>Streams per connection before a role spills to another connection. Binance allows 1024 (the maximum here). Default 1024.</summary>
    public int MaxStreamsPerConnection { get; set; } = 1024;

    /// <summary>
    /// How long a handover (renewal, fail-back) waits for the new connection to catch up on a stream before the old
    /// one lets it go anyway, and how long a message may wait for another connection to close a gap. Default 5 s.
    /// </summary>
    public TimeSpan HandoverTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Least silence after which a periodic stream is stale (a subscription is stale after three update intervals, at
    /// least this) and a connection carrying periodic streams is probed (five intervals, at least this). Default 3 s.
    /// </summary>
    public TimeSpan StalenessFloor { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Latency (event time to receive time, server-offset corrected) above which <see cref="Health.MarketStreamHealthCheck"/> reports Degraded. Default 1 s.</summary>
    public TimeSpan DegradedLatency { get; set; } = TimeSpan.FromSeconds(1);
}
