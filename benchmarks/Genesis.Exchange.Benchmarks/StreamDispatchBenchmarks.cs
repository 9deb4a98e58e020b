using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// The client's own cost per message, without a socket: a connection that hands out trade frames from memory as fast as
/// they are asked for, consumed through the public subscription API (receive loop, parse, route, merge, sequencer,
/// channel). The baseline parses the same frames with a hand <see cref="System.Text.Json.Utf8JsonReader"/> loop on one thread.
/// </summary>
[MemoryDiagnoser]
public class StreamDispatchBenchmarks
{
    public const int Messages = 100_000;
    private static readonly byte[] Prefix = """{"stream":"btcusdt@trade","data":{"e":"trade","E":1672515782136,"s":"BTCUSDT","t":"""u8.ToArray();
    private static readonly byte[] Suffix = ""","p":"0.00100000","q":"100.00000000","T":1672515782136,"m":true,"M":true}}"""u8.ToArray();
    private MemoryFrames _frames = null!;
    private BinanceMarketStreamClient _client = null!;
    private StreamSubscription<TradeUpdate> _subscription = null!;
    private readonly byte[] _buffer = new byte[256];
    private long _rawId = 1;

    [GlobalSetup]
    public void Setup()
    {
        _frames = new MemoryFrames();
        var options = new MarketStreamOptions { BaseUrl = new Uri("ws://memory.invalid"), ChannelCapacity = Messages * 2, BackupConnection = false, NoDataTimeout = TimeSpan.FromHours(1) };
        _client = new BinanceMarketStreamClient(options, new NoHistory(), _frames, TimeProvider.System, NullLogger<BinanceMarketStreamClient>.Instance, controlMessageInterval: TimeSpan.Zero);
        _subscription = _client.Subscribe(MarketStreams.Trade("BTCUSDT"));
        _subscription.Subscribed.Wait(TimeSpan.FromSeconds(10));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long Raw_HandParser()
    {
        long last = 0;
        for (var i = 0; i < Messages; i++)
        {
            var length = MemoryFrames.Write(_buffer, _rawId++);
            last = HandParser.Parse(_buffer.AsSpan(0, length)).TradeId;
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> Client_Subscription()
    {
        _frames.Release(Messages);
        var reader = _subscription.Reader;
        long last = 0;
        for (var i = 0; i < Messages; i++)
        {
            if (!reader.TryRead(out var trade))
            {
                trade = await reader.ReadAsync();
            }

            last = trade.TradeId;
        }

        return last;
    }

    private sealed class NoHistory : ITradeHistorySource
    {
        public Task<IReadOnlyList<Trade>> GetTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Trade>>([]);
    }

    /// <summary>One in-memory connection: answers control requests, then serves as many trade frames as released.</summary>
    private sealed class MemoryFrames : IWebSocketConnectionFactory, IWebSocketConnection
    {
        private readonly SemaphoreSlim _released = new(0);
        private readonly Queue<byte[]> _control = new();
        private long _nextId = 1;
        private long _budget;

        public WebSocketState State => WebSocketState.Open;

        public static int Write(byte[] buffer, long id)
        {
            Prefix.CopyTo(buffer, 0);
            System.Buffers.Text.Utf8Formatter.TryFormat(id, buffer.AsSpan(Prefix.Length), out var digits);
            Suffix.CopyTo(buffer, Prefix.Length + digits);
            return Prefix.Length + digits + Suffix.Length;
        }

        public void Release(long count)
        {
            Interlocked.Add(ref _budget, count);
            _released.Release();
        }

        public Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken) => Task.FromResult<IWebSocketConnection>(this);

        public async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            while (true)
            {
                lock (_control)
                {
                    if (_control.TryDequeue(out var reply))
                    {
                        reply.CopyTo(buffer);
                        return new ValueWebSocketReceiveResult(reply.Length, WebSocketMessageType.Text, true);
                    }
                }

                if (Interlocked.Read(ref _budget) > 0)
                {
                    Interlocked.Decrement(ref _budget);
                    var length = Write(_scratch, _nextId++);
                    _scratch.AsSpan(0, length).CopyTo(buffer.Span);
                    return new ValueWebSocketReceiveResult(length, WebSocketMessageType.Text, true);
                }

                await _released.WaitAsync(cancellationToken);
            }
        }

        private readonly byte[] _scratch = new byte[256];

        public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(utf8);
            var id = doc.RootElement.GetProperty("id").GetInt64();
            lock (_control)
            {
                _control.Enqueue(System.Text.Encoding.UTF8.GetBytes($$"""{"result":null,"id":{{id}}}"""));
            }

            _released.Release();
            return ValueTask.CompletedTask;
        }

        public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The hand-written trade parser the end-to-end baselines use.</summary>
internal static class HandParser
{
    public static TradeUpdate Parse(ReadOnlySpan<byte> frame)
    {
        var reader = new System.Text.Json.Utf8JsonReader(frame);
        long id = 0, time = 0, eventTime = 0;
        decimal price = 0, quantity = 0;
        var maker = false;
        while (reader.Read())
        {
            if (reader.TokenType != System.Text.Json.JsonTokenType.PropertyName || reader.CurrentDepth != 2)
            {
                continue;
            }

            var name = reader.ValueSpan;
            reader.Read();
            if (name.Length != 1)
            {
                continue;
            }

            switch (name[0])
            {
                case (byte)'t': id = reader.GetInt64(); break;
                case (byte)'p': price = decimal.Parse(reader.ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture); break;
                case (byte)'q': quantity = decimal.Parse(reader.ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture); break;
                case (byte)'T': time = reader.GetInt64(); break;
                case (byte)'E': eventTime = reader.GetInt64(); break;
                case (byte)'m': maker = reader.GetBoolean(); break;
            }
        }

        return new TradeUpdate("BTCUSDT", id, price, quantity, DateTimeOffset.FromUnixTimeMilliseconds(time), DateTimeOffset.FromUnixTimeMilliseconds(eventTime), maker);
    }
}
