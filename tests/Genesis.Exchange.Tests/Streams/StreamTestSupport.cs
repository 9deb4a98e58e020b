using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams;

internal static class TestPaths
{
    public static string ExamplesDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Genesis.Exchange.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Repository root (Genesis.Exchange.sln) not found above " + AppContext.BaseDirectory);
        }

        return Path.Combine(dir.FullName, "tests", "fixtures", "binance", "examples");
    }

    public static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(ExamplesDirectory(), name));
}

internal static class Bound
{
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(5);
}

/// <summary>A FakeTimeProvider that records the due time of every timer it creates, so tests advance only once a wait is armed.</summary>
internal sealed class SignalingTimeProvider : FakeTimeProvider
{
    private readonly object _lock = new();
    private readonly List<TimeSpan> _dues = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SignalingTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public int TimerCount
    {
        get
        {
            lock (_lock)
            {
                return _dues.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource changed;
        lock (_lock)
        {
            _dues.Add(dueTime);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return timer;
    }

    /// <summary>Waits until a timer with <paramref name="due"/> is created at index &gt;= <paramref name="fromIndex"/>; returns the index after it.</summary>
    public async Task<int> WaitForTimerAsync(TimeSpan due, int fromIndex = 0)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (var i = fromIndex; i < _dues.Count; i++)
                {
                    if (_dues[i] == due)
                    {
                        return i + 1;
                    }
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(Bound.Safety);
        }
    }
}

/// <summary>A Random whose NextDouble is fixed (0.5 makes the jitter factor exactly 1).</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}

/// <summary>A scripted WebSocket: the test enqueues frames, reads what the client sent, and drops or closes it.</summary>
internal sealed class ScriptedWebSocketConnection : IWebSocketConnection
{
    private readonly Channel<Frame> _inbound = Channel.CreateUnbounded<Frame>();
    private readonly Channel<string> _sent = Channel.CreateUnbounded<string>();
    private Frame? _current;
    private int _offset;

    public bool AutoConfirm { get; set; } = true;

    /// <summary>When set, answers a sent control request instead of the automatic confirmation (null: no answer).</summary>
    public Func<JsonElement, string?>? Responder { get; set; }

    public WebSocketState State { get; private set; } = WebSocketState.Open;

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsClosed { get; private set; }

    /// <summary>Completes when the client closes the socket.</summary>
    public Task Closed => _closed.Task;

    public Uri? Uri { get; set; }

    public void EnqueueMessage(string json) => _inbound.Writer.TryWrite(new Frame(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, null));

    public void EnqueueFragments(params string[] parts)
    {
        for (var i = 0; i < parts.Length; i++)
        {
            _inbound.Writer.TryWrite(new Frame(Encoding.UTF8.GetBytes(parts[i]), WebSocketMessageType.Text, i == parts.Length - 1, null));
        }
    }

    public void EnqueueClose() => _inbound.Writer.TryWrite(new Frame([], WebSocketMessageType.Close, true, null));

    public void Drop() => _inbound.Writer.TryWrite(new Frame([], WebSocketMessageType.Text, true, new WebSocketException("connection reset")));

    /// <summary>Makes the pending receive throw <paramref name="exception"/> (any type, e.g. a bug in a lower layer).</summary>
    public void Throw(Exception exception) => _inbound.Writer.TryWrite(new Frame([], WebSocketMessageType.Text, true, exception));

    public void EnqueueData(string stream, string payload) => EnqueueMessage($"{{\"stream\":\"{stream}\",\"data\":{payload}}}");

    public async Task<string> NextSentAsync() => await _sent.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    public bool TryGetSent(out string? message) => _sent.Reader.TryRead(out message);

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

        return new ValueWebSocketReceiveResult(count, frame.Type, done && frame.EndOfMessage);
    }

    public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(utf8.Span);
        _sent.Writer.TryWrite(text);
        using var doc = JsonDocument.Parse(text);
        if (Responder is { } responder)
        {
            if (responder(doc.RootElement) is { } reply)
            {
                EnqueueMessage(reply);
            }
        }
        else if (AutoConfirm)
        {
            EnqueueMessage($"{{\"result\":null,\"id\":{doc.RootElement.GetProperty("id").GetInt64()}}}");
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

    private sealed record Frame(byte[] Data, WebSocketMessageType Type, bool EndOfMessage, Exception? Error);
}

/// <summary>Hands out scripted connections (prepared ones first), failing the next N attempts on request.</summary>
internal sealed class ScriptedConnectionFactory(TimeProvider time) : IWebSocketConnectionFactory
{
    private readonly Queue<ScriptedWebSocketConnection> _prepared = new();
    private readonly Channel<ScriptedWebSocketConnection> _connections = Channel.CreateUnbounded<ScriptedWebSocketConnection>();
    private readonly Channel<DateTimeOffset> _attempts = Channel.CreateUnbounded<DateTimeOffset>();
    private int _failNext;

    private int _attemptCount;

    /// <summary>Connection attempts so far (a pool's connections connect concurrently: counted atomically).</summary>
    public int AttemptCount => Volatile.Read(ref _attemptCount);

    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    public void Prepare(ScriptedWebSocketConnection connection)
    {
        lock (_prepared)
        {
            _prepared.Enqueue(connection);
        }
    }

    public async Task<ScriptedWebSocketConnection> NextConnectionAsync() => await _connections.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    public async Task<DateTimeOffset> NextAttemptAsync() => await _attempts.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    public Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attemptCount);
        _attempts.Writer.TryWrite(time.GetUtcNow());
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw new WebSocketException("connection refused");
        }

        Volatile.Write(ref _failNext, 0);
        ScriptedWebSocketConnection connection;
        lock (_prepared)
        {
            connection = _prepared.Count > 0 ? _prepared.Dequeue() : new ScriptedWebSocketConnection();
        }

        connection.Uri = uri;
        _connections.Writer.TryWrite(connection);
        return Task.FromResult<IWebSocketConnection>(connection);
    }
}

/// <summary>A trade history with a fixed set of trades; records every request.</summary>
internal sealed class FakeTradeHistory : ITradeHistorySource
{
    private readonly object _lock = new();
    private readonly List<Trade> _trades = [];

    public List<(string Symbol, long FromId, int Limit)> Requests { get; } = [];

    public int FailuresBeforeSuccess { get; set; }

    /// <summary>When set, every request waits for this task before answering.</summary>
    public Task? Gate { get; set; }

    public void Add(params long[] ids)
    {
        lock (_lock)
        {
            foreach (var id in ids)
            {
                _trades.Add(Trades.History(id));
            }
        }
    }

    public async Task<IReadOnlyList<Trade>> GetTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            Requests.Add((symbol, fromId, limit));
            if (FailuresBeforeSuccess > 0)
            {
                FailuresBeforeSuccess--;
                throw new HttpRequestException("history unavailable");
            }

            IReadOnlyList<Trade> result = [.. _trades.Where(t => t.Id >= fromId).OrderBy(t => t.Id).Take(limit)];
            return result;
        }
    }
}

internal static class Trades
{
    public static Trade History(long id) => new(id, 100m + id, 1m, 100m + id, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id), false, true);

    public static TradeUpdate Live(long id, string symbol = "BTCUSDT") =>
        new(symbol, id, 100m + id, 1m, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id), false);

    public static string Json(long id, string symbol = "BTCUSDT", string price = "") =>
        $"{{\"e\":\"trade\",\"E\":{1_700_000_000_000 + id},\"s\":\"{symbol}\",\"t\":{id},\"p\":\"{(price.Length > 0 ? price : (100 + id).ToString(System.Globalization.CultureInfo.InvariantCulture))}\",\"q\":\"1\",\"T\":{1_700_000_000_000 + id},\"m\":false,\"M\":true}}";
}
