using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Genesis.Exchange.Models;
using Genesis.Exchange.Testing;
using static Genesis.Exchange.IntegrationTests.FakeServer.FakeServerClient;

namespace Genesis.Exchange.IntegrationTests.FakeServer;

public sealed class FakeServerStreamTests : IAsyncLifetime
{
    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeMilliseconds(1672515782136);
    private FakeBinanceServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static TradeUpdate Trade(string symbol, long id) => new(symbol, id, 0.001m, 100m, DocTime, DocTime, true);

    [Fact]
    public async Task RawTradeStream_DeliversTheDocumentedPayload()
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/bnbbtc@trade");

        _server.Publish(Trade("BNBBTC", 12345));
        var received = await ReceiveJsonAsync(socket);

        var expected = JsonNode.Parse("""{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}""");
        Assert.True(JsonNode.DeepEquals(expected, received), received.ToJsonString());
    }

    [Fact]
    public async Task DepthStreams_DeliverTheDocumentedPayloads()
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/bnbbtc@depth@100ms/bnbbtc@depth20@100ms");

        _server.Publish(new DepthUpdate("BNBBTC", 157, 160, [new(0.0024m, 10m)], [new(0.0026m, 100m)], DocTime));
        _server.Publish(new PartialDepthUpdate("BNBBTC", 160, [new(0.0024m, 10m)], [new(0.0026m, 100m)]));
        var diff = await ReceiveJsonAsync(socket);
        var partial = await ReceiveJsonAsync(socket);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}"""), diff), diff.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}"""), partial), partial.ToJsonString());
    }

    [Fact]
    public async Task TickerAndKlineStreams_DeliverTheDocumentedPayloads()
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/bnbbtc@ticker/bnbbtc@kline_1m");
        var ticker = new Ticker24h("BNBBTC", 0.0015m, 250.00m, 0.0018m, 0.0009m, 0.0025m, 10m, 0.0024m, 10m, 0.0026m, 100m, 0.0010m, 0.0025m, 0.0010m, 10000m, 18m,
            DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.FromUnixTimeMilliseconds(86400000), 0, 18150, 18151);
        var kline = new Kline(DateTimeOffset.FromUnixTimeMilliseconds(1672515780000), 0.0010m, 0.0025m, 0.0015m, 0.0020m, 1000m, DateTimeOffset.FromUnixTimeMilliseconds(1672515839999), 1.0000m, 100, 500m, 0.500m);

        _server.Publish(new TickerUpdate(ticker, DocTime));
        _server.Publish(new KlineUpdate("BNBBTC", KlineInterval.OneMinute, kline, false, DocTime));
        var tickerJson = await ReceiveJsonAsync(socket);
        var klineJson = await ReceiveJsonAsync(socket);

        var expectedTicker = JsonNode.Parse("""{"e":"24hrTicker","E":1672515782136,"s":"BNBBTC","p":"0.0015","P":"250.00","w":"0.0018","x":"0.0009","c":"0.0025","Q":"10","b":"0.0024","B":"10","a":"0.0026","A":"100","o":"0.0010","h":"0.0025","l":"0.0010","v":"10000","q":"18","O":0,"C":86400000,"F":0,"L":18150,"n":18151}""");
        Assert.True(JsonNode.DeepEquals(expectedTicker, tickerJson), tickerJson.ToJsonString());
        var k = klineJson["k"]!;
        Assert.Equal("kline", (string)klineJson["e"]!);
        Assert.Equal(1672515780000, (long)k["t"]!);
        Assert.Equal(1672515839999, (long)k["T"]!);
        Assert.Equal("1m", (string)k["i"]!);
        Assert.Equal(["0.0010", "0.0020", "0.0025", "0.0015", "1000", "1.0000", "500", "0.500"],
            new[] { "o", "c", "h", "l", "v", "q", "V", "Q" }.Select(f => (string)k[f]!).ToArray());
        Assert.Equal(100, (long)k["n"]!);
        Assert.False((bool)k["x"]!);
    }

    [Fact]
    public async Task CombinedStream_WrapsEachEventWithItsStreamName()
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/stream?streams=bnbbtc@trade/ethbtc@trade");

        _server.Publish(Trade("ETHBTC", 1));
        _server.Publish(Trade("BNBBTC", 2));
        var first = await ReceiveJsonAsync(socket);
        var second = await ReceiveJsonAsync(socket);

        Assert.Equal("ethbtc@trade", (string)first["stream"]!);
        Assert.Equal(1, (long)first["data"]!["t"]!);
        Assert.Equal("bnbbtc@trade", (string)second["stream"]!);
        Assert.Equal("BNBBTC", (string)second["data"]!["s"]!);
    }

    [Fact]
    public async Task SubscribeListUnsubscribe_FollowTheControlProtocol()
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws");

        await SendTextAsync(socket, """{"method":"SUBSCRIBE","params":["btcusdt@trade","btcusdt@depth"],"id":1}""");
        var subscribed = await ReceiveJsonAsync(socket);
        await SendTextAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":3}""");
        var listed = await ReceiveJsonAsync(socket);
        _server.Publish(Trade("BTCUSDT", 7));
        var trade = await ReceiveJsonAsync(socket);
        await SendTextAsync(socket, """{"method":"UNSUBSCRIBE","params":["btcusdt@trade"],"id":312}""");
        var unsubscribed = await ReceiveJsonAsync(socket);
        await SendTextAsync(socket, """{"method":"SUBSCRIBE","params":["ethusdt@trade"],"id":4}""");
        await ReceiveJsonAsync(socket);
        _server.Publish(Trade("BTCUSDT", 8));
        _server.Publish(Trade("ETHUSDT", 9));
        var next = await ReceiveJsonAsync(socket);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"result":null,"id":1}"""), subscribed), subscribed.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"result":["btcusdt@trade","btcusdt@depth"],"id":3}"""), listed), listed.ToJsonString());
        Assert.Equal(7, (long)trade["t"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"result":null,"id":312}"""), unsubscribed), unsubscribed.ToJsonString());
        Assert.Equal(9, (long)next["t"]!);
    }

    [Fact]
    public async Task SetProperty_Combined_WrapsLaterEvents_AndGetPropertyReadsIt()
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/bnbbtc@trade");

        await SendTextAsync(socket, """{"method":"SET_PROPERTY","params":["combined",true],"id":5}""");
        var set = await ReceiveJsonAsync(socket);
        await SendTextAsync(socket, """{"method":"GET_PROPERTY","params":["combined"],"id":2}""");
        var get = await ReceiveJsonAsync(socket);
        _server.Publish(Trade("BNBBTC", 3));
        var wrapped = await ReceiveJsonAsync(socket);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"result":null,"id":5}"""), set), set.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"result":true,"id":2}"""), get), get.ToJsonString());
        Assert.Equal("bnbbtc@trade", (string)wrapped["stream"]!);
    }

    [Theory]
    [InlineData("""{"method":"SUBSCRIBE","params":["btcusdt@trade"]""", 3)]
    [InlineData("""{"method":"SUBSCRIBE","params":["btcusdt@trade"]}""", 2)]
    [InlineData("""{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":-1}""", 2)]
    [InlineData("""{"method":"PUBLISH","params":[],"id":1}""", 2)]
    [InlineData("""{"params":[],"id":1}""", 2)]
    [InlineData("""{"method":"SET_PROPERTY","params":["compressed",true],"id":1}""", 0)]
    [InlineData("""{"method":"SET_PROPERTY","params":["combined","yes"],"id":1}""", 1)]
    [InlineData("""{"method":"GET_PROPERTY","params":[7],"id":1}""", 2)]
    public async Task BadControlMessages_GetTheDocumentedErrorCodes(string message, int expectedCode)
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws");

        await SendTextAsync(socket, message);
        var answer = await ReceiveJsonAsync(socket);

        Assert.Equal(expectedCode, (int)answer["error"]!["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)answer["error"]!["msg"]));
        Assert.True(answer.AsObject().ContainsKey("id"));
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Theory]
    [InlineData("btcusdt@ticker_2h")]
    [InlineData("BTCUSDT@trade")]
    [InlineData("btcusdt@kline_2m")]
    [InlineData("btcusdt")]
    public async Task Subscribe_StreamTheServerCannotServe_IsRefusedWithTheInvalidStreamError(string stream)
    {
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws");

        await SendTextAsync(socket, $$"""{"method":"SUBSCRIBE","params":["ethusdt@trade","{{stream}}"],"id":7}""");
        var answer = await ReceiveJsonAsync(socket);
        await SendTextAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":8}""");
        var listed = await ReceiveJsonAsync(socket);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":7}"""), answer), answer.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"result":[],"id":8}"""), listed), listed.ToJsonString());
    }

    [Fact]
    public async Task PublishedTrades_ArriveInOrder()
    {
        const int count = 500;
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/btcusdt@trade");

        for (var id = 1; id <= count; id++)
        {
            _server.Publish(Trade("BTCUSDT", id));
        }

        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((long)(await ReceiveJsonAsync(socket))["t"]!);
        }

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ids);
        Assert.Equal(count, _server.Counters.TradesPublished);
    }

    [Fact]
    public async Task EventSource_FeedsTheStreams()
    {
        var source = new ManualEventSource();
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { EventSource = source });
        using var socket = await ConnectAsync(server.StreamBaseUrl, "/ws/btcusdt@trade");

        source.Emit(Trade("BTCUSDT", 42));
        var trade = await ReceiveJsonAsync(socket);

        Assert.Equal(42, (long)trade["t"]!);
    }

    [Fact]
    public async Task DropInterval_DropsEveryConnection_Repeatedly()
    {
        _server.Faults.StreamDropInterval = TimeSpan.FromMilliseconds(150);

        for (var round = 1; round <= 2; round++)
        {
            using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/btcusdt@trade");
            await Assert.ThrowsAnyAsync<WebSocketException>(() => ReceiveTextAsync(socket));
        }

        _server.Faults.StreamDropInterval = null;
        Assert.True(_server.Counters.StreamConnectionsDropped >= 2, $"dropped {_server.Counters.StreamConnectionsDropped}");
        Assert.Equal(2, _server.Counters.StreamConnectionsAccepted);
    }

    [Fact]
    public async Task Dispose_SendsServerShutdown_ThenCloses()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions());
        using var raw = await ConnectAsync(server.StreamBaseUrl, "/ws/btcusdt@trade");
        using var combined = await ConnectAsync(server.StreamBaseUrl, "/stream?streams=btcusdt@trade");

        var disposing = server.DisposeAsync().AsTask();
        var rawShutdown = await ReceiveJsonAsync(raw);
        var combinedShutdown = await ReceiveJsonAsync(combined);
        var rawClose = await ReceiveTextAsync(raw);
        var combinedClose = await ReceiveTextAsync(combined);
        await raw.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await combined.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await disposing.WaitAsync(Bound);

        Assert.Equal("serverShutdown", (string)rawShutdown["e"]!);
        Assert.Equal("!serverShutdown", (string)combinedShutdown["stream"]!);
        Assert.Equal("serverShutdown", (string)combinedShutdown["data"]!["e"]!);
        Assert.Null(rawClose);
        Assert.Null(combinedClose);
    }

    [Fact]
    public async Task Server_SendsPingFrames_AndDropsAClientThatNeverPongs()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            StreamPingInterval = TimeSpan.FromMilliseconds(200),
            StreamPongTimeout = TimeSpan.FromMilliseconds(400),
        });
        using var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(Bound);
        await tcp.ConnectAsync("127.0.0.1", server.StreamBaseUrl.Port, cts.Token);
        var stream = tcp.GetStream();
        var handshake = $"GET /ws/btcusdt@trade HTTP/1.1\r\nHost: 127.0.0.1:{server.StreamBaseUrl.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake), cts.Token);

        var headers = await ReadHeadersAsync(stream, cts.Token);
        var frameHeader = new byte[2];
        await stream.ReadExactlyAsync(frameHeader, cts.Token);
        var rest = new byte[frameHeader[1] & 0x7F];
        await stream.ReadExactlyAsync(rest, cts.Token);
        var dropped = false;
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, cts.Token) > 0)
            {
                // Further pings until the server gives up on the missing pong.
            }

            dropped = true;
        }
        catch (IOException)
        {
            dropped = true; // aborted: reset by peer
        }

        Assert.StartsWith("HTTP/1.1 101", headers, StringComparison.Ordinal);
        Assert.Equal(0x89, frameHeader[0]); // FIN + ping opcode
        Assert.True(dropped);
    }

    [Fact]
    public async Task ClientThatVanishes_IsRemoved()
    {
        var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/btcusdt@trade");
        Assert.Equal(1, _server.ActiveStreamConnections);

        socket.Abort(); // no close frame, as a crashed client
        socket.Dispose();
        using var cts = new CancellationTokenSource(Bound);
        while (_server.ActiveStreamConnections != 0)
        {
            cts.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, cts.Token); // polling a state, bounded by the token
        }

        Assert.Equal(0, _server.ActiveStreamConnections);
        Assert.Equal(0, _server.Counters.StreamConnectionsDropped);
    }

    [Fact]
    public async Task Maintenance_RefusesWebSocketUpgrades_UntilSwitchedOff()
    {
        _server.Faults.Maintenance = MaintenanceMode.JsonError;

        await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(_server.StreamBaseUrl, "/ws/btcusdt@trade"));
        _server.Faults.Reset();
        using var socket = await ConnectAsync(_server.StreamBaseUrl, "/ws/btcusdt@trade");

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(1, _server.Counters.StreamConnectionsAccepted);
    }

    [Fact]
    public async Task SlowConsumer_IsDropped_AndNeverBlocksPublishing()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { StreamQueueCapacity = 16 });
        using var stalled = await OpenRawAsync(server, "/ws/btcusdt@trade"); // never reads after the handshake
        using var reader = await ConnectAsync(server.StreamBaseUrl, "/ws/ethusdt@trade");
        var deadline = DateTimeOffset.UtcNow + Bound;

        var published = 0;
        while (server.Counters.StreamConnectionsDropped == 0 && DateTimeOffset.UtcNow < deadline)
        {
            for (var i = 0; i < 1000; i++)
            {
                server.Publish(Trade("BTCUSDT", ++published));
            }
        }

        server.Publish(Trade("ETHUSDT", 1));
        var healthy = await ReceiveJsonAsync(reader);

        Assert.Equal(1, server.Counters.StreamConnectionsDropped);
        Assert.Equal("ETHUSDT", (string)healthy["s"]!);
    }

    private static async Task<TcpClient> OpenRawAsync(FakeBinanceServer server, string path)
    {
        var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(Bound);
        await tcp.ConnectAsync("127.0.0.1", server.StreamBaseUrl.Port, cts.Token);
        var handshake = $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.StreamBaseUrl.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(handshake), cts.Token);
        Assert.StartsWith("HTTP/1.1 101", await ReadHeadersAsync(tcp.GetStream(), cts.Token), StringComparison.Ordinal);
        return tcp;
    }

    private static async Task<string> ReadHeadersAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            text.Append((char)one[0]);
        }

        return text.ToString();
    }

    private sealed class ManualEventSource : IMarketEventSource
    {
        private Action<object>? _onEvent;

        public IDisposable Subscribe(Action<object> onEvent)
        {
            _onEvent = onEvent;
            return new Unsubscriber(this);
        }

        public void Emit(object marketEvent) => _onEvent?.Invoke(marketEvent);

        private sealed class Unsubscriber(ManualEventSource source) : IDisposable
        {
            public void Dispose() => source._onEvent = null;
        }
    }
}
