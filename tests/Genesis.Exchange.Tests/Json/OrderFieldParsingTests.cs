using System.Text;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Json;

/// <summary>The fields of order, account and exchange-info responses the docs list beyond the examples' basics.</summary>
public sealed class OrderFieldParsingTests
{
    private static Order Order(string extraFields) => BinanceResponseParser.ParseOrder(Encoding.UTF8.GetBytes(
        "{\"symbol\":\"BTCUSDT\",\"orderId\":28,\"clientOrderId\":\"abc\",\"transactTime\":1507725176595" + extraFields + "}"));

    [Fact]
    public void StrategyIdAndType_KeepTheir64BitValues()
    {
        var order = Order(",\"strategyId\":9223372036854775807,\"strategyType\":4294967296");

        Assert.Equal(long.MaxValue, order.StrategyId);
        Assert.Equal(4_294_967_296L, order.StrategyType);
    }

    [Fact]
    public void FieldsTheResponseDoesNotCarry_AreNull()
    {
        var order = Order(string.Empty);

        Assert.Null(order.OrderListId);
        Assert.Null(order.WorkingTime);
        Assert.Null(order.IsWorking);
        Assert.Null(order.SelfTradePreventionMode);
        Assert.Null(order.RawSelfTradePreventionMode);
        Assert.Null(order.IcebergQuantity);
        Assert.Null(order.PreventedMatchId);
        Assert.Null(order.PreventedQuantity);
        Assert.Null(order.StrategyId);
        Assert.Null(order.StrategyType);
        Assert.Null(order.TrailingDelta);
        Assert.Null(order.TrailingTime);
        Assert.Null(order.UsedSor);
        Assert.Null(order.WorkingFloor);
        Assert.Null(order.PegPriceType);
        Assert.Null(order.PegOffsetType);
        Assert.Null(order.PegOffsetValue);
        Assert.Null(order.PeggedPrice);
        Assert.Null(order.ExpiryReason);
        Assert.Null(order.CancelClientOrderId);
        Assert.Null(order.OriginalQuoteQuantity);
    }

    [Fact]
    public void MinusOneTimes_MeanNotYet_AndAreNull()
    {
        var order = Order(",\"workingTime\":-1,\"trailingTime\":-1,\"isWorking\":false");

        Assert.Null(order.WorkingTime);
        Assert.Null(order.TrailingTime);
        Assert.False(order.IsWorking);
    }

    [Fact]
    public void UnknownEnumValues_AreUnknown_AndKeepTheWireString()
    {
        var order = Order(",\"selfTradePreventionMode\":\"EXPIRE_EVERYTHING\",\"workingFloor\":\"DARK_POOL\",\"pegPriceType\":\"MID_PEG\","
            + "\"pegOffsetType\":\"BASIS_POINTS\",\"expiryReason\":\"SOLAR_FLARE\"");

        Assert.Equal(SelfTradePreventionMode.Unknown, order.SelfTradePreventionMode);
        Assert.Equal("EXPIRE_EVERYTHING", order.RawSelfTradePreventionMode);
        Assert.Equal(WorkingFloor.Unknown, order.WorkingFloor);
        Assert.Equal("DARK_POOL", order.RawWorkingFloor);
        Assert.Equal(PegPriceType.Unknown, order.PegPriceType);
        Assert.Equal("MID_PEG", order.RawPegPriceType);
        Assert.Equal(PegOffsetType.Unknown, order.PegOffsetType);
        Assert.Equal("BASIS_POINTS", order.RawPegOffsetType);
        Assert.Equal(ExpiryReason.Unknown, order.ExpiryReason);
        Assert.Equal("SOLAR_FLARE", order.RawExpiryReason);
    }

    [Fact]
    public void CancelResponse_KeepsTheCanceledOrdersIdAndTheCancelRequestsId()
    {
        var order = Order(",\"origClientOrderId\":\"myOrder1\"");

        Assert.Equal("myOrder1", order.ClientOrderId);
        Assert.Equal("abc", order.CancelClientOrderId);
    }

    [Theory]
    [InlineData(",\"strategyId\":\"x\"")]
    [InlineData(",\"isWorking\":\"maybe\"")]
    [InlineData(",\"preventedQuantity\":\"-1\"")]
    [InlineData(",\"selfTradePreventionMode\":5")]
    [InlineData(",\"pegOffsetValue\":1.5")]
    public void WrongTypes_AreMalformed_NotDefaults(string field)
    {
        Assert.Throws<MalformedResponseException>(() => Order(field));
    }

    [Fact]
    public void AccountWithOnlyLegacyCommissions_HasNoCommissionRates()
    {
        var account = BinanceResponseParser.ParseAccount("""
            {"makerCommission":15,"takerCommission":15,"canTrade":true,"canWithdraw":true,"canDeposit":true,"accountType":"SPOT","balances":[]}
            """u8.ToArray());

        Assert.Null(account.CommissionRates);
        Assert.Equal(15, account.MakerCommissionBasisPoints);
        Assert.Null(account.BuyerCommissionBasisPoints);
        Assert.Null(account.Uid);
        Assert.Null(account.Brokered);
        Assert.Equal(0.0015m, account.MakerCommissionRate);
    }

    [Fact]
    public void ExchangeInfoWithoutSors_HasNullSors_AndAnUnknownStpModeIsKeptRaw()
    {
        var info = BinanceResponseParser.ParseExchangeInfo("""
            {"timezone":"UTC","symbols":[{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC",
             "defaultSelfTradePreventionMode":"EXPIRE_MAKER","allowedSelfTradePreventionModes":["EXPIRE_MAKER","NEW_MODE"]}]}
            """u8.ToArray());

        Assert.Null(info.Sors);
        Assert.Empty(info.ExchangeFilters);
        var eth = info.GetSymbol("ETHBTC");
        Assert.Equal(SelfTradePreventionMode.ExpireMaker, eth.DefaultSelfTradePreventionMode);
        Assert.Equal([SelfTradePreventionMode.ExpireMaker, SelfTradePreventionMode.Unknown], eth.AllowedSelfTradePreventionModes);
        Assert.Equal(["EXPIRE_MAKER", "NEW_MODE"], eth.RawAllowedSelfTradePreventionModes);
        Assert.Null(eth.OcoAllowed);
        Assert.Null(eth.QuotePrecision);
    }

    [Fact]
    public void ExchangeFilterThatCannotBeRead_IsKeptWhole_AndTheSymbolsStillParse()
    {
        var info = BinanceResponseParser.ParseExchangeInfo("""
            {"timezone":"UTC","exchangeFilters":[{"filterType":"EXCHANGE_MAX_NUM_ORDERS","maxNumOrders":1000},{"filterType":"EXCHANGE_MAX_NUM_ALGO_ORDERS","maxNumAlgoOrders":"lots"}],
             "symbols":[{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC"}],
             "sors":[{"baseAsset":"BTC","symbols":["BTCUSDT","BTCUSDC"]}]}
            """u8.ToArray());

        Assert.Equal(1000, Assert.IsType<ExchangeMaxNumOrdersFilter>(info.ExchangeFilters[0]).MaxNumOrders);
        var kept = Assert.IsType<UnknownFilter>(info.ExchangeFilters[1]);
        Assert.Equal("EXCHANGE_MAX_NUM_ALGO_ORDERS", kept.FilterType);
        Assert.Contains("\"lots\"", kept.RawJson, StringComparison.Ordinal);
        Assert.True(info.GetSymbol("ETHBTC").IsTrading);
        var sor = Assert.Single(info.Sors!);
        Assert.Equal("BTC", sor.BaseAsset);
        Assert.Equal(["BTCUSDT", "BTCUSDC"], sor.Symbols);
    }

    public static TheoryData<Type, string> WireNameLists() => new()
    {
        { typeof(SelfTradePreventionMode), nameof(BinanceEnums.SelfTradePreventionModeNames) },
        { typeof(PegPriceType), nameof(BinanceEnums.PegPriceTypeNames) },
        { typeof(PegOffsetType), nameof(BinanceEnums.PegOffsetTypeNames) },
        { typeof(WorkingFloor), nameof(BinanceEnums.WorkingFloorNames) },
        { typeof(ExpiryReason), nameof(BinanceEnums.ExpiryReasonNames) },
        { typeof(OrderType), nameof(BinanceEnums.OrderTypeNames) },
    };

    [Theory]
    [MemberData(nameof(WireNameLists))]
    public void EveryEnumMember_HasItsWireNameAtItsPosition(Type enumType, string listName)
    {
        var names = (WireNames)typeof(BinanceEnums).GetField(listName)!.GetValue(null)!;
        var members = Enum.GetNames(enumType).Where(n => n != "Unknown").ToList();

        Assert.Equal(members.Count, names.Names.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var pascal = string.Concat(names.Names[i].Split('_').Select(p => p[0] + p[1..].ToLowerInvariant()));
            Assert.Equal(members[i], pascal);
            Assert.Equal(i + 1, (int)Enum.Parse(enumType, members[i]));
        }
    }
}
