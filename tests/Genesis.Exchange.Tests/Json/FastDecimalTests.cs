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
    [InlineData("1e3")]
    [InlineData("1E-5")]
    [InlineData("12345678901234567890123e1")]
    public void Rejects_WhatIsNotANumber(string text)
    {
        Assert.False(FastDecimal.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    /// <summary>One strictness rule (issue 12): the REST parser, the stream parser and the reader agree on every input.</summary>
    [Theory]
    [InlineData("0.00100000", true)]
    [InlineData("27000.5", true)]
    [InlineData("12345678901234567890.5", true)]
    [InlineData("1e3", false)]
    [InlineData("NaN", false)]
    [InlineData("Infinity", false)]
    [InlineData(" 1", false)]
    [InlineData("1,5", false)]
    [InlineData("0x10", false)]
    [InlineData(@"\\u0031", false)]
    [InlineData(@"\u0031.5", true)]
    public void RestStreamsAndReader_ApplyTheSameRule(string json, bool isDecimal)
    {
        var token = System.Text.Encoding.UTF8.GetBytes("\"" + json + "\"");
        var reader = new System.Text.Json.Utf8JsonReader(token);
        reader.Read();
        var byReader = FastDecimal.TryRead(ref reader, out var readerValue);

        bool byRest;
        decimal restValue = 0;
        using (var doc = System.Text.Json.JsonDocument.Parse(token))
        {
            try
            {
                restValue = JsonValues.ToDecimal(doc.RootElement, "p");
                byRest = true;
            }
            catch (Genesis.Exchange.Errors.MalformedResponseException)
            {
                byRest = false;
            }
        }

        var frame = System.Text.Encoding.UTF8.GetBytes("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"" + json + "\",\"q\":\"1\",\"T\":1,\"m\":true,\"M\":true}}");
        var byStream = Genesis.Exchange.Binance.Streams.StreamMessageParser.Parse(frame).Kind != Genesis.Exchange.Binance.Streams.StreamMessageKind.Malformed;

        Assert.Equal(isDecimal, byReader);
        Assert.Equal(isDecimal, byRest);
        Assert.Equal(isDecimal, byStream);
        if (isDecimal)
        {
            Assert.Equal(readerValue, restValue);
        }
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
