using System.Text.Json;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Mock.WebSocketApi;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Mock.WebSocketApi;

public sealed class UserDataEventWriterTests
{
    [Fact]
    public void ExecutionReport_WritesTheConditionalFields_WhenTheyAreSet()
    {
        var order = new EngineOrder { Id = 37, ClientOrderId = "c1", Side = OrderSide.Sell, Type = OrderType.Limit, TimeInForce = TimeInForce.Gtc, Price = 0.1m, Quantity = 3m, Time = 1, WorkingTime = 2 };
        var report = new MockExecutionReport
        {
            Order = order,
            Symbol = "BTCUSDT",
            ClientOrderId = "c1",
            ExecutionType = "TRADE_PREVENTION",
            Status = OrderStatus.ExpiredInMatch,
            Quantity = 3m,
            TransactionTime = 5,
            ExecutionId = 9,
            WorkingTime = 2,
            SelfTradePreventionMode = "EXPIRE_MAKER",
            PreventedMatchId = 3,
            PreventedQuantity = 3m,
            LastPreventedQuantity = 3m,
            TradeGroupId = 1,
            CounterOrderId = 38,
            CounterSymbol = "BTCUSDT",
            PreventedExecutionQuantity = 2.123456m,
            PreventedExecutionPrice = 0.10000001m,
            PreventedExecutionQuote = 0.21234562m,
            StrategyId = 1,
            StrategyType = 1_000_000,
            ExpiryReason = "EXCHANGE_CANCELED",
            WorkingFloor = "SOR",
            UsedSor = true,
        };

        var e = JsonDocument.Parse(UserDataEventWriter.MockExecutionReport(report, 6)).RootElement;

        Assert.Equal(3, e.GetProperty("v").GetInt64());
        Assert.Equal("3.00000000", e.GetProperty("A").GetString());
        Assert.Equal("3.00000000", e.GetProperty("B").GetString());
        Assert.Equal(1, e.GetProperty("u").GetInt64());
        Assert.Equal(38, e.GetProperty("U").GetInt64());
        Assert.Equal("BTCUSDT", e.GetProperty("Cs").GetString());
        Assert.Equal("2.12345600", e.GetProperty("pl").GetString());
        Assert.Equal("0.10000001", e.GetProperty("pL").GetString());
        Assert.Equal("0.21234562", e.GetProperty("pY").GetString());
        Assert.Equal(1, e.GetProperty("j").GetInt64());
        Assert.Equal(1_000_000, e.GetProperty("J").GetInt32());
        Assert.Equal("EXCHANGE_CANCELED", e.GetProperty("eR").GetString());
        Assert.Equal("SOR", e.GetProperty("k").GetString());
        Assert.True(e.GetProperty("uS").GetBoolean());
        Assert.Equal("EXPIRE_MAKER", e.GetProperty("V").GetString());
        Assert.Equal("EXPIRED_IN_MATCH", e.GetProperty("X").GetString());
        Assert.Equal(2, e.GetProperty("W").GetInt64());
    }

    [Fact]
    public void ExecutionReport_LeavesTheConditionalFieldsOut_WhenTheyAreNotSet()
    {
        var order = new EngineOrder { Id = 1, ClientOrderId = "c", Side = OrderSide.Buy, Type = OrderType.StopLoss, StopPrice = 1m, Quantity = 1m, WorkingTime = -1 };
        var report = new MockExecutionReport { Order = order, Symbol = "BTCUSDT", ClientOrderId = "c", ExecutionType = "NEW", Status = OrderStatus.New, Quantity = 1m, TransactionTime = 1, ExecutionId = 1 };

        var e = JsonDocument.Parse(UserDataEventWriter.MockExecutionReport(report, 1)).RootElement;

        foreach (var name in new[] { "v", "A", "B", "u", "U", "Cs", "pl", "pL", "pY", "j", "J", "eR", "k", "uS", "W" })
        {
            Assert.False(e.TryGetProperty(name, out _), name);
        }

        Assert.Equal(JsonValueKind.Null, e.GetProperty("N").ValueKind);
        Assert.Equal(-1, e.GetProperty("t").GetInt64());
    }

    [Fact]
    public void Frames_WrapEventsWithTheSubscriptionId_AndServerShutdownWithout()
    {
        var frame = JsonDocument.Parse(UserDataEventWriter.Frame(4, UserDataEventWriter.EventStreamTerminated(10))).RootElement;
        var shutdown = JsonDocument.Parse(UserDataEventWriter.ServerShutdownFrame(11)).RootElement;

        Assert.Equal(4, frame.GetProperty("subscriptionId").GetInt32());
        Assert.Equal("eventStreamTerminated", frame.GetProperty("event").GetProperty("e").GetString());
        Assert.Equal(10, frame.GetProperty("event").GetProperty("E").GetInt64());
        Assert.False(shutdown.TryGetProperty("subscriptionId", out _));
        Assert.Equal(11, shutdown.GetProperty("event").GetProperty("E").GetInt64());
    }
}
