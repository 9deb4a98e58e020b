using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Mock;
using Genesis.Exchange.Tests.Streams.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams.Contract;

/// <summary>The shared stream contract in mock mode: the real client over the mock's in-memory stream server (no sockets).</summary>
public sealed class InMemoryMockStreamContractTests : MarketStreamClientContractTests
{
    private readonly SubscribedSignal _subscribed = new();
    private readonly MockExchange _exchange;
    private readonly MockStreams _streams;

    public InMemoryMockStreamContractTests()
    {
        var time = new FakeTimeProvider(MockTestHarness.Start);
        _exchange = new MockExchange(new MockExchangeOptions(), time);
        _streams = new MockStreams(_exchange, time, _subscribed);
    }

    protected override IMarketStreamClient Client => _streams.Client;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _streams.DisposeAsync();
        _exchange.Dispose();
    }

    protected override ValueTask DisposeClientAsync() => _streams.Client.DisposeAsync();

    protected override async Task PublishTradeAsync()
    {
        await _subscribed.WaitAsync();

        // The simulated market trades on most steps; a few steps make sure at least one BTCUSDT trade happens.
        for (var i = 0; i < 20; i++)
        {
            _exchange.Step();
        }
    }

    protected override IAsyncEnumerable<TradeUpdate> SubscribeUnknownStream(CancellationToken cancellationToken) =>
        _streams.Client.SubscribeAsync<TradeUpdate>("btcusdt@nosuchstream", StreamMessageKind.Trade, OverflowPolicy.Fail, cancellationToken);
}
