using System.Globalization;
using System.Text;
using CsCheck;
using Genesis.Exchange.Binance.Json;

namespace Genesis.Exchange.Tests.Json;

public sealed class FastDecimalTests
{
    [Theory]
    [InlineData("0.00000000")]
    [InlineData("4.00000200")]
    [InlineData("-94.99999800")]
    [InlineData("+1.5")]
    [InlineData("123456789.12345678")]
    [InlineData("9999999999999999999")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("12345678901234567890.5")]
    [InlineData("1e3")]
    [InlineData("5.")]
    [InlineData(".5")]
    public void Parses_LikeDecimalParse_IncludingScale(string text)
    {
        Assert.True(FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out var value));

        var expected = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Scale, value.Scale);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData(" 1")]
    [InlineData("1e400")]
    public void Rejects_WhatIsNotANumber(string text)
    {
        Assert.False(FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Agrees_WithDecimalParse_OnRandomBinanceStyleNumbers()
    {
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 18], Gen.Bool).Sample((mantissa, scale, negative) =>
        {
            var expected = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)scale);
            var text = expected.ToString(CultureInfo.InvariantCulture);

            return FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out var value) && value == expected && value.Scale == expected.Scale;
        }, iter: 20_000);
    }
}
