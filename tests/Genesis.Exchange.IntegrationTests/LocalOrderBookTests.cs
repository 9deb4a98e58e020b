using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.IntegrationTests.EndToEnd;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.IntegrationTests;

/// <summary>
/// Issue 13's "done when" for the local order book, through <c>AddGenesisExchange</c>'s <see cref="ILocalOrderBookProvider"/>:
/// against the fake server on loopback (REST snapshots over HTTP, diff events over a real WebSocket) and the same in mock
/// mode (the real clients over in-memory transports). The mock exchange's matching engine is driven with random orders
/// and cancels; after each event the local book must equal the engine's book at that update id.
/// </summary>
public sealed class LocalOrderBookTests
{
    private const string Symbol = "BTCUSDT";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public enum Mode
    {
        FakeServer,
        Mock,
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task ThousandRandomDiffEvents_LeaveTheLocalBookEqualToTheServersAfterEach(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode);
        var driver = new MarketDriver(rig.Exchange, Symbol, seed: 13);
        await using var book = rig.Books.Open(Symbol, new LocalOrderBookOptions { SnapshotDepth = 1000, CrossCheckInterval = TimeSpan.FromMilliseconds(100) });
        await driver.ActUntilLiveAsync(book, Bound);

        var events = 0;
        var lastId = book.LastUpdateId;
        while (events < 1000)
        {
            var expected = driver.Act();
            if (expected.LastUpdateId == lastId)
            {
                continue; // the action changed no level (e.g. a cancel of a filled order): no event
            }

            events++;
            lastId = expected.LastUpdateId;
            await WaitForAsync(book, b => b.LastUpdateId >= expected.LastUpdateId);
            AssertSameBook(expected, book, $"event {events}");
        }

        Assert.Equal(0, book.Resyncs);
        Assert.Equal(0, book.CrossCheckMismatches); // matches are not asserted: a check is only compared when the book is at the snapshot's id
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task DiffDepthGap_Resyncs_AndTheBookEqualsTheServersAgain(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode);
        var driver = new MarketDriver(rig.Exchange, Symbol, seed: 7);
        await using var book = rig.Books.Open(Symbol, new LocalOrderBookOptions { SnapshotDepth = 1000 });
        await driver.ActUntilLiveAsync(book, Bound);
        var before = driver.ActUntilChanged();
        await WaitForAsync(book, b => b.LastUpdateId >= before.LastUpdateId);
        AssertSameBook(before, book, "before the gap");

        rig.Gate.DropNextDepthEvent(Symbol);
        while (rig.Gate.Dropped == 0)
        {
            driver.Act();
        }

        var afterGap = driver.ActUntilChanged(); // its U is beyond the book's id + 1
        await WaitForAsync(book, b => b.Resyncs == 1 && b.State == LocalOrderBookState.Live && b.LastUpdateId >= afterGap.LastUpdateId);
        AssertSameBook(afterGap, book, "after the resync");

        for (var i = 0; i < 20; i++)
        {
            var expected = driver.ActUntilChanged();
            await WaitForAsync(book, b => b.LastUpdateId >= expected.LastUpdateId);
            AssertSameBook(expected, book, $"event {i + 1} after the resync");
        }

        Assert.Equal(1, book.Resyncs);
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task DroppedStreamConnection_TheBookComesBackEqualToTheServers(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode);
        var driver = new MarketDriver(rig.Exchange, Symbol, seed: 21);
        await using var book = rig.Books.Open(Symbol, new LocalOrderBookOptions { SnapshotDepth = 1000 });
        await driver.ActUntilLiveAsync(book, Bound);

        rig.DropStreamConnections(); // the client reconnects; events published meanwhile are lost to it
        using var timeout = new CancellationTokenSource(Bound);
        OrderBook expected;
        do
        {
            timeout.Token.ThrowIfCancellationRequested();
            expected = driver.ActUntilChanged();
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var target = expected.LastUpdateId;
            void OnChanged(ILocalOrderBook b)
            {
                if (b.State == LocalOrderBookState.Live && b.LastUpdateId >= target)
                {
                    reached.TrySetResult();
                }
            }

            book.Changed += OnChanged;
            OnChanged(book);
            await Task.WhenAny(reached.Task, Task.Delay(50, timeout.Token));
            book.Changed -= OnChanged;
        }
        while (!(book.State == LocalOrderBookState.Live && book.LastUpdateId >= expected.LastUpdateId));

        AssertSameBook(expected, book, "after the reconnect");
        Assert.InRange(book.Resyncs, 0, 1); // 1 when an event was published while disconnected, 0 when none was
    }

    [Fact]
    public async Task MockModeWithItsGeneratedMarket_KeepsTheBookEqualToTheEngines()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGenesisExchange(o =>
        {
            o.ReadCredentialsFromEnvironment = false;
            o.Mock.TickInterval = TimeSpan.FromMilliseconds(10); // market maker requotes and a taker trades every tick
        });
        await using var provider = services.BuildServiceProvider();
        var exchange = provider.GetRequiredService<MockExchange>();
        await using var book = provider.GetRequiredService<ILocalOrderBookProvider>().Open(Symbol, new LocalOrderBookOptions { SnapshotDepth = 1000, CrossCheckInterval = TimeSpan.FromMilliseconds(20) });
        await book.WaitUntilLiveAsync().WaitAsync(Bound);
        var liveAt = book.LastUpdateId;
        await WaitForAsync(book, b => b.LastUpdateId > liveAt + 200); // a few dozen requotes later

        exchange.Stop();
        var expected = exchange.GetOrderBook(Symbol, 5000);
        await WaitForAsync(book, b => b.LastUpdateId >= expected.LastUpdateId);

        AssertSameBook(expected, book, "after the market stopped");
        Assert.Equal(0, book.Resyncs);
        Assert.Equal(0, book.CrossCheckMismatches);
    }

    private static void AssertSameBook(OrderBook expected, ILocalOrderBook book, string when)
    {
        var actual = book.GetSnapshot();
        Assert.True(expected.LastUpdateId == actual.LastUpdateId, $"{when}: local book at {actual.LastUpdateId}, server at {expected.LastUpdateId}");
        Assert.True(expected.Bids.SequenceEqual(actual.Bids), $"{when}: bids differ at update id {expected.LastUpdateId}");
        Assert.True(expected.Asks.SequenceEqual(actual.Asks), $"{when}: asks differ at update id {expected.LastUpdateId}");
    }

    private static async Task WaitForAsync(ILocalOrderBook book, Func<ILocalOrderBook, bool> condition)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ILocalOrderBook b)
        {
            if (condition(b))
            {
                reached.TrySetResult();
            }
        }

        book.Changed += OnChanged;
        try
        {
            if (!condition(book))
            {
                await reached.Task.WaitAsync(Bound);
            }
        }
        finally
        {
            book.Changed -= OnChanged;
        }
    }

    /// <summary>Drops the next diff-depth event of a symbol between the exchange and the stream server (a lost frame).</summary>
    private sealed class DepthGate
    {
        private readonly Lock _gate = new();
        private string? _dropSymbol;
        private int _dropped;

        public int Dropped
        {
            get
            {
                lock (_gate)
                {
                    return _dropped;
                }
            }
        }

        public void DropNextDepthEvent(string symbol)
        {
            lock (_gate)
            {
                _dropSymbol = symbol;
            }
        }

        public bool Pass(object marketEvent)
        {
            lock (_gate)
            {
                if (marketEvent is DepthUpdate depth && depth.Symbol == _dropSymbol)
                {
                    _dropSymbol = null;
                    _dropped++;
                    return false;
                }

                return true;
            }
        }
    }

    /// <summary>The fake server's event source behind the gate.</summary>
    private sealed class GatedEventSource(IMarketEventSource inner, DepthGate gate) : IMarketEventSource
    {
        public IDisposable Subscribe(Action<object> onEvent) => inner.Subscribe(e =>
        {
            if (gate.Pass(e))
            {
                onEvent(e);
            }
        });
    }

    /// <summary>Mock mode: the exchange's events to the in-memory stream server, behind the gate.</summary>
    private sealed class GatedObserver(DepthGate gate, InMemoryStreamServer server) : IMockMarketObserver
    {
        public void OnTrade(TradeUpdate update) => Forward(update);

        public void OnDepth(DepthUpdate update) => Forward(update);

        public void OnPartialDepth(PartialDepthUpdate update) => Forward(update);

        public void OnKline(KlineUpdate update) => Forward(update);

        public void OnTicker(TickerUpdate update) => Forward(update);

        private void Forward(object update)
        {
            if (gate.Pass(update))
            {
                server.Publish(update);
            }
        }
    }

    /// <summary>Random limit orders, cancels and market orders on the mock's matching engine (as the market maker, whose funds are unlimited), one published event at a time.</summary>
    private sealed class MarketDriver(MockExchange exchange, string symbol, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<EngineOrder> _open = [];

        /// <summary>Performs one random action, publishes its events and returns the engine's book after them.</summary>
        public OrderBook Act()
        {
            lock (exchange.Gate)
            {
                var s = exchange.GetSymbol(symbol);
                var book = s.Book;
                var now = exchange.NowMs;
                var bid = book.Bids.Best?.Price ?? s.Mid;
                var ask = book.Asks.Best?.Price ?? s.Mid;
                var mid = SymbolRules.RoundToStep((bid + ask) / 2m, s.TickSize, RoundingMode.Nearest);
                var roll = _random.Next(10);
                if (roll < 5 || _open.Count == 0)
                {
                    var side = _random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
                    var price = Math.Max(s.TickSize, mid + (_random.Next(-40, 41) * s.TickSize));
                    var quantity = s.StepSize * _random.Next(1, 5000);
                    var spec = new OrderSpec(MatchingEngine.MarketMakerOwner, side, OrderType.Limit, TimeInForce.Gtc, price, 0m, quantity, 0m, string.Empty);
                    if (exchange.Engine.Place(book, spec, now, out var order) == PlaceOutcome.Accepted && order!.IsOpen)
                    {
                        _open.Add(order);
                    }
                }
                else if (roll < 8)
                {
                    var index = _random.Next(_open.Count);
                    var order = _open[index];
                    _open.RemoveAt(index);
                    if (order.IsOpen)
                    {
                        exchange.Engine.Cancel(order, now);
                    }
                }
                else
                {
                    var side = _random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
                    var spec = new OrderSpec(MatchingEngine.MarketMakerOwner, side, OrderType.Market, TimeInForce.Gtc, 0m, 0m, s.StepSize * _random.Next(1, 3000), 0m, string.Empty);
                    exchange.Engine.Place(book, spec, now, out _);
                }
            }

            exchange.Step(); // publishes the book's changes as one diff event (market data generation is off)
            return exchange.GetOrderBook(symbol, 5000);
        }

        /// <summary>Acts until the engine's book changed (one event published).</summary>
        public OrderBook ActUntilChanged()
        {
            var before = exchange.GetOrderBook(symbol, 1).LastUpdateId;
            while (true)
            {
                var after = Act();
                if (after.LastUpdateId != before)
                {
                    return after;
                }
            }
        }

        /// <summary>Keeps the market moving until the book is live (its first event must arrive after its subscription).</summary>
        public async Task ActUntilLiveAsync(ILocalOrderBook book, TimeSpan bound)
        {
            var live = book.WaitUntilLiveAsync();
            using var timeout = new CancellationTokenSource(bound);
            while (!live.IsCompleted)
            {
                timeout.Token.ThrowIfCancellationRequested();
                Act();
                await Task.WhenAny(live, Task.Delay(20, timeout.Token));
            }

            await live;
        }
    }

    /// <summary>The client through AddGenesisExchange, over the fake server or in mock mode, with the gate on the depth events.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly EndToEndHarness? _harness;
        private readonly ServiceProvider? _services;

        private Rig(EndToEndHarness? harness, ServiceProvider? services, MockExchange exchange, DepthGate gate)
        {
            _harness = harness;
            _services = services;
            Exchange = exchange;
            Gate = gate;
            Books = (harness?.Services ?? services!).GetRequiredService<ILocalOrderBookProvider>();
        }

        public MockExchange Exchange { get; }

        public DepthGate Gate { get; }

        public ILocalOrderBookProvider Books { get; }

        /// <summary>Drops every stream connection (no close frame), as a network failure would.</summary>
        public void DropStreamConnections()
        {
            if (_harness is not null)
            {
                _harness.Server.DropStreamConnections();
            }
            else
            {
                _services!.GetRequiredService<InMemoryStreamServer>().DropAll();
            }
        }

        public static async Task<Rig> StartAsync(Mode mode)
        {
            var gate = new DepthGate();
            if (mode == Mode.FakeServer)
            {
                var harness = await EndToEndHarness.StartAsync(
                    server: o => o.EventSource = new GatedEventSource(o.EventSource!, gate),
                    mock: m => m.GenerateMarketData = false);
                return new Rig(harness, null, harness.Exchange, gate);
            }

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(sp =>
            {
                var exchange = sp.GetRequiredService<MockExchange>();
                var server = new InMemoryStreamServer(StreamFrameWriter.CanServe, exchange.TimeProvider);
                exchange.Subscribe(new GatedObserver(gate, server));
                return server;
            });
            services.AddGenesisExchange(o =>
            {
                o.ReadCredentialsFromEnvironment = false;
                o.Mock.GenerateMarketData = false;
            });
            var provider = services.BuildServiceProvider();
            return new Rig(null, provider, provider.GetRequiredService<MockExchange>(), gate);
        }

        public async ValueTask DisposeAsync()
        {
            if (_harness is not null)
            {
                await _harness.DisposeAsync();
            }

            if (_services is not null)
            {
                await _services.DisposeAsync();
            }
        }
    }
}
