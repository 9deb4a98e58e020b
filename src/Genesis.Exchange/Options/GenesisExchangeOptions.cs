using Genesis.Exchange.Models;

namespace Genesis.Exchange.Options;

/// <summary>Options of the Genesis.Exchange client. Defaults follow Binance's documented numbers.</summary>
public sealed class GenesisExchangeOptions
{
    /// <summary>The configuration section name used by the IConfiguration overload.</summary>
    public const string SectionName = "GenesisExchange";

    private ExchangeEnvironment _environment = ExchangeEnvironment.Mock;

    /// <summary>
    /// Which exchange to use. Default <see cref="ExchangeEnvironment.Mock"/>, even when credentials are present (a
    /// warning at start-up then names this setting). Configuration key <c>GenesisExchange:Environment</c>.
    /// </summary>
    public ExchangeEnvironment Environment
    {
        get => _environment;
        set
        {
            _environment = value;
            EnvironmentChosen = true;
        }
    }

    /// <summary>REST base URL for <see cref="ExchangeEnvironment.Custom"/> (overrides the environment's URL otherwise).</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>WebSocket market streams base URL for Custom.</summary>
    public Uri? StreamBaseUrl { get; set; }

    /// <summary>WebSocket API base URL for Custom.</summary>
    public Uri? WebSocketApiBaseUrl { get; set; }

    /// <summary>The API key (also read from <c>BINANCE_API_KEY</c>).</summary>
    public SecretString? ApiKey { get; set; }

    /// <summary>The HMAC secret (also read from <c>BINANCE_API_SECRET</c>).</summary>
    public SecretString? ApiSecret { get; set; }

    /// <summary>An Ed25519 or RSA private key in PKCS#8 PEM (also read from <c>BINANCE_PRIVATE_KEY</c>).</summary>
    public SecretString? PrivateKeyPem { get; set; }

    /// <summary>A file holding the PEM private key (also read from <c>BINANCE_PRIVATE_KEY_FILE</c>).</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Whether credentials missing from options are read from environment variables. Default true.</summary>
    public bool ReadCredentialsFromEnvironment { get; set; } = true;

    /// <summary>recvWindow sent with signed requests. Default 5000 ms; at most 60000 ms.</summary>
    public TimeSpan RecvWindow { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Timeouts.</summary>
    public TimeoutOptions Timeouts { get; set; } = new();

    /// <summary>Client-side rate limiting.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Circuit breaker.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Retries of idempotent requests.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>Server time synchronization.</summary>
    public TimeSyncOptions TimeSync { get; set; } = new();

    /// <summary>Order placement and reconciliation.</summary>
    public OrderOptions Orders { get; set; } = new();

    /// <summary>The order tracker (<see cref="Abstractions.IExchangeGateway.Orders"/>): unknown-outcome window and closed-order retention.</summary>
    public Tracking.OrderTrackerOptions Tracker { get; set; } = new();

    /// <summary>Thresholds of <see cref="MarketState"/> classification.</summary>
    public MarketStateOptions MarketState { get; set; } = new();

    /// <summary>WebSocket market streams (the base URL comes from the environment unless <see cref="StreamBaseUrl"/> is set).</summary>
    public Binance.Streams.MarketStreamOptions Streams { get; set; } = new();

    /// <summary>
    /// Which transport carries order entry. Default <see cref="Options.OrderTransport.Rest"/>;
    /// <see cref="Options.OrderTransport.WebSocketApi"/> sends it over the WebSocket API (with automatic fall-back to REST while
    /// that is down). The caller's code is the same either way.
    /// </summary>
    public OrderTransport OrderTransport { get; set; } = OrderTransport.Rest;

    /// <summary>
    /// The WebSocket API connection (order entry when <see cref="OrderTransport"/> is WebSocketApi, and user data). The URL comes
    /// from the environment unless <see cref="WebSocketApiBaseUrl"/> is set; in mock mode it is the in-memory exchange.
    /// </summary>
    public Binance.WebSocketApi.WebSocketApiOptions WebSocketApi { get; set; } = new();

    /// <summary>The mock exchange (used when <see cref="Environment"/> is Mock).</summary>
    public MockExchangeOptions Mock { get; set; } = new();

    /// <summary>How long the full exchange info (every symbol's filters and the rate limits) is cached. Default 24 h.</summary>
    public TimeSpan ExchangeInfoCacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How old one symbol's rules (its trading status above all) may get before an order on it fetches them again
    /// (<c>exchangeInfo?symbol=</c>, weight 20). Default 5 minutes; at most <see cref="ExchangeInfoCacheDuration"/>.
    /// A rejection saying the market is closed or the symbol is invalid refreshes them on the next call anyway.
    /// </summary>
    public TimeSpan SymbolStatusRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest response body accepted, in bytes. Default 16 MiB (depth 5000 is about 300 KB, full exchange info a few MB).</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The unit the exchange is asked to write times in. Default <see cref="ExchangeTimeUnit.Millisecond"/>.
    /// <see cref="ExchangeTimeUnit.Microsecond"/> sends <c>X-MBX-TIME-UNIT: MICROSECOND</c> on every REST request and
    /// <c>timeUnit=MICROSECOND</c> on the stream URL; times are then read to the microsecond. Request parameters
    /// (<c>timestamp</c>, <c>startTime</c>, <c>recvWindow</c>) stay in milliseconds, as the exchange accepts either.
    /// </summary>
    public ExchangeTimeUnit TimeUnit { get; set; } = ExchangeTimeUnit.Millisecond;

    /// <summary>
    /// Extra headers sent on every REST request (e.g. for a corporate proxy or an APM tool). Names the client sets itself
    /// (<c>X-MBX-APIKEY</c>, <c>X-MBX-TIME-UNIT</c>, <c>Content-Type</c>, <c>Content-Length</c>, <c>Host</c>) are refused at
    /// start-up. Values are never logged. Default empty.
    /// </summary>
    public IDictionary<string, string> RequestHeaders { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Wraps or replaces the REST client's message handler. It receives the pooled <see cref="System.Net.Http.SocketsHttpHandler"/>
    /// (set its <c>Proxy</c>, certificates…) and returns the handler to use: the same one, or a
    /// <see cref="System.Net.Http.DelegatingHandler"/> whose <c>InnerHandler</c> is it (tracing, APM). Called once, when the
    /// REST client is created; never in mock mode. Default null (the pooled handler as is).
    /// </summary>
    public Func<System.Net.Http.HttpMessageHandler, System.Net.Http.HttpMessageHandler>? ConfigureHttpHandler { get; set; }

    /// <summary>Whether <see cref="Environment"/> was set (by code or configuration) rather than left at its default.</summary>
    internal bool EnvironmentChosen { get; private set; }

    /// <summary>Why <see cref="PrivateKeyFile"/> gave no key (missing, unreadable, too large, empty); set by <see cref="CredentialsLoader"/>.</summary>
    internal string? PrivateKeyFileProblem { get; set; }

    /// <summary>Whether <see cref="PrivateKeyPem"/> was read from <see cref="PrivateKeyFile"/> (error messages then name the file).</summary>
    internal bool PrivateKeyReadFromFile { get; set; }

    /// <summary>The mode of <see cref="PrivateKeyFile"/> when group or others may access it (a start-up warning); set by <see cref="CredentialsLoader"/>.</summary>
    internal UnixFileMode? PrivateKeyFileLooseMode { get; set; }

    /// <summary>Selects the in-memory mock exchange and configures it.</summary>
    /// <param name="configure">Mock settings.</param>
    /// <returns>These options.</returns>
    public GenesisExchangeOptions UseMockExchange(Action<MockExchangeOptions>? configure = null)
    {
        Environment = ExchangeEnvironment.Mock;
        configure?.Invoke(Mock);
        return this;
    }

    /// <summary>Selects custom base URLs, e.g. a fake Binance server on loopback.</summary>
    /// <param name="restBaseUrl">REST base URL.</param>
    /// <param name="streamBaseUrl">Streams base URL.</param>
    /// <param name="webSocketApiBaseUrl">WebSocket API base URL.</param>
    /// <returns>These options.</returns>
    public GenesisExchangeOptions UseCustomEndpoints(Uri restBaseUrl, Uri? streamBaseUrl = null, Uri? webSocketApiBaseUrl = null)
    {
        Environment = ExchangeEnvironment.Custom;
        RestBaseUrl = restBaseUrl;
        StreamBaseUrl = streamBaseUrl;
        WebSocketApiBaseUrl = webSocketApiBaseUrl;
        return this;
    }
}

/// <summary>Timeouts of exchange calls.</summary>
public sealed class TimeoutOptions
{
    /// <summary>TCP/TLS connect timeout. Default 5 s.</summary>
    public TimeSpan Connect { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-attempt timeout from send to the end of the body. Default 10 s.</summary>
    public TimeSpan Read { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Total time for a call including retries and waits. Default 30 s.</summary>
    public TimeSpan Total { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Client-side rate limiting.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Whether the limiter is on. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Highest fraction of any limit the client uses. Default 0.8.</summary>
    public decimal MaxUtilization { get; set; } = 0.8m;

    /// <summary>REQUEST_WEIGHT per minute before exchange info is read. Default 6000.</summary>
    public int DefaultRequestWeightPerMinute { get; set; } = 6000;

    /// <summary>RAW_REQUESTS per 5 minutes before exchange info is read. Default 61000.</summary>
    public int DefaultRawRequestsPerFiveMinutes { get; set; } = 61000;

    /// <summary>ORDERS per 10 seconds before exchange info is read. Default 100.</summary>
    public int DefaultOrdersPerTenSeconds { get; set; } = 100;

    /// <summary>ORDERS per day before exchange info is read. Default 200000.</summary>
    public int DefaultOrdersPerDay { get; set; } = 200000;

    /// <summary>
    /// WebSocket connection attempts Binance allows per IP in <see cref="ConnectionAttemptWindow"/>
    /// (<c>web-socket-streams.md</c>: 300 every 5 minutes). The client uses at most <see cref="MaxUtilization"/> of it
    /// (240 by default), shared by every process of the IP when the budget is shared (Redis). Default 300.
    /// </summary>
    public int ConnectionAttemptLimit { get; set; } = 300;

    /// <summary>The window of <see cref="ConnectionAttemptLimit"/>, counted as a sliding window. Default 5 minutes.</summary>
    public TimeSpan ConnectionAttemptWindow { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Circuit breaker settings.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Whether the breaker is on. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Transient failures within <see cref="SamplingDuration"/> that open the circuit. Default 5.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>Window in which failures are counted. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call. Default 60 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Retry settings for transient failures of idempotent requests.</summary>
public sealed class RetryOptions
{
    /// <summary>Whether retries are on. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries after the first attempt. Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff. Default 1 s (then 2, 4, 8 … s).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest backoff. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether jitter is added. Default true.</summary>
    public bool UseJitter { get; set; } = true;
}

/// <summary>Server time synchronization.</summary>
public sealed class TimeSyncOptions
{
    /// <summary>Whether signed timestamps use the measured offset. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Resync interval. Default 5 minutes. A periodic resync runs in the background; the signed call that finds it due does not wait for it.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>/api/v3/time</c> samples taken per synchronization; the one with the smallest round trip (measured on the wire,
    /// not counting any wait in the client) gives the offset. Default 3.
    /// </summary>
    public int SamplesPerSync { get; set; } = 3;

    /// <summary>
    /// How long a measured offset stays usable while resyncs fail. Until then a failed periodic resync is logged, retried
    /// after <see cref="RetryInterval"/> and reported as Degraded health, and signed calls keep going; after it, a signed
    /// call first needs a successful sync and fails unsent without one. Default 30 minutes.
    /// </summary>
    public TimeSpan MaxOffsetAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Wait after a failed periodic resync before the next attempt. Default 30 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Order placement settings.</summary>
public sealed class OrderOptions
{
    /// <summary>Prefix of generated client order ids (letters, digits, '-' and '_'). Default <c>gx-</c>.</summary>
    public string ClientOrderIdPrefix { get; set; } = "gx-";

    /// <summary>Whether orders are validated against symbol filters before sending. Default true.</summary>
    public bool ValidateBeforeSend { get; set; } = true;

    /// <summary>Queries made by client order id when a placement ends in unknown status. Default 3.</summary>
    public int ReconcileAttempts { get; set; } = 3;

    /// <summary>Wait before each reconcile query (the exchange may still be processing). Default 1 s.</summary>
    public TimeSpan ReconcileDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Overall time bound of reconciling one order whose outcome is unknown (every wait and query included); when it
    /// runs out the order is reported as <see cref="Errors.UnknownOrderStatusException"/>. The caller's cancellation
    /// token does not shorten it: once an order may have been sent, the caller learns what became of it. Default 15 s.
    /// </summary>
    public TimeSpan ReconcileTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Thresholds for <see cref="MarketState"/> classification.</summary>
public sealed class MarketStateOptions
{
    /// <summary>Kline interval used for ATR. Default 1 m.</summary>
    public KlineInterval AtrInterval { get; set; } = KlineInterval.OneMinute;

    /// <summary>ATR periods. Default 14.</summary>
    public int AtrPeriods { get; set; } = 14;

    /// <summary>ATR % of price below which (with low volume) the market is DEAD. Default 0.02 %.</summary>
    public decimal DeadAtrPercent { get; set; } = 0.02m;

    /// <summary>24 h quote volume below which a quiet market is DEAD. Default 100 000.</summary>
    public decimal DeadQuoteVolume { get; set; } = 100_000m;

    /// <summary>ATR % at or above which the market is VOLATILE. Default 0.5 %.</summary>
    public decimal VolatileAtrPercent { get; set; } = 0.5m;

    /// <summary>ATR % at or above which the market is PANIC. Default 2 %.</summary>
    public decimal PanicAtrPercent { get; set; } = 2m;

    /// <summary>Spread (bps) at or above which the market is VOLATILE. Default 20.</summary>
    public decimal VolatileSpreadBasisPoints { get; set; } = 20m;

    /// <summary>Spread (bps) at or above which the market is PANIC. Default 100.</summary>
    public decimal PanicSpreadBasisPoints { get; set; } = 100m;
}
