using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// End to end: a loopback WebSocket server pushes combined-stream trade frames as fast as it can; each operation
/// consumes <see cref="Messages"/> of them. <c>Client_Subscription</c> reads them through the public subscription API
/// (pool, merge, trade sequencer, channel); the baseline reads the same frames with a raw <see cref="ClientWebSocket"/>
/// and a hand-written <see cref="Utf8JsonReader"/> loop that builds the same record. msgs/s = Messages / mean time.
/// </summary>
[MemoryDiagnoser]
public class StreamEndToEndBenchmarks
{
    public const int Messages = 100_000;
    private const string Stream = "btcusdt@trade";
    private FramePump _pump = null!;
    private BinanceMarketStreamClient _client = null!;
    private StreamSubscription<TradeUpdate> _subscription = null!;
    private ClientWebSocket _raw = null!;
    private byte[] _rawBuffer = null!;
    private long _nextId = 1;

    [GlobalSetup(Target = nameof(Client_Subscription))]
    public void SetupClient()
    {
        _pump = FramePump.Start();
        var options = new MarketStreamOptions { BaseUrl = _pump.Url, ChannelCapacity = Messages * 2, BackupConnection = false, KeepAliveInterval = TimeSpan.Zero, NoDataTimeout = TimeSpan.FromHours(1) };
        _client = new BinanceMarketStreamClient(
            options,
            new NoHistory(),
            new ClientWebSocketConnectionFactory(TimeProvider.System, options.ConnectTimeout, options.KeepAliveInterval, options.KeepAliveTimeout),
            TimeProvider.System,
            NullLogger<BinanceMarketStreamClient>.Instance,
            controlMessageInterval: TimeSpan.Zero);
        _subscription = _client.Subscribe(MarketStreams.Trade("BTCUSDT"));
        _subscription.Subscribed.Wait(TimeSpan.FromSeconds(10));
    }

    [GlobalSetup(Target = nameof(Raw_ClientWebSocket_HandParser))]
    public void SetupRaw()
    {
        _pump = FramePump.Start();
        _raw = new ClientWebSocket();
        _raw.Options.KeepAliveInterval = TimeSpan.Zero;
        _raw.ConnectAsync(new Uri(_pump.Url, "/stream"), CancellationToken.None).GetAwaiter().GetResult();
        _raw.SendAsync("""{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
        _rawBuffer = new byte[64 * 1024];
        _ = _raw.ReceiveAsync(_rawBuffer, CancellationToken.None).GetAwaiter().GetResult(); // the confirmation
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subscription?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _raw?.Dispose();
        _pump.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<long> Raw_ClientWebSocket_HandParser()
    {
        _pump.Push(_nextId, Messages);
        _nextId += Messages;
        long last = 0;
        for (var i = 0; i < Messages; i++)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _raw.ReceiveAsync(_rawBuffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            last = HandParser.Parse(_rawBuffer.AsSpan(0, count)).TradeId;
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> Client_Subscription()
    {
        _pump.Push(_nextId, Messages);
        _nextId += Messages;
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

    /// <summary>
    /// A minimal loopback WebSocket server (one connection): it answers the upgrade and every control request
    /// (<c>{"result":null,"id":N}</c>), and on <see cref="Push"/> writes trade frames back to back.
    /// </summary>
    private sealed class FramePump : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private WebSocket? _socket;
        private NetworkStream? _stream;
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private FramePump()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Url = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _ = AcceptAsync();
        }

        public Uri Url { get; }

        public static FramePump Start() => new();

        public void Push(long firstId, int count)
        {
            _connected.Task.Wait(TimeSpan.FromSeconds(10));
            _ = Task.Run(async () =>
            {
                await _sendLock.WaitAsync();
                try
                {
                    // Frames are framed by hand (server frames are unmasked) and written 512 at a time: one syscall per
                    // frame would make the server, not the clients, the bottleneck.
                    var prefix = """{"stream":"btcusdt@trade","data":{"e":"trade","E":1672515782136,"s":"BTCUSDT","t":"""u8.ToArray();
                    var suffix = ""","p":"0.00100000","q":"100.00000000","T":1672515782136,"m":true,"M":true}}"""u8.ToArray();
                    var batch = new byte[512 * 256];
                    var used = 0;
                    for (var i = 0; i < count; i++)
                    {
                        var payload = batch.AsSpan(used + 4);
                        prefix.CopyTo(payload);
                        System.Buffers.Text.Utf8Formatter.TryFormat(firstId + i, payload[prefix.Length..], out var digits);
                        suffix.CopyTo(payload[(prefix.Length + digits)..]);
                        var length = prefix.Length + digits + suffix.Length;
                        batch[used] = 0x81; // FIN + text
                        batch[used + 1] = 126; // 16-bit length follows
                        batch[used + 2] = (byte)(length >> 8);
                        batch[used + 3] = (byte)length;
                        used += 4 + length;
                        if (used > batch.Length - 256 || i == count - 1)
                        {
                            await _stream!.WriteAsync(batch.AsMemory(0, used), _stop.Token);
                            used = 0;
                        }
                    }
                }
                finally
                {
                    _sendLock.Release();
                }
            });
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient tcp;
                try
                {
                    tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                tcp.NoDelay = true;
                var stream = tcp.GetStream();
                var request = new StringBuilder();
                var one = new byte[1];
                while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    if (await stream.ReadAsync(one) == 0)
                    {
                        break;
                    }

                    request.Append((char)one[0]);
                }

                var key = request.ToString().Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
#pragma warning disable CA5350 // SHA-1 is what RFC 6455 prescribes for the handshake
                var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
                var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
                _socket = socket;
                _stream = stream;
                _ = AnswerControlAsync(socket);
            }
        }

        private async Task AnswerControlAsync(WebSocket socket)
        {
            var buffer = new byte[4096];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    using var doc = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                    var id = doc.RootElement.GetProperty("id").GetInt64();
                    var method = doc.RootElement.GetProperty("method").GetString();
                    var reply = method == "LIST_SUBSCRIPTIONS" ? $$"""{"result":["{{Stream}}"],"id":{{id}}}""" : $$"""{"result":null,"id":{{id}}}""";
                    await _sendLock.WaitAsync();
                    try
                    {
                        var bytes = Encoding.UTF8.GetBytes(reply);
                        await _stream!.WriteAsync(new byte[] { 0x81, (byte)bytes.Length }, _stop.Token);
                        await _stream.WriteAsync(bytes, _stop.Token);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }

                    _connected.TrySetResult();
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                // Stopping.
            }
            catch (WebSocketException)
            {
                // The client went away.
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _socket?.Dispose();
        }
    }
}
