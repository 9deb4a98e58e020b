using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Genesis.Exchange.Mock.WebSocketApi;

namespace Genesis.Exchange.Tests.Mock.WebSocketApi;

/// <summary>A mock exchange on a fake clock, its in-memory WebSocket API, and one open connection to it.</summary>
internal sealed class WebSocketApiHarness : IAsyncDisposable
{
    public const string ApiKey = "ws-test-key";
    public const string Secret = "ws-test-secret";

    public WebSocketApiHarness(bool ed25519Key = true, bool generateMarketData = false)
    {
        Mock = new MockTestHarness(o => o.GenerateMarketData = generateMarketData);
        Server = new InMemoryWebSocketApiServer(Mock.Exchange, ApiKey, (payload, signature) => string.Equals(Hmac(payload), signature, StringComparison.OrdinalIgnoreCase), ed25519Key);
        Connection = Server.Accept();
    }

    public MockTestHarness Mock { get; }

    public InMemoryWebSocketApiServer Server { get; }

    public InMemoryWebSocketApiConnection Connection { get; }

    public long Now => Mock.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static string Hmac(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(payload)));

    /// <summary>A request frame; <paramref name="signed"/> adds apiKey, timestamp and the signature over the sorted parameters.</summary>
    public string Request(object id, string method, IEnumerable<(string Key, object Value)>? parameters = null, bool signed = false, long? timestamp = null)
    {
        var list = (parameters ?? []).ToList();
        if (signed)
        {
            list.Add(("apiKey", ApiKey));
            list.Add(("timestamp", timestamp ?? Now));
            var payload = string.Join('&', list.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Text(p.Value)));
            list.Add(("signature", Hmac(payload)));
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (id is string s)
            {
                w.WriteString("id", s);
            }
            else
            {
                w.WriteNumber("id", Convert.ToInt64(id, CultureInfo.InvariantCulture));
            }

            w.WriteString("method", method);
            w.WriteStartObject("params");
            foreach (var (key, value) in list)
            {
                switch (value)
                {
                    case string text:
                        w.WriteString(key, text);
                        break;
                    case bool b:
                        w.WriteBoolean(key, b);
                        break;
                    default:
                        w.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Sends a request and returns its response (the next frame).</summary>
    public async Task<JsonElement> CallAsync(string request)
    {
        await SendAsync(request);
        return await NextAsync();
    }

    public ValueTask SendAsync(string request) => Connection.SendTextAsync(Encoding.UTF8.GetBytes(request), CancellationToken.None);

    /// <summary>The next frame the client receives (bounded wait).</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[1 << 16];
        var stream = new MemoryStream();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await Connection.ReceiveAsync(buffer, timeout.Token);
            stream.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    /// <summary>Every frame queued now.</summary>
    public async Task<List<JsonElement>> DrainAsync()
    {
        var frames = new List<JsonElement>();
        while (Connection.QueuedFrames > 0)
        {
            frames.Add(await NextAsync());
        }

        return frames;
    }

    public async Task<JsonElement> LogonAsync()
    {
        var response = await CallAsync(Request("logon", "session.logon", signed: true));
        Assert.Equal(200, response.GetProperty("status").GetInt32());
        return response;
    }

    public async Task<int> SubscribeAsync()
    {
        var response = await CallAsync(Request("sub", "userDataStream.subscribe"));
        Assert.Equal(200, response.GetProperty("status").GetInt32());
        return response.GetProperty("result").GetProperty("subscriptionId").GetInt32();
    }

    public decimal BestAsk() => Mock.Exchange.GetOrderBook("BTCUSDT").BestAsk!.Value.Price;

    public decimal BestBid() => Mock.Exchange.GetOrderBook("BTCUSDT").BestBid!.Value.Price;

    public ValueTask DisposeAsync()
    {
        Server.Dispose();
        Mock.Exchange.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
