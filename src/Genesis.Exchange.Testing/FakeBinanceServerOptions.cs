using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing;

/// <summary>Configuration of a <see cref="FakeBinanceServer"/>, fixed at start. Run-time knobs live in <see cref="FakeServerFaults"/>.</summary>
public sealed class FakeBinanceServerOptions
{
    /// <summary>
    /// The exchange behind the wire protocol: receives every REST request that passed the server's checks, with
    /// <c>timestamp</c>, <c>recvWindow</c> and <c>signature</c> removed. When null, only <c>ping</c> and
    /// <c>time</c> are served and every other endpoint answers HTTP 500 with code -1000.
    /// </summary>
    public IExchangeTransport? Backend { get; set; }

    /// <summary>Market events for the WebSocket streams; <see cref="FakeBinanceServer.Publish(Models.TradeUpdate)"/> and its overloads also feed them.</summary>
    public IMarketEventSource? EventSource { get; set; }

    /// <summary>The API key signed requests must send in <c>X-MBX-APIKEY</c>.</summary>
    public string ApiKey { get; set; } = "fake-api-key";

    /// <summary>The HMAC-SHA256 secret; when set, signatures are verified as lowercase/uppercase hex HMACs.</summary>
    public SecretString? ApiSecret { get; set; }

    /// <summary>
    /// An Ed25519 or RSA public key in PEM (<c>BEGIN PUBLIC KEY</c>); used when <see cref="ApiSecret"/> is not set.
    /// Signatures are then base64 (percent-encoded on the wire).
    /// </summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>The limits enforced and announced in exchange info's <c>rateLimits</c>; Binance's defaults unless replaced.</summary>
    public IReadOnlyList<FakeRateLimit> RateLimits { get; set; } = FakeRateLimit.BinanceDefaults;

    /// <summary>How long a client that keeps sending during a 429 back-off is banned (HTTP 418). Default 120 s.</summary>
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How many requests during a 429 back-off are tolerated (answered 429 again) before the ban. Default 0.</summary>
    public int BackoffViolationsBeforeBan { get; set; }

    /// <summary>How often the server sends WebSocket ping frames. Default 20 s, as Binance.</summary>
    public TimeSpan StreamPingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the server waits for the pong before aborting the connection. Default 60 s, as Binance.</summary>
    public TimeSpan StreamPongTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Messages queued per WebSocket connection before the connection counts as a slow consumer and is dropped
    /// (aborted, counted in <see cref="FakeServerCounters.StreamConnectionsDropped"/>). Default 4096.
    /// </summary>
    public int StreamQueueCapacity { get; set; } = 4096;

    /// <summary>The clock; <see cref="TimeProvider.System"/> by default. Rate-limit windows and server time use it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the server logs; nothing is logged when null (the default).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
