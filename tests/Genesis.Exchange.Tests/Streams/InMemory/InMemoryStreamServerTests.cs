using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Mock;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams.InMemory;

/// <summary>The in-memory stream server speaks Binance's stream protocol over <see cref="InMemoryWebSocketConnection"/>s.</summary>
public sealed class InMemoryStreamServerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(MockTestHarness.Start);
    private readonly MockExchange _exchange;

    public InMemoryStreamServerTests() => _exchange = new MockExchange(new MockExchangeOptions(), _time);

    public void Dispose() => _exchange.Dispose();

    private static async Task<IWebSocketConnection> ConnectAsync(InMemoryStreamServer server, string pathAndQuery = "/stream") =>
        await server.ConnectAsync(new Uri(InMemoryStreamServer.BaseUrl, pathAndQuery), CancellationToken.None);

    private static async Task<string> ReceiveAsync(IWebSocketConnection connection, int bufferSize = 64 * 1024)
    {
        var buffer = new byte[bufferSize];
        var message = new List<byte>();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await connection.ReceiveAsync(buffer, CancellationToken.None).AsTask().WaitAsync(Wait);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.AddRange(buffer.AsSpan(0, result.Count).ToArray());
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString([.. message]);
    }

    private static async Task<string> ControlAsync(IWebSocketConnection connection, string json)
    {
        await connection.SendTextAsync(Encoding.UTF8.GetBytes(json), CancellationToken.None);
        return await ReceiveAsync(connection);
    }

    [Fact]
    public async Task SubscribeListUnsubscribe_AreAnsweredWithTheirIds_LikeBinance()
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server);

        Assert.Equal("""{"result":null,"id":1}""", await ControlAsync(connection, """{"method":"SUBSCRIBE","params":["btcusdt@trade","ethusdt@depth20@100ms"],"id":1}"""));
        Assert.Equal("""{"result":["btcusdt@trade","ethusdt@depth20@100ms"],"id":2}""", await ControlAsync(connection, """{"method":"LIST_SUBSCRIPTIONS","id":2}"""));
        Assert.Equal("""{"result":null,"id":3}""", await ControlAsync(connection, """{"method":"UNSUBSCRIBE","params":["btcusdt@trade"],"id":3}"""));
        Assert.Equal("""{"result":["ethusdt@depth20@100ms"],"id":4}""", await ControlAsync(connection, """{"method":"LIST_SUBSCRIPTIONS","id":4}"""));
    }

    [Theory]
    [InlineData("btcusdt@nosuchstream")]
    [InlineData("nopeusdt@trade")]
    [InlineData("btcusdt@kline_5m")]
    public async Task Subscribe_StreamNotServed_IsRefusedAsAWholeWithInvalidStream(string stream)
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server);

        var answer = await ControlAsync(connection, $$"""{"method":"SUBSCRIBE","params":["btcusdt@trade","{{stream}}"],"id":7}""");

        Assert.Equal("""{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":7}""", answer);
        Assert.Equal("""{"result":[],"id":8}""", await ControlAsync(connection, """{"method":"LIST_SUBSCRIPTIONS","id":8}"""));
    }

    [Fact]
    public async Task Subscribed_ReceivesTheExchangesTradesAsCombinedFrames_InIdOrder()
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server);
        await ControlAsync(connection, """{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}""");

        for (var i = 0; i < 20; i++)
        {
            _exchange.Step();
        }

        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            using var frame = JsonDocument.Parse(await ReceiveAsync(connection));
            Assert.Equal("btcusdt@trade", frame.RootElement.GetProperty("stream").GetString());
            var data = frame.RootElement.GetProperty("data");
            Assert.Equal(("trade", "BTCUSDT"), (data.GetProperty("e").GetString(), data.GetProperty("s").GetString()));
            ids.Add(data.GetProperty("t").GetInt64());
        }

        Assert.Equal([ids[0], ids[0] + 1, ids[0] + 2], ids);
    }

    [Fact]
    public async Task RawStreamUrl_WithMicrosecondTimeUnit_SendsUnwrappedPayloadsWithTimesInMicroseconds()
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server, "/ws/btcusdt@trade?timeUnit=MICROSECOND");

        while (server.Connections.Single().Session.ListStreams().Length == 0 || _exchange.TradesPublished == 0)
        {
            _exchange.Step();
        }

        _exchange.Step();
        using var frame = JsonDocument.Parse(await ReceiveAsync(connection));
        var eventTime = frame.RootElement.GetProperty("E").GetInt64();
        Assert.Equal("trade", frame.RootElement.GetProperty("e").GetString());
        Assert.True(eventTime > 1_000_000_000_000_000, $"{eventTime} is not in microseconds");
    }

    [Fact]
    public async Task Receive_MessageLargerThanTheBuffer_ArrivesInParts()
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server);

        await connection.SendTextAsync(Encoding.UTF8.GetBytes("""{"method":"LIST_SUBSCRIPTIONS","id":12345}"""), CancellationToken.None);
        var buffer = new byte[5];
        var first = await connection.ReceiveAsync(buffer, CancellationToken.None);
        var rest = await ReceiveAsync(connection);

        Assert.Equal((5, false), (first.Count, first.EndOfMessage));
        Assert.Equal("""{"result":[],"id":12345}""", Encoding.UTF8.GetString(buffer) + rest);
    }

    [Fact]
    public async Task SlowConsumer_QueueFull_DropsTheConnection_AndTheNextReceiveThrows()
    {
        using var server = new InMemoryStreamServer(_exchange, queueCapacity: 2);
        await using var connection = await ConnectAsync(server);
        await ControlAsync(connection, """{"method":"SUBSCRIBE","params":["btcusdt@depth","btcusdt@ticker","ethusdt@ticker"],"id":1}""");

        _exchange.Step(); // more frames than the queue holds, nobody receiving

        Assert.Equal(WebSocketState.Aborted, connection.State);
        await Assert.ThrowsAsync<WebSocketException>(() => connection.ReceiveAsync(new byte[1024], CancellationToken.None).AsTask());
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public async Task DropAll_LosesWhatWasQueued_AndTheNextReceiveThrows()
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server);
        await ControlAsync(connection, """{"method":"SUBSCRIBE","params":["btcusdt@ticker"],"id":1}""");
        _exchange.Step();

        server.DropAll();

        await Assert.ThrowsAsync<WebSocketException>(() => connection.ReceiveAsync(new byte[1024], CancellationToken.None).AsTask());
        Assert.Equal(1, server.ConnectionsDropped);
    }

    [Fact]
    public async Task ServerDispose_SendsServerShutdown_ThenCloses()
    {
        var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server);

        server.Dispose();

        using var frame = JsonDocument.Parse(await ReceiveAsync(connection));
        Assert.Equal("!serverShutdown", frame.RootElement.GetProperty("stream").GetString());
        var close = await connection.ReceiveAsync(new byte[16], CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(server));
    }

    [Fact]
    public async Task EventsAfterShutdown_AreNotTakenForASlowConsumer()
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server, "/stream?streams=btcusdt@ticker");
        server.Shutdown(_time.GetUtcNow());

        _exchange.Step(); // a ticker for a connection whose queue is closed

        Assert.Equal(0, server.ConnectionsDropped);
        Assert.Contains("serverShutdown", await ReceiveAsync(connection), StringComparison.Ordinal);
        Assert.Equal(WebSocketMessageType.Close, (await connection.ReceiveAsync(new byte[16], CancellationToken.None)).MessageType);
    }

    [Fact]
    public async Task ClientClose_DeliversWhatWasQueued_ThenTheCloseFrame()
    {
        using var server = new InMemoryStreamServer(_exchange);
        await using var connection = await ConnectAsync(server);
        await connection.SendTextAsync(Encoding.UTF8.GetBytes("""{"method":"LIST_SUBSCRIPTIONS","id":1}"""), CancellationToken.None);

        await connection.CloseAsync(CancellationToken.None);

        Assert.Equal("""{"result":[],"id":1}""", await ReceiveAsync(connection));
        Assert.Equal(WebSocketMessageType.Close, (await connection.ReceiveAsync(new byte[16], CancellationToken.None)).MessageType);
        Assert.Equal(WebSocketState.Closed, connection.State);
        await Assert.ThrowsAsync<WebSocketException>(() => connection.SendTextAsync(Encoding.UTF8.GetBytes("{}"), CancellationToken.None).AsTask());
    }
}
