using System.Collections.Concurrent;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.IntegrationTests.EndToEnd;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.IntegrationTests.Streams;

/// <summary>
/// Issue 13's "done when" for the connection pool, through <c>AddGenesisExchange</c>'s <see cref="IMarketStreamClient"/>:
/// against the fake server on loopback (real WebSockets) and the same in mock mode (in-memory connections). The mock
/// exchange's market is stepped in the background; its trade ids are consecutive, so "every id once and in order" is
/// each delivered id being the previous one plus one.
/// </summary>
public sealed class StreamPoolLoopbackTests
{
    private const string Symbol = "BTCUSDT";
    private const string TradeStream = "btcusdt@trade";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public enum Mode
    {
        FakeServer,
        Mock,
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task ExecutionConnectionKilled_TradesMoveToTheBackup_AndBack_EveryIdOnceInOrder(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode);
        await using var trades = rig.Streams.Subscribe(MarketStreams.Trade(Symbol), StreamRole.Execution);
        await trades.Subscribed.WaitAsync(Bound);
        using var market = rig.RunMarket();
        var received = new List<long>();
        await ReadAsync(trades, received, 20);

        Assert.Equal(1, rig.DropConnectionsCarrying(TradeStream)); // the execution connection, the only one carrying it
        await rig.Events.WaitForAsync(StreamConnectionEventKind.FailedOver, Bound);
        await ReadAsync(trades, received, 40);
        await rig.Events.WaitForAsync(StreamConnectionEventKind.FailedBack, Bound);
        await ReadAsync(trades, received, 40);

        AssertConsecutive(received);
        var failedOver = rig.Events.First(StreamConnectionEventKind.FailedOver);
        Assert.Equal(("execution", StreamConnectionRole.Execution), (failedOver.Connection, failedOver.Role));
        Assert.Contains(rig.Streams.GetConnectionHealth(), h => h.Role == StreamConnectionRole.Backup);
        Assert.Equal(1, rig.Streams.GetConnectionHealth().Single(h => h.Name == "execution").Failovers);
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task ShortLifetime_RenewsMakeBeforeBreak_NoGapNoDuplicateNoBookResync(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode, o => o.Streams.ConnectionLifetime = TimeSpan.FromMilliseconds(700));
        await using var trades = rig.Streams.Subscribe(MarketStreams.Trade(Symbol));
        await using var depth = rig.Streams.Subscribe(MarketStreams.Depth(Symbol));
        await using var book = rig.Books.Open(Symbol, new LocalOrderBookOptions { SnapshotDepth = 1000 });
        await Task.WhenAll(trades.Subscribed, depth.Subscribed).WaitAsync(Bound);
        using var market = rig.RunMarket();
        await WaitUntilAsync(() => book.State == LocalOrderBookState.Live);

        var received = new List<long>();
        var diffs = new List<DepthUpdate>();
        var renewals = rig.Events.WaitForAsync(StreamConnectionEventKind.Renewed, Bound, count: 2);
        while (!renewals.IsCompleted)
        {
            await ReadAsync(trades, received, received.Count + 5);
            Drain(depth, diffs);
        }

        await renewals;
        await ReadAsync(trades, received, received.Count + 20);
        Drain(depth, diffs);

        AssertConsecutive(received);
        AssertContinuous(diffs);
        Assert.Equal(0, book.Resyncs);
        Assert.Equal(0, trades.Counters.Gaps);
        Assert.Equal(0, depth.Counters.Gaps);
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task ServerShutdownAnnounced_RenewsMakeBeforeBreak_NoGapNoDuplicate(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode);
        await using var trades = rig.Streams.Subscribe(MarketStreams.Trade(Symbol));
        await using var depth = rig.Streams.Subscribe(MarketStreams.Depth(Symbol));
        await Task.WhenAll(trades.Subscribed, depth.Subscribed).WaitAsync(Bound);
        using var market = rig.RunMarket();
        var received = new List<long>();
        var diffs = new List<DepthUpdate>();
        await ReadAsync(trades, received, 10);

        Assert.Equal(1, rig.AnnounceShutdown(TradeStream));
        await rig.Events.WaitForAsync(StreamConnectionEventKind.ServerShutdown, Bound);
        var renewed = rig.Events.WaitForAsync(StreamConnectionEventKind.Renewed, Bound);
        while (!renewed.IsCompleted)
        {
            await ReadAsync(trades, received, received.Count + 5);
            Drain(depth, diffs);
        }

        await renewed;
        await ReadAsync(trades, received, received.Count + 20);
        Drain(depth, diffs);

        AssertConsecutive(received);
        AssertContinuous(diffs);
        Assert.Equal((0L, 0L), (trades.Counters.Gaps, depth.Counters.Gaps));
        Assert.DoesNotContain(rig.Events.All, e => e.Kind is StreamConnectionEventKind.FailedOver);
        await WaitUntilAsync(() => rig.OpenConnections == 1); // the announced connection was closed by the client
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task RefusedSubscribe_SurfacesTheExchangesCode_OthersGoOn(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode);
        await using var trades = rig.Streams.Subscribe(MarketStreams.Trade(Symbol));
        await using var refused = rig.Streams.Subscribe(new MarketStream<TradeUpdate>("btcusdt@nosuchstream", StreamMessageKind.Trade, StreamDelivery.Sequenced, TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => refused.Subscribed.WaitAsync(Bound));
        await trades.Subscribed.WaitAsync(Bound);

        Assert.Equal(("btcusdt@nosuchstream", 2), (error.StreamName, error.BinanceCode));
        Assert.Equal(StreamSubscriptionState.Failed, refused.State);
        Assert.Equal(StreamSubscriptionState.Live, trades.State);
        var refusal = rig.Events.First(StreamConnectionEventKind.SubscribeRefused);
        Assert.Contains("btcusdt@nosuchstream", refusal.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => refused.Reader.Completion.WaitAsync(Bound));
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task ReconnectStorm_ConnectionAttemptsStayWithinTheBudget(Mode mode)
    {
        const int Budget = 6;
        await using var rig = await Rig.StartAsync(mode, o =>
        {
            o.Streams.MaxConnectionAttemptsPerFiveMinutes = Budget;
            o.Streams.ReconnectBaseDelay = TimeSpan.FromMilliseconds(1);
            o.Streams.ReconnectMaxDelay = TimeSpan.FromMilliseconds(5);
        });
        await using var trades = rig.Streams.Subscribe(MarketStreams.Trade(Symbol), StreamRole.Execution);
        await trades.Subscribed.WaitAsync(Bound);

        // Every connection that opens is killed at once, many times over.
        using var storm = new CancellationTokenSource();
        var killer = Task.Run(async () =>
        {
            while (!storm.IsCancellationRequested)
            {
                rig.DropConnectionsCarrying(TradeStream);
                await Task.Delay(2);
            }
        });
        // The pool's next attempt waits for the window to roll (every other attempt queues behind it): nothing more opens.
        await WaitUntilAsync(() => ((BinanceMarketStreamClient)rig.Streams).ConnectionAttemptsThrottled && rig.ConnectionsAccepted >= Budget);
        var accepted = rig.ConnectionsAccepted;
        await storm.CancelAsync();
        await killer;

        Assert.Equal(Budget, accepted);
        Assert.True(rig.Events.All.Count(e => e.Kind == StreamConnectionEventKind.Disconnected) >= Budget - 1);
    }

    [Theory]
    [InlineData(Mode.FakeServer)]
    [InlineData(Mode.Mock)]
    public async Task AggregateTrades_MissedWhileNothingCarriedThem_AreFilledOverRest_EachIdOnceInOrder(Mode mode)
    {
        await using var rig = await Rig.StartAsync(mode, o =>
        {
            o.Streams.BackupConnection = false; // nothing carries the stream while its connection reconnects
            o.Streams.ReconnectBaseDelay = TimeSpan.FromMilliseconds(200);
        });
        await using var aggregates = rig.Streams.Subscribe(MarketStreams.AggregateTrade(Symbol));
        await aggregates.Subscribed.WaitAsync(Bound);
        using var market = rig.RunMarket();
        var received = new List<long>();
        using var cts = new CancellationTokenSource(Bound);
        while (received.Count < 10)
        {
            received.Add((await aggregates.Reader.ReadAsync(cts.Token)).AggregateTradeId);
        }

        // The Disconnected event is raised on the connection's supervisor before it reconnects: the market trades
        // while nothing carries the stream, so the gap is certain.
        rig.Events.WhileDisconnected = () =>
        {
            for (var i = 0; i < 50; i++)
            {
                rig.Exchange.Step();
            }
        };
        rig.DropConnectionsCarrying("btcusdt@aggTrade");
        await rig.Events.WaitForAsync(StreamConnectionEventKind.Disconnected, Bound);
        await rig.Events.WaitForAsync(StreamConnectionEventKind.Connected, Bound, count: 2);
        var reconnectedAt = received.Count;
        while (received.Count < reconnectedAt + 60)
        {
            received.Add((await aggregates.Reader.ReadAsync(cts.Token)).AggregateTradeId);
        }

        AssertConsecutive(received);
        Assert.True(received.Count > 60 && received[^1] - received[0] >= 60);
    }

    private static async Task ReadAsync(StreamSubscription<TradeUpdate> trades, List<long> received, int until)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (received.Count < until)
        {
            received.Add((await trades.Reader.ReadAsync(cts.Token)).TradeId);
        }
    }

    private static void Drain(StreamSubscription<DepthUpdate> depth, List<DepthUpdate> diffs)
    {
        while (depth.Reader.TryRead(out var diff))
        {
            diffs.Add(diff);
        }
    }

    private static void AssertConsecutive(List<long> ids)
    {
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(ids[i] == ids[i - 1] + 1, $"trade {i}: {ids[i - 1]} then {ids[i]}");
        }
    }

    private static void AssertContinuous(List<DepthUpdate> diffs)
    {
        Assert.NotEmpty(diffs);
        for (var i = 1; i < diffs.Count; i++)
        {
            Assert.True(diffs[i].FirstUpdateId == diffs[i - 1].FinalUpdateId + 1, $"diff {i}: u={diffs[i - 1].FinalUpdateId} then U={diffs[i].FirstUpdateId}");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }

    /// <summary>Connection events as they come.</summary>
    private sealed class EventLog
    {
        private readonly ConcurrentQueue<StreamConnectionEventArgs> _events = new();
        private readonly object _gate = new();
        private readonly List<(StreamConnectionEventKind Kind, int Count, TaskCompletionSource Done)> _waiters = [];

        public IReadOnlyList<StreamConnectionEventArgs> All => [.. _events];

        public StreamConnectionEventArgs First(StreamConnectionEventKind kind) => All.First(e => e.Kind == kind);

        /// <summary>Runs on the supervisor that raised a Disconnected event, before it reconnects.</summary>
        public Action? WhileDisconnected { get; set; }

        public void On(object? sender, StreamConnectionEventArgs e)
        {
            if (e.Kind == StreamConnectionEventKind.Disconnected)
            {
                WhileDisconnected?.Invoke();
            }

            _events.Enqueue(e);
            lock (_gate)
            {
                foreach (var (kind, count, done) in _waiters)
                {
                    if (All.Count(x => x.Kind == kind) >= count)
                    {
                        done.TrySetResult();
                    }
                }
            }
        }

        public Task WaitForAsync(StreamConnectionEventKind kind, TimeSpan bound, int count = 1)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (All.Count(x => x.Kind == kind) >= count)
                {
                    return Task.CompletedTask;
                }

                _waiters.Add((kind, count, done));
            }

            return done.Task.WaitAsync(bound);
        }
    }

    /// <summary>The client through AddGenesisExchange, over the fake server or in mock mode.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly EndToEndHarness? _harness;
        private readonly ServiceProvider? _services;

        private Rig(EndToEndHarness? harness, ServiceProvider? services)
        {
            _harness = harness;
            _services = services;
            var provider = harness?.Services ?? services!;
            Exchange = harness?.Exchange ?? provider.GetRequiredService<MockExchange>();
            Streams = provider.GetRequiredService<IMarketStreamClient>();
            Books = provider.GetRequiredService<ILocalOrderBookProvider>();
            Streams.ConnectionEvent += Events.On;
        }

        public MockExchange Exchange { get; }

        public IMarketStreamClient Streams { get; }

        public ILocalOrderBookProvider Books { get; }

        public EventLog Events { get; } = new();

        public long ConnectionsAccepted => _harness?.Server.Counters.StreamConnectionsAccepted ?? InMemory.ConnectionsAccepted;

        public int OpenConnections => _harness?.Server.ActiveStreamConnections ?? InMemory.ActiveConnections;

        private InMemoryStreamServer InMemory => _services!.GetRequiredService<InMemoryStreamServer>();

        public int DropConnectionsCarrying(string stream) => _harness?.Server.DropStreamConnections(stream) ?? InMemory.DropCarrying(stream);

        public int AnnounceShutdown(string stream) => _harness?.Server.AnnounceStreamShutdown(stream) ?? InMemory.AnnounceShutdown(DateTimeOffset.UtcNow, stream).Count;

        /// <summary>Steps the seeded market every few milliseconds until disposed.</summary>
        public IDisposable RunMarket()
        {
            var cts = new CancellationTokenSource();
            var task = Task.Run(async () =>
            {
                while (!cts.IsCancellationRequested)
                {
                    Exchange.Step();
                    await Task.Delay(3);
                }
            });
            return new Stopper(cts, task);
        }

        public static async Task<Rig> StartAsync(Mode mode, Action<GenesisExchangeOptions>? configure = null)
        {
            if (mode == Mode.FakeServer)
            {
                return new Rig(await EndToEndHarness.StartAsync(client: configure), null);
            }

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddGenesisExchange(o =>
            {
                o.ReadCredentialsFromEnvironment = false;
                o.Streams.ReconnectBaseDelay = TimeSpan.FromMilliseconds(50);
                o.Streams.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
                configure?.Invoke(o);
            });
            return new Rig(null, services.BuildServiceProvider());
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

        private sealed class Stopper(CancellationTokenSource cts, Task task) : IDisposable
        {
            public void Dispose()
            {
                cts.Cancel();
                task.Wait(Bound);
                cts.Dispose();
            }
        }
    }
}
