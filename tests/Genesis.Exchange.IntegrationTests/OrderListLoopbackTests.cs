using Genesis.Exchange.Abstractions;
using Genesis.Exchange.IntegrationTests.EndToEnd;
using Genesis.Exchange.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.IntegrationTests;

/// <summary>
/// Order lists through the whole pipeline (AddGenesisExchange: every decorator, HTTP with the parameters in the body,
/// signing) against the fake Binance server on loopback backed by the mock matching engine: a list whose answer is lost
/// is placed exactly once and reconciled by its list client id, and a cancel whose answer is lost is settled.
/// </summary>
public sealed class OrderListLoopbackTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static async Task<(IBinanceRestClient Client, OcoOrderRequest Oco)> PrepareAsync(EndToEndHarness h, string listClientOrderId)
    {
        var client = h.Services.GetRequiredService<IBinanceRestClient>();
        var rules = await client.GetSymbolRulesAsync("BTCUSDT");
        var book = await client.GetBookTickerAsync("BTCUSDT");
        await client.GetAccountAsync(); // the first signed call synchronizes the clock, so the fault below hits the list itself
        var oco = new OcoOrderRequest(
            "BTCUSDT", OrderSide.Sell, 0.01m,
            new OrderListLeg(OrderType.LimitMaker) { Price = rules.RoundPrice(book.AskPrice * 1.02m, RoundingMode.Up), ClientOrderId = listClientOrderId + "-above" },
            new OrderListLeg(OrderType.StopLossLimit)
            {
                Price = rules.RoundPrice(book.BidPrice * 0.97m, RoundingMode.Down),
                StopPrice = rules.RoundPrice(book.BidPrice * 0.98m, RoundingMode.Down),
                ClientOrderId = listClientOrderId + "-below",
            })
        {
            ListClientOrderId = listClientOrderId,
        };
        return (client, oco);
    }

    [Fact]
    public async Task Oco_SocketKilledAfterTheListWasCreated_IsReconciledByListClientId_PlacedExactlyOnce()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var (client, oco) = await PrepareAsync(h, "loop-oco-1");
        h.Server.Faults.KillSocketAfterNextOrders(1);

        var list = await client.PlaceOcoOrderListAsync(oco).WaitAsync(Bound);

        Assert.Empty(list.OrderReports); // the placement's answer was lost: this is the list as the query by list client id found it
        Assert.Equal(1, h.Server.Counters.RequestsFor("orderList.status"));
        Assert.Equal("loop-oco-1", list.ListClientOrderId);
        Assert.Equal(OrderListOrderStatus.Executing, list.ListOrderStatus);
        Assert.Equal(["loop-oco-1-below", "loop-oco-1-above"], list.Orders.Select(o => o.ClientOrderId));
        Assert.Equal(1, h.Server.Counters.RequestsFor("orderList.place.oco"));
        Assert.Equal(1, h.Exchange.GetOrdersCreated("loop-oco-1-above"));
        Assert.Equal(1, h.Exchange.GetOrdersCreated("loop-oco-1-below"));
        Assert.Equal(0.01m, h.Exchange.GetBalance("BTC").Locked);
    }

    [Fact]
    public async Task CancelOrderList_FirstAttemptAnswered5xxAfterCanceling_RetryToldUnknown_ReturnsTheCanceledList()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var (client, oco) = await PrepareAsync(h, "loop-oco-2");
        var placed = await client.PlaceOcoOrderListAsync(oco).WaitAsync(Bound);
        h.Server.Faults.InjectServerErrors(1, 503, afterBackend: true);

        var canceled = await client.CancelOrderListAsync("BTCUSDT", listClientOrderId: "loop-oco-2").WaitAsync(Bound);

        Assert.Equal(placed.OrderListId, canceled.OrderListId);
        Assert.Equal(OrderListOrderStatus.AllDone, canceled.ListOrderStatus);
        Assert.Equal(2, h.Server.Counters.RequestsFor("orderList.cancel"));
        Assert.Equal(1, h.Server.Counters.RequestsFor("orderList.status")); // the retry was told "unknown": the list was queried
        Assert.Equal(0m, h.Exchange.GetBalance("BTC").Locked);
    }
}
