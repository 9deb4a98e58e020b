using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams.Kinds;

/// <summary>The frames the mock and the fake server serve for the new kinds read back, through the parser, to the event written.</summary>
public sealed class StreamFrameWriterKindsTests
{
    // 456.7 µs past the millisecond: microsecond frames keep the microseconds, millisecond frames drop them.
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeMilliseconds(1_772_506_983_321).AddTicks(4_567);
    private static readonly DateTimeOffset TimeUs = DateTimeOffset.FromUnixTimeMilliseconds(1_772_506_983_321).AddTicks(4_560);
    private static readonly DateTimeOffset TimeMs = DateTimeOffset.FromUnixTimeMilliseconds(1_772_506_983_321);

    private static StreamMessage Read(object marketEvent, string stream, bool microseconds)
    {
        var (_, payload) = Assert.Single(StreamFrameWriter.For(marketEvent), f => f.Stream == stream);
        var table = new StreamRouteTable();
        var kind = stream switch
        {
            _ when stream.EndsWith("@blockTrade", StringComparison.Ordinal) => StreamMessageKind.BlockTrade,
            _ when stream.EndsWith("@avgPrice", StringComparison.Ordinal) => StreamMessageKind.AveragePrice,
            _ when stream.EndsWith("@referencePrice", StringComparison.Ordinal) => StreamMessageKind.ReferencePrice,
            _ when stream.StartsWith("!miniTicker", StringComparison.Ordinal) => StreamMessageKind.MiniTickerArray,
            _ when stream.StartsWith("!ticker_", StringComparison.Ordinal) => StreamMessageKind.RollingWindowTickerArray,
            _ when stream.Contains("@ticker_", StringComparison.Ordinal) => StreamMessageKind.RollingWindowTicker,
            _ => StreamMessageKind.Kline,
        };
        table.Set(new StreamRoute(stream, kind));
        Assert.True(StreamFrameWriter.CanServe(stream));
        return StreamMessageParser.Parse(StreamFrameWriter.Combined(stream, payload(microseconds)).Span, table);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BlockTrade_RoundTrips(bool microseconds)
    {
        var block = new BlockTradeUpdate("BNBBTC", 582, 0.052m, 5838m, Time, Time, true);

        var message = Read(block, "bnbbtc@blockTrade", microseconds);

        var t = microseconds ? TimeUs : TimeMs;
        Assert.Equal(block with { TradeTime = t, EventTime = t }, message.Payload);
    }

    [Fact]
    public void AveragePrice_RoundTrips()
    {
        var average = new AveragePriceUpdate("BTCUSDT", TimeSpan.FromMinutes(5), 25776.86m, Time, Time);

        var message = Read(average, "btcusdt@avgPrice", microseconds: true);

        Assert.Equal(average with { LastTradeTime = TimeUs, EventTime = TimeUs }, message.Payload);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1.00")]
    public void ReferencePrice_RoundTrips_WithOrWithoutAPrice(string? price)
    {
        var reference = new ReferencePriceUpdate("BAZUSD", price is null ? null : decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), TimeMs);

        var message = Read(reference, "bazusd@referencePrice", microseconds: false);

        Assert.Equal(reference, message.Payload);
    }

    [Fact]
    public void RollingWindowTicker_RoundTrips_OnItsStreamAndItsArray()
    {
        var ticker = new RollingWindowTickerUpdate("BNBBTC", RollingWindow.FourHours, -0.0015m, -2.5m, 0.0010m, 0.0025m, 0.0010m, 0.0025m, 0.0018m, 10000m, 18m, TimeMs, TimeMs, 0, 18150, 18151, TimeMs);

        var single = Read(ticker, "bnbbtc@ticker_4h", microseconds: false);
        var array = Read(ticker, "!ticker_4h@arr", microseconds: false);

        Assert.Equal(ticker, single.Payload);
        var batch = Assert.IsType<RollingWindowTickerBatch>(array.Payload);
        Assert.Equal((RollingWindow.FourHours, 0), (batch.Window, batch.SkippedCount));
        Assert.Equal(ticker, Assert.Single(batch.Tickers));
    }

    [Fact]
    public void Ticker_IsAlsoServedOnTheAllMiniTickersArray()
    {
        var ticker = new TickerUpdate(
            new Ticker24h("BNBBTC", 0m, 0m, 1m, 1m, 0.0025m, 1m, 1m, 1m, 1m, 1m, 0.0010m, 0.0025m, 0.0010m, 10000m, 18m, TimeMs, TimeMs, 0, 1, 2), TimeMs);

        var message = Read(ticker, "!miniTicker@arr", microseconds: false);

        var batch = Assert.IsType<MiniTickerBatch>(message.Payload);
        Assert.Equal(new MiniTickerUpdate("BNBBTC", 0.0025m, 0.0010m, 0.0025m, 0.0010m, 10000m, 18m, TimeMs), Assert.Single(batch.Tickers));
    }

    [Theory]
    [InlineData(KlineInterval.OneSecond, true)]
    [InlineData(KlineInterval.FourHours, true)]
    [InlineData(KlineInterval.SixHours, false)]
    [InlineData(KlineInterval.OneDay, false)]
    public void Kline_IsServedInUtc8_OnlyWhenItsBarsAreTheSameAsInUtc(KlineInterval interval, bool served)
    {
        var kline = new KlineUpdate("BNBBTC", interval, new Kline(TimeMs, 1m, 1m, 1m, 1m, 1m, TimeMs, 1m, 1, 1m, 1m), false, TimeMs);

        var streams = StreamFrameWriter.For(kline).Select(f => f.Stream).ToList();

        Assert.Equal(served, streams.Contains("bnbbtc@kline_" + interval.ToWire() + "@+08:00"));
        Assert.True(StreamFrameWriter.CanServe("bnbbtc@kline_" + interval.ToWire() + "@+08:00"));
    }

    [Theory]
    [InlineData("!miniTicker@arr")]
    [InlineData("!ticker_1h@arr")]
    [InlineData("!ticker_1d@arr")]
    [InlineData("btcusdt@blockTrade")]
    [InlineData("btcusdt@avgPrice")]
    [InlineData("btcusdt@referencePrice")]
    [InlineData("btcusdt@ticker_4h")]
    public void CanServe_EveryNewKind(string stream)
    {
        Assert.True(StreamFrameWriter.CanServe(stream));
    }

    [Theory]
    [InlineData("!ticker@arr")] // no longer documented
    [InlineData("!ticker_2h@arr")]
    [InlineData("btcusdt@ticker_2h")]
    public void CanServe_RefusesUndocumentedStreams(string stream)
    {
        Assert.False(StreamFrameWriter.CanServe(stream));
    }
}
