using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Mock;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// The REST side: Binance's wire protocol (endpoint lookup, parameters, API key, signature, timestamp, weight
/// and order limits, headers) in front of a backend <see cref="IExchangeTransport"/>, with the fault knobs.
/// </summary>
internal sealed class RestHandler
{
    private const string JsonContentType = "application/json;charset=UTF-8";
    private const long MaxRecvWindowMs = 60_000;
    private readonly FakeBinanceServerOptions _options;
    private readonly FakeServerFaults _faults;
    private readonly FakeServerCounters _counters;
    private readonly ExchangeLimiter _limits;
    private readonly SignatureVerifier _verifier;
    private readonly ILogger _logger;
    private readonly EndpointHandlers<Handler> _handlers;

    /// <summary>Answers one request whose parameters were read and checked; <c>microseconds</c> says how times are asked for.</summary>
    internal delegate ValueTask<ExchangeResponse> Handler(EndpointDescriptor endpoint, List<KeyValuePair<string, string>> parameters, int weight, bool microseconds, CancellationToken cancellationToken);

    public RestHandler(FakeBinanceServerOptions options, FakeServerFaults faults, FakeServerCounters counters, ExchangeLimiter limits, SignatureVerifier verifier, ILogger logger)
    {
        _options = options;
        _faults = faults;
        _counters = counters;
        _limits = limits;
        _verifier = verifier;
        _logger = logger;
        _handlers = new EndpointHandlers<Handler>("The fake Binance server", SpotRestEndpoints.All, Handlers(SpotRestEndpoints.All));
    }

    /// <summary>
    /// One handler per endpoint of the catalogue: ping and time are answered here (the server's own clock and skew),
    /// exchange info goes to the backend and gets the server's rate limits, and every other endpoint goes to the backend
    /// as it is (signature, limits and headers are this class's job; the answer is the backend's). The backend checks its
    /// own completeness: <see cref="Mock.MockExchangeTransport"/> refuses to be built without a handler for every endpoint.
    /// </summary>
    private Dictionary<EndpointDescriptor, Handler> Handlers(IReadOnlyList<EndpointDescriptor> catalogue)
    {
        var local = new Dictionary<EndpointDescriptor, Handler>
        {
            [SpotRestEndpoints.Ping] = static (_, _, _, _, _) => ValueTask.FromResult(Json(200, "{}"u8.ToArray())),
            [SpotRestEndpoints.ServerTime] = (_, _, _, microseconds, _) => ValueTask.FromResult(ServerTimeResponse(microseconds)),
            [SpotRestEndpoints.ExchangeInfo] = ExchangeInfoAsync,
        };
        return catalogue.ToDictionary(d => d, d => local.GetValueOrDefault(d) ?? ForwardAsync);
    }

    private TimeProvider Time => _options.TimeProvider;

    private DateTimeOffset ServerNow => Time.GetUtcNow() + _faults.ClockSkew;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleCoreAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (e.g. its timeout during a delayed order response); nothing is left to answer.
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var latency = _faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, Time, cancellationToken).ConfigureAwait(false);
        }

        var maintenance = _faults.Maintenance;
        if (maintenance != MaintenanceMode.Off)
        {
            await WriteMaintenanceAsync(context.Response, maintenance, cancellationToken).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        var descriptor = SpotRestEndpoints.Find(HttpMethod.Parse(request.Method), request.Path.Value ?? string.Empty);
        if (descriptor is null || !_handlers.TryGet(descriptor.Endpoint, out _, out var handler))
        {
            await WriteAsync(context.Response, 404, JsonContentType, Error(-1000, "Unknown endpoint."), null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var endpoint = descriptor.Endpoint;
        _counters.Request(endpoint.Name);
        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var rawBody = string.Empty;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            rawBody = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var parameters = WireParameters.Parse(rawQuery);
        foreach (var pair in WireParameters.Parse(rawBody))
        {
            if (!parameters.Exists(p => p.Key == pair.Key))
            {
                parameters.Add(pair);
            }
        }

        var weight = descriptor.WeightOf(parameters);
        var admission = _limits.Admit(weight, (descriptor.CountsAgainst & RateLimitKinds.Orders) != 0 ? descriptor.UnfilledOrders : 0, Time.GetUtcNow());
        if (admission.Verdict != AdmissionVerdict.Allowed)
        {
            await WriteLimitAsync(context.Response, admission, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_faults.TakeServerError(afterBackend: false) is { } earlyStatus)
        {
            await WriteHtmlErrorAsync(context.Response, earlyStatus, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (endpoint.IsSigned)
        {
            var rejection = CheckSigned(request, rawQuery, rawBody, parameters);
            if (rejection is { } r)
            {
                Log.Rejected(_logger, request.Method, endpoint.Path, r.Message);
                await WriteAsync(context.Response, r.Status, JsonContentType, Error(r.Code, r.Message), null, cancellationToken).ConfigureAwait(false);
                return;
            }

            parameters.RemoveAll(p => p.Key is "timestamp" or "recvWindow" or "signature");
        }

        var microseconds = AsksForMicroseconds(request);
        var response = await handler(descriptor, parameters, weight, microseconds, cancellationToken).ConfigureAwait(false);

        var orderCreated = endpoint.IsOrderPlacement && response.IsSuccess;
        if (orderCreated)
        {
            _counters.OrderCreated(ReadClientOrderId(response.Body));
        }

        if (_faults.TakeServerError(afterBackend: true) is { } lateStatus)
        {
            await WriteHtmlErrorAsync(context.Response, lateStatus, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (orderCreated)
        {
            if (_faults.TakeKillAfterOrder())
            {
                context.Abort();
                return;
            }

            if (_faults.TakeOrderDelay() is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
            }
        }

        var body = response.Body;
        if (_faults.TakeMalformed())
        {
            body = body[..(body.Length / 2)];
        }

        var contentType = response.Headers.TryGetValue("Content-Type", out var ct) ? ct : JsonContentType;
        await WriteAsync(context.Response, response.StatusCode, contentType, body, orderCreated ? true : null, cancellationToken).ConfigureAwait(false);
    }

    private ExchangeResponse ServerTimeResponse(bool microseconds)
    {
        var serverTime = microseconds ? (ServerNow - DateTimeOffset.UnixEpoch).Ticks / TicksPerMicrosecond : ServerNow.ToUnixTimeMilliseconds();
        return Json(200, Encoding.UTF8.GetBytes("{\"serverTime\":" + serverTime.ToString(CultureInfo.InvariantCulture) + "}"));
    }

    /// <summary>Exchange info from the backend, with the server's own rate limits and time.</summary>
    private async ValueTask<ExchangeResponse> ExchangeInfoAsync(EndpointDescriptor endpoint, List<KeyValuePair<string, string>> parameters, int weight, bool microseconds, CancellationToken cancellationToken)
    {
        var response = await ForwardAsync(endpoint, parameters, weight, microseconds: false, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
        {
            response = new ExchangeResponse(response.StatusCode, RewriteRateLimits(response.Body), response.Headers, response.Latency);
        }

        return microseconds ? InMicroseconds(endpoint, response) : response;
    }

    /// <summary>The backend's answer, its times in microseconds when asked for.</summary>
    private async ValueTask<ExchangeResponse> ForwardAsync(EndpointDescriptor endpoint, List<KeyValuePair<string, string>> parameters, int weight, bool microseconds, CancellationToken cancellationToken)
    {
        var answer = await ExecuteBackendAsync(endpoint.Endpoint, parameters, weight, cancellationToken).ConfigureAwait(false);
        return microseconds ? InMicroseconds(endpoint, answer) : answer;
    }

    private static ExchangeResponse InMicroseconds(EndpointDescriptor endpoint, ExchangeResponse answer) => answer.IsSuccess
        ? new ExchangeResponse(answer.StatusCode, ResponseTimes.ToMicroseconds(answer.Body, isKlines: endpoint.Name is "klines" or "uiKlines"), answer.Headers, answer.Latency)
        : answer;

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>Whether the request asks for times in microseconds (<c>X-MBX-TIME-UNIT: MICROSECOND</c> or <c>microsecond</c>, as documented).</summary>
    private static bool AsksForMicroseconds(HttpRequest request) =>
        request.Headers["X-MBX-TIME-UNIT"].ToString() is "MICROSECOND" or "microsecond";

    private async ValueTask<ExchangeResponse> ExecuteBackendAsync(ExchangeEndpoint endpoint, List<KeyValuePair<string, string>> parameters, int weight, CancellationToken cancellationToken)
    {

        if (_options.Backend is not { } backend)
        {
            return Json(500, Error(-1000, "No backend is configured on the fake server."));
        }

        ExchangeResponse response;
        try
        {
            response = await backend.SendAsync(new ExchangeRequest(endpoint, parameters, weight), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The fake server answers like Binance does when its back end fails, and logs the cause for the test author.
            Log.BackendFailed(_logger, endpoint.Name, ex);
            return Json(500, Error(-1000, "An unknown error occurred while processing the request."));
        }

        return response;
    }

    private (int Status, int Code, string Message)? CheckSigned(HttpRequest request, string rawQuery, string rawBody, List<KeyValuePair<string, string>> parameters)
    {
        string? Param(string name) => parameters.Find(p => p.Key == name) is { Key: not null } found ? found.Value : null;

        var apiKey = request.Headers["X-MBX-APIKEY"].ToString();
        if (string.IsNullOrEmpty(apiKey))
        {
            _counters.SignatureFailed();
            return (401, -2014, "API-key format invalid.");
        }

        if (!string.Equals(apiKey, _options.ApiKey, StringComparison.Ordinal))
        {
            _counters.SignatureFailed();
            return (401, -2015, "Invalid API-key, IP, or permissions for action.");
        }

        var signature = Param("signature");
        if (string.IsNullOrEmpty(signature))
        {
            _counters.SignatureFailed();
            return (400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
        }

        var payload = WireParameters.WithoutSignature(rawQuery) + WireParameters.WithoutSignature(rawBody);
        if (!_verifier.IsConfigured || !_verifier.Verify(payload, signature))
        {
            _counters.SignatureFailed();
            return (400, -1022, "Signature for this request is not valid.");
        }

        var timestampText = Param("timestamp");
        if (!decimal.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return (400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        }

        if (timestampText!.Length >= 16)
        {
            timestamp /= 1000m; // microseconds
        }

        var recvWindow = 5000m;
        if (Param("recvWindow") is { } recvText)
        {
            if (!decimal.TryParse(recvText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out recvWindow) || recvWindow <= 0)
            {
                return (400, -1102, "Mandatory parameter 'recvWindow' was not sent, was empty/null, or malformed.");
            }

            if (recvWindow > MaxRecvWindowMs)
            {
                return (400, -1131, "recvWindow must be less than 60000");
            }
        }

        var serverTime = (decimal)ServerNow.ToUnixTimeMilliseconds();
        if (timestamp >= serverTime + 1000m)
        {
            _counters.TimestampRejected();
            return (400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }

        if (serverTime - timestamp > recvWindow)
        {
            _counters.TimestampRejected();
            return (400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }

        return null;
    }

    private byte[] RewriteRateLimits(ReadOnlyMemory<byte> body) => RewriteRateLimits(body, _options.RateLimits, ServerNow);

    /// <summary>Exchange info's body with the server's own rate limits and time (REST and the WebSocket API show the same).</summary>
    /// <param name="body">The backend's body.</param>
    /// <param name="rateLimits">The server's limits.</param>
    /// <param name="serverNow">The server's time.</param>
    /// <returns>The rewritten body (the same bytes when it is not a JSON object).</returns>
    internal static byte[] RewriteRateLimits(ReadOnlyMemory<byte> body, IReadOnlyList<FakeRateLimit> rateLimits, DateTimeOffset serverNow)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span);
        }
        catch (JsonException)
        {
            return body.ToArray(); // Not JSON: pass through untouched, the client will see what the backend sent.
        }

        if (root is not JsonObject obj)
        {
            return body.ToArray();
        }

        var limits = new JsonArray();
        foreach (var limit in rateLimits)
        {
            limits.Add(new JsonObject
            {
                ["rateLimitType"] = limit.TypeWireName,
                ["interval"] = limit.IntervalWireName,
                ["intervalNum"] = limit.IntervalNum,
                ["limit"] = limit.Limit,
            });
        }

        obj["rateLimits"] = limits;
        obj["serverTime"] = serverNow.ToUnixTimeMilliseconds();
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }

    private static string? ReadClientOrderId(ReadOnlyMemory<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body.Span);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("clientOrderId"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // A success body that is not JSON has no client order id; the order is still counted.
        }

        return null;
    }

    private async Task WriteLimitAsync(HttpResponse response, Admission admission, CancellationToken cancellationToken)
    {
        var (status, retryAfter, body) = ExchangeLimiter.Rejection(admission);
        if (status == 418)
        {
            _counters.Banned();
        }
        else
        {
            _counters.RateLimited();
        }

        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await WriteAsync(response, status, JsonContentType, body, null, cancellationToken).ConfigureAwait(false);
    }

    private Task WriteHtmlErrorAsync(HttpResponse response, int status, CancellationToken cancellationToken)
    {
        var reason = ReasonPhrases.GetReasonPhrase(status);
        var html = Encoding.UTF8.GetBytes($"<html><body>{reason}</body></html>");
        return WriteAsync(response, status, "text/html", html, null, cancellationToken);
    }

    private Task WriteMaintenanceAsync(HttpResponse response, MaintenanceMode mode, CancellationToken cancellationToken) => mode == MaintenanceMode.HtmlPage
        ? WriteAsync(response, 503, "text/html", "<html><body><h1>System maintenance</h1><p>Binance is under maintenance.</p></body></html>"u8.ToArray(), null, cancellationToken)
        : WriteAsync(response, 503, JsonContentType, Error(-1016, "This service is no longer available."), null, cancellationToken);

    private async Task WriteAsync(HttpResponse response, int status, string contentType, ReadOnlyMemory<byte> body, bool? includeOrders, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        foreach (var (name, value) in _limits.Headers(includeOrders == true, Time.GetUtcNow()))
        {
            response.Headers[name] = value;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private static ExchangeResponse Json(int status, byte[] body) => new(status, body);

    /// <summary>Binance's error body, written by the in-memory Binance's one writer.</summary>
    private static byte[] Error(int code, string message) => MockRestApi.Error(code, message);
}
