using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Protocol.Args;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Protocol;

/// <summary>
/// Sample typed arguments for every endpoint of <see cref="SpotRestEndpoints.All"/>, each variant that changes the weight,
/// with the weight <c>rest-api.md</c> documents for it. A new endpoint without samples fails <c>Samples_CoverEveryEndpoint</c>.
/// </summary>
internal static class EndpointSamples
{
    private static readonly OrderRequest Limit = OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, 50_000m) with { ClientOrderId = "sample-1" };

    private static readonly OrderRequest Market = OrderRequest.MarketByQuote("BTCUSDT", OrderSide.Sell, 25.5m) with
    {
        ClientOrderId = "sample-2",
        ResponseType = OrderResponseType.Ack,
    };

    private static readonly OrderRequest WithOptions = new OrderRequest("BTCUSDT", OrderSide.Sell, OrderType.StopLossLimit)
    {
        Quantity = 0.5m,
        Price = 49_000m,
        StopPrice = 49_500m,
        IcebergQuantity = 0.1m,
        TimeInForce = TimeInForce.Gtc,
        ClientOrderId = "sample-3",
        ResponseType = OrderResponseType.Result,
        StrategyId = 9_007_199_254_740_993,
        StrategyType = 1_000_000,
        TrailingDelta = 50,
        SelfTradePreventionMode = SelfTradePreventionMode.ExpireBoth,
        PegPriceType = PegPriceType.PrimaryPeg,
        PegOffsetValue = 3,
        PegOffsetType = PegOffsetType.PriceLevel,
    };

    private static readonly OcoOrderRequest Oco = new(
        "BTCUSDT", OrderSide.Sell, 0.01m,
        new OrderListLeg(OrderType.LimitMaker) { Price = 52_000m, ClientOrderId = "above-1" },
        new OrderListLeg(OrderType.StopLossLimit) { Price = 47_900m, StopPrice = 48_000m, TimeInForce = TimeInForce.Gtc, ClientOrderId = "below-1" })
    {
        ListClientOrderId = "list-1",
    };

    private static readonly OcoOrderRequest OcoWithEverything = Oco with
    {
        Above = new OrderListLeg(OrderType.TakeProfitLimit)
        {
            Price = 52_000m, StopPrice = 51_900m, TrailingDelta = 250, IcebergQuantity = 0.002m, TimeInForce = TimeInForce.Gtc, ClientOrderId = "above-2",
            StrategyId = 9_000_000_000L, StrategyType = 1_000_001, PegPriceType = PegPriceType.PrimaryPeg, PegOffsetType = PegOffsetType.PriceLevel, PegOffsetValue = 3,
        },
        Below = new OrderListLeg(OrderType.StopLoss) { TrailingDelta = 100, ClientOrderId = "below-2", StrategyId = 5 },
        ResponseType = OrderResponseType.Full,
        SelfTradePreventionMode = SelfTradePreventionMode.ExpireMaker,
    };

    private static readonly OtoOrderRequest Oto = new(
        "BTCUSDT", OrderSide.Buy, 0.01m, new OrderListLeg(OrderType.Limit) { Price = 50_000m, TimeInForce = TimeInForce.Gtc, ClientOrderId = "working-1", StrategyId = 1 },
        OrderSide.Sell, 0.01m, new OrderListLeg(OrderType.StopLoss) { StopPrice = 49_000m, TrailingDelta = 100, ClientOrderId = "pending-1" })
    {
        ListClientOrderId = "list-2",
        SelfTradePreventionMode = SelfTradePreventionMode.None,
    };

    private static readonly OtocoOrderRequest Otoco = new(
        "BTCUSDT", OrderSide.Buy, 0.01m, new OrderListLeg(OrderType.LimitMaker) { Price = 50_000m, IcebergQuantity = 0.001m, ClientOrderId = "working-2" },
        OrderSide.Sell, 0.01m,
        new OrderListLeg(OrderType.LimitMaker) { Price = 52_000m, ClientOrderId = "above-3", PegPriceType = PegPriceType.MarketPeg },
        new OrderListLeg(OrderType.StopLossLimit) { Price = 47_900m, StopPrice = 48_000m, TimeInForce = TimeInForce.Ioc, ClientOrderId = "below-3", StrategyType = 1_000_000 })
    {
        ListClientOrderId = "list-3",
        ResponseType = OrderResponseType.Ack,
    };

    /// <summary>One sample: a name for the test case, the endpoint, how to check it, and the documented weight.</summary>
    public sealed record Sample(string Case, EndpointDescriptor Endpoint, int DocumentedWeight, Func<int> TypedWeight, Func<IReadOnlyList<KeyValuePair<string, string>>> ToWire, Func<IReadOnlyList<KeyValuePair<string, string>>, IReadOnlyList<KeyValuePair<string, string>>> RoundTrip);

    public static IReadOnlyList<Sample> All { get; } =
    [
        Of("ping", SpotRestEndpoints.Ping, NoArgs.Instance, 1),
        Of("time", SpotRestEndpoints.ServerTime, NoArgs.Instance, 1),
        Of("exchangeInfo all", SpotRestEndpoints.ExchangeInfo, ExchangeInfoArgs.All, 20),
        Of("exchangeInfo one", SpotRestEndpoints.ExchangeInfo, new ExchangeInfoArgs("BTCUSDT"), 20),
        Of("exchangeInfo many", SpotRestEndpoints.ExchangeInfo, new ExchangeInfoArgs(null, ["BTCUSDT", "ETHUSDT"]), 20),
        Of("depth 1", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 1), 5),
        Of("depth 100", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 100), 5),
        Of("depth 101", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 101), 25),
        Of("depth 500", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 500), 25),
        Of("depth 501", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 501), 50),
        Of("depth 1000", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 1000), 50),
        Of("depth 1001", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 1001), 250),
        Of("depth 5000", SpotRestEndpoints.Depth, new DepthArgs("BTCUSDT", 5000), 250),
        Of("trades", SpotRestEndpoints.RecentTrades, new RecentTradesArgs("BTCUSDT", 1000), 25),
        Of("historicalTrades", SpotRestEndpoints.HistoricalTrades, new HistoricalTradesArgs("BTCUSDT", 500, 42), 25),
        Of("historicalTrades latest", SpotRestEndpoints.HistoricalTrades, new HistoricalTradesArgs("BTCUSDT"), 25),
        Of("aggTrades", SpotRestEndpoints.AggregateTrades, new AggregateTradesArgs("BTCUSDT", 7, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_060_000), 100), 4),
        Of("klines", SpotRestEndpoints.Klines, new KlinesArgs("BTCUSDT", KlineInterval.OneHour, 10, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)), 2),
        Of("avgPrice", SpotRestEndpoints.AveragePrice, new SymbolArgs("BTCUSDT"), 2),
        Of("ticker.24hr one", SpotRestEndpoints.Ticker24h, TickerArgs.One("BTCUSDT"), 2),
        Of("ticker.24hr all", SpotRestEndpoints.Ticker24h, TickerArgs.All, 80),
        Of("ticker.24hr 1 symbol", SpotRestEndpoints.Ticker24h, TickerArgs.Many(Symbols(1)), 2),
        Of("ticker.24hr 20 symbols", SpotRestEndpoints.Ticker24h, TickerArgs.Many(Symbols(20)), 2),
        Of("ticker.24hr 21 symbols", SpotRestEndpoints.Ticker24h, TickerArgs.Many(Symbols(21)), 40),
        Of("ticker.24hr 100 symbols", SpotRestEndpoints.Ticker24h, TickerArgs.Many(Symbols(100)), 40),
        Of("ticker.24hr 101 symbols", SpotRestEndpoints.Ticker24h, TickerArgs.Many(Symbols(101)), 80),
        Of("ticker.price one", SpotRestEndpoints.PriceTicker, TickerArgs.One("BTCUSDT"), 2),
        Of("ticker.price many", SpotRestEndpoints.PriceTicker, TickerArgs.Many(Symbols(3)), 4),
        Of("ticker.price all", SpotRestEndpoints.PriceTicker, TickerArgs.All, 4),
        Of("ticker.book one", SpotRestEndpoints.BookTicker, TickerArgs.One("BTCUSDT"), 2),
        Of("ticker.book many", SpotRestEndpoints.BookTicker, TickerArgs.Many(Symbols(3)), 4),
        Of("ticker.book all", SpotRestEndpoints.BookTicker, TickerArgs.All, 4),
        Of("account", SpotRestEndpoints.Account, new AccountArgs(OmitZeroBalances: true), 20),
        Of("account with zeros", SpotRestEndpoints.Account, new AccountArgs(OmitZeroBalances: false), 20),
        Of("order.place limit", SpotRestEndpoints.PlaceOrder, new PlaceOrderArgs(Limit), 1),
        Of("order.place market by quote", SpotRestEndpoints.PlaceOrder, new PlaceOrderArgs(Market), 1),
        Of("order.test", SpotRestEndpoints.TestOrder, new TestOrderArgs(Limit, ComputeCommissionRates: false), 1),
        Of("order.test with commission rates", SpotRestEndpoints.TestOrder, new TestOrderArgs(Limit, ComputeCommissionRates: true), 20),
        Of("order.cancel by id", SpotRestEndpoints.CancelOrder, new OrderIdArgs("BTCUSDT", 9, null), 1),
        Of("order.cancel by client id", SpotRestEndpoints.CancelOrder, new OrderIdArgs("BTCUSDT", null, "abc"), 1),
        Of("order.status", SpotRestEndpoints.QueryOrder, new OrderIdArgs("BTCUSDT", 9, "abc"), 4),
        Of("openOrders one", SpotRestEndpoints.OpenOrders, new OpenOrdersArgs("BTCUSDT"), 6),
        Of("openOrders all", SpotRestEndpoints.OpenOrders, new OpenOrdersArgs(null), 80),
        Of("allOrders", SpotRestEndpoints.AllOrders, new AllOrdersArgs("BTCUSDT", 5, 1000), 20),
        Of("myTrades", SpotRestEndpoints.MyTrades, new MyTradesArgs("BTCUSDT", FromId: 3), 20),
        Of("myTrades by order", SpotRestEndpoints.MyTrades, new MyTradesArgs("BTCUSDT", OrderId: 9), 5),
        Of("uiKlines", SpotRestEndpoints.UiKlines, new UiKlinesArgs("BTCUSDT", KlineInterval.OneHour, 10, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)), 2),
        Of("uiKlines timeZone", SpotRestEndpoints.UiKlines, new UiKlinesArgs("BTCUSDT", KlineInterval.OneDay, 5, TimeZone: new TimeSpan(-5, -45, 0)), 2),
        Of("ticker one", SpotRestEndpoints.RollingTicker, new RollingTickerArgs("BTCUSDT"), 4),
        Of("ticker one 7d MINI", SpotRestEndpoints.RollingTicker, new RollingTickerArgs("BTCUSDT", WindowSize: TimeSpan.FromDays(7), Mini: true), 4),
        Of("ticker 2 symbols 15m", SpotRestEndpoints.RollingTicker, new RollingTickerArgs(null, Symbols(2), TimeSpan.FromMinutes(15)), 8),
        Of("ticker 50 symbols", SpotRestEndpoints.RollingTicker, new RollingTickerArgs(null, Symbols(50), TimeSpan.FromHours(4)), 200),
        Of("ticker 51 symbols", SpotRestEndpoints.RollingTicker, new RollingTickerArgs(null, Symbols(51)), 200),
        Of("ticker 100 symbols", SpotRestEndpoints.RollingTicker, new RollingTickerArgs(null, Symbols(100), Mini: true), 200),
        Of("ticker.tradingDay one", SpotRestEndpoints.TradingDayTicker, new TradingDayTickerArgs("BTCUSDT"), 4),
        Of("ticker.tradingDay one +8 MINI", SpotRestEndpoints.TradingDayTicker, new TradingDayTickerArgs("BTCUSDT", TimeZone: TimeSpan.FromHours(8), Mini: true), 4),
        Of("ticker.tradingDay 3 symbols", SpotRestEndpoints.TradingDayTicker, new TradingDayTickerArgs(null, Symbols(3), new TimeSpan(-3, -30, 0)), 12),
        Of("ticker.tradingDay 50 symbols", SpotRestEndpoints.TradingDayTicker, new TradingDayTickerArgs(null, Symbols(50)), 200),
        Of("ticker.tradingDay 100 symbols", SpotRestEndpoints.TradingDayTicker, new TradingDayTickerArgs(null, Symbols(100)), 200),
        Of("account.commission", SpotRestEndpoints.AccountCommission, new SymbolArgs("BTCUSDT"), 20),
        Of("account.rateLimits.orders", SpotRestEndpoints.UnfilledOrderCount, NoArgs.Instance, 40),
        Of("myPreventedMatches by id", SpotRestEndpoints.PreventedMatches, new PreventedMatchesArgs("BTCUSDT", PreventedMatchId: 1), 2),
        Of("myPreventedMatches by order", SpotRestEndpoints.PreventedMatches, new PreventedMatchesArgs("BTCUSDT", OrderId: 5), 20),
        Of("myPreventedMatches by order from id", SpotRestEndpoints.PreventedMatches, new PreventedMatchesArgs("BTCUSDT", OrderId: 5, FromPreventedMatchId: 3, Limit: 1000), 20),
        Of("myFilters", SpotRestEndpoints.AccountFilters, new SymbolArgs("BTCUSDT"), 40),
        Of("referencePrice", SpotRestEndpoints.ReferencePrice, new SymbolArgs("BTCUSDT"), 2),
        Of("referencePrice.calculation", SpotRestEndpoints.ReferencePriceCalculation, new ReferencePriceCalculationArgs("BTCUSDT"), 2),
        Of("referencePrice.calculation HALT", SpotRestEndpoints.ReferencePriceCalculation, new ReferencePriceCalculationArgs("BTCUSDT", SymbolStatus.Halt), 2),
        Of("executionRules one", SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs("BTCUSDT"), 2),
        Of("executionRules 2 symbols", SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(null, Symbols(2)), 4),
        Of("executionRules 20 symbols", SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(null, Symbols(20)), 40),
        Of("executionRules 21 symbols", SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(null, Symbols(21)), 40),
        Of("executionRules by status", SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(SymbolStatus: SymbolStatus.Trading), 40),
        Of("executionRules all", SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(), 40),
        Of("historicalBlockTrades", SpotRestEndpoints.HistoricalBlockTrades, new HistoricalBlockTradesArgs("BTCUSDT", 582, 1000), 25),
        Of("ticker.24hr one MINI", SpotRestEndpoints.Ticker24h, new TickerArgs("BTCUSDT", Mini: true), 2),
        Of("ticker.24hr 21 symbols MINI", SpotRestEndpoints.Ticker24h, new TickerArgs(null, Symbols(21), Mini: true), 40),
        Of("ticker.24hr all MINI", SpotRestEndpoints.Ticker24h, new TickerArgs(Mini: true), 80),
        Of("openOrders.cancelAll", SpotRestEndpoints.CancelOpenOrders, new SymbolArgs("BTCUSDT"), 1),
        Of("order.place with every option", SpotRestEndpoints.PlaceOrder, new PlaceOrderArgs(WithOptions), 1),
        Of("sor.order.place limit", SpotRestEndpoints.SorOrder, new PlaceOrderArgs(Limit), 1),
        Of("sor.order.test", SpotRestEndpoints.SorTestOrder, new TestOrderArgs(Limit, ComputeCommissionRates: false), 1),
        Of("sor.order.test with commission rates", SpotRestEndpoints.SorTestOrder, new TestOrderArgs(Limit, ComputeCommissionRates: true), 20),
        Of("myAllocations", SpotRestEndpoints.Allocations, new AllocationsArgs("BTCUSDT", FromAllocationId: 3, OrderId: 9, Limit: 100), 20),
        Of("myAllocations time range", SpotRestEndpoints.Allocations, new AllocationsArgs("BTCUSDT", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_700_003_600_000)), 20),
        Of("order.amend.keepPriority by id", SpotRestEndpoints.AmendOrder, new AmendOrderArgs("BTCUSDT", 9, null, null, 0.5m), 4),
        Of("order.amend.keepPriority by client id, new id", SpotRestEndpoints.AmendOrder, new AmendOrderArgs("BTCUSDT", null, "abc", "def", 1.25m), 4),
        Of("order.amendments", SpotRestEndpoints.OrderAmendments, new OrderAmendmentsArgs("BTCUSDT", 9, 22, 100), 4),
        Of("order.cancelReplace by id", SpotRestEndpoints.CancelReplace, new CancelReplaceArgs(new CancelReplaceRequest(Limit) { CancelOrderId = 9 }), 1),
        Of("order.cancelReplace every parameter", SpotRestEndpoints.CancelReplace, new CancelReplaceArgs(new CancelReplaceRequest(WithOptions)
        {
            Mode = CancelReplaceMode.AllowFailure,
            CancelOrderId = 9,
            CancelOrigClientOrderId = "old-1",
            CancelNewClientOrderId = "cancel-1",
            CancelRestrictions = CancelRestrictions.OnlyPartiallyFilled,
            OrderRateLimitExceededMode = OrderRateLimitExceededMode.CancelOnly,
        }), 1),
        Of("orderList.place.oco", SpotRestEndpoints.PlaceOcoOrderList, new OcoOrderListArgs(Oco), 1),
        Of("orderList.place.oco every leg parameter", SpotRestEndpoints.PlaceOcoOrderList, new OcoOrderListArgs(OcoWithEverything), 1),
        Of("orderList.status by id", SpotRestEndpoints.QueryOrderList, new OrderListIdArgs(null, 7, null), 4),
        Of("orderList.status by client id", SpotRestEndpoints.QueryOrderList, new OrderListIdArgs(null, null, "list-1"), 4),
        Of("orderList.cancel by id", SpotRestEndpoints.CancelOrderList, new OrderListIdArgs("BTCUSDT", 7, null, "cancel-1"), 1),
        Of("orderList.cancel by client id", SpotRestEndpoints.CancelOrderList, new OrderListIdArgs("BTCUSDT", null, "list-1"), 1),
        Of("openOrderLists", SpotRestEndpoints.OpenOrderLists, NoArgs.Instance, 6),
        Of("allOrderLists", SpotRestEndpoints.AllOrderLists, new AllOrderListsArgs(), 20),
        Of("allOrderLists fromId", SpotRestEndpoints.AllOrderLists, new AllOrderListsArgs(FromId: 3, Limit: 1000), 20),
        Of("allOrderLists range", SpotRestEndpoints.AllOrderLists, new AllOrderListsArgs(null, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_700_086_400_000), 10), 20),
        Of("orderList.place.oto", SpotRestEndpoints.PlaceOtoOrderList, new OtoOrderListArgs(Oto), 1),
        Of("orderList.place.otoco", SpotRestEndpoints.PlaceOtocoOrderList, new OtocoOrderListArgs(Otoco), 1),
        Of("orderList.place.opo", SpotRestEndpoints.PlaceOpoOrderList, new OpoOrderListArgs(new OpoOrderRequest("BTCUSDT", Otoco.WorkingQuantity, Otoco.Working, Otoco.PendingAbove)), 1),
        Of("orderList.place.opoco", SpotRestEndpoints.PlaceOpocoOrderList, new OpocoOrderListArgs(new OpocoOrderRequest("BTCUSDT", Otoco.WorkingQuantity, Otoco.Working, Otoco.PendingAbove, Otoco.PendingBelow) { ListClientOrderId = "list-4" }), 1),
    ];


    public static TheoryData<string> Cases() => [.. All.Select(s => s.Case)];

    public static Sample Get(string name) => All.Single(s => s.Case == name);

    private static string[] Symbols(int count) => [.. Enumerable.Range(0, count).Select(i => $"SYM{i}USDT")];

    private static Sample Of<TArgs, TResult>(string name, Endpoint<TArgs, TResult> endpoint, TArgs args, int documentedWeight)
        where TArgs : IEndpointArgs<TArgs> =>
        new(name, endpoint, documentedWeight, () => endpoint.Weight(args), args.ToWire, wire => TArgs.FromWire(wire).ToWire());
}
