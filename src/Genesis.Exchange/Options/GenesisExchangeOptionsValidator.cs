using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Signing;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Options;

/// <summary>Validates options at start-up with messages that say what to fix. Never falls back silently.</summary>
internal sealed class GenesisExchangeOptionsValidator : IValidateOptions<GenesisExchangeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GenesisExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var env = options.Environment;

        if (!Enum.IsDefined(env))
        {
            errors.Add($"Environment '{env}' is not valid: use Mock, Testnet, Live or Custom.");
        }

        if (env is ExchangeEnvironment.Live or ExchangeEnvironment.Testnet)
        {
            if (!CredentialsLoader.HasCredentials(options))
            {
                errors.Add($"Environment {env} needs credentials: set BINANCE_API_KEY plus BINANCE_API_SECRET (HMAC) or BINANCE_PRIVATE_KEY / BINANCE_PRIVATE_KEY_FILE (Ed25519 or RSA PEM), or the ApiKey/ApiSecret/PrivateKeyPem options. Use Environment=Mock to run without keys.");
            }
        }

        if (env is ExchangeEnvironment.Custom && options.RestBaseUrl is null)
        {
            errors.Add("Environment Custom needs RestBaseUrl (and StreamBaseUrl for streams), e.g. the fake Binance server's URLs.");
        }

        if (ExchangeUrls.Resolve(options) is { } urls)
        {
            CheckUrl(errors, env, "RestBaseUrl", urls.Rest, "https");
            CheckUrl(errors, env, "StreamBaseUrl", urls.Streams, "wss");
            CheckUrl(errors, env, "WebSocketApiBaseUrl", urls.WebSocketApi, "wss");
        }

        if (options.PrivateKeyFile is { } file && options.PrivateKeyPem is null && env != ExchangeEnvironment.Mock)
        {
            errors.Add(options.PrivateKeyFileProblem ?? $"PrivateKeyFile '{file}' could not be read: check the path and its permissions.");
        }

        if (options.ApiSecret is null && options.PrivateKeyPem is { IsEmpty: false } pem && env != ExchangeEnvironment.Mock)
        {
            try
            {
                using var signer = SignerFactory.Create(null, pem) as IDisposable;
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{(options.PrivateKeyReadFromFile ? $"PrivateKeyFile '{options.PrivateKeyFile}'" : "PrivateKeyPem")}: {MessageOf(ex)}");
            }
        }

        if (options.ExchangeInfoCacheDuration <= TimeSpan.Zero)
        {
            errors.Add($"ExchangeInfoCacheDuration must be positive (got {options.ExchangeInfoCacheDuration}); the default is 24 h.");
        }

        if (options.SymbolStatusRefreshInterval <= TimeSpan.Zero || options.SymbolStatusRefreshInterval > options.ExchangeInfoCacheDuration)
        {
            errors.Add($"SymbolStatusRefreshInterval must be positive and at most ExchangeInfoCacheDuration (got {options.SymbolStatusRefreshInterval}); the default is 5 minutes.");
        }

        if (options.RecvWindow <= TimeSpan.Zero || options.RecvWindow > TimeSpan.FromMilliseconds(60000))
        {
            errors.Add($"RecvWindow {options.RecvWindow.TotalMilliseconds} ms is out of range: Binance accepts 1 to 60000 ms (5000 recommended).");
        }

        Positive(errors, "Timeouts.Connect", options.Timeouts.Connect);
        Positive(errors, "Timeouts.Read", options.Timeouts.Read);
        Positive(errors, "Timeouts.Total", options.Timeouts.Total);
        if (options.Timeouts.Total < options.Timeouts.Read)
        {
            errors.Add($"Timeouts.Total ({options.Timeouts.Total.TotalSeconds} s) must be at least Timeouts.Read ({options.Timeouts.Read.TotalSeconds} s).");
        }

        if (options.RateLimits.MaxUtilization is <= 0m or > 1m)
        {
            errors.Add($"RateLimits.MaxUtilization {options.RateLimits.MaxUtilization} must be above 0 and at most 1 (0.8 = 80 %).");
        }

        if (options.RateLimits.ConnectionAttemptLimit < 1)
        {
            errors.Add($"RateLimits.ConnectionAttemptLimit {options.RateLimits.ConnectionAttemptLimit} must be at least 1 (Binance allows 300 connection attempts per 5 minutes per IP).");
        }

        Positive(errors, "RateLimits.ConnectionAttemptWindow", options.RateLimits.ConnectionAttemptWindow);
        if (options.CircuitBreaker.FailureThreshold < 1)
        {
            errors.Add("CircuitBreaker.FailureThreshold must be at least 1.");
        }

        Positive(errors, "CircuitBreaker.SamplingDuration", options.CircuitBreaker.SamplingDuration);
        Positive(errors, "CircuitBreaker.BreakDuration", options.CircuitBreaker.BreakDuration);
        if (options.Retry.MaxRetries < 0)
        {
            errors.Add("Retry.MaxRetries must not be negative.");
        }

        if (options.Retry.MaxDelay < options.Retry.BaseDelay)
        {
            errors.Add("Retry.MaxDelay must be at least Retry.BaseDelay.");
        }

        Positive(errors, "TimeSync.ResyncInterval", options.TimeSync.ResyncInterval);
        if (options.Orders.ClientOrderIdPrefix.Length > 12 || (options.Orders.ClientOrderIdPrefix.Length > 0 && !ClientOrderIds.IsValid(options.Orders.ClientOrderIdPrefix)))
        {
            errors.Add("Orders.ClientOrderIdPrefix must be at most 12 letters, digits, '-' or '_'.");
        }

        Positive(errors, "Orders.ReconcileTimeout", options.Orders.ReconcileTimeout);
        if (options.MaxResponseBytes < 1024)
        {
            errors.Add("MaxResponseBytes must be at least 1024.");
        }

        if (!Enum.IsDefined(options.TimeUnit))
        {
            errors.Add($"TimeUnit '{options.TimeUnit}' is not valid: use Millisecond or Microsecond.");
        }

        CheckRequestHeaders(errors, options.RequestHeaders);
        CheckWebSocketApi(errors, options);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Headers the REST transport sets itself; a user's header of the same name would clash with them.</summary>
    internal static readonly string[] ReservedRequestHeaders = ["X-MBX-APIKEY", "X-MBX-TIME-UNIT", "Content-Type", "Content-Length", "Host"];

    // Values are never quoted in messages: a header may carry a token.
    private static void CheckRequestHeaders(List<string> errors, IDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            errors.Add("RequestHeaders must not be null (leave it empty for no extra headers).");
            return;
        }

        using var probe = new HttpRequestMessage();
        foreach (var (headerName, value) in headers)
        {
            if (string.IsNullOrWhiteSpace(headerName))
            {
                errors.Add("RequestHeaders holds an empty header name.");
                continue;
            }

            if (Array.Exists(ReservedRequestHeaders, r => string.Equals(r, headerName, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"RequestHeaders: '{headerName}' is set by the client itself and cannot be replaced (reserved: {string.Join(", ", ReservedRequestHeaders)}).");
                continue;
            }

            if (!probe.Headers.TryAddWithoutValidation(headerName, "x"))
            {
                errors.Add($"RequestHeaders: '{headerName}' is not a valid request header name (letters, digits and !#$%&'*+-.^_`|~ only; content headers are not allowed).");
                continue;
            }

            if (value is null || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                errors.Add($"RequestHeaders: the value of '{headerName}' is null or holds a line break or NUL character.");
            }
        }
    }

    // ArgumentException appends " (Parameter 'x')" to Message; users need the sentence alone.
    private static string MessageOf(ArgumentException ex) => ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static void CheckUrl(List<string> errors, ExchangeEnvironment env, string name, Uri url, string secureScheme)
    {
        if (!url.IsAbsoluteUri)
        {
            errors.Add($"{name} '{url}' must be an absolute URL.");
            return;
        }

        var secure = string.Equals(url.Scheme, secureScheme, StringComparison.OrdinalIgnoreCase);
        if (secure)
        {
            return;
        }

        if (env is ExchangeEnvironment.Live or ExchangeEnvironment.Testnet)
        {
            errors.Add($"{name} '{url.GetLeftPart(UriPartial.Authority)}' is not TLS: {env} requires {secureScheme}://. Plain connections are allowed only with Environment=Custom on loopback.");
        }
        else if (env is ExchangeEnvironment.Custom && !url.IsLoopback)
        {
            errors.Add($"{name} '{url.GetLeftPart(UriPartial.Authority)}' is not TLS and not loopback: use {secureScheme}:// for remote hosts.");
        }
    }

    private static void CheckWebSocketApi(List<string> errors, GenesisExchangeOptions options)
    {
        if (!Enum.IsDefined(options.OrderTransport))
        {
            errors.Add($"OrderTransport '{options.OrderTransport}' is not valid: use Rest or WebSocketApi.");
        }

        if (options.OrderTransport == OrderTransport.WebSocketApi && options.Environment == ExchangeEnvironment.Custom && options.WebSocketApiBaseUrl is null)
        {
            errors.Add("OrderTransport WebSocketApi with Environment Custom needs WebSocketApiBaseUrl (e.g. the fake Binance server's WebSocketApiUrl, ws://127.0.0.1:port/ws-api/v3).");
        }

        if (options.OrderTransport == OrderTransport.WebSocketApi && options.Environment == ExchangeEnvironment.Custom && !CredentialsLoader.HasCredentials(options))
        {
            errors.Add("OrderTransport WebSocketApi needs credentials to sign orders: set ApiKey plus ApiSecret (HMAC) or PrivateKeyPem / PrivateKeyFile (Ed25519, which also logs the session on, or RSA).");
        }

        var ws = options.WebSocketApi;
        if (ws is null)
        {
            errors.Add("WebSocketApi must not be null (leave it at its defaults).");
            return;
        }

        Positive(errors, "WebSocketApi.RequestTimeout", ws.RequestTimeout);
        Positive(errors, "WebSocketApi.InFlightWait", ws.InFlightWait);
        Positive(errors, "WebSocketApi.ConnectWait", ws.ConnectWait);
        Positive(errors, "WebSocketApi.ReconnectBaseDelay", ws.ReconnectBaseDelay);
        if (ws.ReconnectMaxDelay < ws.ReconnectBaseDelay)
        {
            errors.Add($"WebSocketApi.ReconnectMaxDelay ({ws.ReconnectMaxDelay}) must be at least WebSocketApi.ReconnectBaseDelay ({ws.ReconnectBaseDelay}).");
        }

        if (ws.MaxConnectionAge <= TimeSpan.Zero || ws.MaxConnectionAge >= TimeSpan.FromHours(24))
        {
            errors.Add($"WebSocketApi.MaxConnectionAge must be positive and under 24 h, when Binance cuts the connection (got {ws.MaxConnectionAge}); the default is 23 h.");
        }

        if (ws.IdleProbeInterval < TimeSpan.Zero)
        {
            errors.Add($"WebSocketApi.IdleProbeInterval must not be negative (got {ws.IdleProbeInterval}); zero turns the probe off.");
        }

        if (ws.MaxInFlight < 1)
        {
            errors.Add($"WebSocketApi.MaxInFlight must be at least 1 (got {ws.MaxInFlight}).");
        }

        if (ws.MaxMessageBytes < 1024)
        {
            errors.Add($"WebSocketApi.MaxMessageBytes must be at least 1024 (got {ws.MaxMessageBytes}).");
        }

        if (ws.UserDataBufferCapacity < 1)
        {
            errors.Add($"WebSocketApi.UserDataBufferCapacity must be at least 1 (got {ws.UserDataBufferCapacity}).");
        }
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive, got {value}.");
        }
    }
}
