using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

public sealed class PriceTicksTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0.00000001", 1L)]
    [InlineData("1", 100_000_000L)]
    [InlineData("101.50", 10_150_000_000L)]
    [InlineData("101.500000000000", 10_150_000_000L)] // trailing zeros beyond 8 decimals are not precision
    [InlineData("92233720368.54775807", long.MaxValue)]
    public void TryFromPrice_ReturnsTicksOfOneHundredMillionth(string price, long expected)
    {
        Assert.True(PriceTicks.TryFromPrice(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), out var ticks));
        Assert.Equal(expected, ticks);
    }

    [Theory]
    [InlineData("0.000000001")] // nine decimals
    [InlineData("-1")]
    [InlineData("92233720368.54775808")] // one tick past long.MaxValue
    [InlineData("79228162514264337593543950335")]
    public void FromPrice_ThrowsMalformedResponse_WhenPriceIsNotRepresentable(string price)
    {
        var value = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(PriceTicks.TryFromPrice(value, out _));
        Assert.Throws<MalformedResponseException>(() => PriceTicks.FromPrice(value));
    }

    [Fact]
    public void TryFromPrice_KeepsOrder_ForDifferentScales()
    {
        Assert.True(PriceTicks.TryFromPrice(100.1m, out var a));
        Assert.True(PriceTicks.TryFromPrice(100.09999999m, out var b));

        Assert.True(a > b);
    }
}
