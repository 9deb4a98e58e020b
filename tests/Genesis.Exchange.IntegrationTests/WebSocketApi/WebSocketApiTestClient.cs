using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Genesis.Exchange.Binance.Signing;

namespace Genesis.Exchange.IntegrationTests.WebSocketApi;

/// <summary>A raw <see cref="ClientWebSocket"/> speaking the WebSocket API's JSON (no SDK code but the request signer).</summary>
internal sealed class WebSocketApiTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket = new();
    private readonly IRequestSigner? _signer;
    private readonly string _apiKey;
    private readonly Func<long> _now;

    private WebSocketApiTestClient(IRequestSigner? signer, string apiKey, Func<long> now)
    {
        _signer = signer;
        _apiKey = apiKey;
        _now = now;
    }

    public WebSocketState State => _socket.State;

    public static async Task<WebSocketApiTestClient> ConnectAsync(Uri url, IRequestSigner? signer, string apiKey, Func<long> now)
    {
        var client = new WebSocketApiTestClient(signer, apiKey, now);
        using var cts = new CancellationTokenSource(Bound);
        await client._socket.ConnectAsync(url, cts.Token);
        return client;
    }

    /// <summary>A request; <paramref name="sign"/> adds apiKey, timestamp and the signature over the sorted parameters; <paramref name="timestamp"/> alone adds the timestamp.</summary>
    public string Request(object id, string method, IEnumerable<(string Key, object Value)>? parameters = null, bool sign = false, bool timestamp = false)
    {
        var list = (parameters ?? []).ToList();
        if (sign || timestamp)
        {
            list.Add(("timestamp", _now()));
        }

        if (sign)
        {
            list.Add(("apiKey", _apiKey));
            var payload = string.Join('&', list.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Convert.ToString(p.Value, CultureInfo.InvariantCulture)));
            list.Add(("signature", _signer!.Sign(Encoding.UTF8.GetBytes(payload))));
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
                if (value is string text)
                {
                    w.WriteString(key, text);
                }
                else
                {
                    w.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                }
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public async Task SendAsync(string request)
    {
        using var cts = new CancellationTokenSource(Bound);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
    }

    public async Task<JsonElement> CallAsync(string request)
    {
        await SendAsync(request);
        return await NextAsync();
    }

    /// <summary>The next text frame (bounded wait); throws <see cref="WebSocketException"/> when the server dropped the connection.</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var cts = new CancellationTokenSource(Bound);
        var buffer = new byte[1 << 16];
        var stream = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cts.Token);
            stream.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            throw new InvalidOperationException("The server closed the connection.");
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    /// <summary>The next <paramref name="count"/> frames.</summary>
    public async Task<List<JsonElement>> NextAsync(int count)
    {
        var frames = new List<JsonElement>();
        for (var i = 0; i < count; i++)
        {
            frames.Add(await NextAsync());
        }

        return frames;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        (_signer as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
