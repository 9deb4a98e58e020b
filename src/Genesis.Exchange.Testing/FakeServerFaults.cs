namespace Genesis.Exchange.Testing;

/// <summary>
/// Faults a test switches on and off while the server runs. Every member is thread-safe; changes apply to the
/// next request (or, for <see cref="StreamDropInterval"/>, re-arm the drop timer at once).
/// </summary>
public sealed class FakeServerFaults
{
    private readonly Lock _gate = new();
    private TimeSpan _latency;
    private TimeSpan _clockSkew;
    private TimeSpan? _streamDropInterval;
    private MaintenanceMode _maintenance;
    private int _serverErrorsLeft;
    private int _serverErrorStatus = 502;
    private bool _serverErrorsAfterBackend;
    private int _malformedLeft;
    private int _delayedOrdersLeft;
    private TimeSpan _orderDelay;
    private int _killAfterOrderLeft;

    internal event Action? StreamDropIntervalChanged;

    /// <summary>The WebSocket API's faults (shared with the in-memory sessions the server hosts).</summary>
    internal Mock.WebSocketApi.WebSocketApiFaults WebSocketApi { get; } = new();

    /// <summary>
    /// How long every user data event waits on the WebSocket API before it is sent (events keep their order). Zero by
    /// default; runs on the server's <see cref="FakeBinanceServerOptions.TimeProvider"/>.
    /// </summary>
    public TimeSpan UserDataEventDelay
    {
        get => WebSocketApi.EventDelay;
        set => WebSocketApi.EventDelay = value;
    }

    /// <summary>
    /// Drops the WebSocket API connection (no close frame) right after the response of each of the next
    /// <paramref name="count"/> order placements, before the order's user data events are sent.
    /// </summary>
    /// <param name="count">How many placements.</param>
    public void DropWebSocketApiAfterNextOrderResponses(int count = 1) => WebSocketApi.DropAfterNextOrderResponses(count);

    /// <summary>
    /// Never sends the WebSocket API response of each of the next <paramref name="count"/> order placements: the order is
    /// placed and its user data events are sent, so the client sees an unknown outcome.
    /// </summary>
    /// <param name="count">How many placements.</param>
    public void LoseNextWebSocketApiOrderResponses(int count = 1) => WebSocketApi.LoseNextOrderResponses(count);

    /// <summary>A fixed delay before each REST request (and each REST-mirrored WebSocket API request) is handled.</summary>
    public TimeSpan Latency
    {
        get { lock (_gate) { return _latency; } }
        set { ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero); lock (_gate) { _latency = value; } }
    }

    /// <summary>Server time minus real time: used by <c>/api/v3/time</c>, the timestamp check and stream event times it creates.</summary>
    public TimeSpan ClockSkew
    {
        get { lock (_gate) { return _clockSkew; } }
        set { lock (_gate) { _clockSkew = value; } }
    }

    /// <summary>Maintenance: every REST request answers HTTP 503 and WebSocket upgrades are refused.</summary>
    public MaintenanceMode Maintenance
    {
        get { lock (_gate) { return _maintenance; } }
        set { lock (_gate) { _maintenance = value; } }
    }

    /// <summary>When set, every open WebSocket connection is dropped (aborted, no close frame) each time this interval elapses; null stops it.</summary>
    public TimeSpan? StreamDropInterval
    {
        get { lock (_gate) { return _streamDropInterval; } }
        set
        {
            if (value is { } v && v <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The drop interval must be positive.");
            }

            lock (_gate)
            {
                _streamDropInterval = value;
            }

            StreamDropIntervalChanged?.Invoke();
        }
    }

    /// <summary>REST 5xx responses with an HTML body still to be served.</summary>
    public int PendingServerErrors
    {
        get { lock (_gate) { return _serverErrorsLeft; } }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> REST requests with <paramref name="statusCode"/> and an HTML body
    /// (e.g. 502 <c>&lt;html&gt;&lt;body&gt;Bad Gateway&lt;/body&gt;&lt;/html&gt;</c>).
    /// </summary>
    /// <param name="count">How many responses.</param>
    /// <param name="statusCode">A 5xx status.</param>
    /// <param name="afterBackend">
    /// False (default): the request never reaches the backend. True: the backend handles it (an order is created)
    /// and the 5xx replaces its answer, so the outcome is unknown to the client, as with a real 5xx.
    /// </param>
    public void InjectServerErrors(int count, int statusCode = 502, bool afterBackend = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        lock (_gate)
        {
            _serverErrorsLeft = count;
            _serverErrorStatus = statusCode;
            _serverErrorsAfterBackend = afterBackend;
        }
    }

    /// <summary>Truncates the JSON body of the next <paramref name="count"/> REST responses (the backend still handles the requests).</summary>
    /// <param name="count">How many responses.</param>
    public void MalformNextResponses(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _malformedLeft = count;
        }
    }

    /// <summary>
    /// Holds the response to each of the next <paramref name="count"/> order placements for <paramref name="delay"/>
    /// after the backend created the order: a client with a shorter timeout gives up while the order exists.
    /// </summary>
    /// <param name="delay">How long to hold the response.</param>
    /// <param name="count">How many placements.</param>
    public void DelayNextOrderResponses(TimeSpan delay, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _orderDelay = delay;
            _delayedOrdersLeft = count;
        }
    }

    /// <summary>
    /// Aborts the connection (no response byte) after the backend created each of the next <paramref name="count"/>
    /// orders, to prove a client never re-sends a placement.
    /// </summary>
    /// <param name="count">How many placements.</param>
    public void KillSocketAfterNextOrders(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _killAfterOrderLeft = count;
        }
    }

    /// <summary>Switches every fault off.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _latency = TimeSpan.Zero;
            _clockSkew = TimeSpan.Zero;
            _maintenance = MaintenanceMode.Off;
            _serverErrorsLeft = 0;
            _malformedLeft = 0;
            _delayedOrdersLeft = 0;
            _killAfterOrderLeft = 0;
            _streamDropInterval = null;
        }

        WebSocketApi.Reset();

        StreamDropIntervalChanged?.Invoke();
    }

    internal int? TakeServerError(bool afterBackend)
    {
        lock (_gate)
        {
            if (_serverErrorsLeft <= 0 || _serverErrorsAfterBackend != afterBackend)
            {
                return null;
            }

            _serverErrorsLeft--;
            return _serverErrorStatus;
        }
    }

    internal bool TakeMalformed() => Take(ref _malformedLeft);

    internal bool TakeKillAfterOrder() => Take(ref _killAfterOrderLeft);

    internal TimeSpan? TakeOrderDelay()
    {
        lock (_gate)
        {
            if (_delayedOrdersLeft <= 0)
            {
                return null;
            }

            _delayedOrdersLeft--;
            return _orderDelay;
        }
    }

    private bool Take(ref int counter)
    {
        lock (_gate)
        {
            if (counter <= 0)
            {
                return false;
            }

            counter--;
            return true;
        }
    }
}
