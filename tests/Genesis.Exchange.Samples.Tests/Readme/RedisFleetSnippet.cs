// README.md, "A fleet sharing one rate budget (Redis)": the lines between "#region readme" and "#endregion", and the
// using lines of this file, are that snippet verbatim (ReadmeSnippetsTests checks it). Change both together.
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.Samples.Tests.Readme;

public sealed class RedisFleetSnippet
{
    [Xunit.Fact]
    public void Registers_TheSharedBudget_WithTheOptionsAsWritten()
    {
        var services = new ServiceCollection();
        #region readme
        services.AddGenesisExchange(o => { /* … */ })
            .AddRedisRateLimitBudget("redis1:6379,password=…", keyPrefix: "desk-a", o =>
            {
                o.IpGroup = "nat-eu-1";      // processes sending from the same public IP share weight, raw requests, 429 pauses, 418 bans
                o.Account = "main";          // processes on the same account share the ORDERS limits (a label, never the API key)
                o.FleetSize = 4;             // how many processes share the budget (used only while Redis is down)
            });
        services.AddHealthChecks().AddCheck<RedisRateLimitBudgetHealthCheck>("genesis-redis-budget");   // optional
        #endregion

        // Registration only: resolving the budget would connect to redis1:6379, which is not there.
        var budget = Xunit.Assert.Single(services, d => d.ServiceType == typeof(Genesis.Exchange.Resilience.IRateLimitBudget));
        Xunit.Assert.NotNull(budget.ImplementationFactory ?? (object?)budget.ImplementationType ?? budget.ImplementationInstance);
        Xunit.Assert.Contains(services, d => d.ServiceType == typeof(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService));
    }
}
