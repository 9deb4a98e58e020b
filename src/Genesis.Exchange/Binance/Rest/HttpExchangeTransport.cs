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
    }

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

        using var readTimeout = new CancellationTokenSource(_options.Timeouts.Read, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, readTimeout.Token);
        var started = _time.GetTimestamp();
        Log.Sending(_logger, endpoint.HttpMethod.Method, endpoint.Path, request.Weight, request.Attempt);
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, linked.Token).ConfigureAwait(false);
            var headers = CollectHeaders(response);
            var latency = _time.GetElapsedTime(started);
            headers.TryGetValue("X-MBX-USED-WEIGHT-1M", out var usedWeight);
            Log.Received(_logger, endpoint.HttpMethod.Method, endpoint.Path, (int)response.StatusCode, latency.TotalMilliseconds, request.Weight, usedWeight);
            return new ExchangeResponse((int)response.StatusCode, body, headers, latency);
        }
        catch (OperationCanceledException ex) when (readTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.TimedOut(_logger, endpoint.HttpMethod.Method, endpoint.Path, _options.Timeouts.Read.TotalMilliseconds);
            throw new ExchangeTimeoutException($"{endpoint.Name}: no complete response within the read timeout of {_options.Timeouts.Read.TotalSeconds:0.#} s.", correlationId: request.CorrelationId, innerException: ex);
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
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var max = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } length && length > max)
        {
            throw new MalformedResponseException($"Response body of {length} bytes exceeds the {max}-byte cap.", (int)response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
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
