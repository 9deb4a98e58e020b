using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>
/// The innermost REST transport: signs immediately before sending, puts POST/DELETE parameters in a form body
/// (so the HTTP stack never silently re-sends an order on a fresh connection), enforces the per-attempt read
/// timeout and the body size cap, and returns error statuses as responses for the decorators to inspect.
/// </summary>
internal sealed class HttpExchangeTransport : IExchangeTransport
{
    internal const string HttpClientName = "Genesis.Exchange.Rest";
    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded");

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly IRequestSigner? _signer;
    private readonly SecretString? _apiKey;
    private readonly IServerClock _clock;
    private readonly TimeProvider _time;
    private readonly GenesisExchangeOptions _options;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, string>[] _extraHeaders;

    public HttpExchangeTransport(HttpClient http, Uri baseUrl, IRequestSigner? signer, SecretString? apiKey, IServerClock clock, TimeProvider time, GenesisExchangeOptions options, ILogger<HttpExchangeTransport> logger)
    {
        _http = http;
        _baseUrl = baseUrl;
        _signer = signer;
        _apiKey = apiKey;
        _clock = clock;
        _time = time;
        _options = options;
        _logger = logger;

        // Snapshotted once (validated at start-up): the user's headers, then the time unit when not the default.
        var headers = new List<KeyValuePair<string, string>>(options.RequestHeaders);
        if (options.TimeUnit == ExchangeTimeUnit.Microsecond)
        {
            headers.Add(new(TimeUnitHeader, "MICROSECOND"));
        }

        _extraHeaders = [.. headers];
    }

    /// <summary>The header that asks Binance for times in microseconds.</summary>
    internal const string TimeUnitHeader = "X-MBX-TIME-UNIT";

    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = request.Endpoint;
        var payload = RequestSigning.BuildPayload(request, _signer, _apiKey is { IsEmpty: false }, _clock, _options.RecvWindow);
        var inBody = endpoint.HttpMethod != HttpMethod.Get && payload.Length > 0;
        var uri = new Uri(_baseUrl, inBody || payload.Length == 0 ? endpoint.Path : endpoint.Path + "?" + payload);

        using var message = new HttpRequestMessage(endpoint.HttpMethod, uri);
        if (inBody)
        {
            message.Content = new StringContent(payload, Encoding.UTF8, FormContentType);
        }

        if (endpoint.IsSigned && _apiKey is not null)
        {
            message.Headers.TryAddWithoutValidation("X-MBX-APIKEY", _apiKey.Reveal());
        }

        foreach (var (headerName, value) in _extraHeaders)
        {
            message.Headers.TryAddWithoutValidation(headerName, value);
        }

        using var readTimeout = new CancellationTokenSource(_options.Timeouts.Read, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, readTimeout.Token);
        var started = _time.GetTimestamp();
        Log.Sending(_logger, endpoint.HttpMethod.Method, endpoint.Path, request.Weight, request.Attempt);

        // From here on the exchange may receive the request; failures below that prove otherwise say RequestNotSent.
        request.MarkMayHaveBeenSent();
        Task<HttpResponseMessage> sending;
        try
        {
            sending = _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (ObjectDisposedException ex)
        {
            // HttpClient checks that it is usable before it starts a request: this request never started.
            Log.ConnectionFailed(_logger, endpoint.HttpMethod.Method, endpoint.Path, ex.Message);
            throw new ExchangeUnavailableException($"{endpoint.Name}: the HTTP client is disposed (host shutting down?); the request was not sent.", correlationId: request.CorrelationId, innerException: ex)
            {
                RequestNotSent = true,
            };
        }

        try
        {
            using var response = await sending.ConfigureAwait(false);
            var body = await ReadBodyAsync(response, linked.Token).ConfigureAwait(false);
            var headers = CollectHeaders(response);
            var latency = _time.GetElapsedTime(started);
            headers.TryGetValue("X-MBX-USED-WEIGHT-1M", out var usedWeight);
            Log.Received(_logger, endpoint.HttpMethod.Method, endpoint.Path, (int)response.StatusCode, latency.TotalMilliseconds, request.Weight, usedWeight);
            return new ExchangeResponse((int)response.StatusCode, body, headers, latency);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's own cancellation: theirs to see (the order path decides what it means for an order).
            throw;
        }
        catch (OperationCanceledException ex) when (readTimeout.IsCancellationRequested)
        {
            Log.TimedOut(_logger, endpoint.HttpMethod.Method, endpoint.Path, _options.Timeouts.Read.TotalMilliseconds);
            throw new ExchangeTimeoutException($"{endpoint.Name}: no complete response within the read timeout of {_options.Timeouts.Read.TotalSeconds:0.#} s.", correlationId: request.CorrelationId, innerException: ex);
        }
        catch (OperationCanceledException ex) when (IsConnectTimeout(ex))
        {
            Log.ConnectionFailed(_logger, endpoint.HttpMethod.Method, endpoint.Path, ex.Message);
            throw new ExchangeTimeoutException($"{endpoint.Name}: no connection to the exchange within the connect timeout of {_options.Timeouts.Connect.TotalSeconds:0.#} s; the request was not sent.", correlationId: request.CorrelationId, innerException: ex)
            {
                RequestNotSent = true,
            };
        }
        catch (OperationCanceledException ex)
        {
            // Neither our timeouts nor the caller: the HttpClient was disposed (host shutting down) mid-request.
            Log.ConnectionFailed(_logger, endpoint.HttpMethod.Method, endpoint.Path, ex.Message);
            throw new ExchangeUnavailableException($"{endpoint.Name}: the request was aborted by the HTTP stack (HTTP client disposed?) after it may have been sent.", correlationId: request.CorrelationId, innerException: ex);
        }
        catch (HttpRequestException ex) when (IsConnectFailure(ex))
        {
            Log.ConnectionFailed(_logger, endpoint.HttpMethod.Method, endpoint.Path, ex.Message);
            throw new ExchangeUnavailableException($"{endpoint.Name}: could not connect to the exchange ({ex.HttpRequestError}); the request was not sent.", correlationId: request.CorrelationId, innerException: ex)
            {
                RequestNotSent = true,
            };
        }
        catch (HttpRequestException ex)
        {
            Log.ConnectionFailed(_logger, endpoint.HttpMethod.Method, endpoint.Path, ex.Message);
            throw new ExchangeUnavailableException($"{endpoint.Name}: connection to the exchange failed ({ex.HttpRequestError}).", correlationId: request.CorrelationId, innerException: ex);
        }
        catch (IOException ex)
        {
            Log.ConnectionFailed(_logger, endpoint.HttpMethod.Method, endpoint.Path, ex.Message);
            throw new ExchangeUnavailableException($"{endpoint.Name}: the connection broke while reading the response.", correlationId: request.CorrelationId, innerException: ex);
        }
        catch (ObjectDisposedException ex)
        {
            // Disposed while the request was in flight (the handler or the response stream went away).
            Log.ConnectionFailed(_logger, endpoint.HttpMethod.Method, endpoint.Path, ex.Message);
            throw new ExchangeUnavailableException($"{endpoint.Name}: the HTTP client was disposed (host shutting down?) after the request may have been sent.", correlationId: request.CorrelationId, innerException: ex);
        }
    }

    /// <summary>
    /// Whether a cancellation came from <see cref="SocketsHttpHandler.ConnectTimeout"/>: the handler raises it as an
    /// <see cref="OperationCanceledException"/> wrapping a <see cref="TimeoutException"/>. Only this transport's
    /// client can say so, because it has no client-wide timeout (which would look the same).
    /// </summary>
    private bool IsConnectTimeout(OperationCanceledException ex) =>
        ex.InnerException is TimeoutException && _http.Timeout == Timeout.InfiniteTimeSpan;

    /// <summary>Failures to open the connection (DNS, TCP connect, TLS handshake, proxy tunnel): the request was not sent.</summary>
    internal static bool IsConnectFailure(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var max = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } length && length > max)
        {
            throw new MalformedResponseException($"Response body of {length} bytes exceeds the {max}-byte cap.", (int)response.StatusCode);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        using var buffer = new MemoryStream(response.Content.Headers.ContentLength is { } l ? (int)l : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    throw new MalformedResponseException($"Response body exceeds the {max}-byte cap.", (int)response.StatusCode);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static Dictionary<string, string> CollectHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers)
        {
            if (name.StartsWith("X-MBX-", StringComparison.OrdinalIgnoreCase) || name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase) || name.Equals("Date", StringComparison.OrdinalIgnoreCase))
            {
                headers[name] = string.Join(',', values);
            }
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            headers["Retry-After"] = retryAfter.Delta is { } delta
                ? ((int)Math.Ceiling(delta.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : retryAfter.Date?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        if (response.Content.Headers.ContentType?.MediaType is { } mediaType)
        {
            headers["Content-Type"] = mediaType;
        }

        return headers;
    }
}
