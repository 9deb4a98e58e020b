using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// One connection to the in-memory Binance's WebSocket API (<c>/ws-api/v3</c>), shared by mock mode and the fake server:
/// reads each request <c>{id, method, params}</c>, checks its weight in the REST limiter, its signature or the logged-on
/// session and its timestamp, answers session methods itself and every REST-mirrored method through the REST handler
/// (<see cref="WebSocketApiMethods"/>), and writes <c>{id, status, result | error, rateLimits}</c>. User data
/// subscriptions receive the account's events as <c>{"subscriptionId":N,"event":{…}}</c>; events a request causes are
/// sent after its response. Requests are handled one at a time, in order.
/// </summary>
internal sealed class WebSocketApiSession : IUserDataListener, IDisposable
{
    private const long MaxRecvWindowMs = 60_000;
    private const int MaxSubscriptions = 1_000;

    private readonly IWebSocketApiHost _host;
    private readonly IWebSocketApiOutput _output;
    private readonly bool _returnRateLimits;
    private readonly long _connectedSince;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly List<(int Id, bool FromLogon)> _subscriptions = [];
    private readonly List<byte[]> _held = [];
    private readonly Channel<(byte[] Frame, DateTimeOffset Due)> _delayed = Channel.CreateUnbounded<(byte[], DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private IDisposable? _feedSubscription;
    private string? _loggedOnKey;
    private long _authorizedSince;
    private int _nextSubscriptionId;
    private int _delayedPending;
    private bool _holding;
    private bool _dropped;
    private Task? _delayPump;

    /// <summary>Creates a session.</summary>
    /// <param name="host">The server.</param>
    /// <param name="output">Where frames go.</param>
    /// <param name="returnRateLimits">The connection's <c>returnRateLimits</c> default (URL parameter).</param>
    public WebSocketApiSession(IWebSocketApiHost host, IWebSocketApiOutput output, bool returnRateLimits = true)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        _host = host;
        _output = output;
        _returnRateLimits = returnRateLimits;
        _connectedSince = host.ServerNow.ToUnixTimeMilliseconds();
    }

    /// <summary>Active user data subscription ids.</summary>
    public IReadOnlyList<int> SubscriptionIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions.Select(s => s.Id)];
            }
        }
    }

    /// <summary>Whether a key is logged on.</summary>
    public bool IsLoggedOn
    {
        get
        {
            lock (_gate)
            {
                return _loggedOnKey is not null;
            }
        }
    }

    /// <summary>Reads the <c>returnRateLimits</c> URL parameter of a connection URL's query.</summary>
    /// <param name="query">The query string (with or without <c>?</c>).</param>
    /// <returns>False only when the URL says <c>returnRateLimits=false</c>.</returns>
    public static bool ReturnRateLimitsFromQuery(string query) =>
        !query.TrimStart('?').Split('&').Any(p => p.Equals("returnRateLimits=false", StringComparison.OrdinalIgnoreCase));

    /// <summary>Handles one text message from the client; its response (and the events it caused) are sent before this completes.</summary>
    /// <param name="message">The UTF-8 JSON request.</param>
    /// <param name="cancellationToken">Cancels waiting for the exchange.</param>
    /// <returns>A task that completes when the request was answered.</returns>
    public async ValueTask HandleAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _holding = true;
            }

            try
            {
                var (frame, dropAfter) = await AnswerAsync(message, cancellationToken).ConfigureAwait(false);
                if (frame is not null)
                {
                    SendNow(frame);
                }

                if (dropAfter)
                {
                    DropConnection();
                }
            }
            finally
            {
                // Also when the request was canceled: events must not stay held behind a request that never finished.
                ReleaseHeld();
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Ends every subscription with <c>eventStreamTerminated</c> (a fault, or the server ending the stream).</summary>
    public void TerminateSubscriptions() => Terminate(onlyLogon: false);

    /// <summary>Sends the <c>serverShutdown</c> connection event.</summary>
    public void SendServerShutdown() => SendNow(UserDataEventWriter.ServerShutdownFrame(_host.ServerNow.ToUnixTimeMilliseconds()));

    /// <inheritdoc />
    public void OnUserData(byte[] eventObject)
    {
        lock (_gate)
        {
            if (_dropped || _subscriptions.Count == 0)
            {
                return;
            }

            foreach (var (id, _) in _subscriptions)
            {
                var frame = UserDataEventWriter.Frame(id, eventObject);
                if (_holding)
                {
                    _held.Add(frame);
                }
                else
                {
                    Deliver(frame);
                }
            }
        }
    }

    /// <summary>Stops receiving events.</summary>
    public void Dispose()
    {
        IDisposable? feed;
        lock (_gate)
        {
            _dropped = true;
            feed = _feedSubscription;
            _feedSubscription = null;
            _subscriptions.Clear();
            _held.Clear();
        }

        if (feed is not null)
        {
            if (_gate.IsHeldByCurrentThread)
            {
                // Dropped from inside a send (a slow consumer) while this session's lock is held: leaving the feed takes the
                // exchange's lock, which a publishing thread may hold while it waits for this session's; leave later.
                ThreadPool.QueueUserWorkItem(static f => f.Dispose(), feed, preferLocal: false);
            }
            else
            {
                feed.Dispose();
            }
        }

        _delayed.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed twice.
        }
    }

    private async ValueTask<(byte[]? Frame, bool DropAfter)> AnswerAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        WebSocketApiRequest request;
        try
        {
            request = WebSocketApiRequest.Parse(message.Span);
        }
        catch (JsonException)
        {
            return (WebSocketApiResponseWriter.Error(WebSocketApiResponseWriter.NullId, 400, -1102, "Malformed request: the message is not a JSON object with id, method and params.", null), false);
        }

        var id = request.Id;
        if (request.Method is null)
        {
            return (WebSocketApiResponseWriter.Error(id, 400, -1102, "Mandatory parameter 'method' was not sent, was empty/null, or malformed.", null), false);
        }

        var method = WebSocketApiMethods.Find(request.Method);
        if (method is null)
        {
            return (WebSocketApiResponseWriter.Error(id, 400, -1020, $"Unknown method '{request.Method}'.", null), false);
        }

        var showLimits = request.ReturnRateLimits ?? _returnRateLimits;
        var parameters = request.Parameters;
        var weight = method.WeightOf(parameters);
        var orders = method.UnfilledOrders;
        var now = _host.TimeProvider.GetUtcNow();
        var admission = _host.Limits.Admit(weight, orders, now);
        if (admission.Verdict != AdmissionVerdict.Allowed)
        {
            var (status, _, body) = ExchangeLimiter.Rejection(admission);
            var (code, msg) = ReadError(body);
            var retryAt = admission.Verdict == AdmissionVerdict.Banned ? admission.BannedUntil : now + admission.RetryAfter;
            return (WebSocketApiResponseWriter.Error(id, status, code, msg, Limits(showLimits, orders > 0),
                [("serverTime", _host.ServerNow.ToUnixTimeMilliseconds()), ("retryAfter", retryAt.ToUnixTimeMilliseconds())]), false);
        }

        if ((method.IsSigned || method.Kind == WebSocketApiMethodKind.Logon) && Authenticate(method, request) is { } rejection)
        {
            if (orders > 0)
            {
                _host.Limits.RefundOrder(orders, _host.TimeProvider.GetUtcNow());
            }

            return (WebSocketApiResponseWriter.Error(id, rejection.Status, rejection.Code, rejection.Message, Limits(showLimits, orders > 0)), false);
        }

        if (method.Kind != WebSocketApiMethodKind.Rest)
        {
            return (Session(method, request, showLimits), false);
        }

        return await RestAsync(method, request, weight, showLimits, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<(byte[]? Frame, bool DropAfter)> RestAsync(WebSocketApiMethod method, WebSocketApiRequest request, int weight, bool showLimits, CancellationToken cancellationToken)
    {
        var id = request.Id;
        var forwarded = request.Parameters.Where(p => p.Key is not ("apiKey" or "signature" or "timestamp" or "recvWindow" or "returnRateLimits")).ToList();
        var isPlacement = method.IsOrderPlacement;
        ExchangeResponse response;
        try
        {
            response = await _host.ExecuteAsync(new ExchangeRequest(method.Rest!.Endpoint, forwarded, weight), cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeTimeoutException)
        {
            return (WebSocketApiResponseWriter.Error(id, 500, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", Limits(showLimits, isPlacement)), false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exchange failed: Binance answers an unknown error (the outcome of an order is unknown to the client).
            return (WebSocketApiResponseWriter.Error(id, 500, -1000, "An unknown error occurred while processing the request.", Limits(showLimits, isPlacement)), false);
        }

        if (isPlacement && !response.IsSuccess)
        {
            _host.Limits.RefundOrder(method.UnfilledOrders, _host.TimeProvider.GetUtcNow());
        }

        var limits = Limits(showLimits, isPlacement);
        byte[] frame;
        if (response.IsSuccess)
        {
            frame = WebSocketApiResponseWriter.Success(id, response.Body.Span, limits);
        }
        else
        {
            var (code, msg) = ReadError(response.Body.Span);
            frame = WebSocketApiResponseWriter.Error(id, response.StatusCode, code, msg, limits);
        }

        if (isPlacement && response.IsSuccess)
        {
            if (_host.Faults.TakeLoseOrderResponse())
            {
                return (null, false);
            }

            if (_host.Faults.TakeDropAfterOrderResponse())
            {
                return (frame, true);
            }
        }

        return (frame, false);
    }

    private byte[] Session(WebSocketApiMethod method, WebSocketApiRequest request, bool showLimits)
    {
        var id = request.Id;
        var limits = Limits(showLimits, orders: false);
        switch (method.Kind)
        {
            case WebSocketApiMethodKind.Logon:
                lock (_gate)
                {
                    _loggedOnKey = request.Get("apiKey");
                    _authorizedSince = _host.ServerNow.ToUnixTimeMilliseconds();
                }

                return WebSocketApiResponseWriter.Success(id, StatusResult(showLimits), limits);
            case WebSocketApiMethodKind.Status:
                return WebSocketApiResponseWriter.Success(id, StatusResult(showLimits), limits);
            case WebSocketApiMethodKind.Logout:
                Terminate(onlyLogon: true);
                lock (_gate)
                {
                    _loggedOnKey = null;
                    _authorizedSince = 0;
                }

                return WebSocketApiResponseWriter.Success(id, StatusResult(showLimits), limits);
            case WebSocketApiMethodKind.Subscriptions:
                return WebSocketApiResponseWriter.Success(id, Json(w =>
                {
                    w.WriteStartArray();
                    foreach (var subscription in SubscriptionIds)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("subscriptionId", subscription);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }), limits);
            case WebSocketApiMethodKind.Subscribe when !IsLoggedOn:
                return WebSocketApiResponseWriter.Error(id, 401, -1002, "You are not authorized to execute this request.", limits);
            case WebSocketApiMethodKind.Subscribe:
            case WebSocketApiMethodKind.SubscribeSignature:
                return Subscribe(id, fromLogon: method.Kind == WebSocketApiMethodKind.Subscribe, limits);
            case WebSocketApiMethodKind.Unsubscribe:
                return Unsubscribe(request, limits);
            default:
                return WebSocketApiResponseWriter.Error(id, 400, -1020, "This operation is not supported.", limits);
        }
    }

    private byte[] Subscribe(ReadOnlySpan<byte> id, bool fromLogon, IReadOnlyList<(string, string, int, int, int)>? limits)
    {
        if (_host.UserData is not { } feed)
        {
            return WebSocketApiResponseWriter.Error(id, 400, -1020, "User data streams are not available on this server (its backend is not an in-memory exchange).", limits);
        }

        int subscriptionId;
        var subscribeFeed = false;
        lock (_gate)
        {
            // web-socket-api.md: one active subscription per account per connection; the mock has one account.
            if (_subscriptions.Count > 0)
            {
                return WebSocketApiResponseWriter.Error(id, 400, -2035, "User Data Stream subscription already active.", limits);
            }

            if (_nextSubscriptionId >= ushort.MaxValue)
            {
                return WebSocketApiResponseWriter.Error(id, 400, -2042, "Maximum subscription ID reached for this connection.", limits);
            }

            if (_subscriptions.Count >= MaxSubscriptions)
            {
                return WebSocketApiResponseWriter.Error(id, 400, -2035, "User Data Stream subscription already active.", limits);
            }

            subscriptionId = _nextSubscriptionId++;
            _subscriptions.Add((subscriptionId, fromLogon));
            subscribeFeed = _feedSubscription is null;
        }

        if (subscribeFeed)
        {
            var handle = feed.Subscribe(this);
            lock (_gate)
            {
                if (_feedSubscription is null)
                {
                    _feedSubscription = handle;
                    handle = null;
                }
            }

            handle?.Dispose();
        }

        return WebSocketApiResponseWriter.Success(id, Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("subscriptionId", subscriptionId);
            w.WriteEndObject();
        }), limits);
    }

    private byte[] Unsubscribe(WebSocketApiRequest request, IReadOnlyList<(string, string, int, int, int)>? limits)
    {
        var wanted = request.Get("subscriptionId");
        int? only = null;
        if (wanted is not null)
        {
            if (!int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return WebSocketApiResponseWriter.Error(request.Id, 400, -1100, "Illegal characters found in parameter 'subscriptionId'; legal range is '^[0-9]{1,20}$'.", limits);
            }

            only = parsed;
        }

        lock (_gate)
        {
            if (only is { } one && !_subscriptions.Exists(s => s.Id == one))
            {
                return WebSocketApiResponseWriter.Error(request.Id, 400, -2036, "User Data Stream subscription not active.", limits);
            }
        }

        Terminate(onlyLogon: false, only);
        return WebSocketApiResponseWriter.Success(request.Id, "{}"u8, limits);
    }

    /// <summary>Ends subscriptions: each gets <c>eventStreamTerminated</c> (after the current response when a request is being handled).</summary>
    private void Terminate(bool onlyLogon, int? only = null)
    {
        IDisposable? feed = null;
        lock (_gate)
        {
            var time = _host.ServerNow.ToUnixTimeMilliseconds();
            var terminated = UserDataEventWriter.EventStreamTerminated(time);
            foreach (var subscription in _subscriptions.Where(s => (!onlyLogon || s.FromLogon) && (only is null || s.Id == only)).ToList())
            {
                var frame = UserDataEventWriter.Frame(subscription.Id, terminated);
                if (_holding)
                {
                    _held.Add(frame);
                }
                else
                {
                    Deliver(frame);
                }

                _subscriptions.Remove(subscription);
            }

            if (_subscriptions.Count == 0)
            {
                feed = _feedSubscription;
                _feedSubscription = null;
            }
        }

        feed?.Dispose();
    }

    private ReadOnlySpan<byte> StatusResult(bool showLimits)
    {
        string? key;
        long since;
        bool subscribed;
        lock (_gate)
        {
            key = _loggedOnKey;
            since = _authorizedSince;
            subscribed = _subscriptions.Count > 0;
        }

        var available = _host.UserData is not null;
        return Json(w =>
        {
            w.WriteStartObject();
            if (key is null)
            {
                w.WriteNull("apiKey");
                w.WriteNull("authorizedSince");
            }
            else
            {
                w.WriteString("apiKey", key);
                w.WriteNumber("authorizedSince", since);
            }

            w.WriteNumber("connectedSince", _connectedSince);
            w.WriteBoolean("returnRateLimits", showLimits);
            w.WriteNumber("serverTime", _host.ServerNow.ToUnixTimeMilliseconds());
            if (available)
            {
                w.WriteBoolean("userDataStream", subscribed);
            }
            else
            {
                w.WriteNull("userDataStream");
            }

            w.WriteEndObject();
        });
    }

    /// <summary>The signature (or the logged-on key) and the timestamp of a signed request, as REST checks them.</summary>
    private (int Status, int Code, string Message)? Authenticate(WebSocketApiMethod method, WebSocketApiRequest request)
    {
        var signature = request.Get("signature");
        var apiKey = request.Get("apiKey");
        var logon = method.Kind == WebSocketApiMethodKind.Logon;
        if (signature is null && !logon && IsLoggedOn && method.Kind != WebSocketApiMethodKind.SubscribeSignature)
        {
            // A logged-on session signs nothing, but the timestamp is still checked (web-socket-api.md, "Session Authentication").
            return CheckTimestamp(request);
        }

        if (string.IsNullOrEmpty(apiKey))
        {
            return (400, -1102, "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.");
        }

        if (_host.ApiKey is { } expected && !string.Equals(apiKey, expected, StringComparison.Ordinal))
        {
            return (401, -2015, "Invalid API-key, IP, or permissions for action.");
        }

        if (string.IsNullOrEmpty(signature))
        {
            return (400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
        }

        if (logon && !_host.IsEd25519Key)
        {
            return (401, -1002, "You are not authorized to execute this request. session.logon accepts Ed25519 API keys only.");
        }

        if (!_host.VerifySignature(request.SignaturePayload(), signature))
        {
            return (400, -1022, "Signature for this request is not valid.");
        }

        return CheckTimestamp(request);
    }

    private (int Status, int Code, string Message)? CheckTimestamp(WebSocketApiRequest request)
    {
        var timestampText = request.Get("timestamp");
        if (!decimal.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return (400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        }

        if (timestampText!.Length >= 16)
        {
            timestamp /= 1000m; // microseconds
        }

        var recvWindow = 5000m;
        if (request.Get("recvWindow") is { } recvText)
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

        var serverTime = (decimal)_host.ServerNow.ToUnixTimeMilliseconds();
        if (timestamp >= serverTime + 1000m)
        {
            return (400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }

        if (serverTime - timestamp > recvWindow)
        {
            return (400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }

        return null;
    }

    /// <summary>The <c>rateLimits</c> of a response: REQUEST_WEIGHT always, ORDERS for order requests (the limits the request affected).</summary>
    private List<(string, string, int, int, int)>? Limits(bool show, bool orders)
    {
        if (!show)
        {
            return null;
        }

        var now = _host.TimeProvider.GetUtcNow();
        var limits = _host.Limits;
        var result = new List<(string, string, int, int, int)>();
        if (orders)
        {
            foreach (var (limit, count) in limits.OrderCounts(now))
            {
                result.Add((ExchangeLimiter.TypeWireName(limit), ExchangeLimiter.IntervalWireName(limit), limit.IntervalNum, limit.Limit, count));
            }
        }

        var weight = limits.Limits.FirstOrDefault(l => l.Type == RateLimitType.RequestWeight);
        if (weight is not null)
        {
            result.Add((ExchangeLimiter.TypeWireName(weight), ExchangeLimiter.IntervalWireName(weight), weight.IntervalNum, weight.Limit, limits.UsedWeight(now)));
        }

        return result;
    }

    private static (int Code, string Message) ReadError(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code) && code.TryGetInt32(out var value)
                && document.RootElement.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String)
            {
                return (value, msg.GetString()!);
            }
        }
        catch (JsonException)
        {
            // Not Binance's error body (an HTML page of a simulated outage): an unknown error, as Binance answers.
        }

        return (-1000, "An unknown error occurred while processing the request.");
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void SendNow(byte[] frame)
    {
        lock (_gate)
        {
            if (_dropped)
            {
                return;
            }

            _output.Send(frame);
        }
    }

    private void DropConnection()
    {
        lock (_gate)
        {
            _dropped = true;
            _held.Clear();
        }

        _output.Drop();
    }

    private void ReleaseHeld()
    {
        lock (_gate)
        {
            _holding = false;
            foreach (var frame in _held)
            {
                Deliver(frame);
            }

            _held.Clear();
        }
    }

    /// <summary>Sends an event frame now, or after the configured delay (in order). Caller holds <see cref="_gate"/>.</summary>
    private void Deliver(byte[] frame)
    {
        if (_dropped)
        {
            return;
        }

        var delay = _host.Faults.EventDelay;
        if (delay <= TimeSpan.Zero && _delayedPending == 0)
        {
            _output.Send(frame);
            return;
        }

        _delayedPending++;
        _delayed.Writer.TryWrite((frame, _host.TimeProvider.GetUtcNow() + delay));
        _delayPump ??= Task.Run(PumpDelayedAsync);
    }

    private async Task PumpDelayedAsync()
    {
        var token = _closed.Token;
        try
        {
            await foreach (var (frame, due) in _delayed.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                var wait = due - _host.TimeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _host.TimeProvider, token).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    _delayedPending--;
                    if (!_dropped)
                    {
                        _output.Send(frame);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended; what was waiting is lost with it.
        }
    }
}
