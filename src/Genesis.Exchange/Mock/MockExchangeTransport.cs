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
    private static readonly byte[] UnavailableHtml = Encoding.UTF8.GetBytes(
        "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n");

    private readonly MockExchange _exchange;
    private readonly TimeProvider _time;
    private readonly MockRestApi _api;
    private readonly Random _random;
    private readonly Lock _gate = new();

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

    /// <summary>The exchange that answers (the fake server's WebSocket API reads its user data stream).</summary>
    internal MockExchange Exchange => _exchange;

    /// <summary>Request weight used in the current fixed minute.</summary>
    public int UsedWeight => _exchange.Limits.UsedWeight(_time.GetUtcNow());


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
        var limits = _exchange.Limits;
        var isPlacement = request.Endpoint.IsOrderPlacement;
        var orders = isPlacement ? Binance.Protocol.SpotRestEndpoints.Find(request.Endpoint)?.UnfilledOrders ?? 1 : 0;
        var admission = limits.Admit(_api.WeightOf(request), orders, _time.GetUtcNow());
        if (admission.Verdict != AdmissionVerdict.Allowed)
        {
            var (refusedStatus, retryAfter, refusal) = ExchangeLimiter.Rejection(admission);
            AddUsage(headers, limits, includeOrders: false);
            headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
            return new ExchangeResponse(refusedStatus, refusal, headers, delay);
        }

        var (status, responseBody) = _api.Handle(request);
        if (isPlacement && status != 200)
        {
            limits.RefundOrder(orders, _time.GetUtcNow());
        }

        AddUsage(headers, limits, includeOrders: isPlacement && status == 200);
        if (isPlacement && status == 200 && unknown < faults.UnknownStatusRate)
        {
            throw new ExchangeTimeoutException($"Mock exchange: simulated lost response of {request}; the order was placed.", correlationId: request.CorrelationId);
        }

        return new ExchangeResponse(status, responseBody, headers, delay);
    }

    private void AddUsage(Dictionary<string, string> headers, ExchangeLimiter limits, bool includeOrders)
    {
        foreach (var (name, value) in limits.Headers(includeOrders, _time.GetUtcNow()))
        {
            headers[name] = value;
        }
    }
}
