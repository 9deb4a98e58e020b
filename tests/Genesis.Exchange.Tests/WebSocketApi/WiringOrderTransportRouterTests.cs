using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.WebSocketApi;

/// <summary><see cref="OrderTransportRouter"/>: order entry over the WebSocket API, the rest over REST, fall-back only when nothing was sent.</summary>
public sealed class WiringOrderTransportRouterTests
{
    private readonly RecordingTransport _rest = new("rest");
    private readonly RecordingTransport _ws = new("ws");
    private bool _up = true;

    private OrderTransportRouter Router() => new(_rest, _ws, () => _up);

    [Fact]
    public async Task Send_RoutesEveryTradingEndpointOverWebSocketApi_AndEveryOtherEndpointOverRest()
    {
        var router = Router();

        foreach (var descriptor in SpotRestEndpoints.All)
        {
            await router.SendAsync(new ExchangeRequest(descriptor.Endpoint, [], 1));
        }

        string[] orderEntry =
        [
            "order.place", "order.test", "order.cancel", "openOrders.cancelAll", "order.cancelReplace", "order.amend.keepPriority",
            "sor.order.place", "sor.order.test", "orderList.place.oco", "orderList.cancel", "orderList.place.oto", "orderList.place.otoco",
            "orderList.place.opo", "orderList.place.opoco",
        ];
        Assert.Equal(orderEntry.Order(), _ws.Names.Order());
        Assert.Equal(SpotRestEndpoints.All.Count - orderEntry.Length, _rest.Names.Count);
        Assert.DoesNotContain(_rest.Names, orderEntry.Contains);
    }

    [Fact]
    public async Task Send_FallsBackToRest_WhenTheWebSocketApiHasNoConnection()
    {
        _up = false;

        await Router().SendAsync(Place());

        Assert.Empty(_ws.Names);
        Assert.Equal(["order.place"], _rest.Names);
    }

    [Fact]
    public async Task Send_FallsBackToRest_WhenTheWebSocketApiFailsBeforeSending()
    {
        _ws.Failure = _ => throw new ExchangeUnavailableException("no connection within 10 s; the request was not sent.") { RequestNotSent = true };
        var router = Router();

        var response = await router.SendAsync(Place());

        Assert.True(response.IsSuccess);
        Assert.Equal(["order.place"], _ws.Names);
        Assert.Equal(["order.place"], _rest.Names);
        Assert.Equal(1, router.Fallbacks);
    }

    [Fact]
    public async Task Send_NeverResendsOverRest_WhenTheWebSocketApiOutcomeIsUnknown()
    {
        _ws.Failure = request =>
        {
            request.MarkMayHaveBeenSent();
            throw new ExchangeUnavailableException("the connection closed before the response; the outcome is unknown.");
        };

        await Assert.ThrowsAsync<ExchangeUnavailableException>(async () => await Router().SendAsync(Place()));

        Assert.Equal(["order.place"], _ws.Names);
        Assert.Empty(_rest.Names);
    }

    [Fact]
    public async Task Send_RetryOfAPossiblySentRequest_StaysOnTheWebSocketApi_WhenItWentDownMeanwhile()
    {
        var router = Router();
        var cancel = new ExchangeRequest(SpotRestEndpoints.CancelOrder.Endpoint, [new("symbol", "BTCUSDT"), new("origClientOrderId", "c1")], 1);
        _ws.Failure = request =>
        {
            request.MarkMayHaveBeenSent();
            throw new ExchangeTimeoutException("no response; the outcome is unknown.");
        };
        await Assert.ThrowsAsync<ExchangeTimeoutException>(async () => await router.SendAsync(cancel));
        _ws.Failure = null;
        _up = false;

        await router.SendAsync(cancel);

        Assert.Equal(["order.cancel", "order.cancel"], _ws.Names);
        Assert.Empty(_rest.Names);
    }

    [Fact]
    public async Task PlaceOrder_IsPlacedOnceAndReconciledOverRest_WhenTheWebSocketApiResponseIsLost()
    {
        var time = TimeProvider.System;
        using var exchange = new MockExchange(new MockExchangeOptions { GenerateMarketData = false }, time);
        var mock = new MockExchangeTransport(exchange, time);
        var rest = new RecordingTransport("rest", mock);
        var lostResponse = new RecordingTransport("ws", mock) { LoseResponses = true };
        var options = new GenesisExchangeOptions();
        options.Orders.ValidateBeforeSend = false;
        options.Orders.ReconcileDelay = TimeSpan.Zero;
        var client = new BinanceRestClient(new OrderTransportRouter(rest, lostResponse, () => true), time, options, NullLogger<BinanceRestClient>.Instance);

        var bid = (await client.GetBookTickerAsync("BTCUSDT")).BidPrice;

        var order = await client.PlaceOrderAsync(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Limit)
        {
            Quantity = 0.01m, Price = decimal.Round(bid * 0.9m, 2), TimeInForce = TimeInForce.Gtc, ClientOrderId = "lost-1",
        });

        Assert.Equal("lost-1", order.ClientOrderId);
        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal(["order.place"], lostResponse.Names);
        Assert.DoesNotContain("order.place", rest.Names);
        Assert.Contains("order.status", rest.Names);
        Assert.Single(await client.GetOpenOrdersAsync("BTCUSDT"), o => o.ClientOrderId == "lost-1");
    }

    private static ExchangeRequest Place() =>
        new(SpotRestEndpoints.PlaceOrder.Endpoint, [new("symbol", "BTCUSDT"), new("newClientOrderId", "c1")], 1);

    /// <summary>Records the requests it gets; answers 200 <c>{}</c>, forwards to an inner transport, or fails as told.</summary>
    private sealed class RecordingTransport(string name, IExchangeTransport? inner = null) : IExchangeTransport
    {
        private readonly Lock _gate = new();
        private readonly List<string> _names = [];

        public string Name { get; } = name;

        public Func<ExchangeRequest, ExchangeResponse>? Failure { get; set; }

        /// <summary>Executes the request on the inner transport, then reports the outcome unknown (the response never came).</summary>
        public bool LoseResponses { get; init; }

        public List<string> Names
        {
            get
            {
                lock (_gate)
                {
                    return [.. _names];
                }
            }
        }

        public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _names.Add(request.Endpoint.Name);
            }

            if (Failure is { } failure)
            {
                return failure(request);
            }

            if (inner is null)
            {
                request.MarkMayHaveBeenSent();
                return new ExchangeResponse(200, "{}"u8.ToArray());
            }

            var response = await inner.SendAsync(request, cancellationToken);
            if (LoseResponses)
            {
                throw new ExchangeTimeoutException("no response on the WebSocket API; the outcome is unknown.", correlationId: request.CorrelationId);
            }

            return response;
        }
    }
}
