using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Streams;

public sealed class BinanceMarketStreamClientTests : IAsyncDisposable
{
    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(10);
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedConnectionFactory _factory;
    private readonly FakeTradeHistory _history = new();
    private readonly MarketStreamOptions _options = new()
    {
        BaseUrl = new Uri("wss://stream.test:9443"),
        ReconnectBaseDelay = TimeSpan.FromSeconds(1.5),
        ReconnectMaxDelay = TimeSpan.FromSeconds(20),
        NoDataTimeout = TimeSpan.FromSeconds(30),
        ControlRequestTimeout = ControlTimeout,
        ConnectionLifetime = TimeSpan.FromHours(23),
        MaxMessageBytes = 4096,
        BackupConnection = false, // one connection's behaviour; the pool's failover is in StreamPoolTests
    };

    private BinanceMarketStreamClient? _client;

    public BinanceMarketStreamClientTests() => _factory = new ScriptedConnectionFactory(_time);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    private BinanceMarketStreamClient Client() => _client ??= new BinanceMarketStreamClient(
        _options, _history, _factory, _time, NullLogger<BinanceMarketStreamClient>.Instance, new FixedRandom(0.5), controlMessageInterval: TimeSpan.Zero);

    private static async Task<T> Next<T>(IAsyncEnumerator<T> enumerator)
    {
        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(Bound.Safety));
        return enumerator.Current;
    }

    /// <summary>Subscribes trades and returns the enumerator with the first connection, its subscription confirmed.</summary>
    private async Task<(IAsyncEnumerator<TradeUpdate> Trades, ScriptedWebSocketConnection Connection, Task<bool> FirstMove)> SubscribeTradesAsync(CancellationToken cancellationToken = default)
    {
        var trades = Client().SubscribeTradesAsync("BTCUSDT", cancellationToken).GetAsyncEnumerator(cancellationToken);
        var first = trades.MoveNextAsync().AsTask();
        var connection = await _factory.NextConnectionAsync();
        Assert.Contains("\"SUBSCRIBE\"", await connection.NextSentAsync());
        return (trades, connection, first);
    }

    [Fact]
    public async Task Subscribe_ConnectsToCombinedStreamAndSendsSubscribeWithId()
    {
        var trades = Client().SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        _ = trades.MoveNextAsync().AsTask();

        var connection = await _factory.NextConnectionAsync();
        var sent = await connection.NextSentAsync();

        Assert.Equal("wss://stream.test:9443/stream", connection.Uri!.OriginalString);
        Assert.Matches("""^\{"method":"SUBSCRIBE","params":\["btcusdt@trade"\],"id":\d+\}$""", sent);
    }

    [Fact]
    public async Task FirstSubscribe_TradeArrivingBeforeItsConfirmation_StartsNoGapFill()
    {
        // Binance may send the first trade right behind the SUBSCRIBE confirmation; the client must not take the
        // first confirmation for a resubscription and fetch history (historicalTrades costs weight 25).
        _history.Gate = new TaskCompletionSource().Task; // a gap fill would hold every later trade back
        var connection = new ScriptedWebSocketConnection();
        connection.Responder = request =>
        {
            if (request.GetProperty("params")[0].GetString() == "btcusdt@trade")
            {
                connection.EnqueueData("btcusdt@trade", Trades.Json(1));
            }

            return $$"""{"result":null,"id":{{request.GetProperty("id").GetInt64()}}}""";
        };
        _factory.Prepare(connection);
        var trades = Client().SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator(); // both ended by the client's dispose
        Assert.Equal(1, (await Next(trades)).TradeId);
        var tickers = Client().SubscribeTickerAsync("ETHUSDT").GetAsyncEnumerator();
        var tickerMove = tickers.MoveNextAsync().AsTask();
        while (!(await connection.NextSentAsync()).Contains("ethusdt@ticker", StringComparison.Ordinal))
        {
            // The ticker's SUBSCRIBE goes out once the trade stream's subscription has been handled completely.
        }

        connection.EnqueueData("btcusdt@trade", Trades.Json(2));

        Assert.Equal(2, (await Next(trades)).TradeId);
        Assert.False(tickerMove.IsCompleted);
    }

    [Fact]
    public async Task Subscribe_DeliversCombinedStreamTrades()
    {
        var (trades, connection, first) = await SubscribeTradesAsync();

        connection.EnqueueData("btcusdt@trade", Trades.Json(1));
        connection.EnqueueData("btcusdt@trade", Trades.Json(2));

        Assert.True(await first.WaitAsync(Bound.Safety));
        Assert.Equal(1, trades.Current.TradeId);
        Assert.Equal(2, (await Next(trades)).TradeId);
    }

    [Fact]
    public async Task ReceiveLoop_SurvivesMalformedNaNNegativeOversizedAndUnknownMessages()
    {
        var (trades, connection, first) = await SubscribeTradesAsync();

        connection.EnqueueMessage("{not json");
        connection.EnqueueData("btcusdt@trade", Trades.Json(1, price: "NaN"));
        connection.EnqueueData("btcusdt@trade", Trades.Json(1, price: "-5"));
        connection.EnqueueData("btcusdt@trade", """{"e":"brandNewEvent","E":1}""");
        connection.EnqueueFragments("{\"stream\":\"btcusdt@trade\",\"data\":\"" + new string('x', 3000), new string('x', 3000) + "\"}");
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));

        Assert.True(await first.WaitAsync(Bound.Safety));
        Assert.Equal((1L, 101m), (trades.Current.TradeId, trades.Current.Price));
        Assert.Equal(1, _factory.AttemptCount);
    }

    [Fact]
    public async Task Reconnect_AfterDrop_BacksOffZeroThenExponentially()
    {
        var (_, connection, _) = await SubscribeTradesAsync();
        _factory.FailNext(3);
        var dropTime = _time.GetUtcNow();
        await _factory.NextAttemptAsync(); // the first connection

        connection.Drop();
        var times = new List<TimeSpan> { await _factory.NextAttemptAsync() - dropTime };
        var index = 0;
        foreach (var delay in new[] { 1.5, 3, 6 })
        {
            index = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(delay), index);
            _time.Advance(TimeSpan.FromSeconds(delay));
            times.Add(await _factory.NextAttemptAsync() - dropTime);
        }

        var reconnected = await _factory.NextConnectionAsync();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(10.5)], times);
        Assert.Contains("btcusdt@trade", await reconnected.NextSentAsync());
    }

    [Fact]
    public void NextDelay_IsCappedAndJittered()
    {
        _client = new BinanceMarketStreamClient(_options, _history, _factory, _time, NullLogger<BinanceMarketStreamClient>.Instance, new FixedRandom(0.999));

        Assert.Equal(TimeSpan.Zero, _client.NextDelay(0));
        Assert.InRange(_client.NextDelay(1), TimeSpan.FromSeconds(1.79), TimeSpan.FromSeconds(1.8));
        Assert.Equal(TimeSpan.FromSeconds(20), _client.NextDelay(10));
    }

    [Fact]
    public async Task Reconnect_UnconfirmedResubscription_RecyclesConnectionUntilConfirmed()
    {
        var (trades, first, firstMove) = await SubscribeTradesAsync();
        var silent = new ScriptedWebSocketConnection { AutoConfirm = false };
        _factory.Prepare(silent);
        var mark = _time.TimerCount; // the first connection's SUBSCRIBE timeout is before this: not the one to expire

        first.Drop();
        Assert.Same(silent, await _factory.NextConnectionAsync());
        Assert.Contains("btcusdt@trade", await silent.NextSentAsync());
        var index = await _time.WaitForTimerAsync(ControlTimeout, mark);
        _time.Advance(ControlTimeout);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1.5), index);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var third = await _factory.NextConnectionAsync();
        Assert.Contains("SUBSCRIBE", await third.NextSentAsync());
        third.EnqueueData("btcusdt@trade", Trades.Json(1));

        Assert.True(silent.IsClosed);
        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        Assert.Equal(1, trades.Current.TradeId);
    }

    [Fact]
    public async Task Silence_WithUnansweredLivenessProbe_RecyclesConnection()
    {
        var (_, first, _) = await SubscribeTradesAsync();
        first.AutoConfirm = false; // from now on the server is mute: the socket looks open but nothing answers

        var index = await _time.WaitForTimerAsync(_options.NoDataTimeout);
        _time.Advance(_options.NoDataTimeout);
        Assert.Contains("\"LIST_SUBSCRIPTIONS\"", await first.NextSentAsync());
        await _time.WaitForTimerAsync(ControlTimeout, index);
        _time.Advance(ControlTimeout);
        var second = await _factory.NextConnectionAsync();

        Assert.True(first.IsClosed);
        Assert.Contains("btcusdt@trade", await second.NextSentAsync());
    }

    [Fact]
    public async Task QuietConnection_AnsweringTheLivenessProbe_IsKept()
    {
        var (trades, first, firstMove) = await SubscribeTradesAsync();

        var index = 0;
        for (var round = 0; round < 3; round++)
        {
            index = await _time.WaitForTimerAsync(_options.NoDataTimeout, index);
            _time.Advance(_options.NoDataTimeout);
            Assert.Matches("""^\{"method":"LIST_SUBSCRIPTIONS","id":\d+\}$""", await first.NextSentAsync());
        }

        first.EnqueueData("btcusdt@trade", Trades.Json(1));

        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        Assert.Equal(1, trades.Current.TradeId);
        Assert.False(first.IsClosed);
        Assert.Equal(1, _factory.AttemptCount);
    }

    [Fact]
    public async Task Messages_KeepConnectionAliveBeyondNoDataTimeout()
    {
        _options.ControlRequestTimeout = TimeSpan.FromHours(1); // only silence could end the connection
        var (trades, first, firstMove) = await SubscribeTradesAsync();

        _time.Advance(TimeSpan.FromSeconds(20));
        first.EnqueueData("btcusdt@trade", Trades.Json(1));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        _time.Advance(TimeSpan.FromSeconds(20));
        first.EnqueueData("btcusdt@trade", Trades.Json(2));
        await Next(trades);

        Assert.False(first.IsClosed);
        Assert.Equal(1, _factory.AttemptCount);
    }

    [Fact]
    public async Task ServerShutdown_OpensTheReplacementFirst_ClosesTheOldOnceCaughtUp_EachTradeOnce()
    {
        var (trades, first, firstMove) = await SubscribeTradesAsync();
        first.EnqueueData("btcusdt@trade", Trades.Json(1));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));

        first.EnqueueMessage("""{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}""");
        var second = await _factory.NextConnectionAsync();
        Assert.Contains("btcusdt@trade", await second.NextSentAsync());
        Assert.False(first.IsClosed); // make before break

        second.EnqueueData("btcusdt@trade", Trades.Json(3)); // ahead of the old connection: held, not a gap
        first.EnqueueData("btcusdt@trade", Trades.Json(2));
        first.EnqueueData("btcusdt@trade", Trades.Json(3));
        second.EnqueueData("btcusdt@trade", Trades.Json(4));

        var received = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            received.Add((await Next(trades)).TradeId);
        }

        Assert.Equal([2L, 3, 4], received);
        await first.Closed.WaitAsync(Bound.Safety);
        Assert.Empty(_history.Requests); // no gap, so no REST fill
    }

    [Fact]
    public async Task ConnectionLifetime_RenewsMakeBeforeBreak()
    {
        _options.ControlRequestTimeout = TimeSpan.FromDays(2); // only the lifetime can end the connection
        _options.NoDataTimeout = TimeSpan.FromDays(2);
        var (trades, first, firstMove) = await SubscribeTradesAsync();
        first.EnqueueData("btcusdt@trade", Trades.Json(1));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));

        await _time.WaitForTimerAsync(_options.ConnectionLifetime);
        _time.Advance(_options.ConnectionLifetime);
        var second = await _factory.NextConnectionAsync();
        Assert.Contains("btcusdt@trade", await second.NextSentAsync());
        Assert.False(first.IsClosed);

        second.EnqueueData("btcusdt@trade", Trades.Json(2));
        Assert.Equal(2, (await Next(trades)).TradeId);
        await first.Closed.WaitAsync(Bound.Safety);
    }

    [Fact]
    public async Task TradesAcrossReconnect_GapFilledFromHistory_EachIdOnceInOrder()
    {
        var (trades, first, firstMove) = await SubscribeTradesAsync();
        _history.Add(3, 4, 5, 6, 7); // overlaps delivered (3) and live (7)
        first.EnqueueData("btcusdt@trade", Trades.Json(1));
        first.EnqueueData("btcusdt@trade", Trades.Json(2));
        first.EnqueueData("btcusdt@trade", Trades.Json(3));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        await Next(trades);
        await Next(trades);

        first.Drop();
        var second = await _factory.NextConnectionAsync();
        await second.NextSentAsync();
        second.EnqueueData("btcusdt@trade", Trades.Json(3));
        second.EnqueueData("btcusdt@trade", Trades.Json(7));
        second.EnqueueData("btcusdt@trade", Trades.Json(8));
        var received = new List<TradeUpdate>();
        for (var i = 0; i < 5; i++)
        {
            received.Add(await Next(trades));
        }

        Assert.Equal([4L, 5, 6, 7, 8], received.Select(t => t.TradeId));
        Assert.Equal(("BTCUSDT", 104m), (received[0].Symbol, received[0].Price));
        Assert.Equal(4, _history.Requests[0].FromId);
    }

    [Fact]
    public async Task CancelSubscription_SendsUnsubscribeAndEndsEnumeration()
    {
        using var cts = new CancellationTokenSource();
        var (trades, connection, firstMove) = await SubscribeTradesAsync(cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstMove.WaitAsync(Bound.Safety));
        await trades.DisposeAsync();
        var sent = await connection.NextSentAsync();

        Assert.Matches("""^\{"method":"UNSUBSCRIBE","params":\["btcusdt@trade"\],"id":\d+\}$""", sent);
        Assert.Empty(Client().ActiveStreams);
    }

    [Fact]
    public async Task CancelOneOfTwoSubscribers_KeepsStreamSubscribed()
    {
        using var cts = new CancellationTokenSource();
        var (_, connection, firstMove) = await SubscribeTradesAsync(cts.Token);
        var other = Client().SubscribeTradesAsync("btcusdt").GetAsyncEnumerator();
        var otherMove = other.MoveNextAsync().AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstMove.WaitAsync(Bound.Safety));
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));

        Assert.True(await otherMove.WaitAsync(Bound.Safety));
        Assert.False(connection.TryGetSent(out _));
        Assert.Equal(["btcusdt@trade"], Client().ActiveStreams);
    }

    [Fact]
    public async Task SecondStream_AddedAtRunTime_IsSubscribedOnOpenConnection()
    {
        var (_, connection, _) = await SubscribeTradesAsync();

        var ticker = Client().SubscribeTickerAsync("ETHUSDT").GetAsyncEnumerator();
        var move = ticker.MoveNextAsync().AsTask();
        Assert.Contains("\"ethusdt@ticker\"", await connection.NextSentAsync());
        connection.EnqueueData("ethusdt@ticker", """{"e":"24hrTicker","E":1,"s":"ETHUSDT","c":"2000.5"}""");

        Assert.True(await move.WaitAsync(Bound.Safety));
        Assert.Equal(2000.5m, ticker.Current.Ticker.LastPrice);
        Assert.Equal(1, _factory.AttemptCount);
    }

    [Fact]
    public async Task SlowTradeConsumer_SubscriptionFailsWithOverflowAfterBufferedItems()
    {
        _options.ChannelCapacity = 2;
        var (trades, connection, firstMove) = await SubscribeTradesAsync();
        var marker = Client().SubscribeTickerAsync("ETHUSDT").GetAsyncEnumerator();
        var markerMove = marker.MoveNextAsync().AsTask();
        await connection.NextSentAsync();
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));

        for (var id = 2; id <= 5; id++)
        {
            connection.EnqueueData("btcusdt@trade", Trades.Json(id));
        }

        // Messages are dispatched in order: once the ticker arrives, trades 2..5 have been handed over.
        connection.EnqueueData("ethusdt@ticker", """{"e":"24hrTicker","E":1,"s":"ETHUSDT","c":"1"}""");
        Assert.True(await markerMove.WaitAsync(Bound.Safety));
        var received = new List<long>();
        var error = await Record.ExceptionAsync(async () =>
        {
            while (await trades.MoveNextAsync().AsTask().WaitAsync(Bound.Safety))
            {
                received.Add(trades.Current.TradeId);
            }
        });

        Assert.IsType<StreamSubscriptionOverflowException>(error);
        Assert.Equal([2L, 3], received);
    }

    [Fact]
    public async Task Supervisor_UnexpectedExceptionFromTheSocket_IsCountedAndConnectionReplaced()
    {
        var (trades, first, firstMove) = await SubscribeTradesAsync();

        first.Throw(new InvalidCastException("a bug below us"));
        var second = await _factory.NextConnectionAsync();
        Assert.Contains("btcusdt@trade", await second.NextSentAsync());
        second.EnqueueData("btcusdt@trade", Trades.Json(1));

        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        Assert.Equal(1, trades.Current.TradeId);
        Assert.Equal(1, Client().SupervisorFaults);
    }

    [Fact]
    public async Task Backoff_ResetsOnceConnectionIsConfirmed_SoRepeatedDropsReconnectAtOnce()
    {
        var (trades, connection, firstMove) = await SubscribeTradesAsync();
        await _factory.NextAttemptAsync();
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));

        var waits = new List<TimeSpan>();
        for (var round = 2; round <= 5; round++)
        {
            var dropTime = _time.GetUtcNow();
            connection.Drop();
            waits.Add(await _factory.NextAttemptAsync() - dropTime);
            connection = await _factory.NextConnectionAsync();
            Assert.Contains("SUBSCRIBE", await connection.NextSentAsync());
            connection.EnqueueData("btcusdt@trade", Trades.Json(round));
            Assert.Equal(round, (await Next(trades)).TradeId);
        }

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], waits);
    }

    [Fact]
    public async Task Reconnect_StartsGapFillAtOnce_WithoutWaitingForALiveTrade()
    {
        var (trades, first, firstMove) = await SubscribeTradesAsync();
        first.EnqueueData("btcusdt@trade", Trades.Json(1));
        first.EnqueueData("btcusdt@trade", Trades.Json(2));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        Assert.Equal(2, (await Next(trades)).TradeId);
        _history.Add(1, 2, 3, 4, 5); // 3..5 happened while disconnected; no live trade follows

        first.Drop();
        var second = await _factory.NextConnectionAsync();
        await second.NextSentAsync();
        var received = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            received.Add((await Next(trades)).TradeId);
        }

        Assert.Equal([3L, 4, 5], received);
        Assert.Equal(3, _history.Requests[0].FromId);
    }

    [Fact]
    public async Task SubscribeRefusedByServer_EndsSubscriptionWithRejectedException_WithoutReconnecting()
    {
        var connection = new ScriptedWebSocketConnection
        {
            Responder = request => $$"""{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":{{request.GetProperty("id").GetInt64()}}}""",
        };
        _factory.Prepare(connection);
        var trades = Client().SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();

        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => trades.MoveNextAsync().AsTask().WaitAsync(Bound.Safety));

        Assert.Equal(("btcusdt@trade", 2, "Invalid request: invalid stream"), (error.StreamName, error.BinanceCode, error.ServerMessage));
        Assert.Empty(Client().ActiveStreams);
        Assert.Equal(1, _factory.AttemptCount);
    }

    [Fact]
    public async Task SubscribeRefusedInABatch_FailsOnlyTheRefusedStream()
    {
        var (trades, first, firstMove) = await SubscribeTradesAsync();
        var tickers = Client().SubscribeTickerAsync("NOPE").GetAsyncEnumerator();
        var tickerMove = tickers.MoveNextAsync().AsTask();
        Assert.Contains("nope@ticker", await first.NextSentAsync());
        var second = new ScriptedWebSocketConnection
        {
            Responder = request => request.GetProperty("params").EnumerateArray().Any(p => p.GetString() == "nope@ticker")
                ? $$"""{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":{{request.GetProperty("id").GetInt64()}}}"""
                : $$"""{"result":null,"id":{{request.GetProperty("id").GetInt64()}}}""",
        };
        _factory.Prepare(second);

        first.Drop(); // the resubscription sends both streams in one request
        Assert.Same(second, await _factory.NextConnectionAsync());
        var error = await Assert.ThrowsAsync<StreamSubscriptionRejectedException>(() => tickerMove.WaitAsync(Bound.Safety));
        second.EnqueueData("btcusdt@trade", Trades.Json(1));

        Assert.Equal("nope@ticker", error.StreamName);
        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        Assert.Equal(["btcusdt@trade"], Client().ActiveStreams);
        Assert.Equal(2, _factory.AttemptCount);
    }

    [Fact]
    public async Task ConnectionAttempts_AreCappedPerFiveMinutes_EvenWhenEveryConnectionWorked()
    {
        _options.MaxConnectionAttemptsPerFiveMinutes = 3;
        var (trades, connection, firstMove) = await SubscribeTradesAsync();
        var firstAttempt = await _factory.NextAttemptAsync();
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        for (var round = 2; round <= 3; round++)
        {
            connection.Drop();
            connection = await _factory.NextConnectionAsync(); // confirmed before: reconnects at once
            await connection.NextSentAsync();
            connection.EnqueueData("btcusdt@trade", Trades.Json(round));
            Assert.Equal(round, (await Next(trades)).TradeId);
        }

        connection.Drop();
        await _time.WaitForTimerAsync(TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(5));
        await _factory.NextAttemptAsync();
        await _factory.NextAttemptAsync();
        var fourthAttempt = await _factory.NextAttemptAsync();

        Assert.Equal(TimeSpan.FromMinutes(5), fourthAttempt - firstAttempt);
    }

    [Fact]
    public async Task Supervisor_DyingAnyway_FailsEverySubscriberInsteadOfLeavingThemWaiting()
    {
        await using var client = new BinanceMarketStreamClient(
            _options, _history, _factory, _time, new ThrowingOnErrorLogger(), new FixedRandom(0.5), controlMessageInterval: TimeSpan.Zero);
        var trades = client.SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        var move = trades.MoveNextAsync().AsTask();
        var connection = await _factory.NextConnectionAsync();
        await connection.NextSentAsync();

        connection.Throw(new InvalidCastException("a bug below us")); // and the logger throws while reporting it

        var error = await Assert.ThrowsAsync<Genesis.Exchange.Errors.ExchangeUnavailableException>(() => move.WaitAsync(Bound.Safety));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    private sealed class ThrowingOnErrorLogger : Microsoft.Extensions.Logging.ILogger<BinanceMarketStreamClient>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= Microsoft.Extensions.Logging.LogLevel.Error)
            {
                throw new InvalidOperationException("logging sink down");
            }
        }
    }

    [Fact]
    public async Task LivenessProbe_StreamMissingFromTheServersList_IsSubscribedAgain_AndItsTradesFilled()
    {
        var connection = new ScriptedWebSocketConnection
        {
            Responder = request => request.GetProperty("method").GetString() == "LIST_SUBSCRIPTIONS"
                ? $$"""{"result":[],"id":{{request.GetProperty("id").GetInt64()}}}""" // the server lost our subscription
                : $$"""{"result":null,"id":{{request.GetProperty("id").GetInt64()}}}""",
        };
        _factory.Prepare(connection);
        var (trades, _, firstMove) = await SubscribeTradesAsync();
        connection.EnqueueData("btcusdt@trade", Trades.Json(1));
        Assert.True(await firstMove.WaitAsync(Bound.Safety));
        _history.Add(1, 2, 3);

        await _time.WaitForTimerAsync(_options.NoDataTimeout);
        _time.Advance(_options.NoDataTimeout);
        Assert.Contains("LIST_SUBSCRIPTIONS", await connection.NextSentAsync());
        var resubscribe = await connection.NextSentAsync();

        var filled = new List<long> { (await Next(trades)).TradeId, (await Next(trades)).TradeId };

        Assert.Matches("""^\{"method":"SUBSCRIBE","params":\["btcusdt@trade"\],"id":\d+\}$""", resubscribe);
        Assert.Equal([2L, 3], filled);
        Assert.Equal(1, _factory.AttemptCount);
    }

    [Fact]
    public async Task Reconnect_UrlNamesNoStreams_SoHundredsOfStreamsFitAndEachIsConfirmedBySubscribe()
    {
        var first = Client().SubscribeTradesAsync("BTCUSDT").GetAsyncEnumerator();
        _ = first.MoveNextAsync().AsTask();
        var connection = await _factory.NextConnectionAsync();
        await connection.NextSentAsync();
        var others = Enumerable.Range(0, 300).Select(i => Client().SubscribeTradesAsync($"SYM{i}USDT").GetAsyncEnumerator()).ToList();
        var moves = others.Select(e => e.MoveNextAsync().AsTask()).ToList();
        Assert.Equal(301, Client().ActiveStreams.Count);

        connection.Drop();
        var second = await _factory.NextConnectionAsync();

        Assert.Equal("wss://stream.test:9443/stream", second.Uri!.OriginalString);
        Assert.Contains("sym299usdt@trade", await second.NextSentAsync() + await second.NextSentAsync() + await second.NextSentAsync() + await second.NextSentAsync());
    }
}
