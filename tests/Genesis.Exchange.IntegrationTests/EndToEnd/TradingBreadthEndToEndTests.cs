using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.IntegrationTests.EndToEnd;

/// <summary>
/// The trading endpoints of issue 12 part 2 through the whole stack: HTTP, signing, every decorator, the fake Binance
/// server on loopback and the mock matching engine behind it (DELETE, PUT, and the 400/409 answers with <c>data</c>).
/// </summary>
public sealed class TradingBreadthEndToEndTests
{
    [Fact]
    public async Task CancelReplace_Amend_Sor_CancelAll_OverLoopback()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var rest = h.Services.GetRequiredService<IBinanceRestClient>();
        var rules = await rest.GetSymbolRulesAsync("BTCUSDT");
        var bid = (await rest.GetOrderBookAsync("BTCUSDT", 5)).BestBid!.Value.Price;
        var price = rules.RoundPrice(bid * 0.95m, RoundingMode.Down);
        var lower = rules.RoundPrice(bid * 0.94m, RoundingMode.Down);

        var old = await rest.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price));
        var replaced = await rest.CancelReplaceAsync(new CancelReplaceRequest(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.02m, lower)) { CancelOrderId = old.ExchangeOrderId });
        var again = await Assert.ThrowsAsync<CancelReplaceException>(() =>
            rest.CancelReplaceAsync(new CancelReplaceRequest(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.02m, lower)) { CancelOrderId = old.ExchangeOrderId }));
        var amended = await rest.AmendOrderKeepPriorityAsync("BTCUSDT", 0.015m, replaced.NewOrderResponse!.ExchangeOrderId);
        var amendments = await rest.GetOrderAmendmentsAsync("BTCUSDT", replaced.NewOrderResponse.ExchangeOrderId);
        var sor = await rest.PlaceSorOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.01m));
        var allocations = await rest.GetAllocationsAsync("BTCUSDT", exchangeOrderId: sor.ExchangeOrderId);
        var canceled = await rest.CancelOpenOrdersAsync("BTCUSDT");
        var nothingLeft = await rest.CancelOpenOrdersAsync("BTCUSDT");

        Assert.Equal(OrderStatus.Canceled, replaced.CancelResponse!.Status);
        Assert.Equal(old.ClientOrderId, replaced.CancelResponse.ClientOrderId);
        Assert.Equal(OrderStatus.New, replaced.NewOrderResponse.Status);
        Assert.Equal((-2022, 400, CancelReplaceStatus.NotAttempted), (again.BinanceCode, again.HttpStatus, again.Result.NewOrderResult));
        Assert.Equal(0.015m, amended.AmendedOrder.Quantity);
        Assert.Equal(amended.ExecutionId, Assert.Single(amendments).ExecutionId);
        Assert.True(sor.UsedSor);
        Assert.Equal(OrderStatus.Filled, sor.Status);
        Assert.Equal(sor.Fills.Select(f => f.AllocId), allocations.Select(a => (long?)a.AllocationId));
        Assert.Equal(amended.AmendedOrder.ClientOrderId, Assert.Single(canceled.Orders).ClientOrderId);
        Assert.Empty(nothingLeft.Orders);
        Assert.Equal(0m, (await rest.GetAccountAsync()).GetBalance("USDT").Locked);
        Assert.Equal(0, h.Server.Counters.SignatureFailures);
    }
}
