using System.Text;
using CsCheck;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams;

/// <summary>
/// The fast path of combined trade and depth frames (<see cref="FastFrameScanner"/>) against the general reader
/// (<see cref="StreamMessageParser.ParseWithReader"/>): whatever the fast path accepts must come out exactly as the
/// general reader reads it, and everything else must be left to the general reader.
/// </summary>
public sealed class FastFrameScannerTests
{
    // Binance's example trade payload (web-socket-streams.md, "Trade Streams"), in a combined frame.
    private const string Example = """{"stream":"bnbbtc@trade","data":{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}}""";

    private static readonly byte[] Interesting = "\"\\,:{}[] -+.0123456789eEtrufalsn\u0001"u8.ToArray().Concat(new byte[] { 0xC3, 0xA9, 0x7F, 0x09 }).ToArray();

    private readonly StreamRouteTable _routes = Routes();

    [Fact]
    public void Binance_example_frame_takes_the_fast_path_and_reads_like_the_general_reader()
    {
        var frame = Encoding.UTF8.GetBytes(Example);

        Assert.True(FastFrameScanner.TryParse(frame, _routes, out var fast));
        var general = StreamMessageParser.ParseWithReader(frame, _routes);
        Assert.Equal(StreamMessageKind.Trade, general.Kind);
        Assert.Equal(general, fast);
        var trade = Assert.IsType<TradeUpdate>(fast.Payload);
        Assert.Equal(new TradeUpdate("BNBBTC", 12345, 0.001m, 100m, DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), true), trade);
        Assert.Same(_routes.Resolve("bnbbtc@trade"u8)!.Symbol, trade.Symbol); // the route's cached symbol, not a new string
    }

    [Theory]
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC","t":1,"p":"-0.001","q":"100","T":1,"m":true}}""")] // negative price: the general reader reports it
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"aggTrade","E":1,"s":"BNBBTC","t":1,"p":"0.001","q":"100","T":1,"m":true}}""")] // wrong event
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"ETHBTC","t":1,"p":"0.001","q":"100","T":1,"m":true}}""")] // another symbol
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC","p":"0.001","q":"100","T":1,"m":true}}""")] // no id
    [InlineData("""{"stream":"bnbbtc@trade", "data":{"e":"trade","E":1,"s":"BNBBTC","t":1,"p":"0.001","q":"100","T":1,"m":true}}""")] // whitespace
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNB\u0042TC","t":1,"p":"0.001","q":"100","T":1,"m":true}}""")] // an escape
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC","t":01,"p":"0.001","q":"100","T":1,"m":true}}""")] // not a JSON number
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC","t":1,"p":"0.001","q":"100","T":1,"m":true},"id":1}""")] // more members
    [InlineData("""{"stream":"ethbtc@trade","data":{"e":"trade","E":1,"s":"ETHBTC","t":1,"p":"0.001","q":"100","T":1,"m":true}}""")] // nobody subscribed
    [InlineData("""{"stream":"bnbbtc@aggTrade","data":{"e":"aggTrade","E":1,"s":"BNBBTC","a":1,"p":"0.001","q":"100","f":1,"l":1,"T":1,"m":true}}""")] // another kind
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC","t":1,"p":"0.001","q":"100","T":1,"m":true,"x":{"y":1}}}""")] // a nested value
    [InlineData("""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC","t":99999999999999999999,"p":"0.001","q":"100","T":1,"m":true}}""")] // id overflows
    [InlineData("""{"stream":"bnbbtc@depth5@100ms","data":{"lastUpdateId":160,"bids":[["0.0024","10","x"]],"asks":[]}}""")] // an extra element
    [InlineData("""{"stream":"bnbbtc@depth5@100ms","data":{"lastUpdateId":160,"bids":[["0.0024","-10"]],"asks":[]}}""")] // negative quantity
    [InlineData("""{"stream":"bnbbtc@depth5@100ms","data":{"lastUpdateId":160,"bids":[["0.0024",10]],"asks":[]}}""")] // a number, not a string
    [InlineData("""{"stream":"bnbbtc@depth5@100ms","data":{"lastUpdateId":160,"bids":[]}}""")] // no asks
    [InlineData("""{"stream":"bnbbtc@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BNBBTC","U":157,"b":[],"a":[]}}""")] // no u
    [InlineData("""{"stream":"bnbbtc@depth@100ms","data":{"e":"trade","E":1,"s":"BNBBTC","U":157,"u":160,"b":[],"a":[]}}""")] // wrong event
    [InlineData("""{"stream":"bnbbtc@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BNBBTC","U":157,"u":160,"b":[["1","2"],],"a":[]}}""")] // trailing comma
    public void Frames_outside_the_exact_form_or_with_wrong_content_are_left_to_the_general_reader(string json)
    {
        var frame = Encoding.UTF8.GetBytes(json);

        Assert.False(FastFrameScanner.TryParse(frame, _routes, out _));
        AssertSame(StreamMessageParser.ParseWithReader(frame, _routes), StreamMessageParser.Parse(frame, _routes));
    }

    [Fact]
    public void Generated_trade_frames_read_the_same_on_both_paths_and_the_fast_path_takes_the_exact_ones()
    {
        var fastTaken = 0;
        var generated = 0;
        GenFrame.Sample(
            sample =>
            {
                var frame = Encoding.UTF8.GetBytes(sample.Json);
                var general = StreamMessageParser.ParseWithReader(frame, _routes);
                var parsed = StreamMessageParser.Parse(frame, _routes);
                AssertSame(general, parsed);
                var taken = FastFrameScanner.TryParse(frame, _routes, out _);
                if (sample.Exact && general.Kind == StreamMessageKind.Trade)
                {
                    Assert.True(taken, sample.Json); // a frame in Binance's exact form with good content must not fall back
                }

                Interlocked.Increment(ref generated);
                if (taken)
                {
                    Interlocked.Increment(ref fastTaken);
                }
            },
            iter: 5_000);

        Assert.True(fastTaken > generated / 20, $"only {fastTaken} of {generated} frames took the fast path"); // most generated frames have a bad field on purpose
    }

    [Fact]
    public void Mutated_frames_read_the_same_on_both_paths()
    {
        var gen = from sample in GenFrame
                  from edits in Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Int[0, Interesting.Length - 1]).Array[1, 3]
                  select (sample.Json, Edits: edits);
        gen.Sample(
            item =>
            {
                var frame = Mutate(item.Json, item.Edits);
                AssertSame(StreamMessageParser.ParseWithReader(frame, _routes), StreamMessageParser.Parse(frame, _routes));
            },
            iter: 20_000);
    }

    [Fact]
    public void Binance_example_depth_frames_take_the_fast_path_and_read_like_the_general_reader()
    {
        // Binance's examples (web-socket-streams.md, "Partial Book Depth Streams" and "Diff. Depth Stream").
        var partial = Encoding.UTF8.GetBytes("""{"stream":"bnbbtc@depth5@100ms","data":{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}}""");
        var diff = Encoding.UTF8.GetBytes("""{"stream":"bnbbtc@depth@100ms","data":{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}}""");

        Assert.True(FastFrameScanner.TryParse(partial, _routes, out var fastPartial));
        Assert.True(FastFrameScanner.TryParse(diff, _routes, out var fastDiff));
        AssertSame(StreamMessageParser.ParseWithReader(partial, _routes), fastPartial);
        AssertSame(StreamMessageParser.ParseWithReader(diff, _routes), fastDiff);
        var book = Assert.IsType<PartialDepthUpdate>(fastPartial.Payload);
        Assert.Equal(("BNBBTC", 160L, new OrderBookLevel(0.0024m, 10m), new OrderBookLevel(0.0026m, 100m)), (book.Symbol, book.LastUpdateId, Assert.Single(book.Bids), Assert.Single(book.Asks)));
        var update = Assert.IsType<DepthUpdate>(fastDiff.Payload);
        Assert.Equal((157L, 160L, 1672515782136L), (update.FirstUpdateId, update.FinalUpdateId, update.EventTime.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Generated_and_mutated_depth_frames_read_the_same_on_both_paths()
    {
        var taken = 0;
        var gen = from depth in GenDepthFrame
                  from edits in Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Int[0, Interesting.Length - 1]).Array[0, 2]
                  select (depth, edits);
        gen.Sample(
            item =>
            {
                var frame = Mutate(item.depth, item.edits);
                var general = StreamMessageParser.ParseWithReader(frame, _routes);
                AssertSame(general, StreamMessageParser.Parse(frame, _routes));
                if (FastFrameScanner.TryParse(frame, _routes, out _))
                {
                    Interlocked.Increment(ref taken);
                }
                else if (item.edits.Length == 0)
                {
                    Assert.NotEqual(StreamMessageKind.Depth, general.Kind); // an unedited good frame must not fall back
                    Assert.NotEqual(StreamMessageKind.PartialDepth, general.Kind);
                }
            },
            iter: 10_000);

        Assert.True(taken > 1_000, $"only {taken} frames took the fast path");
    }

    private static Gen<string> GenLevels =>
        Gen.Select(GenGoodDecimal, GenGoodDecimal).Array[0, 60].Select(levels => "[" + string.Join(",", levels.Select(l => $"[\"{l.Item1}\",\"{l.Item2}\"]")) + "]");

    private static Gen<string> GenDepthFrame => Gen.OneOf(
        from id in Gen.Long[0, long.MaxValue]
        from bids in GenLevels
        from asks in GenLevels
        from stream in Gen.OneOf(Gen.Const("bnbbtc@depth5@100ms"), Gen.Const("bnbbtc@depth20"))
        select $$$"""{"stream":"{{{stream}}}","data":{"lastUpdateId":{{{id}}},"bids":{{{bids}}},"asks":{{{asks}}}}}""",
        from first in Gen.Long[0, 1_000_000]
        from count in Gen.Long[0, 100]
        from eventTime in Gen.Long[1_600_000_000_000, 1_800_000_000_000]
        from bids in GenLevels
        from asks in GenLevels
        from stream in Gen.OneOf(Gen.Const("bnbbtc@depth@100ms"), Gen.Const("bnbbtc@depth"))
        select $$$"""{"stream":"{{{stream}}}","data":{"e":"depthUpdate","E":{{{eventTime}}},"s":"BNBBTC","U":{{{first}}},"u":{{{first + count}}},"b":{{{bids}}},"a":{{{asks}}}}}""");

    /// <summary>The frame's bytes with each edit applied: (0) a byte replaced, (1) a byte removed, (2) a byte inserted.</summary>
    private static byte[] Mutate(string json, (int Op, int Position, int Pick)[] edits)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        foreach (var (op, position, pick) in edits)
        {
            var at = position % (bytes.Count + 1);
            switch (op)
            {
                case 0 when at < bytes.Count: bytes[at] = Interesting[pick]; break;
                case 1 when at < bytes.Count: bytes.RemoveAt(at); break;
                default: bytes.Insert(at, Interesting[pick]); break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Same message: kind, name, route, error, and the payload field by field (levels element by element).</summary>
    private static void AssertSame(StreamMessage expected, StreamMessage actual)
    {
        Assert.Equal((expected.Kind, expected.StreamName, expected.Error, expected.ErrorCode, expected.ControlId), (actual.Kind, actual.StreamName, actual.Error, actual.ErrorCode, actual.ControlId));
        Assert.Same(expected.Route, actual.Route);
        switch (expected.Payload)
        {
            case DepthUpdate e:
                var a = Assert.IsType<DepthUpdate>(actual.Payload);
                Assert.Equal((e.Symbol, e.FirstUpdateId, e.FinalUpdateId, e.EventTime), (a.Symbol, a.FirstUpdateId, a.FinalUpdateId, a.EventTime));
                Assert.Equal(e.Bids, a.Bids);
                Assert.Equal(e.Asks, a.Asks);
                break;
            case PartialDepthUpdate e:
                var p = Assert.IsType<PartialDepthUpdate>(actual.Payload);
                Assert.Equal((e.Symbol, e.LastUpdateId), (p.Symbol, p.LastUpdateId));
                Assert.Equal(e.Bids, p.Bids);
                Assert.Equal(e.Asks, p.Asks);
                break;
            default:
                Assert.Equal(expected.Payload, actual.Payload);
                break;
        }
    }

    /// <summary>Trade frames: Binance's exact form (<c>Exact</c>) or with whitespace, escapes, string numbers, reordered or extra members.</summary>
    private static Gen<(string Json, bool Exact)> GenFrame =>
        from id in Gen.OneOf(Gen.Long[0, 10], Gen.Long, Gen.Long[-5, 5])
        from price in GenDecimal
        from quantity in GenDecimal
        from time in Gen.OneOf(Gen.Long[1_600_000_000_000, 1_800_000_000_000], Gen.Long[1_600_000_000_000_000, 1_800_000_000_000_000], Gen.Long)
        from eventTime in Gen.OneOf(Gen.Long[1_600_000_000_000, 1_800_000_000_000], Gen.Long[-3, 3])
        from maker in Gen.Bool
        from withEvent in Gen.Bool
        from withEventTime in Gen.Bool
        from extra in Gen.OneOf(Gen.Const(string.Empty), Gen.Const("\"M\":true"), Gen.Const("\"M\":null"), Gen.Const("\"x\":\"y\""), Gen.Const("\"X\":-1"), Gen.Const("\"long\":1"))
        from shuffle in Gen.Int[0, 1000]
        from style in Gen.Int[0, 9]
        select Frame(id, price, quantity, time, eventTime, maker, withEvent, withEventTime, extra, shuffle, style);

    private static Gen<string> GenGoodDecimal => Gen.OneOf(
        Gen.Const("0.00100000"),
        Gen.Const("0"),
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 18]).Select((m, s) => new decimal(m) / (decimal)Math.Pow(10, s)).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Gen<string> GenDecimal => Gen.OneOf(
        Gen.Const("0.00100000"),
        Gen.Const("100"),
        Gen.Const("0"),
        Gen.Const("-0"),
        Gen.Const("1e5"),
        Gen.Const(""),
        Gen.Const("79228162514264337593543950336"),
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 18]).Select((m, s) => new decimal(m) / (decimal)Math.Pow(10, s)).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static (string Json, bool Exact) Frame(long id, string price, string quantity, long time, long eventTime, bool maker, bool withEvent, bool withEventTime, string extra, int shuffle, int style)
    {
        var members = new List<string>();
        if (withEvent)
        {
            members.Add("\"e\":\"trade\"");
        }

        if (withEventTime)
        {
            members.Add($"\"E\":{eventTime}");
        }

        members.Add("\"s\":\"BNBBTC\"");
        members.Add($"\"t\":{id}");
        members.Add($"\"p\":\"{price}\"");
        members.Add($"\"q\":\"{quantity}\"");
        members.Add($"\"T\":{time}");
        members.Add($"\"m\":{(maker ? "true" : "false")}");
        if (extra.Length > 0)
        {
            members.Add(extra);
        }

        var exact = extra != "\"long\":1";
        if (shuffle % 3 == 0)
        {
            var random = new Random(shuffle);
            members = [.. members.OrderBy(_ => random.Next())];
        }

        var data = "{" + string.Join(",", members) + "}";
        switch (style)
        {
            case 1: // whitespace
                data = data.Replace(",", ", ", StringComparison.Ordinal);
                exact = false;
                break;
            case 2: // an escaped symbol
                data = data.Replace("BNBBTC", "BNB\\u0042TC", StringComparison.Ordinal);
                exact = false;
                break;
            case 3: // the id as a string
                data = data.Replace($"\"t\":{id}", $"\"t\":\"{id}\"", StringComparison.Ordinal);
                exact = false;
                break;
            case 4: // data first
                return ("{\"data\":" + data + ",\"stream\":\"bnbbtc@trade\"}", false);
        }

        return ("{\"stream\":\"bnbbtc@trade\",\"data\":" + data + "}", exact);
    }

    private static StreamRouteTable Routes()
    {
        var routes = new StreamRouteTable();
        routes.Set(new StreamRoute("bnbbtc@trade", StreamMessageKind.Trade));
        routes.Set(new StreamRoute("bnbbtc@aggTrade", StreamMessageKind.AggregateTrade));
        routes.Set(new StreamRoute("bnbbtc@depth", StreamMessageKind.Depth));
        routes.Set(new StreamRoute("bnbbtc@depth@100ms", StreamMessageKind.Depth));
        routes.Set(new StreamRoute("bnbbtc@depth20", StreamMessageKind.PartialDepth));
        routes.Set(new StreamRoute("bnbbtc@depth5@100ms", StreamMessageKind.PartialDepth));
        return routes;
    }
}
