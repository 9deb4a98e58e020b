using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>Receives an event frame's <c>event</c> object (valid only during the call).</summary>
/// <param name="session">The connection it arrived on.</param>
/// <param name="subscriptionId">Its <c>subscriptionId</c>, when present.</param>
/// <param name="eventJson">The event object.</param>
internal delegate void WebSocketApiEventHandler(WebSocketApiSession session, int? subscriptionId, ReadOnlySpan<byte> eventJson);

/// <summary>
/// One logical WebSocket API connection that stays up: it connects (and reconnects with exponential backoff and
/// jitter), authenticates each new connection with <c>session.logon</c> when the key is Ed25519, runs the
/// <see cref="SessionOpening"/> hook (user data resubscription) before the connection takes requests, and replaces the
/// connection make-before-break on <c>serverShutdown</c> and before the 24 h limit. Requests are correlated by id, bounded
/// in number (<see cref="WebSocketApiOptions.MaxInFlight"/>), and timed out (<see cref="WebSocketApiOptions.RequestTimeout"/>).
/// </summary>
/// <remarks>
/// Outcomes are reported as the REST transport reports them: a failure before the bytes could leave (no connection
/// within <see cref="WebSocketApiOptions.ConnectWait"/>, no in-flight slot, signing) sets
/// <see cref="ExchangeException.RequestNotSent"/>; after <see cref="ExchangeRequest.MarkMayHaveBeenSent"/>, a lost connection
/// or a missing response is an <see cref="ExchangeUnavailableException"/> or <see cref="ExchangeTimeoutException"/> whose
/// outcome is unknown, so the order path reconciles by client order id and never re-sends. Unsolicited frames (events,
/// id-less errors, responses to unknown ids, binary and malformed frames) are routed or counted, never fatal.
/// Ping frames are answered by the socket itself while a receive is pending (the receive loop always has one); when no
/// frame arrives for <see cref="WebSocketApiOptions.IdleProbeInterval"/> a <c>ping</c> request probes the connection.
/// </remarks>
internal sealed class WebSocketApiConnection : IAsyncDisposable
{
    private readonly Uri _uri;
    private readonly IWebSocketConnectionFactory _factory;
    private readonly WebSocketApiOptions _options;
    private readonly WebSocketApiCredentials? _credentials;
    private readonly IServerClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IRateLimitBudget? _budget;
    private readonly Random _random;
    private readonly SemaphoreSlim _inFlight;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private TaskCompletionSource<WebSocketApiSession> _ready = NewReady();
    private Task? _supervisor;
    private long _sequence;
    private long _connects;
    private long _unknownIdResponses;
    private long _idlessErrors;
    private long _binaryFrames;
    private long _malformedFrames;
    private long _oversizedFrames;
    private long _serverShutdowns;
    private long _eventHandlerFailures;
    private int _disposed;

    /// <summary>Creates the connection; it connects on <see cref="StartAsync"/> or the first request.</summary>
    /// <param name="uri">The WebSocket API URL, e.g. <c>wss://ws-api.binance.com:443/ws-api/v3</c>.</param>
    /// <param name="factory">Opens sockets.</param>
    /// <param name="options">Timeouts, bounds and backoff.</param>
    /// <param name="credentials">The key and signer; null for public methods only.</param>
    /// <param name="clock">The shared server clock, for <c>timestamp</c>.</param>
    /// <param name="time">The time source for timeouts, backoff and connection age.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="budget">When given, the connection's own requests (logon, probes) and connects are counted in it and reconciled with their <c>rateLimits</c>; the pipeline counts every other request.</param>
    /// <param name="random">The jitter source.</param>
    public WebSocketApiConnection(Uri uri, IWebSocketConnectionFactory factory, WebSocketApiOptions options, WebSocketApiCredentials? credentials, IServerClock clock, TimeProvider time, ILogger<WebSocketApiConnection> logger, IRateLimitBudget? budget = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInFlight, 1);
        _uri = uri;
        _factory = factory;
        _options = options;
        _credentials = credentials;
        _clock = clock;
        _time = time;
        _logger = logger;
        _budget = budget;
        _random = random ?? Random.Shared;
        _inFlight = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
    }

    /// <summary>Receives events (user data, with their subscription id). Called on the receive loop: keep it short.</summary>
    public WebSocketApiEventHandler? EventReceived { get; set; }

    /// <summary>Runs on every new connection after logon and before it takes requests (e.g. to resubscribe user data).</summary>
    public Func<WebSocketApiSession, CancellationToken, Task>? SessionOpening { get; set; }

    /// <summary>Called when the server announces a shutdown on a connection (the connection is then replaced).</summary>
    public Action<WebSocketApiSession>? ServerShutdownReceived { get; set; }

    /// <summary>Whether connections are authenticated with <c>session.logon</c> (Ed25519 key and the option on).</summary>
    public bool UsesSessionLogon => _options.UseSessionLogon && _credentials is { CanLogOn: true };

    /// <summary>The key and signer, if any.</summary>
    internal WebSocketApiCredentials? Credentials => _credentials;

    /// <summary>The connection taking requests now, or null while (re)connecting.</summary>
    public WebSocketApiSession? Current
    {
        get
        {
            var ready = Volatile.Read(ref _ready).Task;
            return ready.IsCompletedSuccessfully ? ready.Result : null;
        }
    }

    /// <summary>How many connections were opened.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Responses whose id matched no request (late answers after a timeout, or foreign ids).</summary>
    public long UnknownIdResponses => Interlocked.Read(ref _unknownIdResponses);

    /// <summary>Error responses without an id (e.g. a revoked session).</summary>
    public long IdlessErrors => Interlocked.Read(ref _idlessErrors);

    /// <summary>Binary frames (SBE, never requested) ignored.</summary>
    public long BinaryFrames => Interlocked.Read(ref _binaryFrames);

    /// <summary>Frames that were neither a response nor an event.</summary>
    public long MalformedFrames => Interlocked.Read(ref _malformedFrames);

    /// <summary>Frames above <see cref="WebSocketApiOptions.MaxMessageBytes"/>, drained and dropped.</summary>
    public long OversizedFrames => Interlocked.Read(ref _oversizedFrames);

    /// <summary><c>serverShutdown</c> events received.</summary>
    public long ServerShutdowns => Interlocked.Read(ref _serverShutdowns);

    /// <summary>Exceptions thrown by <see cref="EventReceived"/> (logged; the connection goes on).</summary>
    public long EventHandlerFailures => Interlocked.Read(ref _eventHandlerFailures);

    /// <summary>Starts connecting in the background (idempotent).</summary>
    /// <param name="cancellationToken">Unused; the connection runs until disposed.</param>
    /// <returns>A completed task.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            _supervisor ??= Task.Run(() => SuperviseAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until a connection is ready (connected, authenticated, hooks run).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The connection.</returns>
    public async Task<WebSocketApiSession> WaitReadyAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var session = await Volatile.Read(ref _ready).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!session.IsClosed)
            {
                return session;
            }

            await Task.Yield();
        }
    }

    /// <summary>Waits for a ready connection at most <see cref="WebSocketApiOptions.ConnectWait"/>.</summary>
    /// <param name="what">What waits, for the error message.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ExchangeUnavailableException">No connection in time; nothing was sent.</exception>
    internal async Task<WebSocketApiSession> WaitReadyBoundedAsync(string what, CancellationToken cancellationToken)
    {
        using var connectWait = new CancellationTokenSource(_options.ConnectWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectWait.Token);
        try
        {
            return await WaitReadyAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExchangeUnavailableException($"{what}: no WebSocket API connection within {_options.ConnectWait.TotalSeconds:0.#} s; the request was not sent.", innerException: ex)
            {
                RequestNotSent = true,
            };
        }
    }

    /// <summary>The time source.</summary>
    internal TimeProvider TimeProvider => _time;

    /// <summary>
    /// Sends a request and awaits its response: waits for an in-flight slot and a ready connection (both bounded; failing
    /// either way means nothing was sent), writes and signs the frame (timestamp taken now), marks
    /// <paramref name="request"/> as possibly sent, sends, and waits for the response with the same id.
    /// </summary>
    /// <param name="endpoint">The endpoint (security decides the signing).</param>
    /// <param name="method">The WebSocket API method.</param>
    /// <param name="parameters">The unsigned parameters.</param>
    /// <param name="id">The request id; unique among the requests in flight.</param>
    /// <param name="request">The request to mark as possibly sent, when it comes from the pipeline.</param>
    /// <param name="cancellationToken">Cancels the waits and the send.</param>
    /// <returns>The response (error statuses are returned, not thrown).</returns>
    public async Task<ExchangeResponse> SendAsync(ExchangeEndpoint endpoint, string method, IReadOnlyList<KeyValuePair<string, string>> parameters, string id, ExchangeRequest? request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await AcquireSlotAsync(method, id, cancellationToken).ConfigureAwait(false);
        try
        {
            if (Current is { IsClosed: false } ready)
            {
                // The common case: a connection is up, so no connect-wait timer is armed.
                try
                {
                    return await SendOnSessionAsync(ready, endpoint, method, parameters, id, request, cancellationToken).ConfigureAwait(false);
                }
                catch (SessionClosedBeforeSendException)
                {
                    // It ended just now: wait for the next one below.
                }
            }

            using var connectWait = new CancellationTokenSource(_options.ConnectWait, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectWait.Token);
            while (true)
            {
                WebSocketApiSession session;
                try
                {
                    session = await WaitReadyAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ExchangeUnavailableException($"{method}: no WebSocket API connection within {_options.ConnectWait.TotalSeconds:0.#} s; the request was not sent.", correlationId: id, innerException: ex)
                    {
                        RequestNotSent = true,
                    };
                }

                try
                {
                    return await SendOnSessionAsync(session, endpoint, method, parameters, id, request, cancellationToken).ConfigureAwait(false);
                }
                catch (SessionClosedBeforeSendException)
                {
                    // The connection ended between being handed out and the send: nothing left; wait for the next one.
                }
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>Sends on one connection, bypassing the ready gate (used for logon and resubscription while it opens).</summary>
    internal async Task<ExchangeResponse> SendOnSessionAsync(WebSocketApiSession session, ExchangeEndpoint endpoint, string method, IReadOnlyList<KeyValuePair<string, string>> parameters, string id, ExchangeRequest? request, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(method);
        if (!session.Pending.TryAdd(id, pending))
        {
            throw new ExchangeValidationException($"{method}: a request with id '{id}' is already awaiting its response on this connection; the request was not sent.", correlationId: id)
            {
                RequestNotSent = true,
            };
        }

        try
        {
            await session.SendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (session.IsClosed)
                {
                    throw new SessionClosedBeforeSendException();
                }

                // Signed now, after every wait, so the timestamp is fresh.
                var frame = WebSocketApiRequestWriter.Write(id, method, parameters, SigningMode(session, endpoint), _credentials, _clock, _options.RecvWindow);
                pending.MarkSent(_time.GetTimestamp());
                request?.MarkMayHaveBeenSent();
                await session.Socket.SendTextAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                session.Abort("send failed: " + ex.Message);
                throw new ExchangeUnavailableException($"{method}: the WebSocket API connection broke while sending; the outcome is unknown.", correlationId: id, innerException: ex);
            }
            finally
            {
                session.SendLock.Release();
            }

            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                return await pending.Completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex)
            {
                Log.RequestTimedOut(_logger, session.ConnectionId, method, id, _options.RequestTimeout.TotalMilliseconds);
                throw new ExchangeTimeoutException($"{method}: no response on the WebSocket API within {_options.RequestTimeout.TotalSeconds:0.#} s; the outcome is unknown.", correlationId: id, innerException: ex);
            }
            catch (WebSocketApiConnectionLostException ex)
            {
                throw new ExchangeUnavailableException($"{method}: the WebSocket API connection closed before the response ({ex.Message}); the outcome is unknown (it may have executed).", correlationId: id, innerException: ex);
            }
        }
        finally
        {
            session.Pending.TryRemove(new KeyValuePair<string, PendingRequest>(id, pending));
        }
    }

    /// <summary>Sends one of the connection's own requests on a connection, counted in the budget and reconciled with its <c>rateLimits</c>.</summary>
    internal async Task<ExchangeResponse> SendInternalAsync(WebSocketApiSession session, ExchangeEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> parameters, int weight, CancellationToken cancellationToken)
    {
        var grantedAt = _budget is null ? default : await _budget.AcquireAsync(weight, false, cancellationToken).ConfigureAwait(false);
        ExchangeResponse response;
        try
        {
            response = await SendOnSessionAsync(session, endpoint, endpoint.WebSocketMethod, parameters, Internal.CorrelationIds.Next(), null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _budget?.Release(weight, false);
        }

        if (_budget is not null)
        {
            Reconcile(_budget, response, grantedAt);
        }

        return response;
    }

    /// <summary>Sends <c>session.logon</c> on a connection and marks it authenticated.</summary>
    /// <param name="session">The connection.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task.</returns>
    internal async Task LogOnAsync(WebSocketApiSession session, CancellationToken cancellationToken)
    {
        var response = await SendInternalAsync(session, WebSocketApiEndpoints.SessionLogon, [], WebSocketApiEndpoints.Weight, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            var request = new ExchangeRequest(WebSocketApiEndpoints.SessionLogon, [], WebSocketApiEndpoints.Weight);
            throw ResponseErrors.ToException(request, response, _time.GetUtcNow());
        }

        session.IsAuthenticated = true;
        Log.LoggedOn(_logger, session.ConnectionId);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopped.TrySetResult();
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? supervisor;
        lock (_gate)
        {
            supervisor = _supervisor;
        }

        if (supervisor is not null)
        {
            await supervisor.ConfigureAwait(false);
        }

        lock (_gate)
        {
            // Requests still waiting for a connection fail now, unsent, instead of at the end of their connect wait.
            var disposed = new ExchangeUnavailableException("The WebSocket API connection was disposed; the request was not sent.") { RequestNotSent = true };
            if (!_ready.TrySetException(disposed))
            {
                _ready = NewReady();
                _ready.TrySetException(disposed);
            }

            _ = _ready.Task.Exception; // observed: nobody may be waiting
        }

        _stop.Dispose();
    }

    private static WebSocketApiSigningMode SigningMode(WebSocketApiSession session, ExchangeEndpoint endpoint)
    {
        if (!endpoint.IsSigned)
        {
            return WebSocketApiSigningMode.None;
        }

        return session.IsAuthenticated && !WebSocketApiEndpoints.AlwaysCarriesSignature(endpoint)
            ? WebSocketApiSigningMode.Session
            : WebSocketApiSigningMode.Signature;
    }

    private async Task AcquireSlotAsync(string method, string id, CancellationToken cancellationToken)
    {
        if (_inFlight.Wait(0, CancellationToken.None))
        {
            return;
        }

        using var wait = new CancellationTokenSource(_options.InFlightWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wait.Token);
        try
        {
            await _inFlight.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExchangeTimeoutException($"{method}: {_options.MaxInFlight} WebSocket API requests were awaiting responses for {_options.InFlightWait.TotalSeconds:0.#} s; the request was not sent.", correlationId: id, innerException: ex)
            {
                RequestNotSent = true,
            };
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The supervisor must survive any fault of one connection; each is logged and followed by a reconnect.")]
    private async Task SuperviseAsync(CancellationToken stop)
    {
        var failures = 0;
        WebSocketApiSession? session = null;
        while (!stop.IsCancellationRequested)
        {
            if (failures > 0)
            {
                try
                {
                    await Task.Delay(Backoff(failures), _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            session = null;
            try
            {
                if (_budget is not null)
                {
                    // Connecting costs 2 weight (web-socket-api.md, IP limits).
                    await _budget.AcquireAsync(2, false, stop).ConfigureAwait(false);
                    _budget.Release(2, false);
                }

                var socket = await _factory.ConnectAsync(_uri, stop).ConfigureAwait(false);
                session = new WebSocketApiSession(Interlocked.Increment(ref _sequence), socket, _time.GetTimestamp());
                Interlocked.Increment(ref _connects);
                Log.Connected(_logger, session.ConnectionId, _uri.Host);
                _ = ReceiveLoopAsync(session);
                if (UsesSessionLogon)
                {
                    await LogOnAsync(session, stop).ConfigureAwait(false);
                }

                if (SessionOpening is { } opening)
                {
                    await opening(session, stop).ConfigureAwait(false);
                }

                Publish(session);
                failures = 0;
                if (_options.IdleProbeInterval > TimeSpan.Zero)
                {
                    _ = ProbeLoopAsync(session);
                }

                var age = Task.Delay(_options.MaxConnectionAge, _time, session.Closing);
                await Task.WhenAny(session.Ended.Task, session.ShutdownAnnounced.Task, age, _stopped.Task).ConfigureAwait(false);
                Unpublish(session);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                if (session.IsClosed)
                {
                    // Dropped: reconnect after a short, jittered pause (a server that accepts and drops at once is not hammered).
                    failures = 1;
                    continue;
                }

                // Make before break: the next connection opens now; this one finishes its requests, then closes.
                var reason = session.ShutdownAnnounced.Task.IsCompleted ? "server shutdown announced" : "maximum connection age reached";
                Log.Replacing(_logger, session.ConnectionId, reason);
                _ = DrainAsync(session, reason);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                if (session is not null)
                {
                    Unpublish(session);
                    session.Abort("connection set-up failed: " + ex.Message);
                }

                Log.ConnectFailed(_logger, ex, failures, Backoff(failures));
            }
        }

        if (session is not null)
        {
            Unpublish(session);
            session.Abort("client disposed");
        }
    }

    private async Task DrainAsync(WebSocketApiSession session, string reason)
    {
        try
        {
            await Task.Delay(_options.RequestTimeout, _time, session.Closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ended on its own.
        }

        session.Abort(reason);
        await CloseQuietlyAsync(session).ConfigureAwait(false);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A probe failure of any kind recycles the connection.")]
    private async Task ProbeLoopAsync(WebSocketApiSession session)
    {
        var interval = _options.IdleProbeInterval;
        try
        {
            while (!session.IsClosed)
            {
                await Task.Delay(interval, _time, session.Closing).ConfigureAwait(false);
                var quiet = _time.GetElapsedTime(session.LastReceived);
                if (quiet < interval)
                {
                    continue;
                }

                try
                {
                    await SendInternalAsync(session, SpotRestEndpointsPing, [], 1, session.Closing).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ProbeFailed(_logger, session.ConnectionId, quiet);
                    session.Abort("no answer to the idle probe");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
    }

    private static ExchangeEndpoint SpotRestEndpointsPing => Protocol.SpotRestEndpoints.Ping.Endpoint;

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any receive failure ends this connection (recorded as the reason); the supervisor reconnects.")]
    private async Task ReceiveLoopAsync(WebSocketApiSession session)
    {
        var reason = "closed by the server";
        var recorder = new MessageTypeRecorder(session.Socket);
        using var reader = new WebSocketMessageReader(_options.MaxMessageBytes);
        try
        {
            while (true)
            {
                var status = await reader.ReadAsync(recorder, session.Closing).ConfigureAwait(false);
                session.LastReceived = _time.GetTimestamp();
                if (status == MessageReadStatus.Closed)
                {
                    break;
                }

                if (status == MessageReadStatus.Oversized)
                {
                    Interlocked.Increment(ref _oversizedFrames);
                    Log.IgnoredFrame(_logger, session.ConnectionId, $"oversized: {reader.DroppedBytes} bytes");
                    continue;
                }

                if (recorder.LastMessageType == WebSocketMessageType.Binary)
                {
                    Interlocked.Increment(ref _binaryFrames);
                    Log.IgnoredFrame(_logger, session.ConnectionId, "binary frame");
                    continue;
                }

                HandleFrame(session, reader.Message.Span);
            }
        }
        catch (OperationCanceledException) when (session.Closing.IsCancellationRequested)
        {
            reason = "aborted";
        }
        catch (Exception ex)
        {
            reason = ex.GetType().Name + ": " + ex.Message;
        }

        var inFlight = session.Pending.Count;
        Unpublish(session);
        session.TryEnd(reason);
        Log.ConnectionEnded(_logger, session.ConnectionId, session.Ended.Task.Result, inFlight);

        await CloseQuietlyAsync(session).ConfigureAwait(false);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A failing event handler must not end the connection; it is counted and logged.")]
    private void HandleFrame(WebSocketApiSession session, ReadOnlySpan<byte> utf8)
    {
        var frame = WebSocketApiFrameParser.Parse(utf8);
        switch (frame.Kind)
        {
            case WebSocketApiFrameKind.Response when frame.Id is not null:
                if (session.Pending.TryGetValue(frame.Id, out var pending) && pending.IsSent)
                {
                    var response = WebSocketApiResponses.ToExchangeResponse(frame, utf8, _time.GetElapsedTime(pending.SentAt), _time.GetUtcNow());
                    pending.Completion.TrySetResult(response);
                }
                else
                {
                    Interlocked.Increment(ref _unknownIdResponses);
                    Log.UnknownResponse(_logger, session.ConnectionId, frame.Id, frame.Status);
                }

                break;
            case WebSocketApiFrameKind.Response:
                Interlocked.Increment(ref _idlessErrors);
                var error = frame.Body.Equals(default(Range)) ? string.Empty : System.Text.Encoding.UTF8.GetString(utf8[frame.Body]);
                Log.IdlessError(_logger, session.ConnectionId, frame.Status, error);
                if (frame.Status == 401)
                {
                    // "the session will be revoked" (-2015): later signed requests carry their own signature again.
                    session.IsAuthenticated = false;
                }

                break;
            case WebSocketApiFrameKind.Event when frame.EventType == "serverShutdown" && frame.SubscriptionId is null:
                Interlocked.Increment(ref _serverShutdowns);
                Log.ServerShutdown(_logger, session.ConnectionId);
                session.ShutdownAnnounced.TrySetResult();
                try
                {
                    ServerShutdownReceived?.Invoke(session);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref _eventHandlerFailures);
                    Log.EventHandlerFailed(_logger, ex, session.ConnectionId);
                }

                break;
            case WebSocketApiFrameKind.Event:
                try
                {
                    EventReceived?.Invoke(session, frame.SubscriptionId, utf8[frame.Event]);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref _eventHandlerFailures);
                    Log.EventHandlerFailed(_logger, ex, session.ConnectionId);
                }

                break;
            default:
                Interlocked.Increment(ref _malformedFrames);
                Log.IgnoredFrame(_logger, session.ConnectionId, frame.Problem ?? "malformed");
                break;
        }
    }

    private void Publish(WebSocketApiSession session)
    {
        lock (_gate)
        {
            if (session.IsClosed)
            {
                throw new WebSocketApiConnectionLostException("the connection closed while it was being set up");
            }

            if (!_ready.TrySetResult(session))
            {
                _ready = NewReady();
                _ready.TrySetResult(session);
            }
        }
    }

    private void Unpublish(WebSocketApiSession session)
    {
        lock (_gate)
        {
            if (_ready.Task.IsCompletedSuccessfully && ReferenceEquals(_ready.Task.Result, session))
            {
                _ready = NewReady();
            }
        }
    }

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Jitter spreads reconnects; it protects nothing.")]
    private TimeSpan Backoff(int failures)
    {
        var cap = _options.ReconnectMaxDelay.Ticks;
        var exponential = _options.ReconnectBaseDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = exponential >= cap ? cap : (long)exponential;
        var half = ticks / 2;
        return TimeSpan.FromTicks(half + (long)((ticks - half) * _random.NextDouble()));
    }

    private async Task CloseQuietlyAsync(WebSocketApiSession session)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            await session.Socket.CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // Already broken.
        }

        await session.Socket.DisposeAsync().ConfigureAwait(false);
    }

    private static void Reconcile(IRateLimitBudget budget, ExchangeResponse response, DateTimeOffset grantedAt)
    {
        foreach (var (name, value) in response.Headers)
        {
            var type = name.StartsWith("X-MBX-USED-WEIGHT-", StringComparison.OrdinalIgnoreCase) ? Models.RateLimitType.RequestWeight
                : name.StartsWith("X-MBX-ORDER-COUNT-", StringComparison.OrdinalIgnoreCase) ? Models.RateLimitType.Orders
                : Models.RateLimitType.Unknown;
            if (type == Models.RateLimitType.Unknown)
            {
                continue;
            }

            // Both prefixes are 18 characters long.
            var suffix = name.AsSpan(18);
            if (RateLimitingTransport.TryParseWindow(suffix, out var window)
                && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var used))
            {
                budget.ReconcileUsage(type, window, used, grantedAt);
            }
        }
    }

    private static TaskCompletionSource<WebSocketApiSession> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The connection handed out ended before the send; the caller waits for the next one.</summary>
    private sealed class SessionClosedBeforeSendException : Exception
    {
        public SessionClosedBeforeSendException()
            : base("The connection ended before the request was sent.")
        {
        }

        public SessionClosedBeforeSendException(string message)
            : base(message)
        {
        }

        public SessionClosedBeforeSendException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
