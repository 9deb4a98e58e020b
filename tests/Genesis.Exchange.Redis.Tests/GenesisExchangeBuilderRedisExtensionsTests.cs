using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Redis.Tests.Support;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Redis.Tests;

public sealed class GenesisExchangeBuilderRedisExtensionsTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task AddRedisRateLimitBudget_FromAConnectionString_ReplacesTheInMemoryBudget()
    {
        var services = new ServiceCollection();
        services.AddGenesisExchange().AddRedisRateLimitBudget(fixture.Server.Endpoint, "di-test", o =>
        {
            o.FleetSize = 3;
            o.IpGroup = "nat-1";
        });
        services.AddGenesisExchange();
        await using var provider = services.BuildServiceProvider();

        var budget = provider.GetRequiredService<IRateLimitBudget>();

        var redis = Assert.IsType<RedisRateLimitBudget>(budget);
        Assert.Same(redis, provider.GetRequiredService<RedisRateLimitBudget>());
        Assert.NotNull(provider.GetRequiredService<RedisRateLimitBudgetHealthCheck>());
        Assert.Equal(3, provider.GetRequiredService<IOptions<RedisRateLimitBudgetOptions>>().Value.FleetSize);
        Assert.Equal("di-test", provider.GetRequiredService<IOptions<RedisRateLimitBudgetOptions>>().Value.KeyPrefix);
        await budget.AcquireAsync(1, false);
        Assert.Equal(1, redis.PermitsFromRedis);
    }

    [Fact]
    public async Task AddRedisRateLimitBudget_WithAnExistingConnection_UsesIt()
    {
        using var connection = fixture.Server.Connect();
        var services = new ServiceCollection();
        services.AddGenesisExchange().AddRedisRateLimitBudget(connection, RedisServer.UniquePrefix());
        await using var provider = services.BuildServiceProvider();

        var budget = Assert.IsType<RedisRateLimitBudget>(provider.GetRequiredService<IRateLimitBudget>());
        await budget.AcquireAsync(5, false);

        Assert.Equal(1, budget.PermitsFromRedis);
        Assert.False(budget.IsDegraded);
    }

    [Fact]
    public async Task AddRedisRateLimitBudget_FailsAtResolve_WhenAnOptionIsBad()
    {
        using var connection = fixture.Server.Connect();
        var services = new ServiceCollection();
        services.AddGenesisExchange().AddRedisRateLimitBudget(connection, "x", o => o.FleetSize = 0);
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IRateLimitBudget>());

        Assert.Contains("FleetSize", ex.Message, StringComparison.Ordinal);
    }
}
