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
}
