using System.Text;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.UserData;

public sealed class UserDataEventParserTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "userdata", name));

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    [Fact]
    public void ParseFrame_ReadsEveryFieldOfTheDocsExecutionReport()
    {
        var report = Assert.IsType<ExecutionReport>(UserDataEventParser.ParseFrame(Fixture("execution-report.json")));

        Assert.Equal(0, report.SubscriptionId);
        Assert.Equal("executionReport", report.EventType);
        Assert.Equal(Ms(1499405658658), report.EventTime);
        Assert.Equal("ETHBTC", report.Symbol);
        Assert.Equal("mUvoqJxFIILMdfAW5iGSOW", report.ClientOrderId);
        Assert.Equal(OrderSide.Buy, report.Side);
        Assert.Equal(OrderType.Limit, report.Type);
        Assert.Equal(TimeInForce.Gtc, report.TimeInForce);
        Assert.Equal(1.00000000m, report.Quantity);
        Assert.Equal(0.10264410m, report.Price);
        Assert.Equal(0m, report.StopPrice);
        Assert.Equal(0m, report.IcebergQuantity);
        Assert.Equal(-1, report.OrderListId);
        Assert.Equal(string.Empty, report.OriginalClientOrderId);
        Assert.Equal(ExecutionType.New, report.ExecutionType);
        Assert.Equal(OrderStatus.New, report.Status);
        Assert.Equal("NONE", report.RejectReason);
        Assert.Equal(4293153, report.OrderId);
        Assert.Equal(0m, report.LastExecutedQuantity);
        Assert.Equal(0m, report.CumulativeFilledQuantity);
        Assert.Equal(0m, report.LastExecutedPrice);
        Assert.Equal(0m, report.Commission);
        Assert.Null(report.CommissionAsset);
        Assert.Equal(Ms(1499405658657), report.TransactionTime);
        Assert.Equal(-1, report.TradeId);
        Assert.Equal(3, report.PreventedMatchId);
        Assert.Equal(8641984, report.ExecutionId);
        Assert.True(report.IsOnBook);
        Assert.False(report.IsMaker);
        Assert.False(report.Ignore);
        Assert.Equal(Ms(1499405658657), report.CreationTime);
        Assert.Equal(0m, report.CumulativeQuoteQuantity);
        Assert.Equal(0m, report.LastQuoteQuantity);
        Assert.Equal(0m, report.QuoteOrderQuantity);
        Assert.Equal(Ms(1499405658657), report.WorkingTime);
        Assert.Equal(SelfTradePreventionMode.None, report.SelfTradePreventionMode);
        Assert.Null(report.AveragePrice);
    }

    [Fact]
    public void ParseEvent_ReadsEveryConditionalFieldOfTheDocsTable()
    {
        // The docs' execution report with each conditional field set to the example of the "Conditional Fields" table.
        const string json = """
            {"e":"executionReport","E":1499405658658,"s":"ETHBTC","c":"mUvoqJxFIILMdfAW5iGSOW","S":"SELL","o":"STOP_LOSS_LIMIT","f":"IOC",
             "q":"1.00000000","p":"0.10264410","P":"0.10000000","F":"0.50000000","g":7,"C":"origId","x":"TRADE_PREVENTION","X":"EXPIRED_IN_MATCH",
             "r":"NONE","i":4293153,"l":"0.25000000","z":"0.75000000","L":"0.10264410","n":"0.00010000","N":"BNB","T":1499405658657,"t":42,
             "v":3,"I":8641984,"w":false,"m":true,"M":false,"O":1499405658600,"Z":"0.07698307","Y":"0.02566102","Q":"0.00000000","W":1668683798379,
             "V":"EXPIRE_TAKER","d":4,"D":1668680518494,"j":1,"J":1000000,"A":"3.000000","B":"3.000000","u":1,"U":37,"Cs":"BTCUSDT",
             "pl":"2.123456","pL":"0.10000001","pY":"0.21234562","b":"ONE_PARTY_TRADE_REPORT","a":1234,"k":"SOR","uS":true,
             "gP":"PRIMARY_PEG","gOT":"PRICE_LEVEL","gOV":5,"gp":"1.00000000","eR":"INSUFFICIENT_LIQUIDITY"}
            """;

        var report = Assert.IsType<ExecutionReport>(UserDataEventParser.ParseEvent(Encoding.UTF8.GetBytes(json)));

        Assert.Null(report.SubscriptionId);
        Assert.Equal(OrderSide.Sell, report.Side);
        Assert.Equal(OrderType.StopLossLimit, report.Type);
        Assert.Equal(TimeInForce.Ioc, report.TimeInForce);
        Assert.Equal(0.10000000m, report.StopPrice);
        Assert.Equal(0.5m, report.IcebergQuantity);
        Assert.Equal(7, report.OrderListId);
        Assert.Equal("origId", report.OriginalClientOrderId);
        Assert.Equal(ExecutionType.TradePrevention, report.ExecutionType);
        Assert.Equal(OrderStatus.ExpiredInMatch, report.Status);
        Assert.Equal(0.25m, report.LastExecutedQuantity);
        Assert.Equal(0.75m, report.CumulativeFilledQuantity);
        Assert.Equal(0.0001m, report.Commission);
        Assert.Equal("BNB", report.CommissionAsset);
        Assert.Equal(42, report.TradeId);
        Assert.True(report.IsMaker);
        Assert.Equal(0.07698307m, report.CumulativeQuoteQuantity);
        Assert.Equal(0.02566102m, report.LastQuoteQuantity);
        Assert.Equal(0.07698307m / 0.75m, report.AveragePrice);
        Assert.Equal(SelfTradePreventionMode.ExpireTaker, report.SelfTradePreventionMode);
        Assert.Equal(4, report.TrailingDelta);
        Assert.Equal(Ms(1668680518494), report.TrailingTime);
        Assert.Equal(1, report.StrategyId);
        Assert.Equal(1000000, report.StrategyType);
        Assert.Equal(3, report.PreventedMatchId);
        Assert.Equal(3.000000m, report.PreventedQuantity);
        Assert.Equal(3.000000m, report.LastPreventedQuantity);
        Assert.Equal(1, report.TradeGroupId);
        Assert.Equal(37, report.CounterOrderId);
        Assert.Equal("BTCUSDT", report.CounterSymbol);
        Assert.Equal(2.123456m, report.PreventedExecutionQuantity);
        Assert.Equal(0.10000001m, report.PreventedExecutionPrice);
        Assert.Equal(0.21234562m, report.PreventedExecutionQuoteQuantity);
        Assert.Equal(Ms(1668683798379), report.WorkingTime);
        Assert.Equal("ONE_PARTY_TRADE_REPORT", report.MatchType);
        Assert.Equal(1234, report.AllocationId);
        Assert.Equal(WorkingFloor.Sor, report.WorkingFloor);
        Assert.True(report.UsedSor);
        Assert.Equal(PegPriceType.PrimaryPeg, report.PegPriceType);
        Assert.Equal(PegOffsetType.PriceLevel, report.PegOffsetType);
        Assert.Equal(5, report.PegOffsetValue);
        Assert.Equal(1.00000000m, report.PeggedPrice);
        Assert.Equal(ExpiryReason.InsufficientLiquidity, report.ExpiryReason);
        Assert.Equal("INSUFFICIENT_LIQUIDITY", report.RawExpiryReason);
    }

    [Fact]
    public void ParseEvent_LeavesConditionalFieldsNull_WhenAbsent()
    {
        var report = Assert.IsType<ExecutionReport>(UserDataEventParser.ParseFrame(Fixture("execution-report.json")));

        Assert.Null(report.TrailingDelta);
        Assert.Null(report.StrategyId);
        Assert.Null(report.PreventedQuantity);
        Assert.Null(report.CounterSymbol);
        Assert.Null(report.WorkingFloor);
        Assert.Null(report.UsedSor);
        Assert.Null(report.PegPriceType);
        Assert.Null(report.PeggedPrice);
        Assert.Null(report.ExpiryReason);
    }

    [Fact]
    public void ParseEvent_MapsNewEnumValuesToUnknown_AndKeepsTheRawText()
    {
        var json = Encoding.UTF8.GetString(Fixture("execution-report.json"))
            .Replace("\"x\": \"NEW\"", "\"x\": \"SOMETHING_NEW\"", StringComparison.Ordinal)
            .Replace("\"V\": \"NONE\"", "\"V\": \"FUTURE_MODE\"", StringComparison.Ordinal);

        var report = Assert.IsType<ExecutionReport>(UserDataEventParser.ParseFrame(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ExecutionType.Unknown, report.ExecutionType);
        Assert.Equal("SOMETHING_NEW", report.RawExecutionType);
        Assert.Equal(SelfTradePreventionMode.Unknown, report.SelfTradePreventionMode);
        Assert.Equal("FUTURE_MODE", report.RawSelfTradePreventionMode);
    }

    [Fact]
    public void ParseEvent_ReadsTheEvent_WhenTheTypeIsNotTheFirstField()
    {
        const string json = """{"E":1573200697110,"a":"BTC","d":"-1.5","T":1573200697068,"e":"balanceUpdate"}""";

        var update = Assert.IsType<BalanceUpdate>(UserDataEventParser.ParseEvent(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(-1.5m, update.Delta);
        Assert.Equal("BTC", update.Asset);
    }

    [Fact]
    public void ParseFrame_ReadsTheDocsAccountPosition()
    {
        var update = Assert.IsType<AccountPositionUpdate>(UserDataEventParser.ParseFrame(Fixture("outbound-account-position.json")));

        Assert.Equal(Ms(1564034571105), update.EventTime);
        Assert.Equal(Ms(1564034571073), update.LastUpdateTime);
        var balance = Assert.Single(update.Balances);
        Assert.Equal(new Balance("ETH", 10000.000000m, 0m), balance);
    }

    [Fact]
    public void ParseFrame_ReadsTheWebSocketApiEventFormatExample()
    {
        var update = Assert.IsType<AccountPositionUpdate>(UserDataEventParser.ParseFrame(Fixture("event-format.json")));

        Assert.Equal(2, update.Balances.Count);
        Assert.Equal(new Balance("USDT", 10580.00000000m, 70.00000000m), update.Balances[1]);
    }

    [Fact]
    public void ParseFrame_ReadsTheDocsBalanceUpdate()
    {
        var update = Assert.IsType<BalanceUpdate>(UserDataEventParser.ParseFrame(Fixture("balance-update.json")));

        Assert.Equal(new BalanceUpdate(Ms(1573200697110), "BTC", 100.00000000m, Ms(1573200697068)) { SubscriptionId = 0 }, update);
    }

    [Fact]
    public void ParseFrame_ReadsTheDocsListStatus()
    {
        var update = Assert.IsType<ListStatusUpdate>(UserDataEventParser.ParseFrame(Fixture("list-status.json")));

        Assert.Equal("ETHBTC", update.Symbol);
        Assert.Equal(2, update.OrderListId);
        Assert.Equal(ContingencyType.Oco, update.ContingencyType);
        Assert.Equal(OrderListStatusType.ExecStarted, update.ListStatusType);
        Assert.Equal(OrderListOrderStatus.Executing, update.ListOrderStatus);
        Assert.Equal("NONE", update.ListRejectReason);
        Assert.Equal("F4QN4G8DlFATFlIUQ0cjdD", update.ListClientOrderId);
        Assert.Equal(Ms(1564035303625), update.TransactionTime);
        Assert.Equal(Ms(1564035303637), update.EventTime);
        Assert.Equal([new OrderListEntry("ETHBTC", 17, "AJYsMjErWJesZvqlJCTUgL"), new OrderListEntry("ETHBTC", 18, "bfYPSQdLoqAJeNrOr9adzq")], update.Orders);
    }

    [Fact]
    public void ParseFrame_ReadsTheDocsExternalLockUpdate()
    {
        var update = Assert.IsType<ExternalLockUpdate>(UserDataEventParser.ParseFrame(Fixture("external-lock-update.json")));

        Assert.Equal(new ExternalLockUpdate(Ms(1581557507324), "NEO", 10.00000000m, Ms(1581557507268)) { SubscriptionId = 0 }, update);
    }

    [Fact]
    public void ParseFrame_ReadsTheDocsEventStreamTerminated()
    {
        var terminated = Assert.IsType<EventStreamTerminated>(UserDataEventParser.ParseFrame(Fixture("event-stream-terminated.json")));

        Assert.Equal(Ms(1728973001334), terminated.EventTime);
    }

    [Fact]
    public void ParseEvent_ReturnsUnknownEventWithRawJson_ForAnEventTypeNotKnown()
    {
        const string json = """{"e":"somethingNew","E":1728973001334,"x":{"nested":[1,2]}}""";

        var unknown = Assert.IsType<UnknownUserDataEvent>(UserDataEventParser.ParseEvent(Encoding.UTF8.GetBytes(json), 4));

        Assert.Equal("somethingNew", unknown.EventType);
        Assert.Equal(Ms(1728973001334), unknown.EventTime);
        Assert.Equal(json, unknown.RawJson);
        Assert.Equal(4, unknown.SubscriptionId);
    }

    [Theory]
    [InlineData("""{"e":"executionReport","E":1,"s":"ETHBTC"}""")]                                      // required fields missing
    [InlineData("""{"e":"balanceUpdate","E":1573200697110,"a":"BTC","d":"1e5","T":1573200697068}""")]  // exponent
    [InlineData("""{"e":"balanceUpdate","E":1573200697110,"a":"BTC","d":"NaN","T":1573200697068}""")]  // not a number
    [InlineData("""{"e":"balanceUpdate","E":"soon","a":"BTC","d":"1","T":1573200697068}""")]           // time is text
    [InlineData("""{"e":"outboundAccountPosition","E":1,"u":1,"B":[{"a":"ETH","f":"-1","l":"0"}]}""")] // negative free balance
    [InlineData("""{"e":"outboundAccountPosition","E":1,"u":1,"B":{"a":"ETH"}}""")]                    // balances not an array
    [InlineData("""{"e":"listStatus","E":1,"s":"ETHBTC","g":2,"c":"OCO","l":"EXEC_STARTED","L":"EXECUTING","T":1,"O":[{"s":"ETHBTC"}]}""")]
    [InlineData("""{"e":"executionReport","E":1,"s":"ETHBTC",""")]                                      // truncated
    [InlineData("""[1,2]""")]                                                                           // not an object
    public void ParseEvent_ThrowsMalformed_ForBrokenKnownEvents(string json)
    {
        Assert.Throws<MalformedResponseException>(() => UserDataEventParser.ParseEvent(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"subscriptionId":0}""")]
    [InlineData("""{"subscriptionId":"zero","event":{"e":"eventStreamTerminated","E":1}}""")]
    [InlineData("""not json""")]
    public void ParseFrame_ThrowsMalformed_ForBrokenFrames(string json)
    {
        Assert.Throws<MalformedResponseException>(() => UserDataEventParser.ParseFrame(Encoding.UTF8.GetBytes(json)));
    }
}
