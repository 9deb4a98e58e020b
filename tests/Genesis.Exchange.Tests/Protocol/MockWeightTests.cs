using Genesis.Exchange.Tests.Mock;

namespace Genesis.Exchange.Tests.Protocol;

/// <summary>The mock charges what Binance charges: the descriptor's weight for the request's parameters, not the weight the caller declared.</summary>
public sealed class MockWeightTests
{
    private readonly MockTestHarness _h = new();

    [Fact]
    public void UsedWeightHeader_ChargesTheDocumentedWeight_NotTheDeclaredOne()
    {
        // MockTestHarness.Request declares weight 1 for every request; Binance charges 250 for a depth of 5000.
        var response = _h.Send("depth", ("symbol", "BTCUSDT"), ("limit", "5000"));

        Assert.Equal("250", response.Headers["X-MBX-USED-WEIGHT-1M"]);
    }

    [Fact]
    public void UsedWeightHeader_ChargesByParameters_ForOpenOrdersOfAllSymbols()
    {
        var response = _h.Send("openOrders");

        Assert.Equal("80", response.Headers["X-MBX-USED-WEIGHT-1M"]);
    }
}
