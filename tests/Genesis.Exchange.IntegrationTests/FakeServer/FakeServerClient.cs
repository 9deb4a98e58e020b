using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Genesis.Exchange.IntegrationTests.FakeServer;

/// <summary>Raw HTTP and WebSocket helpers for the fake-server tests (no SDK code, only the wire protocol).</summary>
internal static class FakeServerClient
{
    public const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    public const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static string Hmac(string payload) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(payload)));

    /// <summary>Appends timestamp (and recvWindow) to <paramref name="query"/> and signs it with the test secret.</summary>
    public static string SignedQuery(string query, DateTimeOffset timestamp, long? recvWindow = null)
    {
        var text = query + (query.Length > 0 ? "&" : string.Empty)
            + (recvWindow is { } w ? "recvWindow=" + w.ToString(CultureInfo.InvariantCulture) + "&" : string.Empty)
            + "timestamp=" + timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return text + "&signature=" + Hmac(text);
    }

    public static HttpRequestMessage Signed(HttpMethod method, Uri baseUrl, string path, string signedQuery, string apiKey = ApiKey)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path + "?" + signedQuery));
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        return request;
    }

    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var cts = new CancellationTokenSource(Bound);
        var response = await http.SendAsync(request, cts.Token);
        var text = await response.Content.ReadAsStringAsync(cts.Token);
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the test looks at the status and headers.
        }

        return ((int)response.StatusCode, body, response);
    }

    public static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(HttpClient http, Uri baseUrl, string pathAndQuery) =>
        SendAsync(http, new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, pathAndQuery)));

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    public static async Task<ClientWebSocket> ConnectAsync(Uri streamBase, string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(new Uri(streamBase, pathAndQuery), cts.Token);
        return socket;
    }

    public static async Task SendTextAsync(ClientWebSocket socket, string text)
    {
        using var cts = new CancellationTokenSource(Bound);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
    }

    /// <summary>Receives one text message (bounded wait); null when the server closed.</summary>
    public static async Task<string?> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(Bound);
        var buffer = new byte[64 * 1024];
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(count), cts.Token);
            count += result.Count;
        }
        while (!result.EndOfMessage);

        return result.MessageType == WebSocketMessageType.Close ? null : Encoding.UTF8.GetString(buffer, 0, count);
    }

    public static async Task<JsonNode> ReceiveJsonAsync(ClientWebSocket socket)
    {
        var text = await ReceiveTextAsync(socket);
        Assert.NotNull(text);
        return JsonNode.Parse(text!)!;
    }
}
