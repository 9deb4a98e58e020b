using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Genesis.Exchange.Testing;
using Genesis.Exchange.Tests.Streams.Contract;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.IntegrationTests.Streams;

/// <summary>The shared stream contract over loopback: the real client against the fake Binance server's WebSocket.</summary>
public sealed class FakeServerStreamContractTests : MarketStreamClientContractTests, IAsyncLifetime
{
    private static readonly DateTimeOffset TradeTime = DateTimeOffset.FromUnixTimeMilliseconds(1672515782136);
    private readonly SubscribedSignal _subscribed = new();
    private readonly ILoggerFactory _loggers;
    private FakeBinanceServer _server = null!;
    private BinanceMarketStreamClient _client = null!;
    private long _nextTradeId = 100;

    public FakeServerStreamContractTests() => _loggers = LoggerFactory.Create(b => b.AddProvider(_subscribed));

    protected override IMarketStreamClient Client => _client;

    public async Task InitializeAsync()
    {
        _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions());
        var options = new MarketStreamOptions { BaseUrl = _server.StreamBaseUrl };
        _client = new BinanceMarketStreamClient(
            options,
            new NoTradeHistory(),
            new ClientWebSocketConnectionFactory(TimeProvider.System, options.ConnectTimeout, options.KeepAliveInterval, options.KeepAliveTimeout),
            TimeProvider.System,
            _loggers.CreateLogger<BinanceMarketStreamClient>());
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask; // IAsyncDisposable.DisposeAsync below does it

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _server.DisposeAsync();
        _loggers.Dispose();
    }

    protected override ValueTask DisposeClientAsync() => _client.DisposeAsync();

    protected override async Task PublishTradeAsync()
    {
        await _subscribed.WaitAsync();
        _server.Publish(new TradeUpdate("BTCUSDT", ++_nextTradeId, 100m, 1m, TradeTime, TradeTime, false));
    }

    protected override IAsyncEnumerable<TradeUpdate> SubscribeUnknownStream(CancellationToken cancellationToken) =>
        _client.SubscribeAsync<TradeUpdate>("btcusdt@nosuchstream", StreamMessageKind.Trade, OverflowPolicy.Fail, cancellationToken);

    /// <summary>Trades are published with consecutive ids once subscribed, so no gap fill is ever needed.</summary>
    private sealed class NoTradeHistory : ITradeHistorySource
    {
        public Task<IReadOnlyList<Trade>> GetTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Unexpected gap fill of {symbol} from {fromId}.");
    }
}
