using System.Diagnostics;
using System.Diagnostics.Metrics;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Resilience;

namespace Genesis.Exchange.Health;

/// <summary>
/// The outermost transport decorator: records every call in <see cref="RequestStatistics"/> and in the
/// <c>Genesis.Exchange</c> meter (request duration, requests by endpoint and outcome, weight used per limit).
/// </summary>
internal sealed class MonitoringTransport : IExchangeTransport, ITotalTimeoutTransport, IDisposable
{
    public const string MeterName = "Genesis.Exchange";

    private readonly IExchangeTransport _inner;
    private readonly RequestStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _requests;

    public MonitoringTransport(IExchangeTransport inner, RequestStatistics statistics, TimeProvider time, IRateLimitBudget budget, IMeterFactory? meterFactory = null)
    {
        _inner = inner;
        _statistics = statistics;
        _time = time;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _duration = _meter.CreateHistogram<double>("genesis.exchange.request.duration", "ms", "Exchange request round-trip time");
        _requests = _meter.CreateCounter<long>("genesis.exchange.requests", description: "Exchange requests by endpoint and outcome");
        _meter.CreateObservableGauge("genesis.exchange.ratelimit.used", () => budget.GetUsage().Select(u =>
            new Measurement<long>(u.Used, new KeyValuePair<string, object?>("limit", $"{u.Type}/{u.Window}"))), description: "Used units per rate limit window");
    }

    /// <inheritdoc />
    public bool EnforcesTotalTimeout => _inner is ITotalTimeoutTransport { EnforcesTotalTimeout: true };

    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        try
        {
            var response = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var failed = response.StatusCode >= 500 || response.StatusCode is 418 or 429;
            Record(request, !failed, started, failed ? $"HTTP {response.StatusCode}" : null, response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (ExchangeException ex)
        {
            Record(request, false, started, ex.GetType().Name, ex.GetType().Name);
            throw;
        }
    }

    public void Dispose() => _meter.Dispose();

    private void Record(ExchangeRequest request, bool success, long started, string? error, string outcome)
    {
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        _statistics.Record(success, elapsed, _time.GetUtcNow(), error is null ? null : $"{request.Endpoint.Name}: {error}");
        var tags = new TagList { { "endpoint", request.Endpoint.Name }, { "outcome", outcome } };
        _duration.Record(elapsed, tags);
        _requests.Add(1, tags);
    }
}
