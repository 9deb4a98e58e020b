using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Models;

public sealed class SymbolRulesTests
{
    internal static SymbolRules Btc(SymbolStatus status = SymbolStatus.Trading) => new(
        "BTCUSDT", status, "BTC", "USDT", 8, 8,
        [OrderType.Limit, OrderType.Market, OrderType.LimitMaker, OrderType.StopLossLimit],
        [
            new PriceFilter(0.01m, 1_000_000m, 0.01m),
            new LotSizeFilter(0.00001m, 9000m, 0.00001m),
            new MarketLotSizeFilter(0.00001m, 100m, 0.00001m),
            new NotionalFilter(5m, true, 9_000_000m, false, 5),
            new PercentPriceBySideFilter(5m, 0.2m, 5m, 0.2m, 5),
            new IcebergPartsFilter(10),
            new MaxNumOrdersFilter(200),
        ])
    {
        RawStatus = status.ToString().ToUpperInvariant(),
        IcebergAllowed = true,
    };

    [Fact]
    public void ValidOrder_Passes()
    {
        Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.001m, 50_000.01m), 50_000m);
    }

    [Theory]
    [InlineData(0.000001, "LOT_SIZE", 0.00001)]
    [InlineData(10_000, "LOT_SIZE", 9000)]
    [InlineData(0.000015, "LOT_SIZE", 0.00001)]
    public void Quantity_OutsideLotSize_NamesFilterAndBound(decimal qty, string filter, decimal bound)
    {
        var ex = Assert.Throws<FilterViolationException>(() => Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, qty, 50_000m)));

        Assert.Equal(filter, ex.FilterType);
        Assert.Equal(bound, ex.Bound);
        Assert.Contains(filter, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.001, 0.01)]
    [InlineData(2_000_000, 1_000_000)]
    [InlineData(50_000.005, 0.01)]
    public void Price_OutsidePriceFilter_NamesBound(decimal price, decimal bound)
    {
        var ex = Assert.Throws<FilterViolationException>(() => Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, price)));

        Assert.Equal("PRICE_FILTER", ex.FilterType);
        Assert.Equal(bound, ex.Bound);
    }

    [Fact]
    public void Notional_BelowMinimum_Fails()
    {
        var ex = Assert.Throws<FilterViolationException>(() => Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.00001m, 100m)));

        Assert.Equal("NOTIONAL", ex.FilterType);
        Assert.Equal(5m, ex.Bound);
    }

    [Fact]
    public void MarketOrder_UsesReferencePrice_ForNotional_AndMarketLotSize()
    {
        Assert.Throws<FilterViolationException>(() => Btc().ValidateOrder(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.00001m), 100m));
        var ex = Assert.Throws<FilterViolationException>(() => Btc().ValidateOrder(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 200m), 100m));
        Assert.Equal("MARKET_LOT_SIZE", ex.FilterType);
    }

    [Fact]
    public void PercentPriceBySide_FarFromAverage_Fails()
    {
        var ex = Assert.Throws<FilterViolationException>(() => Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 9_000m), 50_000m));

        Assert.Equal("PERCENT_PRICE_BY_SIDE", ex.FilterType);
        Assert.Equal(10_000m, ex.Bound);
    }

    [Fact]
    public void IcebergParts_TooMany_Fails()
    {
        var order = OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 50_000m) with { IcebergQuantity = 0.05m };

        var ex = Assert.Throws<FilterViolationException>(() => Btc().ValidateOrder(order));

        Assert.Equal("ICEBERG_PARTS", ex.FilterType);
    }

    [Theory]
    [InlineData(SymbolStatus.Break)]
    [InlineData(SymbolStatus.Halt)]
    [InlineData(SymbolStatus.CancelOnly)]
    [InlineData(SymbolStatus.Unknown)]
    public void NotTrading_IsReported_NotTradedInto(SymbolStatus status)
    {
        var ex = Assert.Throws<SymbolNotTradingException>(() => Btc(status).ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 50_000m)));

        Assert.Equal(status, ex.Status);
        Assert.Contains("not trading", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeOrZeroValues_Fail()
    {
        Assert.Throws<ExchangeValidationException>(() => Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, -1m, 50_000m)));
        Assert.Throws<ExchangeValidationException>(() => Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 1m, 0m)));
    }

    [Fact]
    public void MissingPriceOrBothQuantities_Fail()
    {
        Assert.Throws<ExchangeValidationException>(() => Btc().ValidateOrder(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Limit) { Quantity = 1m }));
        Assert.Throws<ExchangeValidationException>(() => Btc().ValidateOrder(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.Market) { Quantity = 1m, QuoteQuantity = 10m }));
        Assert.Throws<ExchangeValidationException>(() => Btc().ValidateOrder(new OrderRequest("BTCUSDT", OrderSide.Buy, OrderType.TakeProfit) { Quantity = 1m, StopPrice = 1m }));
    }

    [Theory]
    [InlineData(50_000.016, RoundingMode.Nearest, 50_000.02)]
    [InlineData(50_000.016, RoundingMode.Down, 50_000.01)]
    [InlineData(50_000.011, RoundingMode.Up, 50_000.02)]
    [InlineData(50_000.01, RoundingMode.Up, 50_000.01)]
    public void RoundPrice_ToTick(decimal price, RoundingMode mode, decimal expected)
    {
        Assert.Equal(expected, Btc().RoundPrice(price, mode));
    }

    [Theory]
    [InlineData(0.123456789, 0.12345)]
    [InlineData(1.000009, 1)]
    public void RoundQuantity_DownToStep(decimal qty, decimal expected)
    {
        var rounded = Btc().RoundQuantity(qty);

        Assert.Equal(expected, rounded);
        Btc().ValidateOrder(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, rounded, 50_000m));
    }

    [Fact]
    public void RoundedValues_AreNormalized_ForTheWire()
    {
        Assert.Equal("0.12345", Btc().RoundQuantity(0.123456789m).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
