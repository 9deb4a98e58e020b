using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Streams.Contract;

/// <summary>The shared stream contract against <see cref="BinanceMarketStreamClient"/> over scripted connections.</summary>
public sealed class BinanceMarketStreamClientContractTests : MarketStreamClientContractTests
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedConnectionFactory _factory;
    private readonly BinanceMarketStreamClient _client;
    private ScriptedWebSocketConnection? _connection;
    private long _nextTradeId;

    public BinanceMarketStreamClientContractTests()
    {
        _factory = new ScriptedConnectionFactory(_time);
        _client = new BinanceMarketStreamClient(
            new MarketStreamOptions { BaseUrl = new Uri("wss://stream.test:9443") },
            new FakeTradeHistory(),
            _factory,
            _time,
            NullLogger<BinanceMarketStreamClient>.Instance,
            new FixedRandom(0.5),
            controlMessageInterval: TimeSpan.Zero);
    }

    protected override IMarketStreamClient Client => _client;

    protected override ValueTask DisposeClientAsync() => _client.DisposeAsync();

    protected override async Task PublishTradeAsync()
    {
        if (_connection is null)
        {
            _connection = await _factory.NextConnectionAsync();
            Assert.Contains("btcusdt@trade", await _connection.NextSentAsync());
        }

        _connection.EnqueueData("btcusdt@trade", Trades.Json(++_nextTradeId));
    }

    protected override IAsyncEnumerable<TradeUpdate> SubscribeUnknownStream(CancellationToken cancellationToken)
    {
        _factory.Prepare(new ScriptedWebSocketConnection
        {
            Responder = request => $$"""{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":{{request.GetProperty("id").GetInt64()}}}""",
        });
        return _client.SubscribeAsync<TradeUpdate>("btcusdt@nosuchstream", StreamMessageKind.Trade, OverflowPolicy.Fail, cancellationToken);
    }
}
