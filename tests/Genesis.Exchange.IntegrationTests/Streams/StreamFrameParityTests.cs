using System.Net.WebSockets;
using System.Text;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.IntegrationTests.Streams;

/// <summary>Mock mode's in-memory stream server and the fake server send the same bytes for the same market events.</summary>
public sealed class StreamFrameParityTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task<string> ReceiveAsync(Func<Memory<byte>, Task<ValueWebSocketReceiveResult>> receive)
    {
        var buffer = new byte[64 * 1024];
        var message = new List<byte>();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await receive(buffer).WaitAsync(Bound);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.AddRange(buffer.AsSpan(0, result.Count).ToArray());
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString([.. message]);
    }

    [Theory]
    [InlineData("/stream?streams=btcusdt@trade/btcusdt@depth/btcusdt@depth20@100ms/btcusdt@kline_1m/btcusdt@ticker", 20)]
    [InlineData("/ws/ethusdt@trade/ethusdt@ticker?timeUnit=MICROSECOND", 5)]
    public async Task SameEvents_InMemoryAndFakeServer_SendIdenticalFrames(string pathAndQuery, int frames)
    {
        using var exchange = new MockExchange(new MockExchangeOptions(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 30, TimeSpan.Zero)));
        using var inMemory = new InMemoryStreamServer(exchange);
        await using var fake = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { EventSource = new MockExchangeEventSource(exchange) });
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(fake.StreamBaseUrl, pathAndQuery), CancellationToken.None).WaitAsync(Bound);
        await using var memory = await inMemory.ConnectAsync(new Uri(InMemoryStreamServer.BaseUrl, pathAndQuery), CancellationToken.None);
        Assert.Equal(1, fake.ActiveStreamConnections); // subscribed from the URL before the handshake completed

        for (var i = 0; i < 5; i++)
        {
            exchange.Step();
        }

        for (var i = 0; i < frames; i++) // at least one depth, book, kline and ticker event per step
        {
            var fromFake = await ReceiveAsync(b => socket.ReceiveAsync(b, CancellationToken.None).AsTask());
            var fromMemory = await ReceiveAsync(b => memory.ReceiveAsync(b, CancellationToken.None).AsTask());
            Assert.Equal(fromFake, fromMemory);
        }
    }
}
