using System.Globalization;
using System.Text.Json;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>The mock's behaviour for the trading endpoints added in issue 12 part 2, on its matching engine and ledger.</summary>
public sealed class MockTradingBreadthTests
{
    private readonly MockTestHarness _h = new(o =>
    {
        o.InitialBalances["USDT"] = 100_000m;
        o.InitialBalances["BTC"] = 10m;
    });

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private decimal BestBid => Dec(_h.Json("ticker.book", ("symbol", "BTCUSDT")), "bidPrice");

    private decimal BestAsk => Dec(_h.Json("ticker.book", ("symbol", "BTCUSDT")), "askPrice");

    private JsonElement PlaceLimit(string side, decimal price, decimal quantity, string clientOrderId, string symbol = "BTCUSDT") =>
        _h.Json("order.place",
            ("symbol", symbol), ("side", side), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", quantity.ToString(CultureInfo.InvariantCulture)), ("price", price.ToString(CultureInfo.InvariantCulture)),
            ("newClientOrderId", clientOrderId), ("newOrderRespType", "RESULT"));

    // ---- DELETE /api/v3/openOrders

    [Fact]
    public void CancelOpenOrders_CancelsEveryOpenOrderOfTheSymbol_AndReleasesTheLockedFunds()
    {
        var buyPrice = BestBid - 100m;
        var sellPrice = BestAsk + 100m;
        PlaceLimit("BUY", buyPrice, 0.5m, "buy-1");
        PlaceLimit("SELL", sellPrice, 0.25m, "sell-1");
        Assert.Equal(buyPrice * 0.5m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(0.25m, _h.Exchange.GetBalance("BTC").Locked);

        var canceled = _h.Json("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        Assert.Equal(["buy-1", "sell-1"], canceled.EnumerateArray().Select(o => o.GetProperty("origClientOrderId").GetString()));
        Assert.All(canceled.EnumerateArray(), o =>
        {
            Assert.Equal("CANCELED", o.GetProperty("status").GetString());
            Assert.Equal("BTCUSDT", o.GetProperty("symbol").GetString());
            Assert.Equal(-1, o.GetProperty("orderListId").GetInt64());
        });
        Assert.Single(canceled.EnumerateArray().Select(o => o.GetProperty("clientOrderId").GetString()).Distinct());
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(100_000m, _h.Exchange.GetBalance("USDT").Free);
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
        Assert.Equal(10m, _h.Exchange.GetBalance("BTC").Free);
        Assert.Equal(0, _h.Json("openOrders", ("symbol", "BTCUSDT")).GetArrayLength());
        Assert.Equal("CANCELED", _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "buy-1")).GetProperty("status").GetString());
    }

    [Fact]
    public void CancelOpenOrders_LeavesOtherSymbolsAndFinishedOrdersAlone()
    {
        var ethBid = Dec(_h.Json("ticker.book", ("symbol", "ETHUSDT")), "bidPrice");
        PlaceLimit("BUY", ethBid - 10m, 0.1m, "other-1", "ETHUSDT");
        PlaceLimit("SELL", BestBid, 0.01m, "filled-1");
        PlaceLimit("BUY", BestBid - 50m, 0.1m, "mine-1");

        var canceled = _h.Json("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        Assert.Equal("mine-1", Assert.Single(canceled.EnumerateArray()).GetProperty("origClientOrderId").GetString());
        Assert.Equal("NEW", _h.Json("order.status", ("symbol", "ETHUSDT"), ("origClientOrderId", "other-1")).GetProperty("status").GetString());
        Assert.Equal("FILLED", _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "filled-1")).GetProperty("status").GetString());
    }

    [Fact]
    public void CancelOpenOrders_NothingOpen_ReturnsMinus2011_SoARetryAfterSuccessIsHarmless()
    {
        PlaceLimit("BUY", BestBid - 100m, 0.1m, "buy-1");
        _h.Json("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        var error = _h.Error("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        Assert.Equal((400, -2011, "Unknown order sent."), error);
    }

    [Fact]
    public void CancelOpenOrders_WithoutSymbol_ReturnsMinus1102()
    {
        var error = _h.Error("openOrders.cancelAll");

        Assert.Equal(-1102, error.Code);
    }
}
