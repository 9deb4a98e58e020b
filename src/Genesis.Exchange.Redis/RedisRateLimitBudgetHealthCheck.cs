using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Genesis.Exchange.Redis;

/// <summary>
/// Degraded while the <see cref="RedisRateLimitBudget"/> runs on its in-memory fall-back (Redis unreachable), healthy
/// otherwise. Register with <c>services.AddHealthChecks().AddCheck&lt;RedisRateLimitBudgetHealthCheck&gt;("genesis-redis-budget")</c>.
/// </summary>
public sealed class RedisRateLimitBudgetHealthCheck : IHealthCheck
{
    private readonly RedisRateLimitBudget _budget;

    /// <summary>Creates the health check.</summary>
    /// <param name="budget">The budget to observe.</param>
    public RedisRateLimitBudgetHealthCheck(RedisRateLimitBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        _budget = budget;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["permitsFromRedis"] = _budget.PermitsFromRedis,
            ["permitsFromFallback"] = _budget.PermitsFromFallback,
            ["fallbackActivations"] = _budget.FallbackActivations,
        };
        return Task.FromResult(_budget.IsDegraded
            ? HealthCheckResult.Degraded("Redis is unreachable: the rate limit budget runs in memory at 1/FleetSize of each ceiling.", data: data)
            : HealthCheckResult.Healthy("The rate limit budget is shared through Redis.", data));
    }
}
