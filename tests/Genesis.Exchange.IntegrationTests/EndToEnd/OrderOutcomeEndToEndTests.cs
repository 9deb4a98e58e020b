using Genesis.Exchange.Models;

namespace Genesis.Exchange.IntegrationTests.EndToEnd;

/// <summary>
/// The order guarantees through the whole pipeline (AddGenesisExchange: every decorator, HTTP, signing) against the
/// fake Binance server: the "may have been sent" signal crosses every layer.
/// </summary>
public sealed class OrderOutcomeEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static async Task<decimal> PrepareAsync(EndToEndHarness h)
    {
        var rules = await h.Gateway.GetSymbolRulesAsync("BTCUSDT");
        var price = rules.RoundPrice((await h.Gateway.GetBookTickerAsync("BTCUSDT")).BidPrice * 0.9m, RoundingMode.Down);
        await h.Gateway.GetAccountAsync(); // the first signed call synchronizes the clock, so the fault below hits the order call itself
        return price;
    }

    [Fact]
    public async Task CallerCancelsWhileTheOrderAnswerIsDelayed_GetsTheReconciledOrder_NotOperationCanceled()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var price = await PrepareAsync(h);
        h.Server.Faults.DelayNextOrderResponses(TimeSpan.FromSeconds(3), 1);
        using var cts = new CancellationTokenSource();

        // The caller cancels once the exchange has the order (its answer is held back for 3 s), not on a timer that a
        // busy machine could fire before the order arrives.
        var placing = h.Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price) with { ClientOrderId = "e2e-cancelled-1" }, cts.Token);
        await WaitUntilAsync(() => h.Exchange.GetOrdersCreated("e2e-cancelled-1") == 1);
        await cts.CancelAsync();
        var order = await placing.WaitAsync(Bound);

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal("e2e-cancelled-1", order.ClientOrderId);
        Assert.Equal(1, h.Exchange.GetOrdersCreated("e2e-cancelled-1"));
    }

    [Fact]
    public async Task Cancel_FirstAttemptAnswered5xxAfterCancelling_RetryToldUnknownOrder_ReturnsTheCanceledOrder()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var price = await PrepareAsync(h);
        await h.Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price) with { ClientOrderId = "e2e-cancel-1" }).WaitAsync(Bound);
        h.Server.Faults.InjectServerErrors(1, 503, afterBackend: true);

        var canceled = await h.Gateway.CancelOrderAsync("BTCUSDT", "e2e-cancel-1").WaitAsync(Bound);

        Assert.Equal(OrderStatus.Canceled, canceled.Status);
        Assert.Equal("e2e-cancel-1", canceled.ClientOrderId);
        Assert.Equal(2, h.Server.Counters.RequestsFor("order.cancel"));
    }

    [Fact]
    public async Task OrderAnswer200Malformed_IsReconciled_PlacedExactlyOnce()
    {
        await using var h = await EndToEndHarness.StartAsync();
        var price = await PrepareAsync(h);
        h.Server.Faults.MalformNextResponses(1);

        var order = await h.Gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, price) with { ClientOrderId = "e2e-malformed-1" }).WaitAsync(Bound);

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal(1, h.Exchange.GetOrdersCreated("e2e-malformed-1"));
        Assert.Equal(1, h.Server.Counters.RequestsFor("order.place"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(10, bound.Token);
        }
    }
}
