using System.Net.WebSockets;
using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Genesis.Exchange.Tests.Streams.Contract;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.IntegrationTests.Streams;

/// <summary>
/// The new stream kinds over loopback: the fake server serves them from a mock exchange's state, the real client
/// receives and parses them, and the bytes equal what mock mode's in-memory server sends for the same events.
/// </summary>
public sealed class StreamKindsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task FakeServer_ServesEveryNewKind_ToTheRealClient()
    {
        using var exchange = new MockExchange(new MockExchangeOptions(), new FakeTimeProvider(Start));
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { EventSource = new MockExchangeEventSource(exchange) });
        var subscribed = new SubscribedSignal();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(subscribed));
        var options = new MarketStreamOptions { BaseUrl = server.StreamBaseUrl };
        await using var client = new BinanceMarketStreamClient(
            options,
            new NoTradeHistory(),
            new ClientWebSocketConnectionFactory(TimeProvider.System, options.ConnectTimeout, options.KeepAliveInterval, options.KeepAliveTimeout),
            TimeProvider.System,
            loggers.CreateLogger<BinanceMarketStreamClient>());
        using var cts = new CancellationTokenSource();

        // One at a time, each confirmed before the next (one SUBSCRIBE each), so that the step below reaches them all.
        var average = First(client, MarketStreams.AveragePrice("BTCUSDT"), cts.Token);
        await subscribed.NextAsync();
        var reference = First(client, MarketStreams.ReferencePrice("BTCUSDT"), cts.Token);
        await subscribed.NextAsync();
        var rolling = First(client, MarketStreams.RollingWindowTicker("BTCUSDT", RollingWindow.FourHours), cts.Token);
        await subscribed.NextAsync();
        var allRolling = First(client, MarketStreams.AllRollingWindowTickers(RollingWindow.OneDay), cts.Token);
        await subscribed.NextAsync();
        var allMini = First(client, MarketStreams.AllMiniTickers(), cts.Token);
        await subscribed.NextAsync();
        var klineUtc8 = First(client, MarketStreams.Kline("BTCUSDT", KlineInterval.OneMinute, TimeSpan.FromHours(8)), cts.Token);
        await subscribed.NextAsync();
        var depth5 = First(client, MarketStreams.PartialDepth("BTCUSDT", 5, every100Milliseconds: false), cts.Token);
        await subscribed.NextAsync();

        exchange.Step();

        Assert.Equal(("BTCUSDT", TimeSpan.FromMinutes(5)), ((await average).Symbol, (await average).Interval));
        Assert.True((await average).AveragePrice > 0);
        Assert.Equal(new ReferencePriceUpdate("BTCUSDT", null, Start), await reference);
        Assert.Equal(("BTCUSDT", RollingWindow.FourHours), ((await rolling).Symbol, (await rolling).Window));
        Assert.Equal((RollingWindow.OneDay, 0), ((await allRolling).Window, (await allRolling).SkippedCount));
        Assert.NotEmpty((await allRolling).Tickers);
        Assert.NotEmpty((await allMini).Tickers);
        Assert.Equal(KlineInterval.OneMinute, (await klineUtc8).Interval);
        Assert.InRange((await depth5).Bids.Count, 1, 5);
        await cts.CancelAsync();
    }

    [Fact]
    public async Task SameEvents_InMemoryAndFakeServer_SendIdenticalFramesForTheNewKinds()
    {
        const string Path = "/stream?streams=btcusdt@avgPrice/btcusdt@referencePrice/btcusdt@ticker_1h/!ticker_4h@arr/!miniTicker@arr/btcusdt@kline_1m@+08:00/btcusdt@blockTrade&timeUnit=MICROSECOND";
        using var exchange = new MockExchange(new MockExchangeOptions(), new FakeTimeProvider(Start));
        using var inMemory = new InMemoryStreamServer(exchange);
        await using var fake = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { EventSource = new MockExchangeEventSource(exchange) });
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(fake.StreamBaseUrl, Path), CancellationToken.None).WaitAsync(Bound);
        await using var memory = await inMemory.ConnectAsync(new Uri(InMemoryStreamServer.BaseUrl, Path), CancellationToken.None);

        exchange.Step();

        // One step: a ticker event per symbol (its avgPrice, referencePrice, rolling and all-market frames) and the 1m bar.
        string[] expected = ["btcusdt@avgPrice", "btcusdt@referencePrice", "btcusdt@ticker_1h", "!ticker_4h@arr", "!miniTicker@arr", "btcusdt@kline_1m@+08:00"];
        var streams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100 && !streams.IsSupersetOf(expected); i++)
        {
            var fromFake = await ReceiveAsync(b => socket.ReceiveAsync(b, CancellationToken.None).AsTask());
            var fromMemory = await ReceiveAsync(b => memory.ReceiveAsync(b, CancellationToken.None).AsTask());
            Assert.Equal(fromFake, fromMemory);
            var parsed = StreamMessageParser.Parse(Encoding.UTF8.GetBytes(fromFake));
            Assert.NotEqual(StreamMessageKind.Malformed, parsed.Kind);
            streams.Add(parsed.StreamName!);
        }

        Assert.Superset(streams, new HashSet<string>(expected));
        Assert.DoesNotContain("btcusdt@blockTrade", streams); // the engine makes no block trades
    }

    private static async Task<T> First<T>(BinanceMarketStreamClient client, MarketStream<T> stream, CancellationToken cancellationToken)
        where T : class
    {
        var policy = stream.Delivery == StreamDelivery.Sequenced ? OverflowPolicy.Fail : OverflowPolicy.DropOldest;
        await using var updates = client.SubscribeAsync<T>(stream.Name, stream.Kind, policy, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(Bound, cancellationToken));
        return updates.Current;
    }

    private static async Task<string> ReceiveAsync(Func<Memory<byte>, Task<ValueWebSocketReceiveResult>> receive)
    {
        var buffer = new byte[64 * 1024];
        var message = new List<byte>();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await receive(buffer).WaitAsync(Bound);
            message.AddRange(buffer.AsSpan(0, result.Count).ToArray());
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString([.. message]);
    }

    private sealed class NoTradeHistory : ITradeHistorySource
    {
        public Task<IReadOnlyList<Trade>> GetTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Unexpected gap fill of {symbol} from {fromId}.");
    }
}
