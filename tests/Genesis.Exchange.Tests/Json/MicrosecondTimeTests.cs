using System.Text;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Json;

/// <summary>
/// Times in microseconds (<c>X-MBX-TIME-UNIT: MICROSECOND</c>, <c>timeUnit=MICROSECOND</c>) are read to the tick by the
/// REST and the stream parsers; millisecond times read as before. Payloads are the docs' examples with their times in µs.
/// </summary>
public sealed class MicrosecondTimeTests
{
    // 2017-07-12T02:41:59.559123Z: the docs' serverTime 1499827319559 ms with 123 µs more.
    private const long ServerTimeMicroseconds = 1_499_827_319_559_123;

    private static DateTimeOffset Micro(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    private static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void ParseServerTime_KeepsTheMicroseconds_WhenTheServerAnswersInMicroseconds()
    {
        var time = BinanceResponseParser.ParseServerTime(Utf8($$"""{"serverTime":{{ServerTimeMicroseconds}}}"""));

        Assert.Equal(Micro(ServerTimeMicroseconds), time);
        Assert.Equal(5_590_000 + 1_230, time.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void ParseServerTime_ReadsMilliseconds_AsBefore()
    {
        var time = BinanceResponseParser.ParseServerTime(Utf8("""{"serverTime":1499827319559}"""));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559), time);
    }

    [Fact]
    public void ParseOrder_KeepsTheMicrosecondsOfTransactTimeAndUpdateTime()
    {
        // The docs' RESULT answer of POST /api/v3/order, times in µs.
        var order = BinanceResponseParser.ParseOrder(Utf8("""
            {"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP",
             "transactTime":1507725176595001,"price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000",
             "origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"10.00000000","status":"FILLED","timeInForce":"GTC",
             "type":"MARKET","side":"SELL","workingTime":1507725176595001,"selfTradePreventionMode":"NONE"}
            """));

        Assert.Equal(Micro(1_507_725_176_595_001), order.Time);
        Assert.Equal(Micro(1_507_725_176_595_001), order.UpdateTime);
    }

    [Fact]
    public void ParseTradesAndAggregateTrades_KeepTheMicroseconds()
    {
        var trades = BinanceResponseParser.ParseTrades(Utf8("""
            [{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590999,"isBuyerMaker":true,"isBestMatch":true}]
            """));
        var aggregates = BinanceResponseParser.ParseAggregateTrades(Utf8("""
            [{"a":26129,"p":"0.01633102","q":"4.70443515","f":27781,"l":27781,"T":1498793709153456,"m":true,"M":true}]
            """));

        Assert.Equal(Micro(1_499_865_549_590_999), trades[0].Time);
        Assert.Equal(Micro(1_498_793_709_153_456), aggregates[0].Time);
    }

    [Fact]
    public void ParseKlines_KeepsTheMicrosecondsOfOpenAndCloseTimes()
    {
        var klines = BinanceResponseParser.ParseKlines(Utf8("""
            [[1499040000000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999999,"2434.19055334",308,"1756.87402397","28.46694368","0"]]
            """));

        Assert.Equal(Micro(1_499_040_000_000_000), klines[0].OpenTime);
        Assert.Equal(Micro(1_499_644_799_999_999), klines[0].CloseTime);
    }

    [Fact]
    public void StreamTrade_KeepsTheMicrosecondsOfEventAndTradeTimes()
    {
        // The docs' trade stream payload on a timeUnit=MICROSECOND connection.
        var message = StreamMessageParser.Parse(Encoding.UTF8.GetBytes("""
            {"stream":"bnbbtc@trade","data":{"e":"trade","E":1672515782136001,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782135999,"m":true,"M":true}}
            """));

        Assert.Equal(StreamMessageKind.Trade, message.Kind);
        var trade = Assert.IsType<TradeUpdate>(message.Payload);
        Assert.Equal(Micro(1_672_515_782_135_999), trade.TradeTime);
        Assert.Equal(Micro(1_672_515_782_136_001), trade.EventTime);
    }

    [Fact]
    public void StreamKline_KeepsTheMicrosecondsOfItsTimes()
    {
        var message = StreamMessageParser.Parse(Encoding.UTF8.GetBytes("""
            {"e":"kline","E":1672515782136123,"s":"BNBBTC","k":{"t":1672515780000000,"T":1672515839999999,"s":"BNBBTC","i":"1m","f":100,"L":200,
             "o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}}
            """));

        var kline = Assert.IsType<KlineUpdate>(message.Payload);
        Assert.Equal(Micro(1_672_515_782_136_123), kline.EventTime);
        Assert.Equal(Micro(1_672_515_780_000_000), kline.Kline.OpenTime);
        Assert.Equal(Micro(1_672_515_839_999_999), kline.Kline.CloseTime);
    }

    [Fact]
    public void StreamTrade_ReadsMilliseconds_AsBefore()
    {
        var message = StreamMessageParser.Parse(Encoding.UTF8.GetBytes("""
            {"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}
            """));

        var trade = Assert.IsType<TradeUpdate>(message.Payload);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), trade.TradeTime);
    }

    [Theory]
    [InlineData(JsonValues.MaxMilliseconds, "2500-01-01T00:00:00.0000000+00:00")]
    [InlineData(JsonValues.MaxMilliseconds + 1, "1970-07-13T13:53:45.6000010+00:00")]
    [InlineData(253_402_300_799_999_999, "9999-12-31T23:59:59.9999990+00:00")]
    [InlineData(-1, "1969-12-31T23:59:59.9990000+00:00")]
    public void TryFromUnixTime_TellsMillisecondsFromMicrosecondsByMagnitude(long value, string expected)
    {
        Assert.True(JsonValues.TryFromUnixTime(value, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Fact]
    public void Times_BeyondTheRangeOfDates_AreMalformed_NotACrash()
    {
        Assert.False(JsonValues.TryFromUnixTime(253_402_300_800_000_000, out _));
        Assert.False(JsonValues.TryFromUnixTime(long.MinValue, out _));
        var rest = Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseServerTime(Utf8("""{"serverTime":9223372036854775807}""")));
        Assert.Contains("serverTime", rest.Message, StringComparison.Ordinal);
        var stream = StreamMessageParser.Parse(Encoding.UTF8.GetBytes("""{"e":"trade","E":1,"s":"BNBBTC","t":1,"p":"1","q":"1","T":9223372036854775807,"m":true}"""));
        Assert.Equal(StreamMessageKind.Malformed, stream.Kind);
    }
}
