using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// The WebSocket API client: the <see cref="Transport"/> every REST-mirroring method goes through (under the usual
/// pipeline), the session methods (<c>session.status</c>, <c>session.logon</c>) and user data stream subscriptions,
/// whose events are routed by connection and <c>subscriptionId</c> into each <see cref="UserDataSubscription"/> and which
/// are re-established on every new connection before it takes requests.
/// </summary>
internal sealed class WebSocketApiClient : IAsyncDisposable
{
    private const int MaxEarlyEvents = 10_000;

    private readonly WebSocketApiConnection _connection;
    private readonly ILogger _logger;
    private readonly Lock _routeLock = new();
    private readonly List<UserDataSubscription> _active = [];
    private readonly Dictionary<(long Session, int Id), UserDataSubscription> _routes = [];
    private readonly Dictionary<(long Session, int Id), List<byte[]>> _early = [];
    private int _earlyCount;
    private long _unroutedEvents;

    /// <summary>Creates the client over a connection (which it takes the event and connection-opening hooks of).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="logger">The logger.</param>
    public WebSocketApiClient(WebSocketApiConnection connection, ILogger<WebSocketApiClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Transport = new WebSocketApiTransport(connection);
        connection.EventReceived = OnEvent;
        connection.SessionOpening = ResubscribeAsync;
    }

    /// <summary>The transport to put under the resilience pipeline.</summary>
    public IExchangeTransport Transport { get; }

    /// <summary>The connection.</summary>
    public WebSocketApiConnection Connection => _connection;

    /// <summary>Events that matched no subscription (and were dropped after the early buffer filled).</summary>
    public long UnroutedEvents => Interlocked.Read(ref _unroutedEvents);

    /// <summary>Queries <c>session.status</c> on the current connection.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status.</returns>
    public async Task<WebSocketSessionStatus> GetSessionStatusAsync(CancellationToken cancellationToken = default) =>
        await SessionCallAsync(WebSocketApiEndpoints.SessionStatus, cancellationToken).ConfigureAwait(false);

    /// <summary>Authenticates the current connection with <c>session.logon</c> (done automatically on every connection when the key is Ed25519).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status after logon.</returns>
    /// <exception cref="AuthenticationException">The key is not Ed25519, or the exchange refused it.</exception>
    public async Task<WebSocketSessionStatus> LogOnAsync(CancellationToken cancellationToken = default)
    {
        if (_connection.Credentials is not { CanLogOn: true })
        {
            throw new AuthenticationException("session.logon needs an Ed25519 API key (Binance accepts no other for session authentication).");
        }

        var session = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        await _connection.LogOnAsync(session, cancellationToken).ConfigureAwait(false);
        return await SessionCallAsync(WebSocketApiEndpoints.SessionStatus, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes to the user data stream: <c>userDataStream.subscribe</c> on a logged-on connection, otherwise
    /// <c>userDataStream.subscribe.signature</c> signed with the configured key.
    /// </summary>
    /// <param name="capacity">The event buffer; when full the subscription ends loudly instead of dropping an event.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The subscription.</returns>
    public async Task<UserDataSubscription> SubscribeUserDataAsync(int capacity = 10_000, CancellationToken cancellationToken = default)
    {
        var subscription = new UserDataSubscription(capacity);
        var session = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        await SubscribeOnAsync(session, subscription, isResubscription: false, cancellationToken).ConfigureAwait(false);
        lock (_routeLock)
        {
            _active.Add(subscription);
        }

        if (_connection.Current is { } current && current.Sequence != subscription.SessionSequence)
        {
            // A reconnect happened between the subscribe and the line above: the new connection did not know it yet.
            await SubscribeOnAsync(current, subscription, isResubscription: true, cancellationToken).ConfigureAwait(false);
        }

        return subscription;
    }

    /// <summary>Stops a subscription (<c>userDataStream.unsubscribe</c> with its id) and completes its channel.</summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task.</returns>
    public async Task UnsubscribeUserDataAsync(UserDataSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_routeLock)
        {
            _active.Remove(subscription);
        }

        var session = _connection.Current;
        if (session is not null && session.Sequence == subscription.SessionSequence && subscription.SubscriptionId >= 0)
        {
            var response = await _connection.SendInternalAsync(
                session,
                WebSocketApiEndpoints.UserDataStreamUnsubscribe,
                [new("subscriptionId", subscription.SubscriptionId.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                WebSocketApiEndpoints.Weight,
                cancellationToken).ConfigureAwait(false);
            EnsureSuccess(WebSocketApiEndpoints.UserDataStreamUnsubscribe, response, _connection.TimeProvider.GetUtcNow());
        }

        lock (_routeLock)
        {
            _routes.Remove((subscription.SessionSequence, subscription.SubscriptionId));
        }

        subscription.Complete();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        lock (_routeLock)
        {
            foreach (var subscription in _active)
            {
                subscription.Fail(new ExchangeUnavailableException("The WebSocket API client was disposed; the user data subscription ended."));
            }

            _active.Clear();
            _routes.Clear();
        }
    }

    private Task<WebSocketApiSession> ReadyAsync(CancellationToken cancellationToken) =>
        _connection.WaitReadyBoundedAsync("WebSocket API client", cancellationToken);

    private async Task<WebSocketSessionStatus> SessionCallAsync(ExchangeEndpoint endpoint, CancellationToken cancellationToken)
    {
        var session = await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var response = await _connection.SendInternalAsync(session, endpoint, [], WebSocketApiEndpoints.Weight, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(endpoint, response, _connection.TimeProvider.GetUtcNow());
        return ParseStatus(response.Body);
    }

    private async Task SubscribeOnAsync(WebSocketApiSession session, UserDataSubscription subscription, bool isResubscription, CancellationToken cancellationToken)
    {
        var endpoint = session.IsAuthenticated ? WebSocketApiEndpoints.UserDataStreamSubscribe : WebSocketApiEndpoints.UserDataStreamSubscribeSignature;
        var response = await _connection.SendInternalAsync(session, endpoint, [], WebSocketApiEndpoints.Weight, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(endpoint, response, _connection.TimeProvider.GetUtcNow());
        var id = ParseSubscriptionId(response.Body);
        lock (_routeLock)
        {
            _routes.Remove((subscription.SessionSequence, subscription.SubscriptionId));
            subscription.Bind(session.Sequence, id, isResubscription);
            _routes[(session.Sequence, id)] = subscription;

            // Events that arrived between the response and this binding were held back; deliver them first, in order.
            if (_early.Remove((session.Sequence, id), out var early))
            {
                _earlyCount -= early.Count;
                foreach (var json in early)
                {
                    subscription.Deliver(json, id);
                }
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "One subscription that cannot be re-established ends with its error; the connection and the others go on.")]
    private async Task ResubscribeAsync(WebSocketApiSession session, CancellationToken cancellationToken)
    {
        UserDataSubscription[] active;
        lock (_routeLock)
        {
            // Held-back events of connections that are gone will never be claimed.
            foreach (var key in _early.Keys.Where(k => k.Session < session.Sequence).ToList())
            {
                _earlyCount -= _early[key].Count;
                _early.Remove(key);
            }

            active = [.. _active.Where(static s => !s.IsEnded)];
        }

        foreach (var subscription in active)
        {
            try
            {
                await SubscribeOnAsync(session, subscription, isResubscription: true, cancellationToken).ConfigureAwait(false);
                Log.UserDataResubscribed(_logger, session.ConnectionId, subscription.SubscriptionId);
            }
            catch (ExchangeException ex)
            {
                if (ex is ExchangeUnavailableException or ExchangeTimeoutException)
                {
                    // The new connection itself failed: let the connection retry the whole set-up.
                    throw;
                }

                Log.UserDataResubscribeFailed(_logger, ex, session.ConnectionId);
                subscription.Fail(ex);
            }
        }
    }

    private void OnEvent(WebSocketApiSession session, int? subscriptionId, ReadOnlySpan<byte> eventJson)
    {
        lock (_routeLock)
        {
            UserDataSubscription? target = null;
            if (subscriptionId is { } id)
            {
                _routes.TryGetValue((session.Sequence, id), out target);
            }
            else
            {
                foreach (var (key, candidate) in _routes)
                {
                    if (key.Session == session.Sequence)
                    {
                        target = target is null ? candidate : null;
                        if (target is null)
                        {
                            break;
                        }
                    }
                }
            }

            if (target is not null)
            {
                if (!target.Deliver(eventJson, subscriptionId))
                {
                    _routes.Remove((session.Sequence, target.SubscriptionId));
                    _active.Remove(target);
                    if (target.Events.Completion.IsFaulted)
                    {
                        Log.UserDataEnded(_logger, target.SubscriptionId, target.Events.Completion.Exception?.InnerException?.Message ?? "failed");
                    }
                }

                return;
            }

            var current = _connection.Current;
            var mayStillBeBound = !session.IsClosed && (current is null || session.Sequence >= current.Sequence);
            if (subscriptionId is { } pendingId && mayStillBeBound && _earlyCount < MaxEarlyEvents)
            {
                // Possibly the answer to a subscribe whose binding is being recorded right now.
                if (!_early.TryGetValue((session.Sequence, pendingId), out var list))
                {
                    _early[(session.Sequence, pendingId)] = list = [];
                }

                list.Add(eventJson.ToArray());
                _earlyCount++;
                return;
            }

            Interlocked.Increment(ref _unroutedEvents);
        }
    }

    private static void EnsureSuccess(ExchangeEndpoint endpoint, ExchangeResponse response, DateTimeOffset now)
    {
        if (!response.IsSuccess || response.Kind != ExchangeResponseKind.Success)
        {
            var request = new ExchangeRequest(endpoint, [], WebSocketApiEndpoints.Weight);
            ResponseErrors.EnsureJson(request, response);
            throw ResponseErrors.ToException(request, response, now);
        }
    }

    /// <summary>Reads <c>{"subscriptionId":N}</c>.</summary>
    internal static int ParseSubscriptionId(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("subscriptionId", out var id)
                && id.TryGetInt32(out var value)
                ? value
                : throw JsonValues.Malformed("the subscribe response has no integer 'subscriptionId'.");
        }
        catch (JsonException ex)
        {
            throw JsonValues.Malformed("the subscribe response is not JSON: " + ex.Message);
        }
    }

    /// <summary>Reads a session status (<c>session.status</c>/<c>logon</c>/<c>logout</c> result).</summary>
    internal static WebSocketSessionStatus ParseStatus(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw JsonValues.Malformed("the session status is not an object.");
            }

            return new WebSocketSessionStatus(
                JsonValues.StringOrNull(root, "apiKey"),
                JsonValues.TimeOrNull(root, "authorizedSince"),
                JsonValues.Time(root, "connectedSince"),
                JsonValues.BoolOr(root, "returnRateLimits", true),
                JsonValues.Time(root, "serverTime"),
                JsonValues.BoolOrNull(root, "userDataStream"));
        }
        catch (JsonException ex)
        {
            throw JsonValues.Malformed("the session status is not JSON: " + ex.Message);
        }
    }
}
