using System.Threading.Channels;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Tracking;
using Microsoft.Extensions.Time.Testing;
using static Genesis.Exchange.Tests.Tracking.TrackerEvents;

namespace Genesis.Exchange.Tests.Tracking;

public sealed class OrderTrackerTests
{
    private readonly FakeTimeProvider _time = new(T0);
    private readonly IBinanceRestClient _rest;
    private readonly ScriptedRestClient _exchange;
    private readonly OrderTracker _tracker;

    public OrderTrackerTests()
    {
        (_rest, _exchange) = ScriptedRestClient.Create();
        _tracker = new OrderTracker(_rest, _time);
    }

    private async Task ProcessAllAsync(params UserDataEvent[] events)
    {
        foreach (var e in events)
        {
            await _tracker.ProcessAsync(e);
        }
    }

    [Fact]
    public async Task BurstOfFills_AccumulatesQuantityAveragePriceAndCommission()
    {
        var order = New("burst-1", 7, quantity: 5m);
        var filled = new List<TrackedOrder>();
        _tracker.OrderFilled += (_, e) => filled.Add(e.Order);

        await ProcessAllAsync(
            order,
            Trade(order, 101, 1m, 100m, 1m, 100m),
            Trade(order, 102, 1m, 101m, 2m, 201m),
            Trade(order, 103, 1m, 102m, 3m, 303m, commission: 0.5m, commissionAsset: "USDT"),
            Trade(order, 104, 1m, 103m, 4m, 406m),
            Trade(order, 105, 1m, 104m, 5m, 510m));

        var tracked = _tracker.GetOrder("burst-1")!;
        Assert.Equal(OrderStatus.Filled, tracked.Status);
        Assert.Equal(5m, tracked.FilledQuantity);
        Assert.Equal(510m, tracked.CumulativeQuoteQuantity);
        Assert.Equal(102m, tracked.AveragePrice);
        Assert.Equal(0.004m, tracked.Commissions["BNB"]);
        Assert.Equal(0.5m, tracked.Commissions["USDT"]);
        Assert.Equal(105, tracked.LastFill!.TradeId);
        Assert.Equal(5, tracked.Fills.Count);
        Assert.Single(filled);
        Assert.Equal(0, _tracker.GapsDetected);
        Assert.Empty(_exchange.Calls);
    }

    [Fact]
    public async Task DuplicateEvents_AreIgnored_ByTradeIdAndExecutionId()
    {
        var order = New("dup-1", 8);
        var first = Trade(order, 201, 1m, 100m, 1m, 100m);
        var second = Trade(order, 202, 1m, 100m, 2m, 200m);
        var changes = 0;
        _tracker.OrderChanged += (_, _) => changes++;

        await ProcessAllAsync(order, first, second, order, first, second, first);

        var tracked = _tracker.GetOrder("dup-1")!;
        Assert.Equal(2m, tracked.FilledQuantity);
        Assert.Equal(200m, tracked.CumulativeQuoteQuantity);
        Assert.Equal(2, tracked.Fills.Count);
        Assert.Equal(OrderStatus.PartiallyFilled, tracked.Status);
        Assert.Equal(4, _tracker.DuplicateEvents);
        Assert.Equal(3, changes);
    }

    [Fact]
    public async Task OutOfOrderEvents_NeverRegressStatusOrQuantity_AndTheSkippedFillIsRecoveredOnce()
    {
        var order = New("ooo-1", 9);
        var t1 = Trade(order, 301, 1m, 100m, 1m, 100m);
        var t2 = Trade(order, 302, 1m, 101m, 2m, 201m);
        var t3 = Trade(order, 303, 1m, 102m, 3m, 303m);
        _exchange.Orders.Add(Order("ooo-1", 9, OrderStatus.Filled, 3m, 303m));
        _exchange.Trades.AddRange([Fill(301, 9, 1m, 100m), Fill(302, 9, 1m, 101m), Fill(303, 9, 1m, 102m)]);

        await ProcessAllAsync(order, t1, t3);
        var afterGap = _tracker.GetOrder("ooo-1")!;
        await ProcessAllAsync(t2, t1, order);

        var tracked = _tracker.GetOrder("ooo-1")!;
        Assert.Equal(1, _tracker.GapsDetected);
        Assert.Equal(3, afterGap.Fills.Count); // the skipped fill came from myTrades when the gap was seen
        Assert.Equal(OrderStatus.Filled, tracked.Status);
        Assert.Equal(3m, tracked.FilledQuantity);
        Assert.Equal(303m, tracked.CumulativeQuoteQuantity);
        Assert.Equal(3, tracked.Fills.Count);
        Assert.Equal(0.003m, tracked.Commissions["BNB"]);
        Assert.Contains("myTrades BTCUSDT order 9", _exchange.Calls); // the order is closed: its own trades, not a sweep
    }

    [Fact]
    public async Task StaleReports_NeverMoveAnOrderBackwards()
    {
        var order = New("stale-1", 10, quantity: 2m);
        var t1 = Trade(order, 401, 1m, 100m, 1m, 100m);
        var t2 = Trade(order, 402, 1m, 100m, 2m, 200m);

        await ProcessAllAsync(order, t1, t2);
        _tracker.OnOrderResponse(Order("stale-1", 10, OrderStatus.PartiallyFilled, 1m, 100m, quantity: 2m));
        _tracker.OnOrderResponse(Order("stale-1", 10, OrderStatus.New, 0m, 0m, quantity: 2m));

        var tracked = _tracker.GetOrder("stale-1")!;
        Assert.Equal(OrderStatus.Filled, tracked.Status);
        Assert.Equal(2m, tracked.FilledQuantity);
        Assert.Equal(200m, tracked.CumulativeQuoteQuantity);
    }

    [Fact]
    public async Task Reconnect_RecoversMissedFillsAndFinalStates_FromOpenOrdersOrderQueryAndMyTrades()
    {
        var a = New("rc-a", 21);
        var b = New("rc-b", 22, quantity: 2m);
        await ProcessAllAsync(a, b, Trade(a, 500, 1m, 100m, 1m, 100m));

        // While the stream was down: A filled once more (still open), B filled completely and left the open orders.
        _exchange.Orders.Add(Order("rc-a", 21, OrderStatus.PartiallyFilled, 2m, 199m));
        _exchange.Orders.Add(Order("rc-b", 22, OrderStatus.Filled, 2m, 202m, quantity: 2m));
        _exchange.Trades.AddRange([Fill(500, 21, 1m, 100m), Fill(501, 21, 1m, 99m), Fill(502, 22, 1m, 101m), Fill(503, 22, 1m, 101m, commission: 0.002m)]);
        _exchange.Balances.AddRange([new Balance("BTC", 3m, 0m), new Balance("USDT", 1000m, 100m)]);
        var filled = new List<TrackedOrder>();
        _tracker.OrderFilled += (_, e) => filled.Add(e.Order);

        await _tracker.ReconcileAsync();
        await ProcessAllAsync(Trade(b, 502, 1m, 101m, 1m, 101m)); // replayed around the reconnect

        var trackedA = _tracker.GetOrder("rc-a")!;
        var trackedB = _tracker.GetOrder("BTCUSDT", 22)!;
        Assert.Equal(OrderStatus.PartiallyFilled, trackedA.Status);
        Assert.Equal(2m, trackedA.FilledQuantity);
        Assert.Equal(199m, trackedA.CumulativeQuoteQuantity);
        Assert.Equal(2, trackedA.Fills.Count);
        Assert.Equal(OrderStatus.Filled, trackedB.Status);
        Assert.Equal(2m, trackedB.FilledQuantity);
        Assert.Equal(202m, trackedB.CumulativeQuoteQuantity);
        Assert.Equal(0.003m, trackedB.Commissions["BNB"]);
        var announced = Assert.Single(filled);
        Assert.Equal("rc-b", announced.ClientOrderId);
        Assert.Equal(2, announced.Fills.Count); // the final state is announced with its fills and commission
        Assert.Equal(0.003m, announced.Commissions["BNB"]);
        Assert.Equal(new Balance("USDT", 1000m, 100m), _tracker.GetBalance("USDT"));
        Assert.Equal(["account", "openOrders", "order BTCUSDT 22", "myTrades BTCUSDT order 22", "myTrades BTCUSDT from 501"], _exchange.Calls);
        Assert.Equal(1, _tracker.DuplicateEvents);
        Assert.Equal(1, _tracker.Reconciliations);
    }

    [Fact]
    public async Task DelayedReportOfAFillAlreadyRecovered_IsNotCountedTwice_ButStillMeasuresLatencyAndMovesTheOrder()
    {
        _tracker.OnSending("late-1", "BTCUSDT", OrderSide.Buy, 100m);
        _time.Advance(TimeSpan.FromMilliseconds(40));
        _exchange.Orders.Add(Order("late-1", 25, OrderStatus.New, 0m, 0m, quantity: 2m));
        await _tracker.ReconcileAsync(); // the order is open on the exchange, its reports are delayed
        _exchange.Orders.Add(Order("late-1", 25, OrderStatus.PartiallyFilled, 1m, 100m, quantity: 2m));
        _exchange.Trades.Add(Fill(550, 25, 1m, 100m));
        await _tracker.ReconcileAsync();
        var order = New("late-1", 25, quantity: 2m);
        _time.Advance(TimeSpan.FromMilliseconds(10));

        await ProcessAllAsync(Trade(order, 550, 1m, 100m, 1m, 100m)); // the first report the stream delivers

        var tracked = _tracker.GetOrder("late-1")!;
        Assert.Equal(OrderStatus.PartiallyFilled, tracked.Status);
        Assert.Equal(1m, tracked.FilledQuantity);
        Assert.Equal(100m, tracked.CumulativeQuoteQuantity);
        Assert.Single(tracked.Fills);
        Assert.Equal(TimeSpan.FromMilliseconds(50), tracked.Latency);
        Assert.Equal(1, _tracker.DuplicateEvents);
    }

    [Fact]
    public async Task FillsFromMyTrades_CompletingTheQuantity_MarkTheOrderFilled()
    {
        var order = New("inf-1", 26, quantity: 2m);
        await ProcessAllAsync(order, Trade(order, 560, 1m, 100m, 1m, 100m));
        _exchange.Orders.Add(Order("inf-1", 26, OrderStatus.PartiallyFilled, 1m, 100m, quantity: 2m));
        _exchange.Trades.AddRange([Fill(560, 26, 1m, 100m), Fill(561, 26, 1m, 100m)]);

        await _tracker.ReconcileAsync();

        var tracked = _tracker.GetOrder("inf-1")!;
        Assert.Equal(OrderStatus.Filled, tracked.Status);
        Assert.Equal(2m, tracked.FilledQuantity);
    }

    [Fact]
    public async Task Reconcile_SweepsTradesOnlyForSymbolsWithOrdersThatWereOpen()
    {
        var closed = New("sw-1", 27, quantity: 1m, symbol: "ETHUSDT");
        await ProcessAllAsync(closed, Trade(closed, 570, 1m, 10m, 1m, 10m), New("sw-2", 28));
        _exchange.Orders.Add(Order("sw-2", 28, OrderStatus.New, 0m, 0m));

        await _tracker.ReconcileAsync();

        Assert.Equal(["account", "openOrders"], _exchange.Calls);
    }

    [Fact]
    public async Task AnyOrderAndRepetitionOfTheEvents_EndsInTheExchangesState()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var (rest, exchange) = ScriptedRestClient.Create();
            var tracker = new OrderTracker(rest, _time);
            var random = new Random(seed);
            var order = New("perm-" + seed, 1000 + seed, quantity: 4m);
            var events = new List<UserDataEvent> { order };
            decimal cumulative = 0m, quote = 0m;
            for (var i = 1; i <= 4; i++)
            {
                var price = 100m + i;
                cumulative += 1m;
                quote += price;
                events.Add(Trade(order, (seed * 10) + i, 1m, price, cumulative, quote));
                exchange.Trades.Add(Fill((seed * 10) + i, 1000 + seed, 1m, price));
            }

            exchange.Orders.Add(Order("perm-" + seed, 1000 + seed, OrderStatus.Filled, 4m, quote, quantity: 4m));
            var delivered = events.Concat(events.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();

            foreach (var e in delivered)
            {
                await tracker.ProcessAsync(e);
            }

            var tracked = tracker.GetOrder("perm-" + seed)!;
            Assert.True(OrderStatus.Filled == tracked.Status, $"seed {seed}: {tracked.Status}");
            Assert.Equal(4m, tracked.FilledQuantity);
            Assert.Equal(quote, tracked.CumulativeQuoteQuantity);
            Assert.Equal(4, tracked.Fills.Count);
            Assert.Equal(0.004m, tracked.Commissions["BNB"]);
        }
    }

    [Fact]
    public async Task Reconcile_QueriesTradesByOrder_WhenNoTradeIdIsKnownForTheSymbol()
    {
        await ProcessAllAsync(New("nt-1", 31, quantity: 1m));
        _exchange.Orders.Add(Order("nt-1", 31, OrderStatus.Filled, 1m, 100m, quantity: 1m));
        _exchange.Trades.Add(Fill(600, 31, 1m, 100m));

        await _tracker.ReconcileAsync();

        var tracked = _tracker.GetOrder("nt-1")!;
        Assert.Equal(OrderStatus.Filled, tracked.Status);
        Assert.Single(tracked.Fills);
        Assert.Contains("myTrades BTCUSDT order 31", _exchange.Calls);
    }

    [Fact]
    public async Task UnknownOutcomeOrder_IsResolvedByClientOrderId_WithItsFills()
    {
        _tracker.OnSending(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 100m) with { ClientOrderId = "unk-1" });
        var pending = _tracker.GetOrder("unk-1")!;
        _exchange.Orders.Add(Order("unk-1", 41, OrderStatus.Filled, 1m, 99m, quantity: 1m));
        _exchange.Trades.Add(Fill(700, 41, 1m, 99m));

        var resolved = await _tracker.TrackUnknownAsync("unk-1", "BTCUSDT");

        Assert.True(pending.IsOutcomeUnknown);
        Assert.True(pending.IsOpen);
        Assert.False(resolved.IsOutcomeUnknown);
        Assert.Equal(OrderStatus.Filled, resolved.Status);
        Assert.Equal(41, resolved.ExchangeOrderId);
        Assert.Equal(99m, resolved.AveragePrice);
        Assert.Equal(-1m, resolved.Slippage); // a buy filled 1 below the reference: better than expected
        Assert.Single(resolved.Fills);
        Assert.Equal(["order BTCUSDT unk-1", "myTrades BTCUSDT order 41"], _exchange.Calls);
    }

    [Fact]
    public async Task UnknownOutcomeOrder_StaysUnknownWithinTheWindow_ThenIsRejectedWhenTheExchangeNeverHadIt()
    {
        var rejected = new List<TrackedOrder>();
        _tracker.OrderRejected += (_, e) => rejected.Add(e.Order);

        var first = await _tracker.TrackUnknownAsync("unk-2", "BTCUSDT");
        _time.Advance(TimeSpan.FromSeconds(61));
        await _tracker.ReconcileAsync();

        Assert.Equal(OrderStatus.Unknown, first.Status);
        Assert.True(first.IsOutcomeUnknown);
        var last = Assert.Single(rejected);
        Assert.Equal(OrderStatus.Rejected, last.Status);
        Assert.Equal(OrderTracker.NotFoundRejectReason, last.RejectReason);
        Assert.False(_tracker.GetOrder("unk-2")!.IsOpen);
    }

    [Fact]
    public async Task LatencyAndSlippage_AreMeasuredFromSendingAndTheReferencePrice()
    {
        _tracker.OnSending("lat-buy", "BTCUSDT", OrderSide.Buy, 100m);
        _tracker.OnSending("lat-sell", "BTCUSDT", OrderSide.Sell, 100m);
        _time.Advance(TimeSpan.FromMilliseconds(25));
        var buy = New("lat-buy", 51, quantity: 1m);
        var sell = New("lat-sell", 52, side: OrderSide.Sell, quantity: 1m);
        await ProcessAllAsync(buy, sell);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await ProcessAllAsync(Trade(buy, 801, 1m, 100.5m, 1m, 100.5m), Trade(sell, 802, 1m, 100.5m, 1m, 100.5m));

        var trackedBuy = _tracker.GetOrder("lat-buy")!;
        var trackedSell = _tracker.GetOrder("lat-sell")!;
        Assert.Equal(TimeSpan.FromMilliseconds(25), trackedBuy.Latency);
        Assert.Equal(0.5m, trackedBuy.Slippage);
        Assert.Equal(50m, trackedBuy.SlippageBps);
        Assert.Equal(-0.5m, trackedSell.Slippage);
        Assert.Equal(-50m, trackedSell.SlippageBps);
    }

    [Fact]
    public async Task CancelReport_UpdatesTheCanceledOrder_NotTheCancelRequestsId()
    {
        var order = New("cx-1", 61);
        var canceled = new List<TrackedOrder>();
        _tracker.OrderCanceled += (_, e) => canceled.Add(e.Order);

        await ProcessAllAsync(order, Canceled(order, "cancel-req-1"));

        Assert.Null(_tracker.GetOrder("cancel-req-1"));
        Assert.Equal(OrderStatus.Canceled, Assert.Single(canceled).Status);
        Assert.Equal("cx-1", canceled[0].ClientOrderId);
    }

    [Fact]
    public async Task AmendedOrder_IsFoundByItsNewClientOrderId_WithTheReducedQuantity()
    {
        var order = New("am-1", 66, quantity: 3m);
        var amended = order with
        {
            ClientOrderId = "am-1b",
            OriginalClientOrderId = "am-1",
            ExecutionType = ExecutionType.Replaced,
            Quantity = 2m,
            ExecutionId = order.ExecutionId + 1,
            TransactionTime = order.TransactionTime.AddSeconds(1),
        };

        await ProcessAllAsync(order, amended, Trade(amended, 660, 2m, 100m, 2m, 200m));

        var byNew = _tracker.GetOrder("am-1b")!;
        Assert.Same(_tracker.GetOrder("am-1"), byNew);
        Assert.Equal(2m, byNew.Quantity);
        Assert.Equal(OrderStatus.Filled, byNew.Status);
        Assert.Single(_tracker.GetSnapshot().Orders);
    }

    [Fact]
    public async Task Balances_FollowPositionsAndDeltas_AndAnOlderRestSnapshotDoesNotOverwriteThem()
    {
        var changes = new List<BalanceChangedEventArgs>();
        _tracker.BalanceChanged += (_, e) => changes.Add(e);
        _exchange.Balances.AddRange([new Balance("BTC", 1m, 0m), new Balance("ETH", 9m, 0m)]);
        _exchange.AccountUpdateTime = T0.AddSeconds(5);

        await ProcessAllAsync(
            new AccountPositionUpdate(T0.AddSeconds(10), T0.AddSeconds(10), [new Balance("BTC", 2m, 0.5m), new Balance("USDT", 50m, 0m)]),
            new BalanceUpdate(T0.AddSeconds(11), "USDT", 25m, T0.AddSeconds(11)),
            new BalanceUpdate(T0.AddSeconds(8), "BTC", 7m, T0.AddSeconds(8))); // already in the position at 10 s
        await _tracker.ReconcileAsync();

        Assert.Equal(new Balance("BTC", 2m, 0.5m), _tracker.GetBalance("BTC"));
        Assert.Equal(new Balance("USDT", 75m, 0m), _tracker.GetBalance("USDT"));
        Assert.Equal(new Balance("ETH", 9m, 0m), _tracker.GetBalance("ETH"));
        Assert.Equal(["BTC", "USDT", "USDT", "ETH"], changes.Select(c => c.Balance.Asset));
        Assert.Equal(50m, changes[2].Previous!.Free);
    }

    [Fact]
    public async Task RestSnapshotNewerThanTheEvents_SetsBalancesAndZeroesAssetsItNoLongerLists()
    {
        await ProcessAllAsync(new AccountPositionUpdate(T0, T0, [new Balance("BTC", 2m, 0m), new Balance("DOGE", 10m, 0m)]));
        _exchange.Balances.Add(new Balance("BTC", 1.5m, 0m));
        _exchange.AccountUpdateTime = T0.AddSeconds(1);

        await _tracker.ReconcileAsync();

        Assert.Equal(1.5m, _tracker.GetBalance("BTC")!.Free);
        Assert.Equal(0m, _tracker.GetBalance("DOGE")!.Total);
    }

    [Fact]
    public async Task ThrowingHandler_IsCounted_AndNeitherTheTrackerNorOtherHandlersBreak()
    {
        var seen = 0;
        _tracker.OrderChanged += (_, _) => throw new InvalidOperationException("user bug");
        _tracker.OrderChanged += (_, _) => seen++;
        var order = New("thr-1", 71);

        await ProcessAllAsync(order, Trade(order, 901, 1m, 100m, 1m, 100m));

        Assert.Equal(2, seen);
        Assert.Equal(2, _tracker.HandlerFailures);
        Assert.Equal(1m, _tracker.GetOrder("thr-1")!.FilledQuantity);
    }

    [Fact]
    public async Task EventStreamTerminated_TriggersAReconciliation()
    {
        await ProcessAllAsync(new EventStreamTerminated(T0));

        Assert.Equal(1, _tracker.Reconciliations);
        Assert.Equal(["account", "openOrders"], _exchange.Calls);
    }

    [Fact]
    public async Task Queries_BySymbolAndExchangeId_AndTheSnapshot_AreConsistent()
    {
        var list = new ListStatusUpdate { Symbol = "ETHUSDT", OrderListId = 5, ListOrderStatus = OrderListOrderStatus.Executing, TransactionTime = T0 };
        await ProcessAllAsync(New("q-1", 81), New("q-2", 82, symbol: "ETHUSDT") with { OrderListId = 5 }, list);
        await ProcessAllAsync(Canceled(New("q-3", 83), "cx-q-3"));

        var snapshot = _tracker.GetSnapshot();

        Assert.Equal(["q-1", "q-3"], _tracker.GetOrders("BTCUSDT").Select(o => o.ClientOrderId).Order());
        Assert.Equal(["q-1"], _tracker.GetOrders("BTCUSDT", openOnly: true).Select(o => o.ClientOrderId));
        Assert.Equal("q-2", _tracker.GetOrder("ETHUSDT", 82)!.ClientOrderId);
        Assert.Equal(5, _tracker.GetOrder("q-2")!.OrderListId);
        Assert.Null(_tracker.GetOrder("BTCUSDT", 82));
        Assert.Equal(3, snapshot.Orders.Count);
        Assert.Equal(2, snapshot.OpenOrders.Count());
        Assert.Same(list, snapshot.OrderLists[5]);
    }

    [Fact]
    public async Task ClosedOrders_BeyondTheRetention_AreForgotten_OpenOnesNever()
    {
        var tracker = new OrderTracker(_rest, _time, new OrderTrackerOptions { MaxClosedOrders = 1 });
        var open = New("keep-open", 90);
        var first = New("closed-1", 91);
        var second = New("closed-2", 92);
        foreach (var e in new UserDataEvent[] { open, first, Canceled(first, "c1"), second, Canceled(second, "c2") })
        {
            await tracker.ProcessAsync(e);
        }

        Assert.Null(tracker.GetOrder("closed-1"));
        Assert.Null(tracker.GetOrder("BTCUSDT", 91));
        Assert.NotNull(tracker.GetOrder("closed-2"));
        Assert.NotNull(tracker.GetOrder("keep-open"));
    }

    [Fact]
    public async Task Resubscription_OfAnAttachedSubscription_TriggersAReconciliation()
    {
        var subscription = new UserDataSubscription(16);
        var reconciled = new SemaphoreSlim(0);
        _exchange.OnCall = name =>
        {
            if (name == nameof(IBinanceRestClient.GetOpenOrdersAsync))
            {
                reconciled.Release();
            }
        };
        using var stop = new CancellationTokenSource();
        var running = _tracker.RunAsync(subscription, stop.Token);
        Assert.True(await reconciled.WaitAsync(TimeSpan.FromSeconds(10))); // at start

        subscription.Bind(2, 7, isResubscription: true);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await reconciled.WaitAsync(TimeSpan.FromSeconds(10)));
        subscription.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _tracker.Reconciliations);
    }

    [Fact]
    public async Task RunAsync_WhenAReconciliationFails_GoesOnAndRetriesItWithTheNextEvent()
    {
        var events = Channel.CreateUnbounded<UserDataEvent>();
        _exchange.Failure = new ExchangeUnavailableException("down");
        var running = _tracker.RunAsync(events.Reader); // the start-up reconciliation fails (synchronously: the script answers at once)
        _exchange.Failure = null;

        await events.Writer.WriteAsync(New("retry-1", 95));
        events.Writer.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, _tracker.Reconciliations);
        Assert.Equal(OrderStatus.New, _tracker.GetOrder("retry-1")!.Status);
        Assert.Equal(["failed GetAccountAsync", "account", "openOrders"], _exchange.Calls);
    }

    [Fact]
    public async Task RunAsync_WhenTheSubscriptionFails_ReconcilesAndRethrows()
    {
        var events = Channel.CreateUnbounded<UserDataEvent>();
        var running = _tracker.RunAsync(events.Reader);

        events.Writer.Complete(new StreamSubscriptionOverflowException("userData", "full"));

        await Assert.ThrowsAsync<StreamSubscriptionOverflowException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, _tracker.Reconciliations);
    }

    [Fact]
    public async Task ToOrder_CarriesFillsLatencyAndSlippage_IntoTheDomainOrder()
    {
        _tracker.OnSending("dom-1", "BTCUSDT", OrderSide.Buy, 100m);
        _time.Advance(TimeSpan.FromMilliseconds(12));
        var order = New("dom-1", 96, quantity: 1m);
        await ProcessAllAsync(order, Trade(order, 990, 1m, 101m, 1m, 101m));

        var domain = _tracker.GetOrder("dom-1")!.ToOrder();

        Assert.Equal(96, domain.ExchangeOrderId);
        Assert.Equal(OrderStatus.Filled, domain.Status);
        Assert.Equal(101m, domain.AveragePrice);
        Assert.Equal(12d, domain.LatencyMs);
        Assert.Equal(1m, domain.SlippagePercent);
        Assert.Equal(990, Assert.Single(domain.Fills).TradeId);
    }

    [Fact]
    public async Task OnNotPlaced_RejectsAnUnconfirmedOrder_ButNeverOneTheExchangeConfirmed()
    {
        var rejected = new List<TrackedOrder>();
        _tracker.OrderRejected += (_, e) => rejected.Add(e.Order);
        _tracker.OnSending("np-1", "BTCUSDT", OrderSide.Buy, 100m);
        _tracker.OnSending("np-2", "BTCUSDT", OrderSide.Buy, 100m);
        await ProcessAllAsync(New("np-2", 97));

        _tracker.OnNotPlaced("np-1", "-2010 Account has insufficient balance for requested action.");
        _tracker.OnNotPlaced("np-2", "late");
        _tracker.OnNotPlaced("never-announced", "x");

        var order = Assert.Single(rejected);
        Assert.Equal("np-1", order.ClientOrderId);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.StartsWith("-2010", order.RejectReason, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.New, _tracker.GetOrder("np-2")!.Status);
        Assert.Null(_tracker.GetOrder("never-announced"));
        await _tracker.ReconcileAsync();
        Assert.DoesNotContain("order BTCUSDT np-1", _exchange.Calls); // a rejected order is not queried again
    }

    [Fact]
    public void OnSending_WithoutAClientOrderId_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => _tracker.OnSending(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 1m)));

        Assert.Contains("client order id", error.Message, StringComparison.Ordinal);
    }
}
