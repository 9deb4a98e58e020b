using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Options;
using Genesis.Exchange.Redis;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Genesis.Exchange.DependencyInjection;

/// <summary>Registers the Redis-backed rate limit budget on the builder <c>AddGenesisExchange</c> returns.</summary>
public static class GenesisExchangeBuilderRedisExtensions
{
    /// <summary>
    /// Replaces the in-memory rate limit budget with one shared through Redis by every process with the same key prefix,
    /// IP group and account. The connection is opened with <c>abortConnect=false</c> and a fail-fast backlog, so that a
    /// Redis outage sends permits to the in-memory fall-back at once instead of queuing them.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">A StackExchange.Redis configuration string, e.g. <c>redis1:6379,password=…</c>.</param>
    /// <param name="keyPrefix">The key prefix (also the Redis Cluster hash tag); processes that share a budget use the same one.</param>
    /// <param name="configure">Configures the IP group, account, fleet size and fall-back.</param>
    /// <returns>The builder.</returns>
    public static GenesisExchangeBuilder AddRedisRateLimitBudget(this GenesisExchangeBuilder builder, string connectionString, string keyPrefix = "genesis", Action<RedisRateLimitBudgetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        builder.Services.TryAddSingleton(_ => new RedisConnectionHolder(configuration));
        return Register(builder, sp => sp.GetRequiredService<RedisConnectionHolder>().Connection, keyPrefix, configure);
    }

    /// <summary>
    /// Replaces the in-memory rate limit budget with one shared through Redis over an existing connection (which the
    /// caller owns). Prefer <c>abortConnect=false</c> and <see cref="BacklogPolicy.FailFast"/> on it, so that an outage
    /// reaches the fall-back at once.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="keyPrefix">The key prefix (also the Redis Cluster hash tag); processes that share a budget use the same one.</param>
    /// <param name="configure">Configures the IP group, account, fleet size and fall-back.</param>
    /// <returns>The builder.</returns>
    public static GenesisExchangeBuilder AddRedisRateLimitBudget(this GenesisExchangeBuilder builder, IConnectionMultiplexer connection, string keyPrefix = "genesis", Action<RedisRateLimitBudgetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return Register(builder, _ => connection, keyPrefix, configure);
    }

    private static GenesisExchangeBuilder Register(GenesisExchangeBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection, string keyPrefix, Action<RedisRateLimitBudgetOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        var services = builder.Services;
        services.AddOptions<RedisRateLimitBudgetOptions>()
            .Configure(o =>
            {
                o.KeyPrefix = keyPrefix;
                configure?.Invoke(o);
            })
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.RemoveAll<RedisRateLimitBudget>();
        services.AddSingleton(sp => new RedisRateLimitBudget(
            connection(sp),
            sp.GetRequiredService<IOptions<RedisRateLimitBudgetOptions>>().Value,
            sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value.RateLimits,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IServerClock>(),
            sp.GetService<ILogger<RedisRateLimitBudget>>()));
        services.Replace(ServiceDescriptor.Singleton<IRateLimitBudget>(sp => sp.GetRequiredService<RedisRateLimitBudget>()));
        services.TryAddSingleton<RedisRateLimitBudgetHealthCheck>();
        return builder;
    }

    /// <summary>Owns the connection opened from a connection string.</summary>
    private sealed class RedisConnectionHolder(ConfigurationOptions configuration) : IDisposable
    {
        public ConnectionMultiplexer Connection { get; } = ConnectionMultiplexer.Connect(configuration);

        public void Dispose() => Connection.Dispose();
    }
}
