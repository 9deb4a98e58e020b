using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Health;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Streams;

/// <summary>The connection pool over scripted sockets: roles, spill-over, failover and fail-back, subscription objects, events, health.</summary>
public sealed class StreamPoolTests : IAsyncDisposable
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedConnectionFactory _factory;
    private readonly FakeTradeHistory _history = new();
    private readonly List<StreamConnectionEventArgs> _events = [];
    private readonly MarketStreamOptions _options = new()
    {
        BaseUrl = new Uri("wss://stream.test:9443"),
        NoDataTimeout = TimeSpan.FromHours(1),
        ControlRequestTimeout = TimeSpan.FromHours(1),
    };

    private BinanceMarketStreamClient? _client;

    public StreamPoolTests() => _factory = new ScriptedConnectionFactory(_time);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    private BinanceMarketStreamClient Client()
    {
        if (_client is null)
        {
            _client = new BinanceMarketStreamClient(_options, _history, _factory, _time, NullLogger<BinanceMarketStreamClient>.Instance, new FixedRandom(0.5), controlMessageInterval: TimeSpan.Zero);
            _client.ConnectionEvent += (_, e) =>
            {
                lock (_events)
                {
                    _events.Add(e);
                }
            };
        }

        return _client;
    }

    private StreamConnectionEventKind[] EventKinds()
    {
        lock (_events)
        {
            return [.. _events.Select(e => e.Kind)];
        }
    }

    private static string Ticker(long eventTime) =>
        $$"""{"e":"24hrMiniTicker","E":{{eventTime}},"s":"BTCUSDT","c":"100.0","o":"99.0","h":"101.0","l":"98.0","v":"10","q":"1000"}""";

    private static async Task<T> Read<T>(StreamSubscription<T> subscription)
        where T : class => await subscription.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    private static async Task Until(Func<bool> condition, Func<string> state)
    {
        using var cts = new CancellationTokenSource(Bound.Safety);
        while (!condition())
        {
            Assert.False(cts.IsCancellationRequested, "timed out: " + state());
            await Task.Delay(1, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Roles_HaveTheirOwnNamedConnections()
    {
        _options.ExecutionConnectionName = "fast";
        await using var trades = Client().Subscribe(MarketStreams.Trade("BTCUSDT"), StreamRole.Execution);
        var execution = await _factory.NextConnectionAsync();
        Assert.Contains("btcusdt@trade", await execution.NextSentAsync());
        await using var tickers = Client().Subscribe(MarketStreams.MiniTicker("BTCUSDT"));
        var monitoring = await _factory.NextConnectionAsync();
        Assert.Contains("btcusdt@miniTicker", await monitoring.NextSentAsync());
        await Task.WhenAll(trades.Subscribed, tickers.Subscribed).WaitAsync(Bound.Safety);

        var health = Client().GetConnectionHealth();
        Assert.Equal([("fast", StreamConnectionRole.Execution, 1), ("monitoring", StreamConnectionRole.Monitoring, 1)], health.Select(h => (h.Name, h.Role, h.Streams)));
        Assert.All(health, h => Assert.Equal(StreamConnectionState.Live, h.State));
    }

    [Fact]
    public async Task PastMaxStreamsPerConnection_TheRoleSpillsToAnotherConnection()
    {
        _options.MaxStreamsPerConnection = 2;
        var subscriptions = new[] { "AAAUSDT", "BBBUSDT", "CCCUSDT" }.Select(s => Client().Subscribe(MarketStreams.MiniTicker(s))).ToArray();
        await Task.WhenAll(subscriptions.Select(s => s.Subscribed)).WaitAsync(Bound.Safety);

        Assert.Equal([("monitoring", 2), ("monitoring-2", 1)], Client().GetConnectionHealth().Select(h => (h.Name, h.Streams)));
        Assert.Equal(2, _factory.AttemptCount);
        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConnectionFails_StreamsMoveToTheBackupAtOnce_ThenBack_EachTradeOnceInOrder()
    {
        await using var trades = Client().Subscribe(MarketStreams.Trade("BTCUSDT"), StreamRole.Execution);
        var backupCarriedItAtFailBack = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Client().ConnectionEvent += (_, e) =>
        {
            if (e.Kind == StreamConnectionEventKind.FailedBack)
            {
                backupCarriedItAtFailBack.TrySetResult(Client().Connections.Single(c => c.Role == StreamConnectionRole.Backup).Carries("btcusdt@trade"));
            }
        };
        var home = await _factory.NextConnectionAsync();
        await home.NextSentAsync();
        await trades.Subscribed.WaitAsync(Bound.Safety);
        home.EnqueueData("btcusdt@trade", Trades.Json(1));
        home.EnqueueData("btcusdt@trade", Trades.Json(2));
        Assert.Equal(1, (await Read(trades)).TradeId);
        Assert.Equal(2, (await Read(trades)).TradeId);

        home.Drop();
        var first = await _factory.NextConnectionAsync(); // the backup opens at once; the home reconnects at once too
        var second = await _factory.NextConnectionAsync();
        await Until(() => Client().Connections.All(c => c.CurrentSocket is not null), () => "sockets");
        var backup = (ScriptedWebSocketConnection)Client().Connections.Single(c => c.Role == StreamConnectionRole.Backup).CurrentSocket!;
        var again = ReferenceEquals(backup, first) ? second : first;
        Assert.Contains("btcusdt@trade", await backup.NextSentAsync());
        Assert.Contains("btcusdt@trade", await again.NextSentAsync());
        backup.EnqueueData("btcusdt@trade", Trades.Json(2)); // already delivered
        backup.EnqueueData("btcusdt@trade", Trades.Json(3));
        Assert.Equal(3, (await Read(trades)).TradeId);

        again.EnqueueData("btcusdt@trade", Trades.Json(4)); // ahead of the backup: held until the backup catches up
        backup.EnqueueData("btcusdt@trade", Trades.Json(4));
        Assert.Equal(4, (await Read(trades)).TradeId);
        Assert.Contains("UNSUBSCRIBE", await backup.NextSentAsync()); // the backup lets the stream go
        again.EnqueueData("btcusdt@trade", Trades.Json(5));
        Assert.Equal(5, (await Read(trades)).TradeId);

        Assert.False(trades.Reader.TryRead(out _));
        Assert.Equal(2, trades.Counters.Duplicates);
        Assert.Equal(0, trades.Counters.Gaps);
        var kinds = EventKinds();
        Assert.True(Array.IndexOf(kinds, StreamConnectionEventKind.FailedOver) > Array.IndexOf(kinds, StreamConnectionEventKind.Disconnected));
        Assert.Contains(StreamConnectionEventKind.FailedBack, kinds);
        Assert.True(await backupCarriedItAtFailBack.Task.WaitAsync(Bound.Safety)); // raised before the backup's UNSUBSCRIBE can go out (was after: flaky)
        Assert.Equal(1, Client().GetConnectionHealth().Single(h => h.Name == "execution").Failovers);
    }

    [Fact]
    public async Task Subscription_ReportsStateCountersAndStaleness()
    {
        _options.ChannelCapacity = 2;
        var server = new ScriptedWebSocketConnection { AutoConfirm = false };
        _factory.Prepare(server);
        await using var tickers = Client().Subscribe(MarketStreams.MiniTicker("BTCUSDT"));
        var subscribe = await server.NextSentAsync();
        Assert.Equal(StreamSubscriptionState.Subscribing, tickers.State);

        server.EnqueueMessage($$"""{"result":null,"id":{{System.Text.Json.JsonDocument.Parse(subscribe).RootElement.GetProperty("id").GetInt64()}}}""");
        await tickers.Subscribed.WaitAsync(Bound.Safety);
        Assert.Equal(StreamSubscriptionState.Live, tickers.State);
        for (var i = 1; i <= 5; i++)
        {
            server.EnqueueData("btcusdt@miniTicker", Ticker(1_700_000_000_000 + (i * 1000)));
        }

        server.EnqueueData("btcusdt@miniTicker", Ticker(1_700_000_001_000)); // an old event (another connection's echo)
        server.EnqueueData("btcusdt@miniTicker", """{"e":"24hrMiniTicker","E":1,"s":"BTCUSDT","c":"NaN"}""");
        await Until(() => tickers.Counters.Received + tickers.Counters.Malformed >= 7 && tickers.Counters.Delivered >= 5, () => tickers.Counters.ToString());

        Assert.Equal(new StreamSubscriptionCounters(Received: 6, Delivered: 5, Malformed: 1, Duplicates: 1, Gaps: 0, DroppedOnOverflow: 3), tickers.Counters);
        Assert.Equal(1_700_000_004_000, (await Read(tickers)).EventTime.ToUnixTimeMilliseconds()); // the latest two kept
        Assert.False(tickers.IsStale);
        Assert.Equal(_time.GetUtcNow(), tickers.LastReceivedAt);

        _time.Advance(TimeSpan.FromSeconds(3.5)); // three 1 s update intervals, and the 3 s floor, have passed
        Assert.True(tickers.IsStale);
        server.EnqueueData("btcusdt@miniTicker", Ticker(1_700_000_010_000));
        await Until(() => tickers.Counters.Received >= 7, () => tickers.Counters.ToString());

        Assert.False(tickers.IsStale);
        await tickers.DisposeAsync();
        Assert.Equal(StreamSubscriptionState.Closed, tickers.State);
    }

    [Fact]
    public async Task RefusedSubscribe_FaultsSubscribedWithTheCode_AndRaisesAnEvent()
    {
        _factory.Prepare(new ScriptedWebSocketConnection
        {
            Responder = request => $$"""{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":{{request.GetProperty("id").GetInt64()}}}""",
        });
        await using var refused = Client().Subscribe(MarketStreams.AggregateTrade("NOPE"));

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => refused.Subscribed.WaitAsync(Bound.Safety));

        Assert.Equal(2, error.BinanceCode);
        Assert.Equal(StreamSubscriptionState.Failed, refused.State);
        Assert.Contains(StreamConnectionEventKind.SubscribeRefused, EventKinds());
        Assert.Empty(Client().ActiveStreams);
    }

    [Fact]
    public async Task ThrowingEventHandler_DoesNotBreakThePool()
    {
        Client().ConnectionEvent += (_, _) => throw new InvalidOperationException("a handler bug");
        await using var trades = Client().Subscribe(MarketStreams.Trade("BTCUSDT"));
        var connection = await _factory.NextConnectionAsync();
        await connection.NextSentAsync();
        await trades.Subscribed.WaitAsync(Bound.Safety);
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));

        Assert.Equal(1, (await Read(trades)).TradeId);
        Assert.Contains(StreamConnectionEventKind.Connected, EventKinds());
    }

    [Fact]
    public async Task HealthCheck_DegradedWhileAConnectionReconnects_HealthyWhenLive()
    {
        _options.BackupConnection = false;
        var check = new MarketStreamHealthCheck(Client(), Microsoft.Extensions.Options.Options.Create(new GenesisExchangeOptions { Streams = _options }));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        await using var trades = Client().Subscribe(MarketStreams.Trade("BTCUSDT"));
        var connection = await _factory.NextConnectionAsync();
        await connection.NextSentAsync();
        await trades.Subscribed.WaitAsync(Bound.Safety);
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));
        await Read(trades);

        var live = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Equal("Live", live.Data["connection.monitoring.state"]);

        _factory.FailNext(100);
        connection.Drop();
        await _factory.NextAttemptAsync();
        await _factory.NextAttemptAsync(); // the immediate retry failed too: now it waits for the backoff
        var reconnecting = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, reconnecting.Status);
        Assert.Contains("monitoring is", reconnecting.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoPoolsSharingARateBudget_StayWithinItsConnectionAttemptCeilingTogether()
    {
        var budget = new Genesis.Exchange.Resilience.InMemoryRateLimitBudget(new RateLimitOptions { ConnectionAttemptLimit = 5 }, _time); // ceiling 80 %: 4
        var otherFactory = new ScriptedConnectionFactory(_time);
        var options = new MarketStreamOptions { BaseUrl = _options.BaseUrl, BackupConnection = false, NoDataTimeout = TimeSpan.FromHours(1) };
        await using var a = new BinanceMarketStreamClient(options, _history, _factory, _time, NullLogger<BinanceMarketStreamClient>.Instance, new FixedRandom(0.5), controlMessageInterval: TimeSpan.Zero, budget: budget);
        await using var b = new BinanceMarketStreamClient(options, _history, otherFactory, _time, NullLogger<BinanceMarketStreamClient>.Instance, new FixedRandom(0.5), controlMessageInterval: TimeSpan.Zero, budget: budget);
        await using var tradesA = a.Subscribe(MarketStreams.Trade("BTCUSDT"));
        await using var tradesB = b.Subscribe(MarketStreams.Trade("ETHUSDT"));
        await Task.WhenAll(tradesA.Subscribed, tradesB.Subscribed).WaitAsync(Bound.Safety);
        var socketA = await _factory.NextConnectionAsync();
        socketA.EnqueueData("btcusdt@trade", Trades.Json(1));
        await Read(tradesA); // confirmed: a drop reconnects at once

        socketA.Drop();
        socketA = await _factory.NextConnectionAsync(); // 3rd attempt of the IP
        socketA.EnqueueData("btcusdt@trade", Trades.Json(2));
        await Read(tradesA);
        socketA.Drop();
        socketA = await _factory.NextConnectionAsync(); // 4th: the ceiling
        socketA.EnqueueData("btcusdt@trade", Trades.Json(3));
        await Read(tradesA);
        var socketB = await otherFactory.NextConnectionAsync();
        socketB.Drop(); // b's reconnect needs a 5th attempt: it waits for the window to roll

        await Until(() => budget.ConnectionAttemptWaiters == 1, () => budget.ConnectionAttemptsInWindow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, budget.ConnectionAttemptsInWindow);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, otherFactory.AttemptCount);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(await otherFactory.NextConnectionAsync());
        Assert.Equal(2, otherFactory.AttemptCount);
    }

    [Fact]
    public async Task QuietConnection_IsProbedAfterItsStreamsSilenceThreshold_AndKeptWhenItAnswers()
    {
        // NoDataTimeout is an hour, but a 1 s mini ticker that is silent for five intervals means something is wrong.
        var server = new ScriptedWebSocketConnection
        {
            Responder = request => request.GetProperty("method").GetString() == "LIST_SUBSCRIPTIONS"
                ? $$"""{"result":["btcusdt@miniTicker"],"id":{{request.GetProperty("id").GetInt64()}}}"""
                : $$"""{"result":null,"id":{{request.GetProperty("id").GetInt64()}}}""",
        };
        _factory.Prepare(server);
        await using var tickers = Client().Subscribe(MarketStreams.MiniTicker("BTCUSDT"));
        await server.NextSentAsync();
        await tickers.Subscribed.WaitAsync(Bound.Safety);

        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Contains("LIST_SUBSCRIPTIONS", await server.NextSentAsync());
        Assert.False(server.IsClosed);
        Assert.Equal(1, _factory.AttemptCount);
    }
}
