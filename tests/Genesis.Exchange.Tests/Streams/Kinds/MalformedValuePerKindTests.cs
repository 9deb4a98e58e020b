using System.Text;
using Genesis.Exchange.Binance.Streams;
using static Genesis.Exchange.Tests.Streams.Kinds.KindFixtures;

namespace Genesis.Exchange.Tests.Streams.Kinds;

/// <summary>For every stream kind, a malformed value (NaN, exponent, negative price, wrong type) makes only that frame malformed.</summary>
public sealed class MalformedValuePerKindTests
{
    private const string Trade = """{"e":"trade","E":1,"s":"BNBBTC","t":1,"p":"@P","q":"1","T":1,"m":true}""";
    private const string AggTrade = """{"e":"aggTrade","E":1,"s":"BNBBTC","a":1,"p":"@P","q":"1","f":1,"l":1,"T":1,"m":true}""";
    private const string BlockTrade = """{"e":"blockTrade","E":1,"s":"BNBBTC","t":1,"p":"@P","q":"1","T":1,"m":true}""";
    private const string Depth = """{"e":"depthUpdate","E":1,"s":"BNBBTC","U":1,"u":2,"b":[["@P","1"]],"a":[]}""";
    private const string Partial = """{"lastUpdateId":1,"bids":[["@P","1"]],"asks":[]}""";
    private const string Kline = """{"e":"kline","E":1,"s":"BNBBTC","k":{"t":1,"T":2,"s":"BNBBTC","i":"1m","o":"@P","c":"1","h":"1","l":"1","v":"1","n":1,"x":false,"q":"1","V":"1","Q":"1"}}""";
    private const string Ticker = """{"e":"24hrTicker","E":1,"s":"BNBBTC","p":"0","P":"0","w":"1","x":"1","c":"@P","Q":"1","b":"1","B":"1","a":"1","A":"1","o":"1","h":"1","l":"1","v":"1","q":"1","O":0,"C":1,"F":0,"L":1,"n":1}""";
    private const string Mini = """{"e":"24hrMiniTicker","E":1,"s":"BNBBTC","c":"@P","o":"1","h":"1","l":"1","v":"1","q":"1"}""";
    private const string Rolling = """{"e":"1hTicker","E":1,"s":"BNBBTC","p":"0","P":"0","o":"1","h":"1","l":"1","c":"@P","w":"1","v":"1","q":"1","O":0,"C":1,"F":0,"L":1,"n":1}""";
    private const string BookTicker = """{"u":1,"s":"BNBBTC","b":"@P","B":"1","a":"1","A":"1"}""";
    private const string AvgPrice = """{"e":"avgPrice","E":1,"s":"BNBBTC","i":"5m","w":"@P","T":1}""";
    private const string RefPrice = """{"e":"referencePrice","s":"BNBBTC","r":"@P","t":1}""";

    public static TheoryData<string, string, string, string> Cases()
    {
        var kinds = new (string Stream, StreamMessageKind Kind, string Template)[]
        {
            ("bnbbtc@trade", StreamMessageKind.Trade, Trade),
            ("bnbbtc@aggTrade", StreamMessageKind.AggregateTrade, AggTrade),
            ("bnbbtc@blockTrade", StreamMessageKind.BlockTrade, BlockTrade),
            ("bnbbtc@depth@100ms", StreamMessageKind.Depth, Depth),
            ("bnbbtc@depth20@100ms", StreamMessageKind.PartialDepth, Partial),
            ("bnbbtc@kline_1s", StreamMessageKind.Kline, Kline),
            ("bnbbtc@ticker", StreamMessageKind.Ticker, Ticker),
            ("bnbbtc@miniTicker", StreamMessageKind.MiniTicker, Mini),
            ("bnbbtc@ticker_1h", StreamMessageKind.RollingWindowTicker, Rolling),
            ("bnbbtc@bookTicker", StreamMessageKind.BookTicker, BookTicker),
            ("bnbbtc@avgPrice", StreamMessageKind.AveragePrice, AvgPrice),
            ("bnbbtc@referencePrice", StreamMessageKind.ReferencePrice, RefPrice),
        };
        var bad = new (string Name, string Value)[]
        {
            ("NaN", "\"NaN\""),
            ("exponent", "\"1e3\""),
            ("negative", "\"-1.5\""),
            ("number instead of string", "1.5"),
            ("object", "{}"),
        };
        var data = new TheoryData<string, string, string, string>();
        foreach (var (stream, kind, template) in kinds)
        {
            foreach (var (name, value) in bad)
            {
                data.Add(stream, name, kind.ToString(), template.Replace("\"@P\"", value, StringComparison.Ordinal));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_MalformedValue_MakesOnlyThatFrameMalformed(string stream, string what, string kindName, string payload)
    {
        var kind = Enum.Parse<StreamMessageKind>(kindName);
        var good = payload.Replace(ValueOf(what), "\"1.5\"", StringComparison.Ordinal);
        var table = new StreamRouteTable();
        table.Set(new StreamRoute(stream, kind));

        var badRouted = StreamMessageParser.Parse(Wrap(stream, payload), table);
        var badLegacy = StreamMessageParser.Parse(Wrap(stream, payload));
        var next = StreamMessageParser.Parse(Wrap(stream, good), table);

        Assert.Equal(StreamMessageKind.Malformed, badRouted.Kind);
        Assert.Equal(stream, badRouted.StreamName);
        Assert.Equal(StreamMessageKind.Malformed, badLegacy.Kind);
        Assert.Equal(kind, next.Kind);
    }

    [Fact]
    public void Parse_MalformedValues_InEveryAllMarketElement_SkipsEachButKeepsTheFrame()
    {
        var frame = Wrap("!ticker_1d@arr", $"[{Rolling.Replace("1hTicker", "1dTicker", StringComparison.Ordinal).Replace("\"@P\"", "\"1e3\"", StringComparison.Ordinal)}]");

        var message = ParseRouted(frame, "!ticker_1d@arr", StreamMessageKind.RollingWindowTickerArray);

        Assert.Equal(StreamMessageKind.RollingWindowTickerArray, message.Kind);
        Assert.Equal(1, Assert.IsType<Genesis.Exchange.Models.RollingWindowTickerBatch>(message.Payload).SkippedCount);
    }

    private static string ValueOf(string what) => what switch
    {
        "NaN" => "\"NaN\"",
        "exponent" => "\"1e3\"",
        "negative" => "\"-1.5\"",
        "number instead of string" => "1.5",
        _ => "{}",
    };

    [Fact]
    public void Templates_WithAGoodValue_Parse()
    {
        // Guards the theory above: its payloads are malformed only through the value under test.
        foreach (var row in Cases())
        {
            var payload = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes((string)row[3]));
            Assert.NotEqual(StreamMessageKind.Malformed, StreamMessageParser.Parse(Wrap((string)row[0], payload.Replace(ValueOf((string)row[1]), "\"1\"", StringComparison.Ordinal))).Kind);
        }
    }
}
