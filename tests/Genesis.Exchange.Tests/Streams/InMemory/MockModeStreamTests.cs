using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Mock;
using Genesis.Exchange.Tests.Streams.Contract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams.InMemory;

/// <summary>Mock mode's streams: the real <see cref="BinanceMarketStreamClient"/> over the in-memory stream server.</summary>
public sealed class MockModeStreamTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(MockTestHarness.Start);
    private readonly SubscribedSignal _subscribed = new();
    private MockExchange? _exchange;
    private MockStreams? _streams;

    public async ValueTask DisposeAsync()
    {
        if (_streams is not null)
        {
            await _streams.DisposeAsync();
        }

        _exchange?.Dispose();
    }

    private MockStreams Streams(Action<MockExchangeOptions>? configure = null)
    {
        var options = new MockExchangeOptions();
        configure?.Invoke(options);
        _exchange = new MockExchange(options, _time);
        _streams = new MockStreams(_exchange, _time, _subscribed);
        return _streams;
    }

    private static async Task<T> NextAsync<T>(IAsyncEnumerator<T> enumerator)
    {
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(Wait));
        return enumerator.Current;
    }

    [Fact]
    public void AddGenesisExchange_MockMode_RegistersTheRealStreamClient()
    {
        var services = new ServiceCollection();
        services.AddGenesisExchange(o => o.Environment = ExchangeEnvironment.Mock);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IMarketStreamClient>();

        Assert.IsType<BinanceMarketStreamClient>(client);
    }

    [Fact]
    public async Task AddGenesisExchange_MockMode_StreamsTheExchangesTrades()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_subscribed);
        services.AddGenesisExchange(o => o.Environment = ExchangeEnvironment.Mock);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IMarketStreamClient>();
        var exchange = provider.GetRequiredService<MockExchange>();
        using var cts = new CancellationTokenSource();
        await using var trades = client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();

        await _subscribed.WaitAsync();
        for (var i = 0; i < 20; i++)
        {
            exchange.Step();
        }

        Assert.True(await first.WaitAsync(Wait));
        Assert.Equal("BTCUSDT", trades.Current.Symbol);
        await cts.CancelAsync();
    }

    [Fact]
    public async Task AddGenesisExchange_MockModeWithMicrosecondTimes_StreamsMicrosecondFramesReadToTheSameTimes()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_subscribed);
        services.AddGenesisExchange(o =>
        {
            o.Environment = ExchangeEnvironment.Mock;
            o.TimeUnit = ExchangeTimeUnit.Microsecond;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IMarketStreamClient>();
        var exchange = provider.GetRequiredService<MockExchange>();
        var published = new TradeIds("BTCUSDT");
        using var observing = exchange.Subscribe(published);
        using var cts = new CancellationTokenSource();
        await using var trades = client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();

        await _subscribed.WaitAsync();
        Assert.True(provider.GetRequiredService<InMemoryStreamServer>().Connections.Single().Session.Microseconds);
        _time.Advance(TimeSpan.FromTicks(4_560)); // 456 µs past the millisecond
        for (var i = 0; i < 20; i++)
        {
            exchange.Step(); // the seeded market trades BTCUSDT within a few steps
        }

        Assert.True(await first.WaitAsync(Wait));
        var sent = published.Find(trades.Current.TradeId);
        Assert.Equal((sent.TradeTime, sent.EventTime), (trades.Current.TradeTime, trades.Current.EventTime));
        await cts.CancelAsync();
    }

    [Fact]
    public async Task Subscribe_SymbolNotListed_EndsWithStreamSubscriptionRejectedException()
    {
        var streams = Streams();
        await using var trades = streams.Client.SubscribeTradesAsync("NOPEUSDT").GetAsyncEnumerator();

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => trades.MoveNextAsync().AsTask().WaitAsync(Wait));

        Assert.Equal(("nopeusdt@trade", 2), (error.StreamName, error.BinanceCode));
    }

    [Fact]
    public async Task SubscribeKlines_NotOneMinute_EndsWithStreamSubscriptionRejectedException()
    {
        var streams = Streams();
        await using var klines = streams.Client.SubscribeKlinesAsync("BTCUSDT", KlineInterval.OneHour).GetAsyncEnumerator();

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => klines.MoveNextAsync().AsTask().WaitAsync(Wait));

        Assert.Equal("btcusdt@kline_1h", error.StreamName);
    }

    [Fact]
    public async Task SubscribeKlines_OneMinute_YieldsUpdates()
    {
        var streams = Streams();
        await using var klines = streams.Client.SubscribeKlinesAsync("BTCUSDT", KlineInterval.OneMinute).GetAsyncEnumerator();
        var first = klines.MoveNextAsync().AsTask();
        await _subscribed.WaitAsync();

        _exchange!.Step();

        Assert.True(await first.WaitAsync(Wait));
        Assert.Equal((KlineInterval.OneMinute, "BTCUSDT"), (klines.Current.Interval, klines.Current.Symbol));
    }

    [Fact]
    public async Task SubscribeTickerAndPartialDepth_YieldTheExchangesEvents()
    {
        var streams = Streams();
        await using var tickers = streams.Client.SubscribeTickerAsync("ETHUSDT").GetAsyncEnumerator();
        await using var depth = streams.Client.SubscribePartialDepthAsync("ETHUSDT").GetAsyncEnumerator();
        var ticker = tickers.MoveNextAsync().AsTask();
        var book = depth.MoveNextAsync().AsTask();
        await _subscribed.NextAsync();
        while (streams.Client.ActiveStreams.Count < 2 || streams.Server.Connections.Single().Session.ListStreams().Length < 2)
        {
            await _subscribed.NextAsync();
        }

        _exchange!.Step();

        Assert.True(await ticker.WaitAsync(Wait));
        Assert.True(await book.WaitAsync(Wait));
        Assert.Equal("ETHUSDT", tickers.Current.Ticker.Symbol);
        Assert.NotEmpty(depth.Current.Bids);
    }

    [Fact]
    public async Task SlowTradeConsumer_EndsWithStreamSubscriptionOverflowException_LikeLive()
    {
        // The removed MockMarketStreamClient dropped the oldest trades silently; mock mode now overflows like live.
        _exchange = new MockExchange(new MockExchangeOptions(), _time);
        _streams = new MockStreams(_exchange, _time, _subscribed, options: new MarketStreamOptions { ChannelCapacity = 3 });
        var trades = _streams.Client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var first = trades.MoveNextAsync().AsTask();
        await _subscribed.NextAsync();
        for (var i = 0; i < 20; i++)
        {
            _exchange.Step(); // the seeded market trades BTCUSDT within a few steps
        }

        Assert.True(await first);
        var overflowed = _subscribed.EventAsync(3020); // "Subscription to {StreamName} fell behind … and was ended"
        for (var i = 0; i < 100; i++)
        {
            _exchange.Step(); // far more trades than the subscription holds, and nobody reads
        }

        await overflowed;

        var error = await Assert.ThrowsAsync<StreamSubscriptionOverflowException>(async () =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                Assert.True(await trades.MoveNextAsync().AsTask().WaitAsync(Wait));
            }
        });

        Assert.Equal("btcusdt@trade", error.StreamName);
    }

    [Fact]
    public async Task QuietConnection_LivenessProbeAnsweredInMemory_TheStreamTheServerForgotIsSubscribedAgain()
    {
        var streams = Streams();
        using var cts = new CancellationTokenSource();
        await using var tickers = streams.Client.SubscribeTickerAsync("ETHUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = tickers.MoveNextAsync().AsTask();
        await _subscribed.NextAsync();
        var session = streams.Server.Connections.Single().Session;
        session.RemoveStream("ethusdt@ticker"); // the server lost the subscription, silently

        _time.Advance(TimeSpan.FromSeconds(31)); // no data for longer than NoDataTimeout: LIST_SUBSCRIPTIONS
        await _subscribed.EventAsync(3021); // "the server no longer lists …; subscribing again"
        await _subscribed.NextAsync();
        _exchange!.Step();

        Assert.True(await first.WaitAsync(Wait));
        Assert.Equal("ETHUSDT", tickers.Current.Ticker.Symbol);
        Assert.Equal((1L, 0L), (streams.Server.ConnectionsAccepted, streams.Server.ConnectionsDropped)); // the same connection, kept
        Assert.Equal(["ethusdt@ticker"], session.ListStreams());
        await cts.CancelAsync();
    }

    [Fact]
    public async Task StreamDropInterval_ClientReconnects_AndFillsTheTradesMissedMeanwhileOverTheMockRest()
    {
        var gate = new ConnectGate();
        var options = new MockExchangeOptions();
        options.Faults.StreamDropInterval = TimeSpan.FromSeconds(1);
        _exchange = new MockExchange(options, _time);
        var published = new TradeIds("BTCUSDT");
        using var observing = _exchange.Subscribe(published);
        _streams = new MockStreams(_exchange, _time, _subscribed, gate.Wrap);
        using var cts = new CancellationTokenSource();
        await using var trades = _streams.Client.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var first = trades.MoveNextAsync().AsTask();
        await _subscribed.NextAsync();
        for (var i = 0; i < 20; i++)
        {
            _exchange.Step(); // the seeded market trades BTCUSDT within a few steps
        }

        Assert.True(await first.WaitAsync(Wait));
        var received = new List<long> { trades.Current.TradeId };
        gate.Close(); // the next connection attempt waits

        _time.Advance(TimeSpan.FromSeconds(1)); // the server drops the connection
        await gate.AttemptedAsync();
        var before = published.Count;
        for (var i = 0; i < 20; i++)
        {
            _exchange.Step(); // nobody is connected: these trades only exist in the exchange's history
        }

        var missed = published.Snapshot()[before..];
        gate.Open();
        await _subscribed.NextAsync();
        var last = published.Snapshot()[^1];
        while (received[^1] < last)
        {
            received.Add((await NextAsync(trades)).TradeId);
        }

        Assert.Equal(1, _streams.Server.ConnectionsDropped);
        Assert.NotEmpty(missed);
        Assert.Equal(Enumerable.Range(0, received.Count).Select(i => received[0] + i), received);
        Assert.Subset(received.ToHashSet(), missed.ToHashSet());
        await cts.CancelAsync();
    }

    /// <summary>Holds connection attempts while closed.</summary>
    private sealed class ConnectGate
    {
        private readonly System.Threading.Channels.Channel<bool> _attempts = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        private volatile TaskCompletionSource _open = Opened();

        public IWebSocketConnectionFactory Wrap(IWebSocketConnectionFactory inner) => new Factory(this, inner);

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public async Task AttemptedAsync() => await _attempts.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }

        private sealed class Factory(ConnectGate gate, IWebSocketConnectionFactory inner) : IWebSocketConnectionFactory
        {
            public async Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
            {
                var open = gate._open.Task;
                if (!open.IsCompleted)
                {
                    gate._attempts.Writer.TryWrite(true);
                }

                await open.WaitAsync(cancellationToken);
                return await inner.ConnectAsync(uri, cancellationToken);
            }
        }
    }

    /// <summary>Records the ids of one symbol's trades as the exchange publishes them.</summary>
    private sealed class TradeIds(string symbol) : IMockMarketObserver
    {
        private readonly List<long> _ids = [];
        private readonly Dictionary<long, TradeUpdate> _trades = [];

        public TradeUpdate Find(long id)
        {
            lock (_ids)
            {
                return _trades[id];
            }
        }

        public int Count
        {
            get
            {
                lock (_ids)
                {
                    return _ids.Count;
                }
            }
        }

        public long[] Snapshot()
        {
            lock (_ids)
            {
                return [.. _ids];
            }
        }

        public void OnTrade(TradeUpdate update)
        {
            if (update.Symbol == symbol)
            {
                lock (_ids)
                {
                    _ids.Add(update.TradeId);
                    _trades[update.TradeId] = update;
                }
            }
        }

        public void OnDepth(DepthUpdate update)
        {
        }

        public void OnPartialDepth(PartialDepthUpdate update)
        {
        }

        public void OnKline(KlineUpdate update)
        {
        }

        public void OnTicker(TickerUpdate update)
        {
        }
    }
}
