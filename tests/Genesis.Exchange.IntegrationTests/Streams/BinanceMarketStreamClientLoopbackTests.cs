using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.IntegrationTests.Streams;

/// <summary>The live stream client on loopback: against the fake Binance server, and against a peer that goes mute.</summary>
public sealed class BinanceMarketStreamClientLoopbackTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset TradeTime = DateTimeOffset.FromUnixTimeMilliseconds(1672515782136);
    private readonly EventLogger _log = new();
    private FakeBinanceServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private BinanceMarketStreamClient Client(MarketStreamOptions options)
    {
        options.BaseUrl = _server.StreamBaseUrl;
        return new BinanceMarketStreamClient(
            options,
            new UnusedTradeHistory(),
            new ClientWebSocketConnectionFactory(TimeProvider.System, options.ConnectTimeout, options.KeepAliveInterval, options.KeepAliveTimeout),
            TimeProvider.System,
            _log);
    }

    [Fact]
    public async Task QuietConnection_AnsweringLivenessProbes_IsKept()
    {
        await using var client = Client(new MarketStreamOptions { NoDataTimeout = TimeSpan.FromMilliseconds(100), ControlRequestTimeout = TimeSpan.FromSeconds(5) });
        using var cts = new CancellationTokenSource(Bound);
        await using var trades = client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();

        await _log.WaitForAsync(3016, count: 5).WaitAsync(Bound); // five silent periods, each probed and answered
        _server.Publish(new TradeUpdate("BTCUSDT", 1, 100m, 1m, TradeTime, TradeTime, false));

        Assert.True(await first.WaitAsync(Bound));
        Assert.Equal(1, trades.Current.TradeId);
        Assert.Equal(1, _server.Counters.StreamConnectionsAccepted);
        Assert.Equal(0, _log.Count(3021)); // every probe found the subscription listed
    }

    [Fact]
    public async Task StreamTheServerRefuses_EndsWithStreamSubscriptionRejectedException_OthersGoOn()
    {
        await using var client = Client(new MarketStreamOptions());
        using var cts = new CancellationTokenSource(Bound);
        await using var trades = client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var tradeMove = trades.MoveNextAsync().AsTask();
        await using var refused = client.SubscribeAsync<TradeUpdate>("btcusdt@nosuchstream", StreamMessageKind.Trade, OverflowPolicy.Fail, cts.Token).GetAsyncEnumerator(cts.Token);

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => refused.MoveNextAsync().AsTask().WaitAsync(Bound));
        _server.Publish(new TradeUpdate("BTCUSDT", 7, 100m, 1m, TradeTime, TradeTime, false));

        Assert.Equal(("btcusdt@nosuchstream", 2), (error.StreamName, error.BinanceCode));
        Assert.True(await tradeMove.WaitAsync(Bound));
        Assert.Equal(7, trades.Current.TradeId);
        Assert.Equal(["btcusdt@trade"], client.ActiveStreams);
    }

    [Fact]
    public async Task PeerThatStopsAnsweringPings_IsAbortedByThePongDeadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = AcceptAndGoMuteAsync(listener);
        var factory = new ClientWebSocketConnectionFactory(TimeProvider.System, Bound, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));

        await using var connection = await factory.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/stream?streams=btcusdt@trade"), CancellationToken.None).WaitAsync(Bound);
        var error = await Record.ExceptionAsync(() => connection.ReceiveAsync(new byte[256], CancellationToken.None).AsTask().WaitAsync(Bound));
        using var mute = await accepted;

        Assert.True(error is WebSocketException or OperationCanceledException, error?.ToString());
        Assert.NotEqual(WebSocketState.Open, connection.State);
    }

    [Fact]
    public async Task PendingReceive_WhenItsTokenIsCancelled_EndsCancelledForThatToken_AndAbortsTheSocket()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = AcceptAndGoMuteAsync(listener);
        var factory = new ClientWebSocketConnectionFactory(TimeProvider.System, Bound, TimeSpan.Zero, TimeSpan.Zero);
        await using var connection = await factory.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/stream"), CancellationToken.None).WaitAsync(Bound);
        using var mute = await accepted;
        using var cts = new CancellationTokenSource();

        var receive = connection.ReceiveAsync(new byte[256], cts.Token).AsTask();
        Assert.False(receive.IsCompleted); // the peer sends nothing: the receive waits
        await cts.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(Bound));

        Assert.Equal(cts.Token, error.CancellationToken); // the receive loop tells a cancelled socket from a failed one by this
        Assert.Equal(WebSocketState.Aborted, connection.State);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ReceiveAsync(new byte[256], cts.Token).AsTask().WaitAsync(Bound));
    }

    /// <summary>Completes the WebSocket handshake, then never reads or writes again (a peer that hung).</summary>
    private static async Task<TcpClient> AcceptAndGoMuteAsync(TcpListener listener)
    {
        var client = await listener.AcceptTcpClientAsync().WaitAsync(Bound);
        var stream = client.GetStream();
        var request = new StringBuilder();
        var one = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).AsTask().WaitAsync(Bound);
            request.Append((char)one[0]);
        }

        var key = request.ToString().Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
#pragma warning disable CA5350 // RFC 6455 defines Sec-WebSocket-Accept with SHA-1; nothing here is secret.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return client;
    }

    private sealed class UnusedTradeHistory : ITradeHistorySource
    {
        public Task<IReadOnlyList<Trade>> GetTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Trade>>([]);
    }

    /// <summary>A logger that counts events by id and signals when a count is reached.</summary>
    private sealed class EventLogger : ILogger<BinanceMarketStreamClient>
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<int, int> _counts = [];
        private readonly List<(int EventId, int Count, TaskCompletionSource Reached)> _waiters = [];

        public Task WaitForAsync(int eventId, int count)
        {
            var waiter = (eventId, count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            lock (_gate)
            {
                if (_counts.GetValueOrDefault(eventId) >= count)
                {
                    return Task.CompletedTask;
                }

                _waiters.Add(waiter);
            }

            return waiter.Item3.Task;
        }

        public int Count(int eventId)
        {
            lock (_gate)
            {
                return _counts.GetValueOrDefault(eventId);
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                var count = _counts[eventId.Id] = _counts.GetValueOrDefault(eventId.Id) + 1;
                foreach (var waiter in _waiters.Where(w => w.EventId == eventId.Id && count >= w.Count).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
