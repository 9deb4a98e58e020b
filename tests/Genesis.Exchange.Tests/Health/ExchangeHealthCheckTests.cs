using Genesis.Exchange.Health;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Tests.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Health;

public sealed class ExchangeHealthCheckTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestRequests.Start);
    private readonly ServerClock _clock;
    private readonly InMemoryRateLimitBudget _budget;
    private readonly ExchangeHealthCheck _sut;

    public ExchangeHealthCheckTests()
    {
        _clock = new ServerClock(_time);
        _budget = new InMemoryRateLimitBudget(new RateLimitOptions(), _time);
        var options = new GenesisExchangeOptions();
        var breaker = new CircuitBreaker(options.CircuitBreaker, _time, NullLogger<CircuitBreaker>.Instance);
        _sut = new ExchangeHealthCheck(breaker, _budget, _clock, new RequestStatistics(), _time, Microsoft.Extensions.Options.Options.Create(options));
    }

    public void Dispose() => _budget.Dispose();

    private Task<HealthCheckResult> CheckAsync() => _sut.CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task CheckHealth_IsHealthy_WithAFreshOffset()
    {
        _clock.SetOffset(TimeSpan.FromMilliseconds(12), _time.GetUtcNow());

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task CheckHealth_IsDegraded_WhenTheLastResyncFailed()
    {
        _clock.SetOffset(TimeSpan.FromMilliseconds(12), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(5));
        _clock.RecordSyncFailure(_time.GetUtcNow());

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("resync failed", result.Description, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow().ToString("O"), result.Data["clockLastSyncFailure"]);
    }

    [Fact]
    public async Task CheckHealth_IsHealthyAgain_AfterASuccessfulResync()
    {
        _clock.SetOffset(TimeSpan.FromMilliseconds(12), _time.GetUtcNow());
        _clock.RecordSyncFailure(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(30));

        _clock.SetOffset(TimeSpan.FromMilliseconds(15), _time.GetUtcNow());
        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.False(result.Data.ContainsKey("clockLastSyncFailure"));
    }
}
