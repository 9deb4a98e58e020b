using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Mock;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams.Contract;

/// <summary>The shared stream contract against <see cref="MockMarketStreamClient"/>.</summary>
public sealed class MockMarketStreamClientContractTests : MarketStreamClientContractTests
{
    private readonly MockExchange _exchange = new(new MockExchangeOptions(), new FakeTimeProvider(MockTestHarness.Start));
    private readonly MockMarketStreamClient _client;

    public MockMarketStreamClientContractTests() => _client = new MockMarketStreamClient(_exchange);

    protected override IMarketStreamClient Client => _client;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _exchange.Dispose();
    }

    protected override ValueTask DisposeClientAsync() => _client.DisposeAsync();

    protected override Task PublishTradeAsync()
    {
        // The simulated market trades on most steps; a few steps make sure at least one BTCUSDT trade happens.
        for (var i = 0; i < 20; i++)
        {
            _exchange.Step();
        }

        return Task.CompletedTask;
    }
}
