using System.Text;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams;

public sealed class StreamMessageParserTests
{
    private static StreamMessage Parse(string json) => StreamMessageParser.Parse(Encoding.UTF8.GetBytes(json));

    private static string Wrap(string stream, byte[] payload) => $"{{\"stream\":\"{stream}\",\"data\":{Encoding.UTF8.GetString(payload)}}}";

    [Fact]
    public void Parse_TradeExample_MapsEveryField()
    {
        var message = StreamMessageParser.Parse(TestPaths.Example("web-socket-streams__Trade-Streams__Payload.json"));

        Assert.Equal(StreamMessageKind.Trade, message.Kind);
        var trade = Assert.IsType<TradeUpdate>(message.Payload);
        Assert.Equal(
            new TradeUpdate("BNBBTC", 12345, 0.001m, 100m, DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), true),
            trade);
    }

    [Fact]
    public void Parse_AggregateTradeExample_MapsEveryField()
    {
        var message = StreamMessageParser.Parse(Encoding.UTF8.GetBytes(Wrap("bnbbtc@aggTrade", TestPaths.Example("web-socket-streams__Aggregate-Trade-Streams__Payload.json"))));

        Assert.Equal(StreamMessageKind.AggregateTrade, message.Kind);
        Assert.Equal("bnbbtc@aggTrade", message.StreamName);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1672515782136);
        Assert.Equal(new AggregateTradeUpdate("BNBBTC", 12345, 0.001m, 100m, 100, 105, time, time, true), message.Payload);
    }

    [Fact]
    public void Parse_BookTickerExample_MapsEveryField_WithOrWithoutTheCombinedWrapper()
    {
        var raw = TestPaths.Example("web-socket-streams__Individual-Symbol-Book-Ticker-Streams__Payload.json");

        var wrapped = StreamMessageParser.Parse(Encoding.UTF8.GetBytes(Wrap("bnbusdt@bookTicker", raw)));
        var bare = StreamMessageParser.Parse(raw);

        var expected = new BookTickerUpdate("BNBUSDT", 400900217, 25.3519m, 31.21m, 25.3652m, 40.66m);
        Assert.Equal(StreamMessageKind.BookTicker, wrapped.Kind);
        Assert.Equal(expected, wrapped.Payload);
        Assert.Equal(expected, bare.Payload);
    }

    [Fact]
    public void Parse_MiniTickerExample_MapsEveryField()
    {
        var message = StreamMessageParser.Parse(TestPaths.Example("web-socket-streams__Individual-Symbol-Mini-Ticker-Stream__Payload.json"));

        Assert.Equal(StreamMessageKind.MiniTicker, message.Kind);
        Assert.Equal(new MiniTickerUpdate("BNBBTC", 0.0025m, 0.0010m, 0.0025m, 0.0010m, 10000m, 18m, DateTimeOffset.FromUnixTimeMilliseconds(1672515782136)), message.Payload);
    }

    [Theory]
    [InlineData("{\"e\":\"24hrMiniTicker\",\"E\":1,\"s\":\"X\",\"c\":\"1e3\",\"o\":\"1\",\"h\":\"1\",\"l\":\"1\",\"v\":\"1\",\"q\":\"1\"}")]
    [InlineData("{\"e\":\"aggTrade\",\"E\":1,\"s\":\"X\",\"a\":1,\"p\":\"1\",\"q\":\"1\",\"f\":5,\"l\":4,\"T\":1,\"m\":true}")]
    [InlineData("{\"e\":\"aggTrade\",\"E\":1,\"s\":\"X\",\"a\":1,\"p\":\"-1\",\"q\":\"1\",\"f\":4,\"l\":4,\"T\":1,\"m\":true}")]
    [InlineData("{\"u\":1,\"s\":\"X\",\"b\":\"NaN\",\"B\":\"1\",\"a\":\"2\",\"A\":\"1\"}")]
    [InlineData("{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"B\":\"1\",\"a\":\"2\"}")]
    public void Parse_BadAggregateTradeOrBookTicker_IsMalformed_NotThrown(string json)
    {
        Assert.Equal(StreamMessageKind.Malformed, Parse(json).Kind);
    }

    [Fact]
    public void Parse_DiffDepthExample_MapsIdsAndLevels()
    {
        var message = StreamMessageParser.Parse(TestPaths.Example("web-socket-streams__Diff-Depth-Stream__Payload.json"));

        var depth = Assert.IsType<DepthUpdate>(message.Payload);
        Assert.Equal(("BNBBTC", 157L, 160L), (depth.Symbol, depth.FirstUpdateId, depth.FinalUpdateId));
        Assert.Equal([new OrderBookLevel(0.0024m, 10m)], depth.Bids);
        Assert.Equal([new OrderBookLevel(0.0026m, 100m)], depth.Asks);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), depth.EventTime);
    }

    [Fact]
    public void Parse_PartialDepthExampleInCombinedWrapper_TakesSymbolFromStreamName()
    {
        var json = Wrap("bnbbtc@depth20@100ms", TestPaths.Example("web-socket-streams__Partial-Book-Depth-Streams__Payload.json"));

        var message = Parse(json);

        Assert.Equal(StreamMessageKind.PartialDepth, message.Kind);
        Assert.Equal("bnbbtc@depth20@100ms", message.StreamName);
        var depth = Assert.IsType<PartialDepthUpdate>(message.Payload);
        Assert.Equal(("BNBBTC", 160L), (depth.Symbol, depth.LastUpdateId));
        Assert.Equal([new OrderBookLevel(0.0024m, 10m)], depth.Bids);
        Assert.Equal([new OrderBookLevel(0.0026m, 100m)], depth.Asks);
    }

    [Theory]
    [InlineData("web-socket-streams__Kline-Candlestick-Streams-for-UTC__Payload.json")]
    [InlineData("web-socket-streams__Kline-Candlestick-Streams-with-timezone-offset__Payload.json")]
    public void Parse_KlineExample_MapsKline(string file)
    {
        var message = StreamMessageParser.Parse(TestPaths.Example(file));

        var update = Assert.IsType<KlineUpdate>(message.Payload);
        Assert.Equal(("BNBBTC", KlineInterval.OneMinute, false), (update.Symbol, update.Interval, update.IsClosed));
        Assert.Equal(
            new Kline(
                DateTimeOffset.FromUnixTimeMilliseconds(1672515780000), 0.0010m, 0.0025m, 0.0015m, 0.0020m, 1000m,
                DateTimeOffset.FromUnixTimeMilliseconds(1672515839999), 1.0000m, 100, 500m, 0.500m),
            update.Kline);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), update.EventTime);
    }

    [Fact]
    public void Parse_TickerExample_MapsEveryField()
    {
        var message = StreamMessageParser.Parse(TestPaths.Example("web-socket-streams__Individual-Symbol-Ticker-Streams__Payload.json"));

        var update = Assert.IsType<TickerUpdate>(message.Payload);
        Assert.Equal(
            new Ticker24h(
                "BNBBTC", 0.0015m, 250.00m, 0.0018m, 0.0009m, 0.0025m, 10m, 0.0024m, 10m, 0.0026m, 100m, 0.0010m, 0.0025m, 0.0010m,
                10000m, 18m, DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.FromUnixTimeMilliseconds(86400000), 0, 18150, 18151),
            update.Ticker);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), update.EventTime);
    }

    [Theory]
    [InlineData("web-socket-streams__Server-Shutdown.json")]
    [InlineData("web-socket-streams__Server-Shutdown_1.json")]
    public void Parse_ServerShutdownExample_IsServerShutdown(string file)
    {
        Assert.Equal(StreamMessageKind.ServerShutdown, StreamMessageParser.Parse(TestPaths.Example(file)).Kind);
    }

    [Theory]
    [InlineData("web-socket-streams__Subscribe-to-a-stream_1.json", 1L)]
    [InlineData("web-socket-streams__Unsubscribe-to-a-stream_1.json", 312L)]
    public void Parse_ControlResponseExample_IsSuccessWithId(string file, long id)
    {
        var message = StreamMessageParser.Parse(TestPaths.Example(file));

        Assert.Equal((StreamMessageKind.ControlResponse, (long?)id, (string?)null), (message.Kind, message.ControlId, message.Error));
    }

    [Fact]
    public void Parse_ControlError_CarriesMessage()
    {
        var message = Parse("""{"code": 2, "msg": "Invalid request: too many parameters", "id": 7}""");

        Assert.Equal((StreamMessageKind.ControlResponse, (long?)7, "Invalid request: too many parameters", (int?)2), (message.Kind, message.ControlId, message.Error, message.ErrorCode));
    }

    [Theory]
    [InlineData("""{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":7}""")]
    [InlineData("""{"id":7,"error":{"msg":"Invalid request: invalid stream","code":2}}""")]
    public void Parse_WrappedControlError_CarriesCodeMessageAndId(string json)
    {
        var message = Parse(json);

        Assert.Equal((StreamMessageKind.ControlResponse, (long?)7, "Invalid request: invalid stream", (int?)2), (message.Kind, message.ControlId, message.Error, message.ErrorCode));
    }

    [Fact]
    public void Parse_ListSubscriptionsResult_IsControlResponse()
    {
        Assert.Equal(StreamMessageKind.ControlResponse, StreamMessageParser.Parse(TestPaths.Example("web-socket-streams__Listing-Subscriptions_1.json")).Kind);
    }

    [Fact]
    public void Parse_CombinedTrade_UnwrapsDataAndKeepsStreamName()
    {
        var message = Parse(Wrap("bnbbtc@trade", TestPaths.Example("web-socket-streams__Trade-Streams__Payload.json")));

        Assert.Equal(("bnbbtc@trade", 12345L), (message.StreamName, Assert.IsType<TradeUpdate>(message.Payload).TradeId));
    }

    [Fact]
    public void Parse_DataBeforeStreamName_StillUnwraps()
    {
        var message = Parse("{\"data\":" + Trades.Json(5) + ",\"stream\":\"btcusdt@trade\"}");

        Assert.Equal(("btcusdt@trade", StreamMessageKind.Trade), (message.StreamName, message.Kind));
    }

    [Fact]
    public void Parse_UnknownFieldsAndNestedValues_AreIgnored()
    {
        var message = Parse("""{"e":"trade","x":{"deep":[1,2,{"a":null}]},"s":"BTCUSDT","t":9,"p":"1.5","q":"2","T":1,"new":"field","m":true}""");

        Assert.Equal(1.5m, Assert.IsType<TradeUpdate>(message.Payload).Price);
    }

    [Theory]
    [InlineData("""{"e":"2hTicker","E":1,"s":"BNBBTC"}""")]
    [InlineData("""{"e":"somethingNew","E":1}""")]
    [InlineData("""[{"e":"24hrMiniTicker"}]""")]
    public void Parse_UnknownOrUncoveredEvent_IsIgnored(string json)
    {
        Assert.Equal(StreamMessageKind.Ignored, Parse(json).Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTC""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":1""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"NaN","q":"1","T":1}""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"-1.5","q":"1","T":1}""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1e5","q":"1","T":1}""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"-1","T":1}""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","p":"1","q":"1","T":1}""")]
    [InlineData("""{"e":"trade","s":"BTCUSDT","t":"abc","p":"1","q":"1","T":1}""")]
    [InlineData("""{"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"b":[["-0.1","1"]],"a":[]}""")]
    [InlineData("""{"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"b":"oops","a":[]}""")]
    [InlineData("""{"e":"kline","s":"BTCUSDT","k":{"t":1,"T":2,"i":"7x","o":"1","h":"1","l":"1","c":"1","v":"1"}}""")]
    [InlineData("""{"e":"24hrTicker","s":"BTCUSDT","c":"NaN"}""")]
    [InlineData("42")]
    [InlineData("")]
    public void Parse_BadMessage_IsMalformedWithReason(string json)
    {
        var message = Parse(json);

        Assert.Equal(StreamMessageKind.Malformed, message.Kind);
        Assert.False(string.IsNullOrEmpty(message.Error));
    }

    [Fact]
    public void Parse_TickerWithNegativeChange_IsAccepted()
    {
        var message = Parse("""{"e":"24hrTicker","E":1,"s":"BTCUSDT","p":"-12.5","P":"-1.25","c":"990"}""");

        var ticker = Assert.IsType<TickerUpdate>(message.Payload).Ticker;
        Assert.Equal((-12.5m, -1.25m, 990m), (ticker.PriceChange, ticker.PriceChangePercent, ticker.LastPrice));
    }

    [Fact]
    public void Parse_DecimalWithManyDigits_KeepsExactValue()
    {
        var message = Parse(Trades.Json(1, price: "0.00000001"));

        Assert.Equal(0.00000001m, Assert.IsType<TradeUpdate>(message.Payload).Price);
    }
}
