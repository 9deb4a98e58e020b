using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>
/// The mock's order lists, from its matching engine: an OCO is one list of two orders, a fill or a trigger of one
/// expires the other, each order passes the symbol's filters, the funds are locked once, and the list can be queried,
/// listed and canceled as Binance documents.
/// </summary>
public sealed class MockOrderListTests
{
    private const string Symbol = "BTCUSDT";
    private readonly MockTestHarness _h = new();

    private LimitOrderBook Book => _h.Exchange.Engine.FindBook(Symbol)!;

    private decimal Last => Book.LastPrice;

    private static string S(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private decimal Tick(decimal price) => SymbolRules.RoundToStep(price, 0.01m, RoundingMode.Nearest);

    private (string Key, string Value)[] SellOco(decimal quantity, decimal abovePrice, decimal belowStop, decimal belowPrice, string list = "oco-1", params (string Key, string Value)[] extra) =>
    [
        ("symbol", Symbol), ("listClientOrderId", list), ("side", "SELL"), ("quantity", S(quantity)),
        ("aboveType", "LIMIT_MAKER"), ("aboveClientOrderId", list + "-above"), ("abovePrice", S(abovePrice)),
        ("belowType", "STOP_LOSS_LIMIT"), ("belowClientOrderId", list + "-below"), ("belowPrice", S(belowPrice)), ("belowStopPrice", S(belowStop)), ("belowTimeInForce", "GTC"),
        .. extra,
    ];

    /// <summary>A sell OCO around the last price: LIMIT_MAKER above the best ask, STOP_LOSS_LIMIT below the last price.</summary>
    private (string Key, string Value)[] DefaultSellOco(decimal quantity = 0.5m, string list = "oco-1") =>
        SellOco(quantity, Tick(Book.Asks.Best!.Price * 1.001m), Tick(Last * 0.99m), Tick(Last * 0.985m), list);

    private JsonElement Place(params (string Key, string Value)[] parameters) => _h.Json("orderList.place.oco", parameters);

    private JsonElement Order(long id) => _h.Json("order.status", ("symbol", Symbol), ("orderId", id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The market maker trades at <paramref name="price"/> against everything the book offers up to it (a limit order that sweeps).</summary>
    private void MarketMakerSweeps(OrderSide side, decimal price)
    {
        lock (_h.Exchange.Gate)
        {
            var levels = side == OrderSide.Buy ? Book.Asks : Book.Bids;
            var quantity = 0m;
            for (var i = 0; i < levels.Count; i++)
            {
                var level = levels.At(i);
                if (side == OrderSide.Buy ? level.Price > price : level.Price < price)
                {
                    break;
                }

                quantity += level.Total;
            }

            var spec = new OrderSpec(MatchingEngine.MarketMakerOwner, side, OrderType.Limit, TimeInForce.Ioc, price, 0m, quantity, 0m, string.Empty);
            Assert.Equal(PlaceOutcome.Accepted, _h.Exchange.Engine.Place(Book, spec, _h.Exchange.NowMs, out _));
        }
    }

    [Fact]
    public void Oco_Sell_HoldsBothOrdersAsOneExecutingList_AndLocksTheBaseOnce()
    {
        var list = Place([.. DefaultSellOco(0.5m), ("newOrderRespType", "RESULT")]);

        Assert.Equal("OCO", list.GetProperty("contingencyType").GetString());
        Assert.Equal("EXEC_STARTED", list.GetProperty("listStatusType").GetString());
        Assert.Equal("EXECUTING", list.GetProperty("listOrderStatus").GetString());
        Assert.Equal("oco-1", list.GetProperty("listClientOrderId").GetString());
        var reports = list.GetProperty("orderReports").EnumerateArray().ToList();
        Assert.Equal(["STOP_LOSS_LIMIT", "LIMIT_MAKER"], reports.Select(r => r.GetProperty("type").GetString()));
        Assert.All(reports, r =>
        {
            Assert.Equal("NEW", r.GetProperty("status").GetString());
            Assert.Equal(list.GetProperty("orderListId").GetInt64(), r.GetProperty("orderListId").GetInt64());
        });
        Assert.Equal(-1, reports[0].GetProperty("workingTime").GetInt64());
        Assert.Equal(["oco-1-below", "oco-1-above"], list.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("clientOrderId").GetString()));
        var btc = _h.Exchange.GetBalance("BTC");
        Assert.Equal(0.5m, btc.Locked);
        Assert.Equal(0.5m, btc.Free);
    }

    [Fact]
    public void Oco_Buy_LocksTheQuoteOfTheCostlierOrderOnce()
    {
        var stop = Tick(Last * 1.01m);
        var limit = Tick(Book.Bids.Best!.Price * 0.99m);
        Place(
            ("symbol", Symbol), ("side", "BUY"), ("quantity", "0.1"),
            ("aboveType", "STOP_LOSS"), ("aboveStopPrice", S(stop)),
            ("belowType", "TAKE_PROFIT_LIMIT"), ("belowPrice", S(limit)), ("belowStopPrice", S(limit)), ("belowTimeInForce", "GTC"));

        var usdt = _h.Exchange.GetBalance("USDT");
        Assert.Equal(stop * 0.1m, usdt.Locked);
        Assert.Equal(100_000m, usdt.Free + usdt.Locked);
    }

    [Fact]
    public void Oco_FillOfTheLimitOrder_ExpiresTheStopOrder_AndEndsTheList()
    {
        var placed = Place(DefaultSellOco(0.5m));
        var ids = placed.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()).ToList();
        var abovePrice = decimal.Parse(placed.GetProperty("orderReports")[1].GetProperty("price").GetString()!, CultureInfo.InvariantCulture);

        MarketMakerSweeps(OrderSide.Buy, abovePrice);

        Assert.Equal("EXPIRED", Order(ids[0]).GetProperty("status").GetString());
        Assert.Equal("FILLED", Order(ids[1]).GetProperty("status").GetString());
        var list = _h.Json("orderList.status", ("orderListId", placed.GetProperty("orderListId").GetInt64().ToString(CultureInfo.InvariantCulture)));
        Assert.Equal("ALL_DONE", list.GetProperty("listStatusType").GetString());
        Assert.Equal("ALL_DONE", list.GetProperty("listOrderStatus").GetString());
        var btc = _h.Exchange.GetBalance("BTC");
        Assert.Equal(0m, btc.Locked);
        Assert.Equal(0.5m, btc.Free);
        Assert.Equal(0, _h.Json("openOrderLists.status").GetArrayLength());
        var trades = _h.Json("myTrades", ("symbol", Symbol), ("orderId", ids[1].ToString(CultureInfo.InvariantCulture)));
        Assert.NotEqual(0, trades.GetArrayLength());
        Assert.All(trades.EnumerateArray(), t => Assert.Equal(placed.GetProperty("orderListId").GetInt64(), t.GetProperty("orderListId").GetInt64()));
    }

    [Fact]
    public void Oco_TriggerOfTheStopOrder_ExpiresTheLimitOrder_AndMovesTheLockToIt()
    {
        var bidsBelowLast = Enumerable.Range(0, Book.Bids.Count).Select(i => Book.Bids.At(i).Price).Where(p => p < Last).ToList();
        var stop = bidsBelowLast[2];
        var placed = Place(SellOco(0.5m, Tick(Book.Asks.Best!.Price * 1.001m), stop, bidsBelowLast[8]));
        var ids = placed.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()).ToList();

        MarketMakerSweeps(OrderSide.Sell, bidsBelowLast[4]);

        var below = Order(ids[0]);
        Assert.True(below.GetProperty("isWorking").GetBoolean() || below.GetProperty("status").GetString() == "FILLED", below.GetRawText());
        Assert.Equal("EXPIRED", Order(ids[1]).GetProperty("status").GetString());
        var executed = decimal.Parse(below.GetProperty("executedQty").GetString()!, CultureInfo.InvariantCulture);
        var btc = _h.Exchange.GetBalance("BTC");
        Assert.True(executed > 0m, below.GetRawText());
        Assert.Equal(0.5m - executed, btc.Locked);
        Assert.Equal(1m - executed, btc.Free + btc.Locked);
    }

    [Fact]
    public void CancelOrderList_CancelsEveryOrder_ReleasesTheLock_AndASecondCancelIsRefused()
    {
        var placed = Place(DefaultSellOco(0.5m));

        var canceled = _h.Json("orderList.cancel", ("symbol", Symbol), ("listClientOrderId", "oco-1"), ("newClientOrderId", "cancel-1"));

        Assert.Equal("ALL_DONE", canceled.GetProperty("listOrderStatus").GetString());
        Assert.Equal(placed.GetProperty("orderListId").GetInt64(), canceled.GetProperty("orderListId").GetInt64());
        Assert.All(canceled.GetProperty("orderReports").EnumerateArray(), r =>
        {
            Assert.Equal("CANCELED", r.GetProperty("status").GetString());
            Assert.Equal("cancel-1", r.GetProperty("clientOrderId").GetString());
        });
        Assert.Equal(["oco-1-below", "oco-1-above"], canceled.GetProperty("orderReports").EnumerateArray().Select(r => r.GetProperty("origClientOrderId").GetString()));
        Assert.Equal(new Balance("BTC", 1m, 0m), _h.Exchange.GetBalance("BTC"));
        Assert.Equal((400, -2011, "Unknown order sent."), _h.Error("orderList.cancel", ("symbol", Symbol), ("listClientOrderId", "oco-1")));
    }

    [Fact]
    public void CancelOfOneOrder_CancelsTheWholeList()
    {
        var placed = Place(DefaultSellOco(0.5m));
        var ids = placed.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()).ToList();

        var canceled = _h.Json("order.cancel", ("symbol", Symbol), ("origClientOrderId", "oco-1-above"));

        Assert.Equal(placed.GetProperty("orderListId").GetInt64(), canceled.GetProperty("orderListId").GetInt64());
        Assert.Equal("CANCELED", Order(ids[0]).GetProperty("status").GetString());
        Assert.Equal("CANCELED", Order(ids[1]).GetProperty("status").GetString());
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
    }

    public static TheoryData<string, int, string> PriceRestrictions() => new()
    {
        { "limit below last", -1166, "A limit order in a sell OCO must be above." },
        { "stop above last", -1197, "A stop loss order in a sell OCO must be below." },
    };

    [Theory]
    [MemberData(nameof(PriceRestrictions))]
    public void Oco_BreakingThePriceRestrictions_IsRejectedWithBinancesCode(string @case, int code, string message)
    {
        var parameters = @case == "limit below last"
            ? SellOco(0.5m, Tick(Last * 0.99m), Tick(Last * 0.98m), Tick(Last * 0.97m))
            : SellOco(0.5m, Tick(Last * 1.02m), Tick(Last * 1.01m), Tick(Last * 1.005m));

        Assert.Equal((400, code, message), _h.Error("orderList.place.oco", parameters));
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
    }

    [Fact]
    public void Oco_UnsupportedOrderTypes_AreRejected()
    {
        var belowLimitMaker = DefaultSellOco().Select(p => p.Key == "belowType" ? (Key: p.Key, Value: "LIMIT_MAKER") : p).Where(p => p.Key != "belowStopPrice" && p.Key != "belowTimeInForce").ToArray();
        var bothStops = DefaultSellOco().Select(p => p.Key == "aboveType" ? (Key: p.Key, Value: "STOP_LOSS") : p).Select(p => p.Key == "abovePrice" ? (Key: "aboveStopPrice", p.Value) : p).ToArray();

        Assert.Equal(-1158, _h.Error("orderList.place.oco", belowLimitMaker).Code);
        Assert.Equal(-1168, _h.Error("orderList.place.oco", bothStops).Code);
    }

    [Fact]
    public void Oco_EachOrderPassesTheSymbolFilters()
    {
        var parameters = SellOco(0.5m, Tick(Book.Asks.Best!.Price * 1.001m) + 0.005m, Tick(Last * 0.99m), Tick(Last * 0.985m));

        Assert.Equal((400, -1013, "Filter failure: PRICE_FILTER"), _h.Error("orderList.place.oco", parameters));
    }

    [Fact]
    public void Oco_WithoutTheFunds_IsRejected_AndLocksNothing()
    {
        Assert.Equal((400, -2010, "Account has insufficient balance for requested action."), _h.Error("orderList.place.oco", DefaultSellOco(1.5m)));
        Assert.Equal(new Balance("BTC", 1m, 0m), _h.Exchange.GetBalance("BTC"));
    }

    [Fact]
    public void Oco_SameListClientIdWhileTheListIsOpen_IsADuplicate()
    {
        Place(DefaultSellOco(0.1m, "dup"));

        var error = _h.Error("orderList.place.oco", [.. DefaultSellOco(0.1m, "dup").Select(p => p.Key.EndsWith("ClientOrderId", StringComparison.Ordinal) && p.Key != "listClientOrderId" ? (Key: p.Key, Value: p.Value + "-2") : p)]);

        Assert.Equal((400, -2010, "Duplicate order sent."), error);
    }

    [Fact]
    public void Oco_WithoutClientIds_GetsGeneratedOnes()
    {
        var parameters = DefaultSellOco().Where(p => !p.Key.EndsWith("ClientOrderId", StringComparison.Ordinal)).ToArray();

        var list = Place(parameters);

        Assert.StartsWith("mocklist", list.GetProperty("listClientOrderId").GetString(), StringComparison.Ordinal);
        Assert.All(list.GetProperty("orders").EnumerateArray(), o => Assert.StartsWith("mock", o.GetProperty("clientOrderId").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Oco_CountsTwoOrdersInTheOrderCountHeaders()
    {
        var response = _h.Send("orderList.place.oco", DefaultSellOco());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("2", response.Headers["X-MBX-ORDER-COUNT-10S"]);
        Assert.Equal("2", response.Headers["X-MBX-ORDER-COUNT-1D"]);
    }

    [Fact]
    public void QueryOrderList_ByIdOrListClientId_UnknownIsMinus2013_NeitherIsMinus1102()
    {
        var placed = Place(DefaultSellOco());
        var id = placed.GetProperty("orderListId").GetInt64().ToString(CultureInfo.InvariantCulture);

        var byId = _h.Json("orderList.status", ("orderListId", id));
        var byClientId = _h.Json("orderList.status", ("origClientOrderId", "oco-1"));

        Assert.Equal(byId.GetRawText(), byClientId.GetRawText());
        Assert.False(byId.TryGetProperty("orderReports", out _));
        Assert.Equal(-2013, _h.Error("orderList.status", ("origClientOrderId", "nope")).Code);
        Assert.Equal(-2013, _h.Error("orderList.status", ("orderListId", id), ("origClientOrderId", "other")).Code);
        Assert.Equal(-1102, _h.Error("orderList.status").Code);
    }

    [Fact]
    public void OpenAndAllOrderLists_ListTheEnginesLists()
    {
        Place(DefaultSellOco(0.1m, "a"));
        Place(DefaultSellOco(0.1m, "b"));
        _h.Json("orderList.cancel", ("symbol", Symbol), ("listClientOrderId", "a"));

        var open = _h.Json("openOrderLists.status");
        var all = _h.Json("allOrderLists");
        var fromSecond = _h.Json("allOrderLists", ("fromId", all[0].GetProperty("orderListId").GetInt64().ToString(CultureInfo.InvariantCulture)));
        var limited = _h.Json("allOrderLists", ("limit", "1"));

        Assert.Equal(["b"], open.EnumerateArray().Select(l => l.GetProperty("listClientOrderId").GetString()));
        Assert.Equal(["b", "a"], all.EnumerateArray().Select(l => l.GetProperty("listClientOrderId").GetString()));
        Assert.Equal(["b"], fromSecond.EnumerateArray().Select(l => l.GetProperty("listClientOrderId").GetString()));
        Assert.Equal(["b"], limited.EnumerateArray().Select(l => l.GetProperty("listClientOrderId").GetString()));
    }

    [Fact]
    public void AllOrderLists_FromIdWithATime_IsMinus1128_RangeOver24Hours_IsMinus1127()
    {
        const long start = 1_700_000_000_000;

        Assert.Equal(-1128, _h.Error("allOrderLists", ("fromId", "1"), ("startTime", S(start))).Code);
        Assert.Equal(-1127, _h.Error("allOrderLists", ("startTime", S(start)), ("endTime", S(start + (24 * 3_600_000) + 1))).Code);
    }

    [Fact]
    public async Task Client_PlacesQueriesAndCancelsAnOco_ThroughTheMock()
    {
        using var client = new BinanceRestClient(_h.Transport, _h.Time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);
        var oco = new OcoOrderRequest(
            Symbol, OrderSide.Sell, 0.25m,
            new OrderListLeg(OrderType.LimitMaker) { Price = Tick(Book.Asks.Best!.Price * 1.001m) },
            new OrderListLeg(OrderType.StopLossLimit) { Price = Tick(Last * 0.985m), StopPrice = Tick(Last * 0.99m) });

        var placed = await client.PlaceOcoOrderListAsync(oco);
        var queried = await client.GetOrderListAsync(listClientOrderId: placed.ListClientOrderId);
        var canceled = await client.CancelOrderListAsync(Symbol, placed.OrderListId);

        Assert.Equal(OrderListOrderStatus.Executing, placed.ListOrderStatus);
        Assert.Equal(placed.OrderListId, queried.OrderListId);
        Assert.Equal(placed.Orders, queried.Orders);
        Assert.All(placed.OrderReports, r => Assert.Equal(OrderStatus.New, r.Status));
        Assert.Equal(OrderListOrderStatus.AllDone, canceled.ListOrderStatus);
        Assert.All(canceled.OrderReports, r => Assert.Equal(OrderStatus.Canceled, r.Status));
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
    }

    private decimal BidAt(int depth) => Book.Bids.At(depth).Price;

    private (string Key, string Value)[] BuyOto(decimal workingPrice, string pendingType, decimal pendingPrice, string list = "oto-1", string tif = "GTC") =>
    [
        ("symbol", Symbol), ("listClientOrderId", list),
        ("workingType", "LIMIT"), ("workingSide", "BUY"), ("workingClientOrderId", list + "-working"), ("workingPrice", S(workingPrice)),
        ("workingQuantity", "0.1"), ("workingTimeInForce", tif),
        ("pendingType", pendingType), ("pendingSide", "SELL"), ("pendingClientOrderId", list + "-pending"), ("pendingQuantity", "0.1"),
        (pendingType == "STOP_LOSS" ? "pendingStopPrice" : "pendingPrice", S(pendingPrice)),
    ];

    private (string Key, string Value)[] BuyOtoco(decimal workingPrice, decimal abovePrice, decimal belowStop, decimal belowPrice, string list = "otoco-1") =>
    [
        ("symbol", Symbol), ("listClientOrderId", list),
        ("workingType", "LIMIT"), ("workingSide", "BUY"), ("workingClientOrderId", list + "-working"), ("workingPrice", S(workingPrice)),
        ("workingQuantity", "0.1"), ("workingTimeInForce", "GTC"),
        ("pendingSide", "SELL"), ("pendingQuantity", "0.1"),
        ("pendingAboveType", "LIMIT_MAKER"), ("pendingAboveClientOrderId", list + "-above"), ("pendingAbovePrice", S(abovePrice)),
        ("pendingBelowType", "STOP_LOSS_LIMIT"), ("pendingBelowClientOrderId", list + "-below"), ("pendingBelowPrice", S(belowPrice)),
        ("pendingBelowStopPrice", S(belowStop)), ("pendingBelowTimeInForce", "GTC"),
    ];

    private string Status(string clientOrderId) => _h.Json("order.status", ("symbol", Symbol), ("origClientOrderId", clientOrderId)).GetProperty("status").GetString()!;

    [Fact]
    public void Oto_HoldsThePendingOrderAsPendingNew_LockingOnlyTheWorkingOrdersFunds()
    {
        var price = BidAt(3);

        var list = _h.Json("orderList.place.oto", BuyOto(price, "LIMIT_MAKER", Tick(Book.Asks.Best!.Price * 1.01m)));

        Assert.Equal("OTO", list.GetProperty("contingencyType").GetString());
        Assert.Equal("EXECUTING", list.GetProperty("listOrderStatus").GetString());
        var reports = list.GetProperty("orderReports").EnumerateArray().ToList();
        Assert.Equal(["NEW", "PENDING_NEW"], reports.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(-1, reports[1].GetProperty("workingTime").GetInt64());
        Assert.Equal(reports[0].GetProperty("orderId").GetInt64() + 1, reports[1].GetProperty("orderId").GetInt64());
        Assert.Equal(price * 0.1m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
        Assert.Equal("PENDING_NEW", Status("oto-1-pending"));
    }

    [Fact]
    public void Oto_WorkingOrderFullyFilled_PlacesThePendingOrder()
    {
        var price = BidAt(3);
        var pendingPrice = Tick(Book.Asks.Best!.Price * 1.01m);
        _h.Json("orderList.place.oto", BuyOto(price, "LIMIT_MAKER", pendingPrice));

        MarketMakerSweeps(OrderSide.Sell, price);

        Assert.Equal("FILLED", Status("oto-1-working"));
        var pending = _h.Json("order.status", ("symbol", Symbol), ("origClientOrderId", "oto-1-pending"));
        Assert.Equal("NEW", pending.GetProperty("status").GetString());
        Assert.True(pending.GetProperty("isWorking").GetBoolean());
        Assert.Equal(0.1m, _h.Exchange.GetBalance("BTC").Locked);
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal("EXECUTING", _h.Json("orderList.status", ("origClientOrderId", "oto-1")).GetProperty("listOrderStatus").GetString());
    }

    [Fact]
    public void Oto_WorkingOrderPartiallyFilled_KeepsThePendingOrderWaiting()
    {
        var price = BidAt(3);
        _h.Json("orderList.place.oto", BuyOto(price, "LIMIT_MAKER", Tick(Book.Asks.Best!.Price * 1.01m)));
        lock (_h.Exchange.Gate)
        {
            // Everything above the working order's level, and half of the working order.
            var ahead = Enumerable.Range(0, 4).Sum(i => Book.Bids.At(i).Total) - 0.05m;
            var spec = new OrderSpec(MatchingEngine.MarketMakerOwner, OrderSide.Sell, OrderType.Limit, TimeInForce.Ioc, price, 0m, ahead, 0m, string.Empty);
            _h.Exchange.Engine.Place(Book, spec, _h.Exchange.NowMs, out _);
        }

        Assert.Equal("PARTIALLY_FILLED", Status("oto-1-working"));
        Assert.Equal("PENDING_NEW", Status("oto-1-pending"));
    }

    [Fact]
    public void Oto_WorkingOrderFilledAtPlacement_ReportsThePendingOrderAsPendingNew_AndPlacesIt()
    {
        var list = _h.Json("orderList.place.oto", BuyOto(Book.Asks.Best!.Price, "LIMIT_MAKER", Tick(Book.Asks.Best!.Price * 1.01m)));

        var reports = list.GetProperty("orderReports").EnumerateArray().ToList();
        Assert.Equal(["FILLED", "PENDING_NEW"], reports.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("NEW", Status("oto-1-pending"));
    }

    [Fact]
    public void Oto_WorkingOrderThatExpires_ExpiresThePendingOrder()
    {
        var list = _h.Json("orderList.place.oto", BuyOto(BidAt(3), "LIMIT_MAKER", Tick(Book.Asks.Best!.Price * 1.01m), tif: "IOC"));

        Assert.Equal("ALL_DONE", list.GetProperty("listOrderStatus").GetString());
        Assert.Equal("EXPIRED", Status("oto-1-working"));
        Assert.Equal("EXPIRED", Status("oto-1-pending"));
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
    }

    [Fact]
    public void Oto_CancelOfThePendingOrder_CancelsTheWholeList()
    {
        _h.Json("orderList.place.oto", BuyOto(BidAt(3), "LIMIT_MAKER", Tick(Book.Asks.Best!.Price * 1.01m)));

        _h.Json("order.cancel", ("symbol", Symbol), ("origClientOrderId", "oto-1-pending"));

        Assert.Equal("CANCELED", Status("oto-1-working"));
        Assert.Equal("CANCELED", Status("oto-1-pending"));
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(0, _h.Json("openOrderLists.status").GetArrayLength());
    }

    [Fact]
    public void Otoco_AfterTheWorkingOrderFills_ThePendingPairIsAnOco_ThatLocksOnceAndExpiresTheOther()
    {
        var price = BidAt(3);
        var abovePrice = Tick(Book.Asks.Best!.Price * 1.001m);
        var placed = _h.Json("orderList.place.otoco", BuyOtoco(price, abovePrice, BidAt(10), BidAt(12)));
        Assert.Equal(["LIMIT", "STOP_LOSS_LIMIT", "LIMIT_MAKER"], placed.GetProperty("orderReports").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(["NEW", "PENDING_NEW", "PENDING_NEW"], placed.GetProperty("orderReports").EnumerateArray().Select(r => r.GetProperty("status").GetString()));

        MarketMakerSweeps(OrderSide.Sell, price);

        Assert.Equal("NEW", Status("otoco-1-above"));
        Assert.Equal("NEW", Status("otoco-1-below"));
        Assert.Equal(0.1m, _h.Exchange.GetBalance("BTC").Locked);

        MarketMakerSweeps(OrderSide.Buy, abovePrice);

        Assert.Equal("FILLED", Status("otoco-1-above"));
        Assert.Equal("EXPIRED", Status("otoco-1-below"));
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
        Assert.Equal("ALL_DONE", _h.Json("orderList.status", ("origClientOrderId", "otoco-1")).GetProperty("listOrderStatus").GetString());
    }

    [Fact]
    public void Oto_UnsupportedWorkingType_And_OtocoPairTypes_AreRejected()
    {
        var marketWorking = BuyOto(BidAt(3), "LIMIT_MAKER", Tick(Book.Asks.Best!.Price * 1.01m))
            .Where(p => p.Key is not ("workingPrice" or "workingTimeInForce")).Select(p => p.Key == "workingType" ? (Key: p.Key, Value: "MARKET") : p).ToArray();
        var belowLimitMaker = BuyOtoco(BidAt(3), Tick(Book.Asks.Best!.Price * 1.001m), BidAt(10), BidAt(12))
            .Where(p => p.Key is not ("pendingBelowStopPrice" or "pendingBelowTimeInForce")).Select(p => p.Key == "pendingBelowType" ? (Key: p.Key, Value: "LIMIT_MAKER") : p).ToArray();

        Assert.Equal(-1014, _h.Error("orderList.place.oto", marketWorking).Code);
        Assert.Equal(-1158, _h.Error("orderList.place.otoco", belowLimitMaker).Code);
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
    }

    [Fact]
    public void Otoco_CountsThreeOrdersInTheOrderCountHeaders()
    {
        var response = _h.Send("orderList.place.otoco", BuyOtoco(BidAt(3), Tick(Book.Asks.Best!.Price * 1.001m), BidAt(10), BidAt(12)));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("3", response.Headers["X-MBX-ORDER-COUNT-10S"]);
    }

    [Fact]
    public async Task Client_PlacesAnOtoco_ThroughTheMock()
    {
        using var client = new BinanceRestClient(_h.Transport, _h.Time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);
        var otoco = new OtocoOrderRequest(
            Symbol, OrderSide.Buy, 0.1m, new OrderListLeg(OrderType.Limit) { Price = BidAt(3) },
            OrderSide.Sell, 0.1m,
            new OrderListLeg(OrderType.LimitMaker) { Price = Tick(Book.Asks.Best!.Price * 1.001m) },
            new OrderListLeg(OrderType.StopLossLimit) { Price = BidAt(12), StopPrice = BidAt(10) });

        var placed = await client.PlaceOtocoOrderListAsync(otoco);

        Assert.Equal(ContingencyType.Oto, placed.ContingencyType);
        Assert.Equal([OrderStatus.New, OrderStatus.PendingNew, OrderStatus.PendingNew], placed.OrderReports.Select(r => r.Status));
        Assert.Equal(placed.ListClientOrderId, (await client.GetOrderListAsync(placed.OrderListId)).ListClientOrderId);
    }

    [Fact]
    public void Otoco_BuyPairCanceledAfterActivation_ReleasesTheQuoteItLocked_NotTheBase()
    {
        // Working SELL; the pending BUY pair (stop-market above, take-profit-limit below) locks the quote of the costlier order once.
        var workingPrice = Book.Asks.At(3).Price;
        var stop = Tick(workingPrice * 1.01m);
        var limit = BidAt(5);
        _h.Json("orderList.place.otoco", [
            ("symbol", Symbol), ("listClientOrderId", "pair"),
            ("workingType", "LIMIT"), ("workingSide", "SELL"), ("workingPrice", S(workingPrice)), ("workingQuantity", "0.1"), ("workingTimeInForce", "GTC"),
            ("pendingSide", "BUY"), ("pendingQuantity", "0.1"),
            ("pendingAboveType", "STOP_LOSS"), ("pendingAboveStopPrice", S(stop)),
            ("pendingBelowType", "TAKE_PROFIT_LIMIT"), ("pendingBelowPrice", S(limit)), ("pendingBelowStopPrice", S(limit)), ("pendingBelowTimeInForce", "GTC"),
        ]);
        MarketMakerSweeps(OrderSide.Buy, workingPrice);
        Assert.Equal(stop * 0.1m, _h.Exchange.GetBalance("USDT").Locked);

        _h.Json("orderList.cancel", ("symbol", Symbol), ("listClientOrderId", "pair"));

        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
    }

    [Fact]
    public void Opo_PendingOrderSellsWhatTheWorkingOrderReceived_AfterCommission_OnTheLotStep()
    {
        var price = BidAt(3);
        var pendingPrice = Tick(Book.Asks.Best!.Price * 1.01m);
        var placed = _h.Json("orderList.place.opo", [
            ("symbol", Symbol), ("listClientOrderId", "opo"),
            ("workingType", "LIMIT"), ("workingSide", "BUY"), ("workingPrice", S(price)), ("workingQuantity", "0.1"), ("workingTimeInForce", "GTC"),
            ("pendingType", "LIMIT_MAKER"), ("pendingSide", "SELL"), ("pendingClientOrderId", "opo-pending"), ("pendingPrice", S(pendingPrice)),
        ]);
        Assert.False(placed.GetProperty("orderReports")[1].TryGetProperty("origQty", out _));
        var btcBefore = _h.Exchange.GetBalance("BTC");

        MarketMakerSweeps(OrderSide.Sell, price);

        var received = _h.Exchange.GetBalance("BTC").Free + _h.Exchange.GetBalance("BTC").Locked - btcBefore.Free - btcBefore.Locked;
        var expected = SymbolRules.RoundToStep(received, 0.00001m, RoundingMode.Down);
        var pending = _h.Json("order.status", ("symbol", Symbol), ("origClientOrderId", "opo-pending"));
        Assert.Equal("NEW", pending.GetProperty("status").GetString());
        Assert.True(received > 0m && received <= 0.1m, S(received));
        Assert.Equal(expected, decimal.Parse(pending.GetProperty("origQty").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(expected, _h.Exchange.GetBalance("BTC").Locked);
    }

    [Fact]
    public void Opo_ReceivedFundsAreLockedUntilThePendingOrderIsPlaced_AndUnlockedWhenCanceled()
    {
        var price = BidAt(3);
        _h.Json("orderList.place.opo", [
            ("symbol", Symbol), ("listClientOrderId", "opo"),
            ("workingType", "LIMIT"), ("workingSide", "BUY"), ("workingPrice", S(price)), ("workingQuantity", "0.1"), ("workingTimeInForce", "GTC"),
            ("pendingType", "LIMIT_MAKER"), ("pendingSide", "SELL"), ("pendingPrice", S(Tick(Book.Asks.Best!.Price * 1.01m))),
        ]);
        lock (_h.Exchange.Gate)
        {
            var ahead = Enumerable.Range(0, 4).Sum(i => Book.Bids.At(i).Total) - 0.05m;
            var spec = new OrderSpec(MatchingEngine.MarketMakerOwner, OrderSide.Sell, OrderType.Limit, TimeInForce.Ioc, price, 0m, ahead, 0m, string.Empty);
            _h.Exchange.Engine.Place(Book, spec, _h.Exchange.NowMs, out _);
        }

        var partlyReceived = _h.Exchange.GetBalance("BTC").Locked;
        Assert.InRange(partlyReceived, 0.04m, 0.05m);

        _h.Json("orderList.cancel", ("symbol", Symbol), ("listClientOrderId", "opo"));

        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
    }

    [Fact]
    public void Opo_OnlyBuyWorkingAndSellPendingOrders_WithoutPendingQuantity()
    {
        (string Key, string Value)[] Opo(string workingSide, string pendingSide, params (string Key, string Value)[] extra) =>
        [
            ("symbol", Symbol), ("workingType", "LIMIT"), ("workingSide", workingSide), ("workingPrice", S(BidAt(3))), ("workingQuantity", "0.1"),
            ("workingTimeInForce", "GTC"), ("pendingType", "LIMIT_MAKER"), ("pendingSide", pendingSide), ("pendingPrice", S(Tick(Book.Asks.Best!.Price * 1.01m))), .. extra,
        ];

        Assert.Equal(-1222, _h.Error("orderList.place.opo", Opo("SELL", "SELL")).Code);
        Assert.Equal(-1223, _h.Error("orderList.place.opo", Opo("BUY", "BUY")).Code);
        Assert.Equal(-1225, _h.Error("orderList.place.opo", Opo("BUY", "SELL", ("pendingQuantity", "0.1"))).Code);
    }

    [Fact]
    public async Task Client_PlacesAnOpoco_ThroughTheMock_AndThePairSellsWhatWasBought()
    {
        using var client = new BinanceRestClient(_h.Transport, _h.Time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);
        var price = BidAt(3);
        var opoco = new OpocoOrderRequest(
            Symbol, 0.1m, new OrderListLeg(OrderType.Limit) { Price = price },
            new OrderListLeg(OrderType.LimitMaker) { Price = Tick(Book.Asks.Best!.Price * 1.001m) },
            new OrderListLeg(OrderType.StopLossLimit) { Price = BidAt(12), StopPrice = BidAt(10) });

        var placed = await client.PlaceOpocoOrderListAsync(opoco);
        MarketMakerSweeps(OrderSide.Sell, price);
        var orders = new List<Order>();
        foreach (var entry in placed.Orders)
        {
            orders.Add(await client.GetOrderAsync(Symbol, entry.ExchangeOrderId));
        }

        Assert.Equal([OrderStatus.New, OrderStatus.PendingNew, OrderStatus.PendingNew], placed.OrderReports.Select(r => r.Status));
        Assert.Equal([OrderStatus.Filled, OrderStatus.New, OrderStatus.New], orders.Select(o => o.Status));
        Assert.Equal(orders[1].Quantity, orders[2].Quantity);
        Assert.Equal(orders[1].Quantity, _h.Exchange.GetBalance("BTC").Locked);
    }

    [Theory]
    [InlineData("belowTrailingDelta", "100", -2010)]
    [InlineData("abovePegPriceType", "PRIMARY_PEG", -1014)]
    [InlineData("selfTradePreventionMode", "EXPIRE_MAKER", -1130)]
    [InlineData("aboveStrategyType", "999999", -1130)]
    public void Oco_LegParametersTheMockDoesNotSimulate_AreRefused_NotIgnored(string name, string value, int code)
    {
        Assert.Equal(code, _h.Error("orderList.place.oco", [.. DefaultSellOco(), (name, value)]).Code);
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
    }

    [Fact]
    public void Oco_StrategyIdAndType_AreReportedBack()
    {
        var list = Place([.. DefaultSellOco(), ("aboveStrategyId", "9000000000"), ("aboveStrategyType", "1000001")]);

        var above = list.GetProperty("orderReports")[1];
        Assert.Equal(9_000_000_000L, above.GetProperty("strategyId").GetInt64());
        Assert.Equal(1_000_001, above.GetProperty("strategyType").GetInt32());
        Assert.False(list.GetProperty("orderReports")[0].TryGetProperty("strategyId", out _));
    }

    [Fact]
    public void MaxNumOrderLists_RefusesAnotherOpenList_AndExchangeInfoShowsTheFilter()
    {
        var file = Path.Combine(Path.GetTempPath(), $"genesis-max-lists-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, DefaultMarketData.Json.Replace(
            "{\"filterType\": \"MAX_NUM_ORDERS\", \"maxNumOrders\": 200}",
            "{\"filterType\": \"MAX_NUM_ORDERS\", \"maxNumOrders\": 200}, {\"filterType\": \"MAX_NUM_ORDER_LISTS\", \"maxNumOrderLists\": 1}",
            StringComparison.Ordinal));
        try
        {
            var h = new MockTestHarness(o => o.MarketDataFile = file);
            var book = h.Exchange.Engine.FindBook(Symbol)!;
            (string Key, string Value)[] Oco(string list) =>
            [
                ("symbol", Symbol), ("listClientOrderId", list), ("side", "SELL"), ("quantity", "0.1"),
                ("aboveType", "LIMIT_MAKER"), ("abovePrice", S(Tick(book.Asks.Best!.Price * 1.001m))),
                ("belowType", "STOP_LOSS"), ("belowStopPrice", S(Tick(book.LastPrice * 0.99m))),
            ];

            h.Json("orderList.place.oco", Oco("first"));
            var refused = h.Error("orderList.place.oco", Oco("second"));
            h.Json("orderList.cancel", ("symbol", Symbol), ("listClientOrderId", "first"));
            h.Json("orderList.place.oco", Oco("third"));
            var filter = h.Json("exchangeInfo", ("symbol", Symbol)).GetProperty("symbols")[0].GetProperty("filters").EnumerateArray()
                .Single(f => f.GetProperty("filterType").GetString() == "MAX_NUM_ORDER_LISTS");

            Assert.Equal((400, -1013, "Filter failure: MAX_NUM_ORDER_LISTS"), refused);
            Assert.Equal(1, filter.GetProperty("maxNumOrderLists").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
