using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>Requests, parsing and money-safety of the trading endpoints added in issue 12 part 2 (cancel all, cancel-replace, amend, SOR).</summary>
public sealed class TradingBreadthTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private BinanceRestClient Client(ScriptedTransport transport, Action<GenesisExchangeOptions>? configure = null)
    {
        var options = new GenesisExchangeOptions();
        options.Orders.ValidateBeforeSend = false;
        configure?.Invoke(options);
        return new(transport, _time, options, NullLogger<BinanceRestClient>.Instance);
    }

    private static ScriptedTransport Answering(string json, int status = 200) => new(_ => ScriptedTransport.Json(json, status));

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "responses", name));

    // ---- DELETE /api/v3/openOrders

    [Fact]
    public async Task CancelOpenOrders_SendsDeleteWithTheSymbol_WithWeightOne()
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.CancelOpenOrdersAsync("btcusdt");

        var request = Assert.Single(transport.Requests);
        Assert.Equal("DELETE", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/openOrders", request.Endpoint.Path);
        Assert.Equal("symbol=BTCUSDT", QueryString.Build(request.Parameters));
        Assert.Equal(1, request.Weight);
        Assert.True(request.Endpoint.IsSigned);
        Assert.True(request.Endpoint.IsIdempotent, "cancel-all may be retried: a second attempt cancels nothing more");
        Assert.False(request.Endpoint.CountsAsOrder);
    }

    [Fact]
    public async Task CancelOpenOrders_ParsesDocumentedExample_OrdersAndOrderLists()
    {
        using var client = Client(Answering(Fixture("rest-api__Cancel-All-Open-Orders-on-a-Symbol-TRADE.json")));

        var result = await client.CancelOpenOrdersAsync("BTCUSDT");

        Assert.Equal([11L, 13L], result.Orders.Select(o => o.ExchangeOrderId));
        Assert.Equal("E6APeyTJvkMvLMYMqu1KQ4", result.Orders[0].ClientOrderId);
        Assert.Equal("pXLV6Hz6mprAcVYpVMTGgx", result.Orders[0].CancelClientOrderId);
        Assert.All(result.Orders, o => Assert.Equal(OrderStatus.Canceled, o.Status));
        var list = Assert.Single(result.OrderLists);
        Assert.Equal(1929, list.OrderListId);
        Assert.Equal("OCO", list.ContingencyType);
        Assert.Equal("ALL_DONE", list.ListStatusType);
        Assert.Equal([20L, 21L], list.Orders.Select(o => o.OrderId));
        Assert.Equal([OrderType.StopLossLimit, OrderType.LimitMaker], list.OrderReports.Select(o => o.Type));
        Assert.Equal(4, result.AllOrders.Count());
    }

    [Fact]
    public async Task CancelOpenOrders_NothingOpen_Minus2011_ReturnsEmptyResult()
    {
        using var client = Client(Answering("{\"code\":-2011,\"msg\":\"Unknown order sent.\"}", 400));

        var result = await client.CancelOpenOrdersAsync("BTCUSDT");

        Assert.Empty(result.Orders);
        Assert.Empty(result.OrderLists);
    }

    [Fact]
    public async Task CancelOpenOrders_OtherRejection_Throws()
    {
        using var client = Client(Answering("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", 400));

        var error = await Assert.ThrowsAnyAsync<ExchangeException>(() => client.CancelOpenOrdersAsync("NOPE"));

        Assert.Equal(-1121, error.BinanceCode);
    }

    // ---- Order options every placement takes (strategy, trailing delta, STP, peg)

    [Fact]
    public async Task PlaceOrder_TrailingStopWithoutStopPrice_PassesValidation_AndSendsTheTrailingDelta()
    {
        var wire = new OrderWire().On("order.place", OrderWire.Answer(200, TestData.Order("trail-1")));
        using var client = ClientOver(wire, validate: true);
        var order = new OrderRequest("BTCUSDT", OrderSide.Sell, OrderType.StopLossLimit)
        {
            Quantity = 0.1m, Price = 49_000m, TimeInForce = TimeInForce.Gtc, TrailingDelta = 250, ClientOrderId = "trail-1",
        };

        await client.PlaceOrderAsync(order);

        var sent = Assert.Single(wire.Requests, r => r.Endpoint.Name == "order.place");
        Assert.Equal("250", sent.GetParameter("trailingDelta"));
        Assert.Null(sent.GetParameter("stopPrice"));
    }

    [Fact]
    public async Task PlaceOrder_StopWithoutStopPriceOrTrailingDelta_IsRefusedUnsent()
    {
        var wire = new OrderWire();
        using var client = ClientOver(wire, validate: true);
        var order = new OrderRequest("BTCUSDT", OrderSide.Sell, OrderType.StopLossLimit) { Quantity = 0.1m, Price = 49_000m, TimeInForce = TimeInForce.Gtc };

        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.PlaceOrderAsync(order));

        Assert.DoesNotContain(wire.Requests, r => r.Endpoint.Name == "order.place");
    }

    [Fact]
    public async Task PlaceOrder_PeggedLimitWithoutPrice_PassesValidation_AndSendsThePeg()
    {
        var wire = new OrderWire().On("order.place", OrderWire.Answer(200, TestData.Order("peg-1")));
        using var client = ClientOver(wire, validate: true);
        var order = new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Limit)
        {
            Quantity = 0.1m, TimeInForce = TimeInForce.Gtc, PegPriceType = PegPriceType.PrimaryPeg, PegOffsetType = PegOffsetType.PriceLevel,
            PegOffsetValue = 2, ClientOrderId = "peg-1",
        };

        await client.PlaceOrderAsync(order);

        var sent = Assert.Single(wire.Requests, r => r.Endpoint.Name == "order.place");
        Assert.Null(sent.GetParameter("price"));
        Assert.Equal(("PRIMARY_PEG", "PRICE_LEVEL", "2"), (sent.GetParameter("pegPriceType"), sent.GetParameter("pegOffsetType"), sent.GetParameter("pegOffsetValue")));
    }

    [Theory]
    [InlineData("market")]
    [InlineData("offset-without-type")]
    [InlineData("type-without-offset")]
    public async Task PlaceOrder_PegParametersBinanceRefuses_AreRefusedUnsent(string kind)
    {
        var wire = new OrderWire();
        using var client = ClientOver(wire, validate: false);
        var order = kind switch
        {
            "market" => OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.1m) with { PegPriceType = PegPriceType.MarketPeg },
            "offset-without-type" => OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { PegPriceType = PegPriceType.PrimaryPeg, PegOffsetValue = 1 },
            _ => OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { PegPriceType = PegPriceType.PrimaryPeg, PegOffsetType = PegOffsetType.PriceLevel },
        };

        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.PlaceOrderAsync(order));

        Assert.Empty(wire.Requests);
    }

    // ---- POST /api/v3/order/cancelReplace

    private const string ReplaceFixture = "rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-";

    private static CancelReplaceRequest Replace(string? clientOrderId = "new-1") =>
        new(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = clientOrderId }) { CancelOrderId = 9 };

    [Fact]
    public async Task CancelReplace_SendsEveryDocumentedParameter_WithWeightOne_AsANonRetriedOrder()
    {
        var transport = Answering(Fixture("cancel-replace__both-succeeded.json"));
        using var client = Client(transport);
        var order = new OrderRequest("btcusdt", OrderSide.Sell, OrderType.StopLossLimit)
        {
            Quantity = 0.5m, Price = 49_000m, StopPrice = 49_500m, IcebergQuantity = 0.1m, TimeInForce = TimeInForce.Gtc,
            ClientOrderId = "new-1", ResponseType = OrderResponseType.Result, StrategyId = 9_007_199_254_740_993, StrategyType = 1_000_000,
            TrailingDelta = 50, SelfTradePreventionMode = SelfTradePreventionMode.ExpireMaker, PegPriceType = PegPriceType.PrimaryPeg,
            PegOffsetValue = 3, PegOffsetType = PegOffsetType.PriceLevel,
        };

        await client.CancelReplaceAsync(new CancelReplaceRequest(order)
        {
            Mode = CancelReplaceMode.AllowFailure,
            CancelOrderId = 9,
            CancelOrigClientOrderId = "old-1",
            CancelNewClientOrderId = "cancel-1",
            CancelRestrictions = CancelRestrictions.OnlyNew,
            OrderRateLimitExceededMode = OrderRateLimitExceededMode.CancelOnly,
        });

        var request = Assert.Single(transport.Requests);
        Assert.Equal("POST", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/order/cancelReplace", request.Endpoint.Path);
        Assert.Equal(
            "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&cancelReplaceMode=ALLOW_FAILURE&timeInForce=GTC&quantity=0.5&price=49000&stopPrice=49500"
            + "&icebergQty=0.1&newClientOrderId=new-1&strategyId=9007199254740993&strategyType=1000000&trailingDelta=50"
            + "&selfTradePreventionMode=EXPIRE_MAKER&pegPriceType=PRIMARY_PEG&pegOffsetValue=3&pegOffsetType=PRICE_LEVEL&newOrderRespType=RESULT"
            + "&cancelNewClientOrderId=cancel-1&cancelOrigClientOrderId=old-1&cancelOrderId=9&cancelRestrictions=ONLY_NEW&orderRateLimitExceededMode=CANCEL_ONLY",
            QueryString.Build(request.Parameters));
        Assert.Equal(1, request.Weight);
        Assert.True(request.Endpoint.CountsAsOrder);
        Assert.True(request.Endpoint.IsOrderPlacement, "a cancel-replace may create an order: the retry strategy must never resend it");
        Assert.False(request.Endpoint.IsIdempotent);
    }

    [Fact]
    public async Task CancelReplace_GeneratesTheNewOrdersClientOrderId_WhenNoneIsGiven()
    {
        var transport = Answering(Fixture("cancel-replace__both-succeeded.json"));
        using var client = Client(transport, o => o.Orders.ClientOrderIdPrefix = "gx-");

        await client.CancelReplaceAsync(Replace(clientOrderId: null));

        var id = Assert.Single(transport.Requests).GetParameter("newClientOrderId");
        Assert.NotNull(id);
        Assert.StartsWith("gx-", id, StringComparison.Ordinal);
        Assert.True(ClientOrderIds.IsValid(id));
    }

    [Fact]
    public async Task CancelReplace_WithoutTheOrderToCancel_IsRefusedUnsent()
    {
        var transport = Answering("{}");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentException>(() => client.CancelReplaceAsync(Replace() with { CancelOrderId = null }));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task CancelReplace_StrategyTypeBelowTheMinimum_IsRefusedUnsent()
    {
        var transport = Answering("{}");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ExchangeValidationException>(() =>
            client.CancelReplaceAsync(Replace() with { NewOrder = Replace().NewOrder with { StrategyType = 999_999 } }));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task CancelReplace_BothSucceeded_ReturnsTheCancelReportAndTheNewOrder()
    {
        using var client = Client(Answering(Fixture("cancel-replace__both-succeeded.json")));

        var result = await client.CancelReplaceAsync(Replace());

        Assert.Equal(CancelReplaceStatus.Success, result.CancelResult);
        Assert.Equal(CancelReplaceStatus.Success, result.NewOrderResult);
        Assert.Equal("DnLo3vTAQcjha43lAZhZ0y", result.CancelResponse!.ClientOrderId);
        Assert.Equal("osxN3JXAtJvKvCqGeMWMVR", result.CancelResponse.CancelClientOrderId);
        Assert.Equal(OrderStatus.Canceled, result.CancelResponse.Status);
        Assert.Equal(10, result.NewOrderResponse!.ExchangeOrderId);
        Assert.Equal(OrderStatus.New, result.NewOrderResponse.Status);
        Assert.Null(result.CancelError);
        Assert.Null(result.NewOrderError);
    }

    [Theory]
    [InlineData("Cancel-Order-Succeeds-but-New-Order-Placement-.json", 409, -2021, CancelReplaceStatus.Success, CancelReplaceStatus.Failure)]
    [InlineData("Cancel-Order-Fails-with-STOP-ON-FAILURE-and-ac.json", 400, -2022, CancelReplaceStatus.Failure, CancelReplaceStatus.NotAttempted)]
    [InlineData("Cancel-Order-fails-with-ALLOW-FAILURE-and-acco.json", 409, -2021, CancelReplaceStatus.Failure, CancelReplaceStatus.Success)]
    [InlineData("both-Cancel-Order-and-New-Order-Placement-fail.json", 400, -2022, CancelReplaceStatus.Failure, CancelReplaceStatus.Failure)]
    [InlineData("using-orderRateLimitExceededMode-CANCEL-ONLY-a.json", 409, -2021, CancelReplaceStatus.Success, CancelReplaceStatus.Failure)]
    public async Task CancelReplace_DocumentedFailure_ThrowsCancelReplaceException_SayingWhatEachHalfDid(
        string fixture, int status, int code, CancelReplaceStatus cancel, CancelReplaceStatus placed)
    {
        var transport = Answering(Fixture(ReplaceFixture + fixture), status);
        using var client = Client(transport);

        var ex = await Assert.ThrowsAsync<CancelReplaceException>(() => client.CancelReplaceAsync(Replace()));

        Assert.Equal(code, ex.BinanceCode);
        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal(cancel, ex.Result.CancelResult);
        Assert.Equal(placed, ex.Result.NewOrderResult);
        Assert.Equal(cancel == CancelReplaceStatus.Success, ex.Result.CancelResponse is not null);
        Assert.Equal(cancel == CancelReplaceStatus.Failure, ex.Result.CancelError is not null);
        Assert.Equal(placed == CancelReplaceStatus.Success, ex.Result.NewOrderResponse is not null);
        Assert.Equal(placed == CancelReplaceStatus.Failure, ex.Result.NewOrderError is not null);
        Assert.IsAssignableFrom<OrderRejectedException>(ex);
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task CancelReplace_FailureCodes_CarryTheErrorsOfEachHalf()
    {
        using var client = Client(Answering(Fixture(ReplaceFixture + "both-Cancel-Order-and-New-Order-Placement-fail.json"), 400));

        var ex = await Assert.ThrowsAsync<CancelReplaceException>(() => client.CancelReplaceAsync(Replace()));

        Assert.Equal(new ExchangeErrorDetail(-2011, "Unknown order sent."), ex.Result.CancelError);
        Assert.Equal(new ExchangeErrorDetail(-2010, "Order would immediately match and take."), ex.Result.NewOrderError);
    }

    [Fact]
    public async Task CancelReplace_UnfilledOrderCountExceeded_IsRateLimitError_NotACancelReplaceResult()
    {
        using var client = Client(Answering("{\"code\":-1015,\"msg\":\"Too many new orders; current limit is 1 orders per 10 SECOND.\"}", 429));

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.CancelReplaceAsync(Replace()));

        Assert.Equal(-1015, ex.BinanceCode);
    }

    // ---- cancelReplace: the answer may be lost (same machinery as OrderOutcomeTests for single orders)

    private BinanceRestClient ClientOver(OrderWire wire, bool validate = true)
    {
        var options = new GenesisExchangeOptions();
        options.Orders.ValidateBeforeSend = validate;
        options.Orders.ReconcileAttempts = 3;
        options.Orders.ReconcileDelay = TimeSpan.Zero;
        return new BinanceRestClient(wire, _time, options, NullLogger<BinanceRestClient>.Instance);
    }

    [Fact]
    public async Task CancelReplace_AnswerLost_IsReconciledByTheNewClientOrderId_AndTheOldOrdersState_WithoutResending()
    {
        var wire = new OrderWire()
            .On("order.cancelReplace", OrderWire.FailAfterSend(new ExchangeTimeoutException("read timeout")))
            .On("order.status", OrderWire.NotFound(), OrderWire.Found("NEW"), OrderWire.Found("CANCELED"));
        using var client = ClientOver(wire);

        var result = await client.CancelReplaceAsync(Replace() with { CancelOrderId = null, CancelOrigClientOrderId = "old-1" });

        Assert.Equal(1, wire.Count("order.cancelReplace"));
        var queries = wire.Requests.Where(r => r.Endpoint.Name == "order.status").Select(r => r.GetParameter("origClientOrderId")).ToList();
        Assert.Equal(["new-1", "new-1", "old-1"], queries);
        Assert.Equal(CancelReplaceStatus.Success, result.NewOrderResult);
        Assert.Equal("new-1", result.NewOrderResponse!.ClientOrderId);
        Assert.Equal(CancelReplaceStatus.Success, result.CancelResult);
        Assert.Equal(OrderStatus.Canceled, result.CancelResponse!.Status);
        Assert.Equal(string.Empty, result.RawCancelResult);
    }

    [Fact]
    public async Task CancelReplace_AnswerLost_OldOrderUnreadable_ReportsTheNewOrder_AndAnUnknownCancel()
    {
        var wire = new OrderWire()
            .On("order.cancelReplace", OrderWire.Answer(503, "<html>503</html>"))
            .On("order.status", OrderWire.Found("NEW"), OrderWire.Answer(400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}"));
        using var client = ClientOver(wire);

        var result = await client.CancelReplaceAsync(Replace());

        Assert.Equal(CancelReplaceStatus.Success, result.NewOrderResult);
        Assert.Equal(CancelReplaceStatus.Unknown, result.CancelResult);
        Assert.Null(result.CancelResponse);
    }

    [Fact]
    public async Task CancelReplace_AnswerLost_AndNewOrderNeverFound_IsUnknownStatus_WithTheNewClientOrderId()
    {
        var wire = new OrderWire()
            .On("order.cancelReplace", OrderWire.FailAfterSend(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")))
            .On("order.status", OrderWire.NotFound());
        using var client = ClientOver(wire);

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.CancelReplaceAsync(Replace(clientOrderId: null)));

        Assert.Equal(1, wire.Count("order.cancelReplace"));
        Assert.Equal(3, wire.Count("order.status"));
        Assert.Equal(wire.Requests.Single(r => r.Endpoint.Name == "order.cancelReplace").GetParameter("newClientOrderId"), ex.ClientOrderId);
        Assert.Equal("BTCUSDT", ex.Symbol);
    }

    [Fact]
    public async Task CancelReplace_FailureBeforeTheWire_IsNotSent_AndNotReconciled()
    {
        var wire = new OrderWire().On("order.cancelReplace", OrderWire.FailBeforeSend(new CircuitOpenException("open", TimeSpan.FromSeconds(30))));
        using var client = ClientOver(wire);

        var ex = await Assert.ThrowsAsync<CircuitOpenException>(() => client.CancelReplaceAsync(Replace()));

        Assert.True(ex.RequestNotSent);
        Assert.Equal(0, wire.Count("order.status"));
    }

    // ---- PUT /api/v3/order/amend/keepPriority and GET /api/v3/order/amendments

    [Fact]
    public async Task AmendOrderKeepPriority_SendsPutWithTheNewQuantity_WithWeightFour_NeverRetried()
    {
        var transport = Answering(Fixture("rest-api__Order-Amend-Keep-Priority-TRADE.json"));
        using var client = Client(transport);

        await client.AmendOrderKeepPriorityAsync("btcusdt", 5.000m, exchangeOrderId: 33, newClientOrderId: "PFaq6hIHxqFENGfdtn4J6Q");

        var request = Assert.Single(transport.Requests);
        Assert.Equal("PUT", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/order/amend/keepPriority", request.Endpoint.Path);
        Assert.Equal("symbol=BTCUSDT&orderId=33&newClientOrderId=PFaq6hIHxqFENGfdtn4J6Q&newQty=5", QueryString.Build(request.Parameters));
        Assert.Equal(4, request.Weight);
        Assert.False(request.Endpoint.IsIdempotent);
        Assert.False(request.Endpoint.CountsAsOrder);
    }

    [Fact]
    public async Task AmendOrderKeepPriority_ParsesDocumentedExample()
    {
        using var client = Client(Answering(Fixture("rest-api__Order-Amend-Keep-Priority-TRADE.json")));

        var result = await client.AmendOrderKeepPriorityAsync("BTCUSDT", 5m, clientOrderId: "5xrgbMyg6z36NzBn2pbT8H");

        Assert.Equal(75, result.ExecutionId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1741926410255), result.TransactTime);
        Assert.Equal(33, result.AmendedOrder.OrderId);
        Assert.Equal("5xrgbMyg6z36NzBn2pbT8H", result.AmendedOrder.OrigClientOrderId);
        Assert.Equal("PFaq6hIHxqFENGfdtn4J6Q", result.AmendedOrder.ClientOrderId);
        Assert.Equal(5m, result.AmendedOrder.Quantity);
        Assert.Equal(OrderStatus.New, result.AmendedOrder.Status);
        Assert.Null(result.ListStatus);
    }

    [Fact]
    public async Task AmendOrderKeepPriority_OrderOfAList_ParsesTheListStatus()
    {
        using var client = Client(Answering(Fixture("rest-api__Order-Amend-Keep-Priority-TRADE_1.json")));

        var result = await client.AmendOrderKeepPriorityAsync("BTCUSDT", 4m, exchangeOrderId: 9);

        Assert.Equal(OrderStatus.PendingNew, result.AmendedOrder.Status);
        Assert.Null(result.AmendedOrder.WorkingTime);
        Assert.Equal(1, result.ListStatus!.OrderListId);
        Assert.Equal("OTO", result.ListStatus.ContingencyType);
        Assert.Equal([8L, 9L], result.ListStatus.Orders.Select(o => o.OrderId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task AmendOrderKeepPriority_NonPositiveQuantity_IsRefusedUnsent(int quantity)
    {
        var transport = Answering("{}");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.AmendOrderKeepPriorityAsync("BTCUSDT", quantity, exchangeOrderId: 1));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AmendOrderKeepPriorityAsync("BTCUSDT", 1m));
        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.AmendOrderKeepPriorityAsync("BTCUSDT", 1m, 1, newClientOrderId: "bad id!"));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task GetOrderAmendments_SendsTheDocumentedQuery_AndParsesTheExample()
    {
        var transport = Answering(Fixture("rest-api__Query-Order-Amendments-USER-DATA.json"));
        using var client = Client(transport);

        var amendments = await client.GetOrderAmendmentsAsync("btcusdt", 9, fromExecutionId: 22, limit: 10);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/order/amendments", request.Endpoint.Path);
        Assert.Equal("symbol=BTCUSDT&orderId=9&fromExecutionId=22&limit=10", QueryString.Build(request.Parameters));
        Assert.Equal(4, request.Weight);
        Assert.Equal([22L, 25L], amendments.Select(a => a.ExecutionId));
        Assert.Equal((5m, 4m), (amendments[0].OriginalQuantity, amendments[0].NewQuantity));
        Assert.Equal("UQ1Np3bmQ71jJzsSDW9Vpi", amendments[1].OrigClientOrderId);
    }

    // ---- POST /api/v3/sor/order, POST /api/v3/sor/order/test, GET /api/v3/myAllocations

    [Fact]
    public async Task PlaceSorOrder_SendsTheOrderToTheSorPath_WithWeightOne_AsANonRetriedOrder_WithAGeneratedClientOrderId()
    {
        var transport = Answering(Fixture("rest-api__New-order-using-SOR-TRADE.json"));
        using var client = Client(transport);

        await client.PlaceSorOrderAsync(OrderRequest.Limit("btcusdt", OrderSide.Buy, 0.5m, 31_000m));

        var request = Assert.Single(transport.Requests);
        Assert.Equal("POST", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/sor/order", request.Endpoint.Path);
        var id = request.GetParameter("newClientOrderId");
        Assert.True(ClientOrderIds.IsValid(id));
        Assert.Equal($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=31000&newClientOrderId={id}&newOrderRespType=FULL", QueryString.Build(request.Parameters));
        Assert.Equal(1, request.Weight);
        Assert.True(request.Endpoint.IsOrderPlacement);
    }

    [Fact]
    public async Task PlaceSorOrder_ParsesTheSorFields_OfTheDocumentedExample()
    {
        using var client = Client(Answering(Fixture("rest-api__New-order-using-SOR-TRADE.json")));

        var order = await client.PlaceSorOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.5m, 31_000m) with { ClientOrderId = "sBI1KM6nNtOfj5tccZSKly" });

        Assert.True(order.UsedSor);
        Assert.Equal(WorkingFloor.Sor, order.WorkingFloor);
        Assert.Equal(OrderStatus.Filled, order.Status);
        var fill = Assert.Single(order.Fills);
        Assert.Equal("ONE_PARTY_TRADE_REPORT", fill.MatchType);
        Assert.Equal(0, fill.AllocId);
        Assert.Equal(-1, fill.TradeId);
        Assert.Equal(-9.677419m, order.SlippagePercent);
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("quote")]
    public async Task PlaceSorOrder_WhatSorDoesNotTake_IsRefusedUnsent(string kind)
    {
        var transport = Answering("{}");
        using var client = Client(transport);
        var order = kind == "stop"
            ? new OrderRequest("BTCUSDT", OrderSide.Sell, OrderType.StopLossLimit) { Quantity = 1m, Price = 1m, StopPrice = 1m, TimeInForce = TimeInForce.Gtc }
            : OrderRequest.MarketByQuote("BTCUSDT", OrderSide.Buy, 100m);

        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.PlaceSorOrderAsync(order));
        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.TestSorOrderAsync(order));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task PlaceSorOrder_AnswerLost_IsReconciledByClientOrderId_WithoutResending()
    {
        var wire = new OrderWire()
            .On("sor.order.place", OrderWire.FailAfterSend(new ExchangeTimeoutException("read timeout")))
            .On("order.status", OrderWire.NotFound(), OrderWire.Found("FILLED"));
        using var client = ClientOver(wire);

        var order = await client.PlaceSorOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = "sor-1" });

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal("sor-1", order.ClientOrderId);
        Assert.Equal(1, wire.Count("sor.order.place"));
        Assert.Equal(2, wire.Count("order.status"));
    }

    [Fact]
    public async Task PlaceSorOrder_AnswerLost_AndNeverFound_IsUnknownStatus_WithTheClientOrderId()
    {
        var wire = new OrderWire()
            .On("sor.order.place", OrderWire.Answer(503, "<html>503</html>"))
            .On("order.status", OrderWire.NotFound());
        using var client = ClientOver(wire);

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() =>
            client.PlaceSorOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = "sor-1" }));

        Assert.Equal("sor-1", ex.ClientOrderId);
        Assert.Equal(503, ex.HttpStatus);
        Assert.Equal(1, wire.Count("sor.order.place"));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 20)]
    public async Task TestSorOrder_SendsToTheSorTestPath_WithTheDocumentedWeight(bool commissionRates, int weight)
    {
        var transport = Answering(Fixture("rest-api__Test-new-order-using-SOR-TRADE_1.json"));
        using var client = Client(transport);

        var result = await client.TestSorOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Sell, 0.1m), commissionRates);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("/api/v3/sor/order/test", request.Endpoint.Path);
        Assert.Equal(weight, request.Weight);
        Assert.Equal(commissionRates ? "true" : null, request.GetParameter("computeCommissionRates"));
        Assert.Equal(0.00000112m, result.StandardCommission["maker"]);
    }

    [Fact]
    public async Task GetAllocations_SendsTheDocumentedQuery_AndParsesTheExample()
    {
        var transport = Answering(Fixture("rest-api__Query-Allocations-USER-DATA.json"));
        using var client = Client(transport);

        var allocations = await client.GetAllocationsAsync("btcusdt", fromAllocationId: 0, exchangeOrderId: 1, limit: 10);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/myAllocations", request.Endpoint.Path);
        Assert.Equal("symbol=BTCUSDT&fromAllocationId=0&orderId=1&limit=10", QueryString.Build(request.Parameters));
        Assert.Equal(20, request.Weight);
        var a = Assert.Single(allocations);
        Assert.Equal(("SOR", 1L, 5m, 5m, true, false), (a.AllocationType, a.OrderId, a.Quantity, a.QuoteQuantity, a.IsBuyer, a.IsAllocator));
    }

    [Fact]
    public async Task GetAllocations_TimeRangeOver24Hours_IsRefusedUnsent()
    {
        var transport = Answering("[]");
        using var client = Client(transport);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetAllocationsAsync("BTCUSDT", start, start.AddHours(24).AddMilliseconds(1)));

        Assert.Empty(transport.Requests);
    }
}
