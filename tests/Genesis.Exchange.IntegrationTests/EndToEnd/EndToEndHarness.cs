using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.IntegrationTests.Rest;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.IntegrationTests.EndToEnd;

/// <summary>
/// The real client, registered through AddGenesisExchange (HTTP, signing, every decorator, WebSocket streams),
/// against the fake Binance server on loopback backed by the mock matching engine.
/// </summary>
internal sealed class EndToEndHarness : IAsyncDisposable
{
    public const string ApiKey = "e2e-api-key";
    public const string Secret = "e2e-secret-0123456789abcdef";

    private EndToEndHarness(MockExchange exchange, FakeBinanceServer server, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Exchange = exchange;
        Server = server;
        Services = services;
        Logs = logs;
        Gateway = services.GetRequiredService<IExchangeGateway>();
    }

    public MockExchange Exchange { get; }

    public FakeBinanceServer Server { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public IExchangeGateway Gateway { get; }

    public static async Task<EndToEndHarness> StartAsync(Action<FakeBinanceServerOptions>? server = null, Action<GenesisExchangeOptions>? client = null, Action<MockExchangeOptions>? mock = null)
    {
        var mockOptions = new MockExchangeOptions();
        mock?.Invoke(mockOptions);
        var exchange = new MockExchange(mockOptions, TimeProvider.System);
        var serverOptions = new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(exchange, TimeProvider.System),
            EventSource = new MockExchangeEventSource(exchange),
            ApiKey = ApiKey,
            ApiSecret = new SecretString(Secret),
        };
        server?.Invoke(serverOptions);
        var fake = await FakeBinanceServer.StartAsync(serverOptions);

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddGenesisExchange(o =>
        {
            o.UseCustomEndpoints(fake.RestBaseUrl, fake.StreamBaseUrl);
            o.ApiKey = new SecretString(ApiKey);
            o.ApiSecret = new SecretString(Secret);
            o.ReadCredentialsFromEnvironment = false;
            o.Orders.ReconcileDelay = TimeSpan.FromMilliseconds(100);
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
            o.Streams.ReconnectBaseDelay = TimeSpan.FromMilliseconds(50);
            o.Streams.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
            client?.Invoke(o);
        });
        return new EndToEndHarness(exchange, fake, services.BuildServiceProvider(), logs);
    }

    public async ValueTask DisposeAsync()
    {
        if (Services.GetService<IMarketStreamClient>() is IAsyncDisposable streams)
        {
            await streams.DisposeAsync();
        }

        await Services.DisposeAsync();
        await Server.DisposeAsync();
        Exchange.Dispose();
    }
}
