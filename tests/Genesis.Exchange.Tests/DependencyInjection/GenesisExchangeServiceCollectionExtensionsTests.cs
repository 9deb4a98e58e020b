using System.Diagnostics.Tracing;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Health;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Tests.DependencyInjection;

public sealed class GenesisExchangeServiceCollectionExtensionsTests
{
    [Fact]
    public void CalledTwice_RegistersEachServiceOnce_AndAppliesBothDelegates()
    {
        var services = new ServiceCollection();

        services.AddGenesisExchange(o => o.RecvWindow = TimeSpan.FromSeconds(3));
        var count = services.Count;
        services.AddGenesisExchange(o => o.RateLimits.MaxUtilization = 0.5m);

        Assert.Equal(count + 1, services.Count);
        Assert.Single(services, d => d.ServiceType == typeof(IExchangeGateway));
        using var sp = services.BuildServiceProvider();
        var options = sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3), options.RecvWindow);
        Assert.Equal(0.5m, options.RateLimits.MaxUtilization);
    }

    [Fact]
    public void Singletons_AreShared_OneClockOneBudgetOneTransport()
    {
        using var sp = new ServiceCollection().AddGenesisExchange().Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Assert.Same(sp.GetRequiredService<IExchangeGateway>(), sp.GetRequiredService<IExchangeGateway>());
        Assert.Same(sp.GetRequiredService<IServerClock>(), sp.GetRequiredService<IExchangeGateway>().Clock);
        Assert.Same(sp.GetRequiredService<IExchangeTransport>(), sp.GetRequiredService<IExchangeTransport>());
    }

    [Fact]
    public void UserRegistrations_Win_OverDefaults()
    {
        var custom = new FixedClock();
        var services = new ServiceCollection();
        services.AddSingleton<IServerClock>(custom);

        services.AddGenesisExchange();

        using var sp = services.BuildServiceProvider();
        Assert.Same(custom, sp.GetRequiredService<IServerClock>());
    }

    [Fact]
    public void ConfigurationOverload_BindsSection()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenesisExchange:Environment"] = "Mock",
            ["GenesisExchange:RecvWindow"] = "00:00:04",
            ["GenesisExchange:Mock:Seed"] = "7",
        }).Build();

        using var sp = new ServiceCollection().AddGenesisExchange(config).Services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(4), options.RecvWindow);
        Assert.Equal(7, options.Mock.Seed);
    }

    [Fact]
    public void LiveWithoutCredentials_FailsAtStartup_WithWhatToFix()
    {
        var services = new ServiceCollection();
        services.AddGenesisExchange(o =>
        {
            o.Environment = ExchangeEnvironment.Live;
            o.ReadCredentialsFromEnvironment = false;
        });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IExchangeGateway>());

        Assert.Contains("BINANCE_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MockMode_IsTheDefault_EvenWithKeys_AndOpensNoSocket()
    {
        using var network = new NetworkActivityListener();
        var services = new ServiceCollection();
        services.AddGenesisExchange(o =>
        {
            o.ApiKey = new SecretString("real-looking-key");
            o.ApiSecret = new SecretString("real-looking-secret");
        });
        using var sp = services.BuildServiceProvider();
        var gateway = sp.GetRequiredService<IExchangeGateway>();

        Assert.Equal(ExchangeEnvironment.Mock, sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value.Environment);
        await gateway.GetServerTimeAsync();
        var rules = await gateway.GetSymbolRulesAsync("BTCUSDT");
        var book = await gateway.GetOrderBookAsync("BTCUSDT", 5);
        var order = await gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, rules.RoundQuantity(0.01m), rules.RoundPrice(book.BestBid!.Value.Price * 0.99m)));
        await gateway.CancelOrderAsync("BTCUSDT", order.ClientOrderId);
        await gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, rules.RoundQuantity(0.001m)));
        await gateway.GetAccountAsync();
        await gateway.GetMarketStateAsync("BTCUSDT");
        var health = await sp.GetRequiredService<ExchangeHealthCheck>().CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Empty(network.Events);
    }

    [Fact]
    public async Task AddLoggingAfterAddGenesisExchange_ReceivesTheLibrarysLogLines()
    {
        using var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddGenesisExchange(o => o.ReadCredentialsFromEnvironment = false);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(capture));
        using var sp = services.BuildServiceProvider();

        await PlaceOneOrderAsync(sp.GetRequiredService<IExchangeGateway>());

        Assert.Contains(capture.Entries, e => e.Category == typeof(BinanceRestClient).FullName && e.Message.Contains(" placed: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLoggingBeforeAddGenesisExchange_ReceivesTheLibrarysLogLines()
    {
        using var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(capture));
        services.AddGenesisExchange(o => o.ReadCredentialsFromEnvironment = false);
        using var sp = services.BuildServiceProvider();

        await PlaceOneOrderAsync(sp.GetRequiredService<IExchangeGateway>());

        Assert.Contains(capture.Entries, e => e.Category == typeof(BinanceRestClient).FullName && e.Message.Contains(" placed: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AddGenesisExchange_RegistersNoNullLoggerFactory()
    {
        var services = new ServiceCollection();

        services.AddGenesisExchange();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ILoggerFactory) && (d.ImplementationInstance is NullLoggerFactory || d.ImplementationType == typeof(NullLoggerFactory)));
    }

    private static async Task PlaceOneOrderAsync(IExchangeGateway gateway)
    {
        var rules = await gateway.GetSymbolRulesAsync("BTCUSDT");
        var book = await gateway.GetOrderBookAsync("BTCUSDT", 5);
        await gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, rules.RoundQuantity(0.01m), rules.RoundPrice(book.BestBid!.Value.Price * 0.99m)));
    }

    [Theory]
    [InlineData("Prod")]
    [InlineData("2x")]
    [InlineData("Live,Testnet")]
    public void InvalidEnvironmentInConfiguration_FailsWithTheValidNames_NotABinderTrace(string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["GenesisExchange:Environment"] = value }).Build();
        using var sp = new ServiceCollection().AddGenesisExchange(config).Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IExchangeGateway>());

        Assert.Contains($"GenesisExchange:Environment '{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Mock, Testnet, Live, Custom", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to convert", ex.ToString(), StringComparison.Ordinal);
    }

    private sealed class FixedClock : IServerClock
    {
        public TimeSpan Offset => TimeSpan.Zero;

        public DateTimeOffset? LastSync => null;

        public DateTimeOffset UtcNow => DateTimeOffset.UnixEpoch;

        public void SetOffset(TimeSpan offset, DateTimeOffset measuredAt)
        {
        }
    }

    /// <summary>Records every socket connect, DNS lookup and HTTP request start in the process.</summary>
    private sealed class NetworkActivityListener : EventListener
    {
        private readonly List<string> _events = [];

        public IReadOnlyList<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name is "System.Net.Sockets" or "System.Net.Http" or "System.Net.NameResolution")
            {
                EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is "ConnectStart" or "RequestStart" or "ResolutionStart" or "AcceptStart")
            {
                lock (_events)
                {
                    _events.Add($"{eventData.EventSource.Name}/{eventData.EventName}");
                }
            }
        }
    }
}
