using System.Globalization;
using System.Text.Json;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>The mock's answers for the account endpoints of issue 12 part 2 (commission rates, …), from its engine's own state.</summary>
public sealed class MockAccountBreadthTests
{
    private readonly MockTestHarness _h = new(o =>
    {
        o.MakerCommissionRate = 0.0002m;
        o.TakerCommissionRate = 0.00075m;
    });

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public void AccountCommission_ReportsTheRatesTheEngineChargesOnFills()
    {
        var rates = _h.Json("account.commission", ("symbol", "btcusdt"));
        var placed = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.30000"), ("newClientOrderId", "c1"));

        Assert.Equal("BTCUSDT", rates.GetProperty("symbol").GetString());
        var standard = rates.GetProperty("standardCommission");
        Assert.Equal(0.0002m, Dec(standard, "maker"));
        Assert.Equal(0.00075m, Dec(standard, "taker"));
        var fills = placed.GetProperty("fills").EnumerateArray().ToArray();
        Assert.NotEmpty(fills);
        Assert.All(fills, f => Assert.Equal(decimal.Round(Dec(f, "qty") * Dec(standard, "taker"), 8, MidpointRounding.ToZero), Dec(f, "commission")));
    }

    [Fact]
    public void AccountCommission_AnswersEveryDocumentedObject_WithWhatTheEngineDoesNotCharge_AsZero()
    {
        var rates = _h.Json("account.commission", ("symbol", "ETHUSDT"));

        Assert.Equal(0m, Dec(rates.GetProperty("standardCommission"), "buyer"));
        Assert.Equal(0m, Dec(rates.GetProperty("standardCommission"), "seller"));
        foreach (var name in new[] { "specialCommission", "taxCommission" })
        {
            var o = rates.GetProperty(name);
            Assert.Equal([0m, 0m, 0m, 0m], new[] { Dec(o, "maker"), Dec(o, "taker"), Dec(o, "buyer"), Dec(o, "seller") });
        }

        var discount = rates.GetProperty("discount");
        Assert.False(discount.GetProperty("enabledForAccount").GetBoolean());
        Assert.False(discount.GetProperty("enabledForSymbol").GetBoolean());
        Assert.Equal("BNB", discount.GetProperty("discountAsset").GetString());
        Assert.Equal(0m, Dec(discount, "discount"));
    }

    [Fact]
    public void AccountCommission_UnknownSymbol_ReturnsMinus1121()
    {
        Assert.Equal((400, -1121, "Invalid symbol."), _h.Error("account.commission", ("symbol", "NOPEUSDT")));
    }

    [Fact]
    public void AccountCommission_WithoutSymbol_ReturnsMinus1102()
    {
        var (status, code, _) = _h.Error("account.commission");

        Assert.Equal((400, -1102), (status, code));
    }
}
