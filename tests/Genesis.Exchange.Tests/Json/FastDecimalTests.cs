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
    /// <summary>Random runs of digits around an optional dot, with an optional sign and occasional noise bytes inserted.</summary>
    private static readonly Gen<string> GenDecimalLike =
        from sign in Gen.OneOf(Gen.Const(""), Gen.Const(""), Gen.Const("-"), Gen.Const("+"))
        from integer in Gen.Char["0123456789"].Array[0, 30]
        from leadingZeros in Gen.Int[0, 3]
        from dot in Gen.Int[0, 3]
        from fractionLength in Gen.OneOf(Gen.Const(8), Gen.Int[0, 30])
        from fraction in Gen.Char["0123456789"].Array[fractionLength]
        from noisy in Gen.Int[0, 3]
        from edits in Gen.Select(Gen.Int[0, int.MaxValue], Gen.Char["0123456789.-+eE x"]).Array[1, 3]
        select Edit(sign + new string('0', leadingZeros == 0 ? 2 : 0) + new string(integer) + (dot == 0 ? "" : "." + new string(fraction)), noisy == 0 ? edits : []);

    private static string Edit(string text, (int Position, char Byte)[] edits)
    {
        foreach (var (position, c) in edits)
        {
            text = text.Insert(position % (text.Length + 1), c.ToString());
        }

        return text;
    }

    /// <summary>True when the parser and its byte loop (the rule, unchanged from before the SWAR path) agree: same flag and, when true, the same bits (value, sign, scale).</summary>
    private static bool SameAsReference(ReadOnlySpan<byte> text)
    {
        var parsed = FastDecimal.TryParse(text, out var value);
        var expected = FastDecimal.TryParseBytewise(text, out var expectedValue);
        return parsed == expected && (!parsed || decimal.GetBits(value).AsSpan().SequenceEqual(decimal.GetBits(expectedValue)));
    }

    [Fact]
    public void Agrees_WithTheReference_OnRandomDecimalLikeText()
    {
        GenDecimalLike.Sample(text => SameAsReference(Encoding.UTF8.GetBytes(text)), iter: 100_000);
    }

    [Fact]
    public void Agrees_WithTheReference_OnRandomBytes()
    {
        var genByte = Gen.Frequency((6, Gen.Byte[(byte)'0', (byte)'9']), (1, Gen.Byte), (1, Gen.OneOf(Gen.Const((byte)'.'), Gen.Const((byte)'-'), Gen.Const((byte)'+'))));
        genByte.Array[0, 24].Sample(bytes => SameAsReference(bytes), iter: 100_000);
    }

    /// <summary>Every byte value at every position of digit text 8, 16 and 19 digits long, with and without a dot: the SWAR digit check is exact per byte.</summary>
    [Fact]
    public void Agrees_WithTheReference_OnEveryByteAtEveryPosition()
    {
        foreach (var template in new[] { "12345678", "1234567890123456", "1234567890123456789", "1234567.12345678", "43251.17000000", "-0.00123000", "98765432.1234567" })
        {
            var bytes = Encoding.UTF8.GetBytes(template);
            for (var position = 0; position < bytes.Length; position++)
            {
                var original = bytes[position];
                for (var b = 0; b < 256; b++)
                {
                    bytes[position] = (byte)b;
                    Assert.True(SameAsReference(bytes), $"{template} with 0x{b:X2} at {position}");
                }

                bytes[position] = original;
            }
        }
    }

    [Theory]
    [InlineData("43251.17000000")]
    [InlineData("0.00123000")]
    [InlineData("100")]
    [InlineData("0")]
    [InlineData("12345678901.12345678")]
    [InlineData("1234567890.12345678")]
    [InlineData("99999999999.99999999")]
    [InlineData("9999999999999999999")]
    [InlineData("18446744073709551615")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    [InlineData("+43251.17000000")]
    [InlineData("-43251.17000000")]
    [InlineData("-0")]
    [InlineData("+0")]
    [InlineData("-0.00000000")]
    [InlineData("00000000000000000000000000000001.5")]
    [InlineData("0000000012345678.00000000")]
    [InlineData(".5")]
    [InlineData(".12345678")]
    [InlineData("5.")]
    [InlineData("12345678.")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("1-")]
    [InlineData("12345678-")]
    [InlineData("1.2.3")]
    [InlineData("12345678.12345678.1")]
    [InlineData("123456789012345678901234.5")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("1.00000000000000000000000000000")]
    [InlineData("1e3")]
    [InlineData("1E-5")]
    [InlineData("12345678e1")]
    [InlineData("1234567e1")]
    [InlineData("12345678901234567890123e1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1234567 ")]
    [InlineData("1234567:")]
    [InlineData("1234567/")]
    [InlineData("x")]
    public void Agrees_WithTheReference_OnEdgeCases(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var parsed = FastDecimal.TryParse(bytes, out var value);
        var expected = FastDecimal.TryParseBytewise(bytes, out var expectedValue);

        Assert.Equal(expected, parsed);
        Assert.Equal(decimal.GetBits(expectedValue), decimal.GetBits(value));
    }

    [Fact]
    public void Keeps_TheSignOfNegativeZero_AndTheScale()
    {
        Assert.True(FastDecimal.TryParse("-0.00000000"u8, out var value));
        Assert.Equal(decimal.GetBits(new decimal(0, 0, 0, true, 8)), decimal.GetBits(value));
        Assert.True(FastDecimal.TryParse("43251.17000000"u8, out value));
        Assert.Equal(decimal.GetBits(43251.17000000m), decimal.GetBits(value));
    }
}
