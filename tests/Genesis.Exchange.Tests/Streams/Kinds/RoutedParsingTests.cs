using System.Text;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Tests.Streams.Kinds.KindFixtures;

namespace Genesis.Exchange.Tests.Streams.Kinds;

/// <summary>The resolver API the dispatcher uses: cached routes and symbols, unroutable frames, field order.</summary>
public sealed class RoutedParsingTests
{
    private static readonly byte[] TradeFrame = Wrap("bnbbtc@trade", TestPaths.Example("web-socket-streams__Trade-Streams__Payload.json"));

    [Fact]
    public void Parse_WithResolver_DeliversTheRoutesCachedNameAndSymbol()
    {
        var table = new StreamRouteTable();
        var route = new StreamRoute("bnbbtc@trade", StreamMessageKind.Trade);
        table.Set(route);

        var message = StreamMessageParser.Parse(TradeFrame, table);

        Assert.Equal(StreamMessageKind.Trade, message.Kind);
        Assert.Same(route, message.Route);
        Assert.Same(route.Name, message.StreamName);
        Assert.Same(route.Symbol, Assert.IsType<TradeUpdate>(message.Payload).Symbol);
    }

    [Fact]
    public void Parse_WithResolver_AllocatesOnlyTheTradeRecord()
    {
        var table = new StreamRouteTable();
        table.Set(new StreamRoute("bnbbtc@trade", StreamMessageKind.Trade));
        StreamMessageParser.Parse(TradeFrame, table); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = StreamMessageParser.Parse(TradeFrame, table);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var record = new TradeUpdate("BNBBTC", 1, 1m, 1m, default, default, true);
        var oneRecord = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(StreamMessageKind.Trade, message.Kind);
        Assert.NotNull(record);
        Assert.Equal(oneRecord, allocated); // no stream name, no symbol, no buffers: the record only
    }

    [Fact]
    public void Parse_DiffDepthWithResolver_AllocatesTheRecordAndItsTwoLevelArraysOnly()
    {
        var levels = string.Join(',', Enumerable.Range(1, 10).Select(i => $"[\"{i}.5\",\"{i}\"]"));
        var frame = Encoding.UTF8.GetBytes($"{{\"stream\":\"bnbbtc@depth@100ms\",\"data\":{{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":1,\"u\":2,\"b\":[{levels}],\"a\":[{levels}]}}}}");
        var table = new StreamRouteTable();
        table.Set(new StreamRoute("bnbbtc@depth@100ms", StreamMessageKind.Depth));
        StreamMessageParser.Parse(frame, table); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = StreamMessageParser.Parse(frame, table);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var record = new DepthUpdate("BNBBTC", 1, 2, new OrderBookLevel[10], new OrderBookLevel[10], default);
        var expected = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((10, 10), (Assert.IsType<DepthUpdate>(message.Payload).Bids.Count, record.Asks.Count));
        Assert.Equal(expected, allocated);
    }

    [Fact]
    public void Parse_UnknownStream_IsUnroutable_WithoutReadingItsData()
    {
        var table = new StreamRouteTable();
        table.Set(new StreamRoute("ethbtc@trade", StreamMessageKind.Trade));

        // The data is broken: an unroutable frame is not read far enough to notice.
        var message = StreamMessageParser.Parse("""{"stream":"bnbbtc@trade","data":{"e":"trade","p":"NaN"""u8, table);

        Assert.Equal(StreamMessageKind.Unroutable, message.Kind);
    }

    [Fact]
    public void Parse_DataBeforeStream_IsReadAfterTheNameIsKnown()
    {
        var table = new StreamRouteTable();
        table.Set(new StreamRoute("bnbbtc@trade", StreamMessageKind.Trade));
        var payload = Encoding.UTF8.GetString(TestPaths.Example("web-socket-streams__Trade-Streams__Payload.json"));
        var frame = Encoding.UTF8.GetBytes($"{{\"data\":{payload},\"stream\":\"bnbbtc@trade\"}}");

        var routed = StreamMessageParser.Parse(frame, table);
        var legacy = StreamMessageParser.Parse(frame);

        Assert.Equal(12345, Assert.IsType<TradeUpdate>(routed.Payload).TradeId);
        Assert.Equal("bnbbtc@trade", legacy.StreamName);
        Assert.Equal(routed.Payload, legacy.Payload);
    }

    [Fact]
    public void Parse_EventOfAnotherKindOnARoute_IsMalformed()
    {
        var frame = Wrap("bnbbtc@trade", TestPaths.Example("web-socket-streams__Aggregate-Trade-Streams__Payload.json"));

        var message = ParseRouted(frame, "bnbbtc@trade", StreamMessageKind.Trade);

        Assert.Equal(StreamMessageKind.Malformed, message.Kind);
        Assert.Equal("bnbbtc@trade", message.StreamName);
    }

    [Fact]
    public void Parse_ServerShutdown_IsRecognisedThroughAResolverThatDoesNotKnowIt()
    {
        var message = StreamMessageParser.Parse(TestPaths.Example("web-socket-streams__Server-Shutdown_1.json"), new StreamRouteTable());

        Assert.Equal(StreamMessageKind.ServerShutdown, message.Kind);
    }

    [Fact]
    public void Parse_TruncatedAfterTheData_IsMalformed()
    {
        var frame = TradeFrame[..^1];

        Assert.Equal(StreamMessageKind.Malformed, ParseRouted(frame, "bnbbtc@trade", StreamMessageKind.Trade).Kind);
        Assert.Equal(StreamMessageKind.Malformed, StreamMessageParser.Parse(frame).Kind);
    }

    [Fact]
    public void Parse_PayloadNamingAnotherSymbol_KeepsThePayloadsSymbol()
    {
        var frame = Wrap("bnbbtc@trade", Encoding.UTF8.GetString(TestPaths.Example("web-socket-streams__Trade-Streams__Payload.json")).Replace("BNBBTC", "ETHBTC", StringComparison.Ordinal));

        var message = ParseRouted(frame, "bnbbtc@trade", StreamMessageKind.Trade);

        Assert.Equal("ETHBTC", Assert.IsType<TradeUpdate>(message.Payload).Symbol);
    }

    [Fact]
    public void RouteTable_ResolvesEscapedAndRemovedNames()
    {
        var table = new StreamRouteTable();
        table.Set(new StreamRoute("btcusdt@kline_1m@+08:00", StreamMessageKind.Kline));

        Assert.NotNull(table.Resolve("btcusdt@kline_1m@+08:00"u8));
        Assert.True(table.Remove("btcusdt@kline_1m@+08:00"));
        Assert.Null(table.Resolve("btcusdt@kline_1m@+08:00"u8));
    }
}
