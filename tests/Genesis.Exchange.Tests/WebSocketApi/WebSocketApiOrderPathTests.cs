using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Streams;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.WebSocketApi;

/// <summary>The existing order path (validation, client order id, reconcile) running unchanged over the WebSocket API transport.</summary>
public sealed class WebSocketApiOrderPathTests
{
    private const string FilledOrder = """
        {"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"cid-ws-drop","price":"0.0","origQty":"1.0","executedQty":"1.0",
         "cummulativeQuoteQty":"100.0","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"BUY","stopPrice":"0.0","icebergQty":"0.0",
         "time":1499827319559,"updateTime":1499827319559,"isWorking":true,"workingTime":1499827319559,"origQuoteOrderQty":"0.000000","selfTradePreventionMode":"NONE"}
        """;

    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedApiSocketFactory _factory;

    public WebSocketApiOrderPathTests() => _factory = new ScriptedApiSocketFactory(_time);

    [Fact]
    public async Task PlaceOrder_ReconcilesByClientOrderIdWithoutResending_WhenTheConnectionDropsWithTheOrderInFlight()
    {
        var second = new ScriptedApiSocket
        {
            Responder = request => request.Method() == "order.status" ? ApiReplies.Response(request.Id(), FilledOrder) : ApiReplies.Default(request),
        };
        _factory.Prepare(new ScriptedApiSocket());
        _factory.Prepare(second);
        await using var connection = ApiHarness.Connection(_factory, _time, credentials: ApiHarness.Ed25519());
        var options = new GenesisExchangeOptions();
        options.Orders.ValidateBeforeSend = false;
        options.Orders.ReconcileDelay = TimeSpan.Zero;
        var client = new BinanceRestClient(new WebSocketApiTransport(connection), _time, options, NullLogger<BinanceRestClient>.Instance);

        var placing = client.PlaceOrderAsync(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Market) { Quantity = 1m, ClientOrderId = "cid-ws-drop" });
        var first = await _factory.NextConnectionAsync();
        var placement = await first.NextSentAsync("order.place");
        first.Drop();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(0.75));
        _time.Advance(TimeSpan.FromSeconds(0.75));
        await _factory.NextConnectionAsync();
        var order = await placing.WaitAsync(Bound.Safety);

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal("cid-ws-drop", order.ClientOrderId);
        Assert.Equal("cid-ws-drop", placement.GetProperty("params").GetProperty("newClientOrderId").GetString());
        var status = Assert.Single(second.AllSent, r => r.Method() == "order.status");
        Assert.Equal("cid-ws-drop", status.GetProperty("params").GetProperty("origClientOrderId").GetString());
        Assert.DoesNotContain(second.AllSent, r => r.Method() == "order.place");
    }
}
