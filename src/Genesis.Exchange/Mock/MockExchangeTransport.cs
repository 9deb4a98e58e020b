using System.Globalization;
using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Mock;

/// <summary>
/// An <see cref="IExchangeTransport"/> served by a <see cref="MockExchange"/>: Binance's JSON and HTTP statuses,
/// the <c>X-MBX-USED-WEIGHT-1M</c> header (each request's documented weight from its endpoint descriptor, per fixed
/// minute; 429 with -1003 past 6000), <c>X-MBX-ORDER-COUNT-10S/1D</c>
/// on placements, seeded latency and seeded fault injection, all on the given <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Per request, four numbers are drawn from a <see cref="Random"/> seeded with <see cref="Options.MockExchangeOptions.Seed"/>,
/// in this order: latency jitter, HTTP 503, timeout, unknown status. So a given seed and request sequence always
/// fails the same requests. Faults are checked after the latency: a 503 answers an HTML page and executes
/// nothing; a timeout throws <see cref="ExchangeTimeoutException"/> and executes nothing; an unknown status
/// (order placements only) executes the order and then throws <see cref="ExchangeTimeoutException"/>.
/// </remarks>
public sealed class MockExchangeTransport : IExchangeTransport
{
    /// <summary>The REQUEST_WEIGHT limit per minute declared in exchange info.</summary>
    internal const int RequestWeightLimit = 6000;

    private static readonly byte[] UnavailableHtml = Encoding.UTF8.GetBytes(
        "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n");

    private readonly MockExchange _exchange;
    private readonly TimeProvider _time;
    private readonly MockRestApi _api;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private long _weightWindow = -1;
    private int _weightUsed;
    private long _orderWindow10s = -1;
    private int _orders10s;
    private long _orderWindowDay = -1;
    private int _ordersDay;

    /// <summary>Creates the transport.</summary>
    /// <param name="exchange">The exchange that answers.</param>
    /// <param name="timeProvider">The clock for latency, weight windows and timeouts.</param>
    /// <exception cref="InvalidOperationException">An endpoint of the library's catalogue has no mock handler (a library bug, caught at start-up).</exception>
    public MockExchangeTransport(MockExchange exchange, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _exchange = exchange;
        _time = timeProvider;
        _api = new MockRestApi(exchange);
        _random = new Random(exchange.Options.Seed);
    }

    /// <summary>Request weight used in the current fixed minute.</summary>
    public int UsedWeight
    {
        get
        {
            lock (_gate)
            {
                return _weightWindow == CurrentWindow(60_000) ? _weightUsed : 0;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ExchangeTimeoutException">A simulated timeout, or a simulated lost response of an order that was placed.</exception>
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        request.MarkMayHaveBeenSent();
        var latency = _exchange.Options.Latency;
        var faults = _exchange.Options.Faults;
        double jitter, error, timeout, unknown;
        lock (_gate)
        {
            jitter = _random.NextDouble();
            error = _random.NextDouble();
            timeout = _random.NextDouble();
            unknown = _random.NextDouble();
        }

        var delay = latency.Fixed + (latency.Jitter * jitter);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }

        if (error < faults.ErrorRate)
        {
            return new ExchangeResponse(503, UnavailableHtml, new Dictionary<string, string> { ["Content-Type"] = "text/html" }, delay);
        }

        if (timeout < faults.TimeoutRate)
        {
            throw new ExchangeTimeoutException($"Mock exchange: simulated timeout of {request}.", correlationId: request.CorrelationId);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json;charset=UTF-8" };
        int used;
        lock (_gate)
        {
            var window = CurrentWindow(60_000);
            if (window != _weightWindow)
            {
                _weightWindow = window;
                _weightUsed = 0;
            }

            _weightUsed += _api.WeightOf(request);
            used = _weightUsed;
        }

        headers["X-MBX-USED-WEIGHT-1M"] = used.ToString(CultureInfo.InvariantCulture);
        if (used > RequestWeightLimit)
        {
            var retryAfter = (int)Math.Ceiling((60_000 - (_time.GetUtcNow().ToUnixTimeMilliseconds() % 60_000)) / 1000.0);
            headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
            var body = MockRestApi.Error(-1003, $"Too many requests; current limit of IP(127.0.0.1) is {RequestWeightLimit} requests per minute. Please use WebSocket Streams for live updates to avoid polling the API.");
            return new ExchangeResponse(429, body, headers, delay);
        }

        var (status, responseBody) = _api.Handle(request);
        var isPlacement = request.Endpoint.IsOrderPlacement;
        if (isPlacement && status == 200)
        {
            var (count10s, countDay) = CountOrder(Binance.Protocol.SpotRestEndpoints.Find(request.Endpoint)?.UnfilledOrders ?? 1);
            headers["X-MBX-ORDER-COUNT-10S"] = count10s.ToString(CultureInfo.InvariantCulture);
            headers["X-MBX-ORDER-COUNT-1D"] = countDay.ToString(CultureInfo.InvariantCulture);
            if (unknown < faults.UnknownStatusRate)
            {
                throw new ExchangeTimeoutException($"Mock exchange: simulated lost response of {request}; the order was placed.", correlationId: request.CorrelationId);
            }
        }

        return new ExchangeResponse(status, responseBody, headers, delay);
    }

    private long CurrentWindow(long lengthMs) => _time.GetUtcNow().ToUnixTimeMilliseconds() / lengthMs;

    private (int TenSeconds, int Day) CountOrder(int orders)
    {
        lock (_gate)
        {
            var w10 = CurrentWindow(10_000);
            if (w10 != _orderWindow10s)
            {
                _orderWindow10s = w10;
                _orders10s = 0;
            }

            var wDay = CurrentWindow(86_400_000);
            if (wDay != _orderWindowDay)
            {
                _orderWindowDay = wDay;
                _ordersDay = 0;
            }

            _orders10s += orders;
            _ordersDay += orders;
            return (_orders10s, _ordersDay);
        }
    }
}
