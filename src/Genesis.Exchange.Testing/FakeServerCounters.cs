using System.Collections.Concurrent;

namespace Genesis.Exchange.Testing;

/// <summary>What the fake server saw, for assertions. Every member is thread-safe.</summary>
public sealed class FakeServerCounters
{
    private readonly ConcurrentDictionary<string, int> _ordersByClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requestsByEndpoint = new(StringComparer.Ordinal);
    private int _weightPeak;
    private int _rateLimited;
    private int _banned;
    private int _signatureFailures;
    private int _timestampRejections;
    private int _ordersCreated;
    private int _streamAccepted;
    private int _streamDropped;
    private long _tradesPublished;

    internal FakeServerCounters(int weightLimit) => WeightLimit = weightLimit;

    /// <summary>The largest REQUEST_WEIGHT used in any one window of the first weight limit.</summary>
    public int WeightPeak => Volatile.Read(ref _weightPeak);

    /// <summary>The REQUEST_WEIGHT limit of that window (0 when none is configured).</summary>
    public int WeightLimit { get; }

    /// <summary>HTTP 429 responses (weight and order limits).</summary>
    public int RateLimitedResponses => Volatile.Read(ref _rateLimited);

    /// <summary>HTTP 418 responses (bans).</summary>
    public int BannedResponses => Volatile.Read(ref _banned);

    /// <summary>Signed requests rejected for their API key or signature (-2014, -2015, -1022, missing signature).</summary>
    public int SignatureFailures => Volatile.Read(ref _signatureFailures);

    /// <summary>Signed requests rejected with -1021 (timestamp outside recvWindow or ahead of server time).</summary>
    public int TimestampRejections => Volatile.Read(ref _timestampRejections);

    /// <summary>Successful order placements (2xx from the backend), whatever the client received.</summary>
    public int OrdersCreated => Volatile.Read(ref _ordersCreated);

    /// <summary>WebSocket connections accepted.</summary>
    public int StreamConnectionsAccepted => Volatile.Read(ref _streamAccepted);

    /// <summary>WebSocket connections the server dropped (drop fault or slow consumer), not counting closes by the client or at dispose.</summary>
    public int StreamConnectionsDropped => Volatile.Read(ref _streamDropped);

    /// <summary>Trades published to the streams (from the event source or <see cref="FakeBinanceServer.Publish(Models.TradeUpdate)"/>).</summary>
    public long TradesPublished => Interlocked.Read(ref _tradesPublished);

    /// <summary>Requests received per endpoint name (e.g. <c>order.place</c>, <c>historicalTrades</c>), whatever the answer.</summary>
    public IReadOnlyDictionary<string, int> RequestsByEndpoint => new Dictionary<string, int>(_requestsByEndpoint, StringComparer.Ordinal);

    /// <summary>How many orders the backend created with this client order id (0 when none).</summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <returns>The count; more than 1 means a placement was sent twice.</returns>
    public int OrdersCreatedFor(string clientOrderId) => _ordersByClientId.TryGetValue(clientOrderId, out var n) ? n : 0;

    /// <summary>Requests received for one endpoint name.</summary>
    /// <param name="endpointName">The endpoint name.</param>
    /// <returns>The count.</returns>
    public int RequestsFor(string endpointName) => _requestsByEndpoint.TryGetValue(endpointName, out var n) ? n : 0;

    internal void ObserveWeight(int used)
    {
        var current = Volatile.Read(ref _weightPeak);
        while (used > current)
        {
            var seen = Interlocked.CompareExchange(ref _weightPeak, used, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    internal void RateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void Banned() => Interlocked.Increment(ref _banned);

    internal void SignatureFailed() => Interlocked.Increment(ref _signatureFailures);

    internal void TimestampRejected() => Interlocked.Increment(ref _timestampRejections);

    internal void StreamAccepted() => Interlocked.Increment(ref _streamAccepted);

    internal void StreamDropped() => Interlocked.Increment(ref _streamDropped);

    internal void TradePublished() => Interlocked.Increment(ref _tradesPublished);

    internal void Request(string endpointName) => _requestsByEndpoint.AddOrUpdate(endpointName, 1, static (_, n) => n + 1);

    internal void OrderCreated(string? clientOrderId)
    {
        Interlocked.Increment(ref _ordersCreated);
        if (!string.IsNullOrEmpty(clientOrderId))
        {
            _ordersByClientId.AddOrUpdate(clientOrderId, 1, static (_, n) => n + 1);
        }
    }
}
