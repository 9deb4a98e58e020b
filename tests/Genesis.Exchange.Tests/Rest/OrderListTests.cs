using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>
/// The order-list calls of <see cref="BinanceRestClient"/>: requests built as <c>rest-api.md</c> documents them (path,
/// parameters, weight, ORDERS count), the documented examples parsed, and the money-safety rules of single orders
/// (client ids generated, validation before sending, never re-sent, reconcile by list client id when the answer is lost).
/// </summary>
public sealed class OrderListTests
{
    private const string ListId = "list-1";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private readonly OrderWire _wire = new();

    private static OcoOrderRequest Oco => new(
        "btcusdt", OrderSide.Sell, 0.1m,
        new OrderListLeg(OrderType.LimitMaker) { Price = 52_000m, ClientOrderId = "above-1" },
        new OrderListLeg(OrderType.StopLossLimit) { Price = 47_900m, StopPrice = 48_000m, ClientOrderId = "below-1" })
    {
        ListClientOrderId = ListId,
    };

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "responses", name));

    private BinanceRestClient Client(Action<GenesisExchangeOptions>? configure = null)
    {
        var options = new GenesisExchangeOptions();
        options.Orders.ReconcileAttempts = 3;
        options.Orders.ReconcileDelay = TimeSpan.Zero;
        configure?.Invoke(options);
        return new BinanceRestClient(_wire, _time, options, NullLogger<BinanceRestClient>.Instance);
    }

    private static Dictionary<string, string> Parameters(Genesis.Exchange.Abstractions.ExchangeRequest request) =>
        request.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public async Task PlaceOco_SendsTheDocumentedParameters_WithWeightOne_AsAnOrderPlacementOfTwoOrders()
    {
        _wire.On("orderList.place.oco", OrderWire.Answer(200, Fixture("rest-api__New-Order-list-OCO-TRADE.json")));
        using var client = Client();

        await client.PlaceOcoOrderListAsync(Oco);

        var request = Assert.Single(_wire.Requests, r => r.Endpoint.Name == "orderList.place.oco");
        Assert.Equal("POST", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/orderList/oco", request.Endpoint.Path);
        Assert.Equal(
            "symbol=BTCUSDT&listClientOrderId=list-1&side=SELL&quantity=0.1"
            + "&aboveType=LIMIT_MAKER&aboveClientOrderId=above-1&abovePrice=52000"
            + "&belowType=STOP_LOSS_LIMIT&belowClientOrderId=below-1&belowPrice=47900&belowStopPrice=48000&belowTimeInForce=GTC"
            + "&newOrderRespType=RESULT",
            QueryString.Build(request.Parameters));
        Assert.Equal(1, request.Weight);
        Assert.True(request.Endpoint.IsOrderPlacement);
        Assert.False(request.Endpoint.IsIdempotent);
        Assert.Equal(2, Genesis.Exchange.Binance.Protocol.SpotRestEndpoints.PlaceOcoOrderList.UnfilledOrders);
    }

    [Fact]
    public async Task PlaceOco_SendsEveryLegParameter_StpIcebergTrailingStrategyAndPeg()
    {
        _wire.On("orderList.place.oco", OrderWire.Answer(200, Fixture("rest-api__New-Order-list-OCO-TRADE.json")));
        using var client = Client(o => o.Orders.ValidateBeforeSend = false);
        var oco = Oco with
        {
            Above = new OrderListLeg(OrderType.TakeProfitLimit)
            {
                Price = 52_000m, StopPrice = 51_900m, TrailingDelta = 250, IcebergQuantity = 0.01m, TimeInForce = TimeInForce.Gtc, ClientOrderId = "a",
                StrategyId = 9_000_000_000L, StrategyType = 1_000_001, PegPriceType = PegPriceType.PrimaryPeg, PegOffsetType = PegOffsetType.PriceLevel, PegOffsetValue = 3,
            },
            Below = new OrderListLeg(OrderType.StopLoss) { TrailingDelta = 100, ClientOrderId = "b" },
            ResponseType = OrderResponseType.Full,
            SelfTradePreventionMode = SelfTradePreventionMode.ExpireMaker,
        };

        await client.PlaceOcoOrderListAsync(oco);

        var p = Parameters(Assert.Single(_wire.Requests, r => r.Endpoint.Name == "orderList.place.oco"));
        Assert.Equal("TAKE_PROFIT_LIMIT", p["aboveType"]);
        Assert.Equal("51900", p["aboveStopPrice"]);
        Assert.Equal("250", p["aboveTrailingDelta"]);
        Assert.Equal("0.01", p["aboveIcebergQty"]);
        Assert.Equal("GTC", p["aboveTimeInForce"]);
        Assert.Equal("9000000000", p["aboveStrategyId"]);
        Assert.Equal("1000001", p["aboveStrategyType"]);
        Assert.Equal("PRIMARY_PEG", p["abovePegPriceType"]);
        Assert.Equal("PRICE_LEVEL", p["abovePegOffsetType"]);
        Assert.Equal("3", p["abovePegOffsetValue"]);
        Assert.Equal("STOP_LOSS", p["belowType"]);
        Assert.Equal("100", p["belowTrailingDelta"]);
        Assert.False(p.ContainsKey("belowStopPrice"));
        Assert.False(p.ContainsKey("belowTimeInForce"));
        Assert.Equal("FULL", p["newOrderRespType"]);
        Assert.Equal("EXPIRE_MAKER", p["selfTradePreventionMode"]);
    }

    [Fact]
    public async Task PlaceOco_GeneratesTheListAndLegClientIds_WhenNotGiven()
    {
        _wire.On("orderList.place.oco", OrderWire.Answer(200, Fixture("rest-api__New-Order-list-OCO-TRADE.json")));
        using var client = Client(o => o.Orders.ClientOrderIdPrefix = "gx-");
        var oco = Oco with { ListClientOrderId = null, Above = Oco.Above with { ClientOrderId = null }, Below = Oco.Below with { ClientOrderId = null } };

        await client.PlaceOcoOrderListAsync(oco);

        var p = Parameters(Assert.Single(_wire.Requests, r => r.Endpoint.Name == "orderList.place.oco"));
        string[] ids = [p["listClientOrderId"], p["aboveClientOrderId"], p["belowClientOrderId"]];
        Assert.All(ids, id => Assert.True(ClientOrderIds.IsValid(id) && id.StartsWith("gx-", StringComparison.Ordinal), id));
        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task PlaceOco_ParsesTheDocumentedExample()
    {
        _wire.On("orderList.place.oco", OrderWire.Answer(200, Fixture("rest-api__New-Order-list-OCO-TRADE.json")));
        using var client = Client();

        var list = await client.PlaceOcoOrderListAsync(Oco);

        Assert.Equal(1, list.OrderListId);
        Assert.Equal(ContingencyType.Oco, list.ContingencyType);
        Assert.Equal(OrderListStatusType.ExecStarted, list.ListStatusType);
        Assert.Equal(OrderListOrderStatus.Executing, list.ListOrderStatus);
        Assert.True(list.IsActive);
        Assert.Equal("lH1YDkuQKWiXVXHPSKYEIp", list.ListClientOrderId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1710485608839), list.TransactionTime);
        Assert.Equal([10L, 11L], list.Orders.Select(o => o.ExchangeOrderId));
        Assert.Equal(2, list.OrderReports.Count);
        var stop = list.OrderReports[0];
        Assert.Equal(OrderType.StopLossLimit, stop.Type);
        Assert.Equal(1.0m, stop.StopPrice);
        Assert.Equal(1.0m, stop.IcebergQuantity);
        Assert.Equal(1, stop.OrderListId);
        Assert.Null(stop.WorkingTime);
        Assert.Equal(OrderType.LimitMaker, list.OrderReports[1].Type);
    }

    [Fact]
    public async Task PlaceOco_LegBreakingAFilter_FailsBeforeSending()
    {
        using var client = Client();
        var oco = Oco with { Above = Oco.Above with { Price = 52_000.005m } };

        await Assert.ThrowsAsync<FilterViolationException>(() => client.PlaceOcoOrderListAsync(oco));

        Assert.Equal(0, _wire.Count("orderList.place.oco"));
    }

    [Theory]
    [InlineData("list-1", "above-1", "list-1")]
    [InlineData("list-1", "same", "same")]
    [InlineData("bad id!", "above-1", "below-1")]
    public async Task PlaceOco_DuplicateOrInvalidClientIds_FailBeforeSending(string list, string above, string below)
    {
        using var client = Client();
        var oco = Oco with { ListClientOrderId = list, Above = Oco.Above with { ClientOrderId = above }, Below = Oco.Below with { ClientOrderId = below } };

        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.PlaceOcoOrderListAsync(oco));

        Assert.Equal(0, _wire.Count("orderList.place.oco"));
    }

    [Fact]
    public async Task PlaceOco_AnswerLost_ReconcilesByListClientId_AndReturnsTheList_WithoutResending()
    {
        _wire.On("orderList.place.oco", OrderWire.FailAfterSend(new ExchangeTimeoutException("read timeout")))
            .On("orderList.status", OrderWire.NotFound(), OrderWire.Answer(200, Fixture("rest-api__Query-Order-list-USER-DATA.json")));
        using var client = Client();

        var list = await client.PlaceOcoOrderListAsync(Oco);

        Assert.Equal(27, list.OrderListId);
        Assert.Equal(1, _wire.Count("orderList.place.oco"));
        Assert.Equal(2, _wire.Count("orderList.status"));
        Assert.All(_wire.Requests.Where(r => r.Endpoint.Name == "orderList.status"), r =>
        {
            Assert.Equal(ListId, r.GetParameter("origClientOrderId"));
            Assert.Null(r.GetParameter("orderListId"));
        });
    }

    [Fact]
    public async Task PlaceOco_AnswerLost_AndQueriesFindNothing_ThrowsUnknownOrderStatus_CarryingTheListClientId()
    {
        _wire.On("orderList.place.oco", OrderWire.Answer(503, """{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}"""))
            .On("orderList.status", OrderWire.NotFound());
        using var client = Client();

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOcoOrderListAsync(Oco));

        Assert.Equal(ListId, ex.ClientOrderId);
        Assert.Equal("BTCUSDT", ex.Symbol);
        Assert.Equal(-1007, ex.BinanceCode);
        Assert.StartsWith("Order list list-1 on BTCUSDT", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 queries by client order id", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _wire.Count("orderList.place.oco"));
        Assert.Equal(3, _wire.Count("orderList.status"));
    }

    [Fact]
    public async Task PlaceOco_CallerCancelsAfterSend_StillReconciles()
    {
        _wire.On("orderList.place.oco", OrderWire.HangAfterSend()).On("orderList.status", OrderWire.Answer(200, Fixture("rest-api__Query-Order-list-USER-DATA.json")));
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var task = client.PlaceOcoOrderListAsync(Oco, cts.Token);
        await _wire.PlacementArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        var list = await task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(27, list.OrderListId);
        Assert.Equal(1, _wire.Count("orderList.status"));
    }

    [Fact]
    public async Task PlaceOco_Rejection_IsNotReconciled()
    {
        _wire.On("orderList.place.oco", OrderWire.Answer(400, """{"code":-2010,"msg":"Order would immediately match and take."}"""))
            .On("orderList.status", OrderWire.NotFound());
        using var client = Client();

        var ex = await Assert.ThrowsAsync<OrderRejectedException>(() => client.PlaceOcoOrderListAsync(Oco));

        Assert.Equal(-2010, ex.BinanceCode);
        Assert.Equal(0, _wire.Count("orderList.status"));
    }

    [Fact]
    public async Task GetOrderList_ByListClientId_SendsOrigClientOrderId_WithWeightFour()
    {
        _wire.On("orderList.status", OrderWire.Answer(200, Fixture("rest-api__Query-Order-list-USER-DATA.json")));
        using var client = Client();

        var list = await client.GetOrderListAsync(listClientOrderId: "h2USkA5YQpaXHPIrkd96xE");

        var request = Assert.Single(_wire.Requests);
        Assert.Equal("GET /api/v3/orderList", $"{request.Endpoint.HttpMethod.Method} {request.Endpoint.Path}");
        Assert.Equal("origClientOrderId=h2USkA5YQpaXHPIrkd96xE", QueryString.Build(request.Parameters));
        Assert.Equal(4, request.Weight);
        Assert.Empty(list.OrderReports);
        Assert.Equal([4L, 5L], list.Orders.Select(o => o.ExchangeOrderId));
    }

    [Fact]
    public async Task GetOrderList_WithoutAnyId_ThrowsWithoutSending()
    {
        using var client = Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetOrderListAsync());

        Assert.Empty(_wire.Requests);
    }

    [Fact]
    public async Task CancelOrderList_SendsSymbolAndId_WithWeightOne_AndParsesTheCancelReports()
    {
        _wire.On("orderList.cancel", OrderWire.Answer(200, Fixture("rest-api__Cancel-Order-list-TRADE.json")));
        using var client = Client();

        var list = await client.CancelOrderListAsync("ltcbtc", orderListId: 0, listClientOrderId: "C3wyj4WVEktd7u9aVBRXcN");

        var request = Assert.Single(_wire.Requests);
        Assert.Equal("DELETE /api/v3/orderList", $"{request.Endpoint.HttpMethod.Method} {request.Endpoint.Path}");
        Assert.Equal("symbol=LTCBTC&orderListId=0&listClientOrderId=C3wyj4WVEktd7u9aVBRXcN", QueryString.Build(request.Parameters));
        Assert.Equal(1, request.Weight);
        Assert.Equal(OrderListOrderStatus.AllDone, list.ListOrderStatus);
        Assert.All(list.OrderReports, r =>
        {
            Assert.Equal(OrderStatus.Canceled, r.Status);
            Assert.Equal("unfWT8ig8i0uj6lPuYLez6", r.CancelClientOrderId);
        });
        Assert.Equal(["pO9ufTiFGg3nw2fOdgeOXa", "TXOvglzXuaubXAaENpaRCB"], list.OrderReports.Select(r => r.ClientOrderId));
    }

    [Fact]
    public async Task GetOpenOrderLists_WeightSix_ParsesEveryList()
    {
        _wire.On("openOrderLists.status", OrderWire.Answer(200, Fixture("rest-api__Query-Open-Order-lists-USER-DATA.json")));
        using var client = Client();

        var lists = await client.GetOpenOrderListsAsync();

        var request = Assert.Single(_wire.Requests);
        Assert.Equal("GET /api/v3/openOrderList", $"{request.Endpoint.HttpMethod.Method} {request.Endpoint.Path}");
        Assert.Empty(request.Parameters);
        Assert.Equal(6, request.Weight);
        Assert.Equal(31, Assert.Single(lists).OrderListId);
    }

    [Fact]
    public async Task GetAllOrderLists_SendsRangeAndLimit_WithWeightTwenty()
    {
        _wire.On("allOrderLists", OrderWire.Answer(200, Fixture("rest-api__Query-all-Order-lists-USER-DATA.json")));
        using var client = Client();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        var lists = await client.GetAllOrderListsAsync(startTime: start, endTime: start.AddHours(24), limit: 1000);

        var request = Assert.Single(_wire.Requests);
        Assert.Equal("GET /api/v3/allOrderList", $"{request.Endpoint.HttpMethod.Method} {request.Endpoint.Path}");
        Assert.Equal("startTime=1700000000000&endTime=1700086400000&limit=1000", QueryString.Build(request.Parameters));
        Assert.Equal(20, request.Weight);
        Assert.Equal([29L, 28L], lists.Select(l => l.OrderListId));
    }

    [Fact]
    public async Task GetAllOrderLists_FromIdWithATime_OrRangeOver24Hours_OrLimitOver1000_ThrowsWithoutSending()
    {
        using var client = Client();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        await Assert.ThrowsAsync<ArgumentException>("fromId", () => client.GetAllOrderListsAsync(fromId: 3, startTime: start));
        await Assert.ThrowsAsync<ArgumentException>("endTime", () => client.GetAllOrderListsAsync(startTime: start, endTime: start.AddHours(24).AddMilliseconds(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("limit", () => client.GetAllOrderListsAsync(limit: 1001));

        Assert.Empty(_wire.Requests);
    }

    [Fact]
    public async Task PlaceOto_SendsTheDocumentedParameters_AndParsesTheExample()
    {
        _wire.On("orderList.place.oto", OrderWire.Answer(200, Fixture("rest-api__New-Order-list-OTO-TRADE.json")));
        using var client = Client();
        var oto = new OtoOrderRequest(
            "BTCUSDT", OrderSide.Buy, 0.1m, new OrderListLeg(OrderType.Limit) { Price = 50_000m, ClientOrderId = "w" },
            OrderSide.Sell, 0.1m, new OrderListLeg(OrderType.LimitMaker) { Price = 52_000m, ClientOrderId = "p" })
        {
            ListClientOrderId = "oto",
        };

        var list = await client.PlaceOtoOrderListAsync(oto);

        var request = Assert.Single(_wire.Requests, r => r.Endpoint.Name == "orderList.place.oto");
        Assert.Equal("POST /api/v3/orderList/oto", $"{request.Endpoint.HttpMethod.Method} {request.Endpoint.Path}");
        Assert.Equal(
            "symbol=BTCUSDT&listClientOrderId=oto&newOrderRespType=RESULT"
            + "&workingType=LIMIT&workingSide=BUY&workingClientOrderId=w&workingPrice=50000&workingQuantity=0.1&workingTimeInForce=GTC"
            + "&pendingType=LIMIT_MAKER&pendingSide=SELL&pendingClientOrderId=p&pendingPrice=52000&pendingQuantity=0.1",
            QueryString.Build(request.Parameters));
        Assert.Equal(1, request.Weight);
        Assert.True(request.Endpoint.IsOrderPlacement);
        Assert.Equal(ContingencyType.Oto, list.ContingencyType);
        Assert.Equal([OrderStatus.New, OrderStatus.PendingNew], list.OrderReports.Select(r => r.Status));
    }

    [Fact]
    public async Task PlaceOtoco_SendsThePendingPairUnderItsPrefixes_AndParsesTheExample()
    {
        _wire.On("orderList.place.otoco", OrderWire.Answer(200, Fixture("rest-api__New-Order-list-OTOCO-TRADE.json")));
        using var client = Client();
        var otoco = new OtocoOrderRequest(
            "BTCUSDT", OrderSide.Buy, 0.1m, new OrderListLeg(OrderType.LimitMaker) { Price = 50_000m },
            OrderSide.Sell, 0.1m,
            new OrderListLeg(OrderType.LimitMaker) { Price = 52_000m },
            new OrderListLeg(OrderType.StopLossLimit) { Price = 47_900m, StopPrice = 48_000m });

        var list = await client.PlaceOtocoOrderListAsync(otoco);

        var p = Parameters(Assert.Single(_wire.Requests, r => r.Endpoint.Name == "orderList.place.otoco"));
        Assert.Equal("LIMIT_MAKER", p["workingType"]);
        Assert.False(p.ContainsKey("workingTimeInForce"));
        Assert.Equal("SELL", p["pendingSide"]);
        Assert.Equal("0.1", p["pendingQuantity"]);
        Assert.Equal("LIMIT_MAKER", p["pendingAboveType"]);
        Assert.Equal("52000", p["pendingAbovePrice"]);
        Assert.Equal("STOP_LOSS_LIMIT", p["pendingBelowType"]);
        Assert.Equal("48000", p["pendingBelowStopPrice"]);
        Assert.Equal("GTC", p["pendingBelowTimeInForce"]);
        string[] ids = [p["listClientOrderId"], p["workingClientOrderId"], p["pendingAboveClientOrderId"], p["pendingBelowClientOrderId"]];
        Assert.Equal(4, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, list.OrderReports.Count);
        Assert.Equal(3, Genesis.Exchange.Binance.Protocol.SpotRestEndpoints.PlaceOtocoOrderList.UnfilledOrders);
    }

    [Fact]
    public async Task PlaceOto_AnswerLost_AndQueriesFindNothing_ThrowsUnknownOrderStatus_CarryingTheListClientId()
    {
        _wire.On("orderList.place.oto", OrderWire.FailAfterSend(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")))
            .On("orderList.status", OrderWire.NotFound());
        using var client = Client();
        var oto = new OtoOrderRequest(
            "BTCUSDT", OrderSide.Buy, 0.1m, new OrderListLeg(OrderType.Limit) { Price = 50_000m },
            OrderSide.Sell, 0.1m, new OrderListLeg(OrderType.LimitMaker) { Price = 52_000m })
        {
            ListClientOrderId = "oto-lost",
        };

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOtoOrderListAsync(oto));

        Assert.Equal("oto-lost", ex.ClientOrderId);
        Assert.Equal(1, _wire.Count("orderList.place.oto"));
        Assert.Equal(3, _wire.Count("orderList.status"));
    }

    [Fact]
    public async Task PlaceOpo_SendsBuyWorkingAndSellPending_WithoutPendingQuantity_AndParsesTheExample()
    {
        _wire.On("orderList.place.opo", OrderWire.Answer(200, Fixture("rest-api__New-Order-List-OPO-TRADE.json")));
        using var client = Client();
        var opo = new OpoOrderRequest("BTCUSDT", 0.1m, new OrderListLeg(OrderType.Limit) { Price = 50_000m, ClientOrderId = "w" }, new OrderListLeg(OrderType.Market) { ClientOrderId = "p" })
        {
            ListClientOrderId = "opo",
        };

        var list = await client.PlaceOpoOrderListAsync(opo);

        var request = Assert.Single(_wire.Requests, r => r.Endpoint.Name == "orderList.place.opo");
        Assert.Equal("POST /api/v3/orderList/opo", $"{request.Endpoint.HttpMethod.Method} {request.Endpoint.Path}");
        Assert.Equal(
            "symbol=BTCUSDT&listClientOrderId=opo&newOrderRespType=RESULT"
            + "&workingType=LIMIT&workingSide=BUY&workingClientOrderId=w&workingPrice=50000&workingQuantity=0.1&workingTimeInForce=GTC"
            + "&pendingType=MARKET&pendingSide=SELL&pendingClientOrderId=p",
            QueryString.Build(request.Parameters));
        Assert.Equal(1, request.Weight);
        Assert.Null(list.OrderReports[1].Quantity);
        Assert.Equal(OrderStatus.PendingNew, list.OrderReports[1].Status);
    }

    [Fact]
    public async Task PlaceOpoco_SendsThePairWithoutQuantity_AsThreeOrders()
    {
        _wire.On("orderList.place.opoco", OrderWire.Answer(200, Fixture("rest-api__New-Order-List-OPOCO-TRADE.json")));
        using var client = Client();
        var opoco = new OpocoOrderRequest(
            "BTCUSDT", 0.1m, new OrderListLeg(OrderType.Limit) { Price = 50_000m },
            new OrderListLeg(OrderType.LimitMaker) { Price = 52_000m }, new OrderListLeg(OrderType.StopLossLimit) { Price = 47_900m, StopPrice = 48_000m });

        var list = await client.PlaceOpocoOrderListAsync(opoco);

        var p = Parameters(Assert.Single(_wire.Requests, r => r.Endpoint.Name == "orderList.place.opoco"));
        Assert.Equal("BUY", p["workingSide"]);
        Assert.Equal("SELL", p["pendingSide"]);
        Assert.False(p.ContainsKey("pendingQuantity"));
        Assert.Equal("LIMIT_MAKER", p["pendingAboveType"]);
        Assert.Equal("STOP_LOSS_LIMIT", p["pendingBelowType"]);
        Assert.Equal(3, list.Orders.Count);
        Assert.Equal(3, Genesis.Exchange.Binance.Protocol.SpotRestEndpoints.PlaceOpocoOrderList.UnfilledOrders);
    }
}
