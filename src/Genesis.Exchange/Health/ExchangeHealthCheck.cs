using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Health;

/// <summary>
/// Health of the exchange connection: Unhealthy while the circuit is open or the IP is banned; Degraded when a rate
/// limit is above its ceiling, the success rate is below 90 %, the server clock was never synced (live modes) or the
/// last server time resync failed (signing goes on with the last good offset while it is fresh).
/// Register with <c>services.AddHealthChecks().AddCheck&lt;ExchangeHealthCheck&gt;("genesis-exchange")</c>.
/// </summary>
public sealed class ExchangeHealthCheck : IHealthCheck
{
    private readonly ICircuitBreakerMonitor _breaker;
    private readonly IRateLimitBudget _budget;
    private readonly IServerClock _clock;
    private readonly RequestStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly GenesisExchangeOptions _options;

    /// <summary>Creates the health check.</summary>
    /// <param name="breaker">The circuit breaker.</param>
    /// <param name="budget">The rate limit budget.</param>
    /// <param name="clock">The server clock.</param>
    /// <param name="statistics">Request statistics.</param>
    /// <param name="time">Time source.</param>
    /// <param name="options">Options.</param>
    public ExchangeHealthCheck(ICircuitBreakerMonitor breaker, IRateLimitBudget budget, IServerClock clock, RequestStatistics statistics, TimeProvider time, IOptions<GenesisExchangeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _breaker = breaker;
        _budget = budget;
        _clock = clock;
        _statistics = statistics;
        _time = time;
        _options = options.Value;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["environment"] = _options.Environment.ToString(),
            ["credentialsConfigured"] = CredentialsLoader.HasCredentials(_options),
            ["circuit"] = _breaker.State.ToString(),
            ["successRate"] = _statistics.SuccessRate,
            ["averageLatencyMs"] = _statistics.AverageLatencyMs,
            ["requestsSucceeded"] = _statistics.Succeeded,
            ["requestsFailed"] = _statistics.Failed,
            ["clockOffsetMs"] = _clock.Offset.TotalMilliseconds,
        };
        if (_clock.LastSync is { } lastSync)
        {
            data["clockLastSync"] = lastSync.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (_clock.LastSyncFailure is { } lastSyncFailure)
        {
            data["clockLastSyncFailure"] = lastSyncFailure.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var usage in _budget.GetUsage())
        {
            data[$"usage.{usage.Type}.{usage.Window}"] = $"{usage.Used}/{usage.Limit} (ceiling {usage.Ceiling})";
        }

        if (_budget.BannedUntil is { } until && until > _time.GetUtcNow())
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"IP banned by the exchange until {until:O}.", data: data));
        }

        if (_breaker.State == CircuitState.Open)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Circuit open after repeated failures; last error: {_statistics.LastError}.", data: data));
        }

        var reasons = new List<string>();
        if (_budget.GetUsage().Any(u => u.Used > u.Ceiling))
        {
            reasons.Add("a rate limit is above its ceiling");
        }

        if (_statistics.Succeeded + _statistics.Failed >= 10 && _statistics.SuccessRate < 0.9)
        {
            reasons.Add($"success rate {_statistics.SuccessRate:P0}");
        }

        if (_breaker.State == CircuitState.HalfOpen)
        {
            reasons.Add("circuit half-open");
        }

        if (_options.Environment != ExchangeEnvironment.Mock && _options.TimeSync.Enabled && _clock.LastSync is null && _statistics.Succeeded > 0)
        {
            reasons.Add("server clock not synchronized yet");
        }

        if (_options.TimeSync.Enabled && _clock.LastSyncFailure is { } syncFailedAt)
        {
            reasons.Add(_clock.LastSync is { } goodSync
                ? $"server time resync failed at {syncFailedAt:O}; signing with the offset measured at {goodSync:O}"
                : $"server time sync failed at {syncFailedAt:O}");
        }

        return Task.FromResult(reasons.Count == 0
            ? HealthCheckResult.Healthy("Exchange reachable.", data)
            : HealthCheckResult.Degraded(string.Join("; ", reasons) + ".", data: data));
    }
}
