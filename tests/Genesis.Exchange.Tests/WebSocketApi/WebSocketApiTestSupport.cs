using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Tests.Streams;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.WebSocketApi;

/// <summary>
/// A scripted WebSocket API socket: every request the client sends is recorded; <see cref="Responder"/> answers it (null:
/// the test answers by hand with <see cref="Reply"/>); the test can push any frame (text, binary), drop or close it.
/// </summary>
internal sealed class ScriptedApiSocket : IWebSocketConnection
{
    private readonly Channel<Frame> _inbound = Channel.CreateUnbounded<Frame>();
    private readonly Channel<JsonElement> _sent = Channel.CreateUnbounded<JsonElement>();
    private Frame? _current;
    private int _offset;

    /// <summary>Answers a sent request (the JSON reply) or returns null to leave it unanswered.</summary>
    public Func<JsonElement, string?>? Responder { get; set; } = ApiReplies.Default;

    public WebSocketState State { get; private set; } = WebSocketState.Open;

    public bool IsClosed { get; private set; }

    /// <summary>Completes when the client closes the socket.</summary>
    public Task Closed => _closed.Task;

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<JsonElement> AllSent { get; } = [];

    public void EnqueueText(string json) => _inbound.Writer.TryWrite(new Frame(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, null));

    public void EnqueueBinary(byte[] data) => _inbound.Writer.TryWrite(new Frame(data, WebSocketMessageType.Binary, null));

    public void EnqueueClose() => _inbound.Writer.TryWrite(new Frame([], WebSocketMessageType.Close, null));

    public void Drop() => _inbound.Writer.TryWrite(new Frame([], WebSocketMessageType.Text, new WebSocketException("connection reset")));

    public void Reply(JsonElement request, string resultJson, int status = 200) =>
        EnqueueText(ApiReplies.Response(request.GetProperty("id").GetString()!, resultJson, status));

    /// <summary>The next request the client sent (bounded wait).</summary>
    public async Task<JsonElement> NextSentAsync() => await _sent.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    /// <summary>The next request with method <paramref name="method"/>, skipping others.</summary>
    public async Task<JsonElement> NextSentAsync(string method)
    {
        while (true)
        {
            var next = await NextSentAsync();
            if (next.GetProperty("method").GetString() == method)
            {
                return next;
            }
        }
    }

    public async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            _current = await _inbound.Reader.ReadAsync(cancellationToken);
            _offset = 0;
        }

        var frame = _current;
        if (frame.Error is not null)
        {
            _current = null;
            State = WebSocketState.Aborted;
            throw frame.Error;
        }

        if (frame.Type == WebSocketMessageType.Close)
        {
            _current = null;
            State = WebSocketState.CloseReceived;
            return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
        }

        var count = Math.Min(frame.Data.Length - _offset, buffer.Length);
        frame.Data.AsSpan(_offset, count).CopyTo(buffer.Span);
        _offset += count;
        var done = _offset == frame.Data.Length;
        if (done)
        {
            _current = null;
        }

        return new ValueWebSocketReceiveResult(count, frame.Type, done);
    }

    public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            throw new WebSocketException("closed");
        }

        using var document = JsonDocument.Parse(utf8);
        var request = document.RootElement.Clone();
        lock (AllSent)
        {
            AllSent.Add(request);
        }

        _sent.Writer.TryWrite(request);
        if (Responder?.Invoke(request) is { } reply)
        {
            EnqueueText(reply);
        }

        return ValueTask.CompletedTask;
    }

    public Task CloseAsync(CancellationToken cancellationToken)
    {
        IsClosed = true;
        State = WebSocketState.Closed;
        _closed.TrySetResult();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed record Frame(byte[] Data, WebSocketMessageType Type, Exception? Error);
}

/// <summary>Hands out scripted sockets (prepared ones first); can fail the next attempts.</summary>
internal sealed class ScriptedApiSocketFactory(TimeProvider time) : IWebSocketConnectionFactory
{
    private readonly Queue<ScriptedApiSocket> _prepared = new();
    private readonly Channel<ScriptedApiSocket> _connections = Channel.CreateUnbounded<ScriptedApiSocket>();
    private readonly Channel<DateTimeOffset> _attempts = Channel.CreateUnbounded<DateTimeOffset>();
    private int _failNext;

    public int AttemptCount { get; private set; }

    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    public void Prepare(ScriptedApiSocket socket)
    {
        lock (_prepared)
        {
            _prepared.Enqueue(socket);
        }
    }

    public async Task<ScriptedApiSocket> NextConnectionAsync() => await _connections.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    public async Task<DateTimeOffset> NextAttemptAsync() => await _attempts.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    public Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        AttemptCount++;
        _attempts.Writer.TryWrite(time.GetUtcNow());
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw new WebSocketException("connection refused");
        }

        Volatile.Write(ref _failNext, 0);
        ScriptedApiSocket socket;
        lock (_prepared)
        {
            socket = _prepared.Count > 0 ? _prepared.Dequeue() : new ScriptedApiSocket();
        }

        _connections.Writer.TryWrite(socket);
        return Task.FromResult<IWebSocketConnection>(socket);
    }
}

/// <summary>WebSocket API replies as Binance writes them.</summary>
internal static class ApiReplies
{
    private static int _subscriptionIds;

    public static string Response(string id, string resultJson, int status = 200, string? rateLimits = null) =>
        status is >= 200 and < 300
            ? $"{{\"id\":\"{id}\",\"status\":{status},\"result\":{resultJson}{(rateLimits is null ? "" : ",\"rateLimits\":" + rateLimits)}}}"
            : $"{{\"id\":\"{id}\",\"status\":{status},\"error\":{resultJson}{(rateLimits is null ? "" : ",\"rateLimits\":" + rateLimits)}}}";

    /// <summary>Answers the connection's own requests (logon, ping, status, subscriptions) like the exchange; leaves the rest to the test.</summary>
    public static string? Default(JsonElement request)
    {
        var id = request.GetProperty("id").GetString()!;
        return request.GetProperty("method").GetString() switch
        {
            "session.logon" or "session.status" => Response(id, """{"apiKey":"k","authorizedSince":1649729878532,"connectedSince":1649729873021,"returnRateLimits":false,"serverTime":1649730611671,"userDataStream":false}"""),
            "ping" => Response(id, "{}"),
            "userDataStream.subscribe" or "userDataStream.subscribe.signature" => Response(id, $"{{\"subscriptionId\":{Interlocked.Increment(ref _subscriptionIds)}}}"),
            "userDataStream.unsubscribe" => Response(id, "{}"),
            _ => null,
        };
    }
}

/// <summary>Builds connections over scripted sockets with fake time.</summary>
internal static class ApiHarness
{
    public const string Ed25519ApiKey = "4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO";
    public const string HmacApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    public const string HmacSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    public static FakeTimeProvider NewTime() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static WebSocketApiOptions Options(Action<WebSocketApiOptions>? configure = null)
    {
        var options = new WebSocketApiOptions { IdleProbeInterval = TimeSpan.Zero };
        configure?.Invoke(options);
        return options;
    }

    public static WebSocketApiCredentials Ed25519() =>
        new(new SecretString(Ed25519ApiKey), new Ed25519Signer(new SecretString(File.ReadAllText(Path.Combine(Support.TestPaths.Fixtures, "signing", "ed25519-test-key.pem")))));

    public static WebSocketApiCredentials Hmac() => new(new SecretString(HmacApiKey), new HmacSha256Signer(new SecretString(HmacSecret)));

    public static WebSocketApiConnection Connection(ScriptedApiSocketFactory factory, FakeTimeProvider time, WebSocketApiOptions? options = null, WebSocketApiCredentials? credentials = null, IRateLimitBudget? budget = null) =>
        new(new Uri("wss://ws-api.test/ws-api/v3"), factory, options ?? Options(), credentials, new ServerClock(time), time, NullLogger<WebSocketApiConnection>.Instance, budget, new FixedRandom(0.5));

    public static string Method(this JsonElement request) => request.GetProperty("method").GetString()!;

    public static string Id(this JsonElement request) => request.GetProperty("id").GetString()!;

    public static bool HasParam(this JsonElement request, string name) =>
        request.TryGetProperty("params", out var p) && p.TryGetProperty(name, out _);
}
