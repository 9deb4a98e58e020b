using System.Text;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Tests.Streams.Kinds.KindFixtures;

namespace Genesis.Exchange.Tests.Streams.Kinds;

/// <summary>Each newly covered documented stream: the docs' example maps every field, raw, wrapped and routed.</summary>
public sealed class DocumentedKindsParsingTests
{
    [Fact]
    public void Parse_AveragePriceExample_MapsEveryField()
    {
        var expected = new AveragePriceUpdate("BTCUSDT", TimeSpan.FromMinutes(5), 25776.86m, Ms(1693907032213), Ms(1693907033000));
        var raw = Example("Average-Price");

        var bare = StreamMessageParser.Parse(raw);
        var routed = ParseRouted(Wrap("btcusdt@avgPrice", raw), "btcusdt@avgPrice", StreamMessageKind.AveragePrice);

        Assert.Equal(StreamMessageKind.AveragePrice, bare.Kind);
        Assert.Equal(expected, bare.Payload);
        Assert.Equal(StreamMessageKind.AveragePrice, routed.Kind);
        Assert.Equal(expected, routed.Payload);
    }

    [Fact]
    public void Parse_ReferencePriceExample_MapsEveryField()
    {
        var message = StreamMessageParser.Parse(Wrap("bazusd@referencePrice", Example("Reference-Price-Streams")));

        Assert.Equal(StreamMessageKind.ReferencePrice, message.Kind);
        Assert.Equal(new ReferencePriceUpdate("BAZUSD", 1.00m, Ms(1770313263917)), message.Payload);
    }

    [Fact]
    public void Parse_ReferencePrice_NullPriceMeansNoReferencePrice()
    {
        var message = StreamMessageParser.Parse("""{"e":"referencePrice","s":"BAZUSD","r":null,"t":1770313263917}"""u8);

        Assert.Equal(StreamMessageKind.ReferencePrice, message.Kind);
        Assert.Equal(new ReferencePriceUpdate("BAZUSD", null, Ms(1770313263917)), message.Payload);
    }

    [Fact]
    public void Parse_ReferencePrice_WithoutThePriceField_IsMalformed()
    {
        Assert.Equal(StreamMessageKind.Malformed, StreamMessageParser.Parse("""{"e":"referencePrice","s":"BAZUSD","t":1}"""u8).Kind);
    }

    [Fact]
    public void Parse_BlockTradeExample_MapsEveryField()
    {
        var message = ParseRouted(Wrap("bnbbtc@blockTrade", Example("Block-Trade-Streams")), "bnbbtc@blockTrade", StreamMessageKind.BlockTrade);

        Assert.Equal(StreamMessageKind.BlockTrade, message.Kind);
        Assert.Equal(new BlockTradeUpdate("BNBBTC", 582, 0.052m, 5838m, Ms(1772506983321), Ms(1772506983582), true), message.Payload);
    }

    [Fact]
    public void Parse_RollingWindowTickerExample_MapsEveryField()
    {
        var message = StreamMessageParser.Parse(Example("Individual-Symbol-Rolling-Window-Statistics-Streams"));

        Assert.Equal(StreamMessageKind.RollingWindowTicker, message.Kind);
        Assert.Equal(
            new RollingWindowTickerUpdate("BNBBTC", RollingWindow.OneHour, 0.0015m, 250.00m, 0.0010m, 0.0025m, 0.0010m, 0.0025m, 0.0018m, 10000m, 18m, Ms(0), Ms(1675216573749), 0, 18150, 18151, Ms(1672515782136)),
            message.Payload);
    }

    [Theory]
    [InlineData("4hTicker", RollingWindow.FourHours)]
    [InlineData("1dTicker", RollingWindow.OneDay)]
    public void Parse_RollingWindowTicker_TakesItsWindowFromTheEventType(string eventType, RollingWindow window)
    {
        var json = Encoding.UTF8.GetString(Example("Individual-Symbol-Rolling-Window-Statistics-Streams")).Replace("1hTicker", eventType, StringComparison.Ordinal);

        var message = StreamMessageParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(window, Assert.IsType<RollingWindowTickerUpdate>(message.Payload).Window);
    }

    [Fact]
    public void Parse_AllMarketExamples_AreArraysOfEmptyObjects_EachSkippedAndCounted()
    {
        // The docs show "[{}]" ("same as the single-symbol payload"): an element with no fields cannot be trusted.
        var minis = ParseRouted(Wrap("!miniTicker@arr", Example("All-Market-Mini-Tickers-Stream")), "!miniTicker@arr", StreamMessageKind.MiniTickerArray);
        var rolling = ParseRouted(Wrap("!ticker_1h@arr", Example("All-Market-Rolling-Window-Statistics-Streams")), "!ticker_1h@arr", StreamMessageKind.RollingWindowTickerArray);

        var miniBatch = Assert.IsType<MiniTickerBatch>(minis.Payload);
        Assert.Equal((0, 1), (miniBatch.Tickers.Count, miniBatch.SkippedCount));
        var batch = Assert.IsType<RollingWindowTickerBatch>(rolling.Payload);
        Assert.Equal((RollingWindow.OneHour, 0, 1), (batch.Window, batch.Tickers.Count, batch.SkippedCount));
    }

    [Fact]
    public void Parse_AllMiniTickers_DeliversOneRecordWithEveryGoodElement_AndCountsTheBadOne()
    {
        var mini = Encoding.UTF8.GetString(TestPaths.Example("web-socket-streams__Individual-Symbol-Mini-Ticker-Stream__Payload.json"));
        var bad = mini.Replace("\"0.0025\"", "\"NaN\"", StringComparison.Ordinal);
        var frame = Wrap("!miniTicker@arr", $"[{mini},{bad},{mini.Replace("BNBBTC", "ETHBTC", StringComparison.Ordinal)}]");

        var routed = ParseRouted(frame, "!miniTicker@arr", StreamMessageKind.MiniTickerArray);
        var legacy = StreamMessageParser.Parse(frame);

        foreach (var message in new[] { routed, legacy })
        {
            Assert.Equal(StreamMessageKind.MiniTickerArray, message.Kind);
            var batch = Assert.IsType<MiniTickerBatch>(message.Payload);
            Assert.Equal(["BNBBTC", "ETHBTC"], batch.Tickers.Select(t => t.Symbol));
            Assert.Equal(1, batch.SkippedCount);
            Assert.Equal(0.0025m, batch.Tickers[0].LastPrice);
        }
    }

    [Fact]
    public void Parse_AllRollingWindowTickers_SkipsABadElementAndOneOfAnotherWindow()
    {
        var one = Encoding.UTF8.GetString(Example("Individual-Symbol-Rolling-Window-Statistics-Streams"));
        var negative = one.Replace("\"0.0010\"", "\"-0.0010\"", StringComparison.Ordinal);
        var otherWindow = one.Replace("1hTicker", "4hTicker", StringComparison.Ordinal);
        var frame = Wrap("!ticker_1h@arr", $"[{one},{negative},{otherWindow},{one}]");

        var message = ParseRouted(frame, "!ticker_1h@arr", StreamMessageKind.RollingWindowTickerArray);

        var batch = Assert.IsType<RollingWindowTickerBatch>(message.Payload);
        Assert.Equal((RollingWindow.OneHour, 2, 2), (batch.Window, batch.Tickers.Count, batch.SkippedCount));
    }

    [Fact]
    public void Parse_AllMarketArray_WithBrokenJson_IsMalformedAsAWhole()
    {
        var message = ParseRouted(Wrap("!miniTicker@arr", """[{"e":"24hrMiniTicker","s":"X",]"""), "!miniTicker@arr", StreamMessageKind.MiniTickerArray);

        Assert.Equal(StreamMessageKind.Malformed, message.Kind);
    }

    [Fact]
    public void Parse_KlineWithTimezoneOffsetExample_MapsLikeTheUtcStream()
    {
        var utc = StreamMessageParser.Parse(Wrap("bnbbtc@kline_1m", TestPaths.Example("web-socket-streams__Kline-Candlestick-Streams-for-UTC__Payload.json")));
        var plus8 = ParseRouted(
            Wrap("bnbbtc@kline_1m@+08:00", TestPaths.Example("web-socket-streams__Kline-Candlestick-Streams-with-timezone-offset__Payload.json")),
            "bnbbtc@kline_1m@+08:00",
            StreamMessageKind.Kline);

        Assert.Equal(StreamMessageKind.Kline, plus8.Kind);
        Assert.Equal("BNBBTC", plus8.Route!.Symbol);
        Assert.Equal(utc.Payload, plus8.Payload);
    }

    [Theory]
    [MemberData(nameof(Intervals))]
    public void Parse_Kline_ReadsEveryDocumentedInterval(KlineInterval interval)
    {
        var json = Encoding.UTF8.GetString(TestPaths.Example("web-socket-streams__Kline-Candlestick-Streams-for-UTC__Payload.json"))
            .Replace("\"i\": \"1m\"", $"\"i\": \"{interval.ToWire()}\"", StringComparison.Ordinal);

        var message = ParseRouted(Wrap("bnbbtc@kline_" + interval.ToWire(), json), "bnbbtc@kline_" + interval.ToWire(), StreamMessageKind.Kline);

        Assert.Equal(interval, Assert.IsType<KlineUpdate>(message.Payload).Interval);
    }

    public static TheoryData<KlineInterval> Intervals() => [.. Enum.GetValues<KlineInterval>()];

    [Theory]
    [InlineData("btcusdt@depth5")]
    [InlineData("btcusdt@depth10@100ms")]
    [InlineData("btcusdt@depth20")]
    public void Parse_PartialDepth_TakesTheSymbolFromTheRoute(string stream)
    {
        var message = ParseRouted(Wrap(stream, TestPaths.Example("web-socket-streams__Partial-Book-Depth-Streams__Payload.json")), stream, StreamMessageKind.PartialDepth);

        var depth = Assert.IsType<PartialDepthUpdate>(message.Payload);
        Assert.Same(message.Route!.Symbol, depth.Symbol);
        Assert.Equal((160L, 0.0024m, 100m), (depth.LastUpdateId, depth.Bids[0].Price, depth.Asks[0].Quantity));
    }

    [Fact]
    public void Parse_Times_HonourMicroseconds()
    {
        var message = StreamMessageParser.Parse("""{"e":"avgPrice","E":1693907033000123,"s":"BTCUSDT","i":"5m","w":"1","T":1693907032213456}"""u8);

        var average = Assert.IsType<AveragePriceUpdate>(message.Payload);
        Assert.Equal(Ms(1693907032213).AddTicks(4560), average.LastTradeTime);
        Assert.Equal(Ms(1693907033000).AddTicks(1230), average.EventTime);
    }
}
