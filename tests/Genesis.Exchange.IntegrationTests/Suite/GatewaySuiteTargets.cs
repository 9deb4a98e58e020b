using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.IntegrationTests.EndToEnd;
using Genesis.Exchange.Mock;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.IntegrationTests.Suite;

/// <summary>A running gateway and the mock exchange behind it.</summary>
internal sealed class SuiteTarget(IExchangeGateway gateway, MockExchange exchange, Func<ValueTask> dispose) : IAsyncDisposable
{
    public IExchangeGateway Gateway { get; } = gateway;

    public MockExchange Exchange { get; } = exchange;

    public ValueTask DisposeAsync() => dispose();
}

/// <summary>The suite against the fake Binance server: HTTP, signing, WebSockets on loopback.</summary>
public sealed class GatewaySuiteOnFakeServer : GatewaySuite
{
    private protected override async Task<SuiteTarget> StartAsync()
    {
        var h = await EndToEndHarness.StartAsync();
        h.Exchange.Start(); // mock mode starts its market generator itself; the fake server's backend is started by its host
        return new SuiteTarget(h.Gateway, h.Exchange, h.DisposeAsync);
    }
}

/// <summary>The suite in mock mode: <c>AddGenesisExchange</c> with no environment chosen (the default), no keys.</summary>
public sealed class GatewaySuiteInMockMode : GatewaySuite
{
    private protected override Task<SuiteTarget> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGenesisExchange(o => o.ReadCredentialsFromEnvironment = false);
        var provider = services.BuildServiceProvider();
        var gateway = provider.GetRequiredService<IExchangeGateway>();
        return Task.FromResult(new SuiteTarget(gateway, provider.GetRequiredService<MockExchange>(), async () =>
        {
            if (provider.GetService<IMarketStreamClient>() is IAsyncDisposable streams)
            {
                await streams.DisposeAsync();
            }

            await provider.DisposeAsync();
        }));
    }
}
