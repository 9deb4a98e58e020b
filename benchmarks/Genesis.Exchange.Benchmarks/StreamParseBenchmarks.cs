using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// Parsing one combined-stream frame on one core (issue 13 targets: trade ≥ 2.5 M/s, depth20 ≥ 340 k/s, diff depth
/// 10+10 ≥ 600 k/s). Each kind has its "raw" baseline: a hand-written <see cref="Utf8JsonReader"/> loop reading the same
/// fields into the same record (decimals with <see cref="FastDecimal"/>, symbol cached), beside our parser through the
/// resolver (the dispatcher's API) and through the legacy <c>Parse(span)</c> (allocates the stream name and symbol).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StreamParseBenchmarks
{
    private const string TradeStream = "btcusdt@trade";
    private const string Depth20Stream = "btcusdt@depth20@100ms";
    private const string DiffStream = "btcusdt@depth@100ms";
    private readonly StreamRouteTable _routes = new();
    private byte[] _trade = null!;
    private byte[] _depth20 = null!;
    private byte[] _diff = null!;

    [GlobalSetup]
    public void Setup()
    {
        _routes.Set(new StreamRoute(TradeStream, StreamMessageKind.Trade));
        _routes.Set(new StreamRoute(Depth20Stream, StreamMessageKind.PartialDepth));
        _routes.Set(new StreamRoute(DiffStream, StreamMessageKind.Depth));
        _trade = Encoding.UTF8.GetBytes("""{"stream":"btcusdt@trade","data":{"e":"trade","E":1672515782136,"s":"BTCUSDT","t":3812345678,"p":"43251.17000000","q":"0.00123000","T":1672515782136,"m":true,"M":true}}""");
        _depth20 = Encoding.UTF8.GetBytes($$$"""{"stream":"btcusdt@depth20@100ms","data":{"lastUpdateId":48213405001,"bids":[{{{Levels(20, 43251.17m, -0.01m)}}}],"asks":[{{{Levels(20, 43251.18m, 0.01m)}}}]}}""");
        _diff = Encoding.UTF8.GetBytes($$$"""{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1672515782136,"s":"BTCUSDT","U":48213405001,"u":48213405020,"b":[{{{Levels(10, 43251.17m, -0.01m)}}}],"a":[{{{Levels(10, 43251.18m, 0.01m)}}}]}}""");
    }

    private static string Levels(int count, decimal start, decimal step) =>
        string.Join(',', Enumerable.Range(0, count).Select(i => $"[\"{(start + (i * step)).ToString("F8", System.Globalization.CultureInfo.InvariantCulture)}\",\"{(0.5m + (i * 0.125m)).ToString("F8", System.Globalization.CultureInfo.InvariantCulture)}\"]"));

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Trade")]
    public TradeUpdate Trade_RawReader() => RawTrade(_trade);

    [Benchmark]
    [BenchmarkCategory("Trade")]
    public object? Trade_Parser() => StreamMessageParser.Parse(_trade, _routes).Payload;

    [Benchmark]
    [BenchmarkCategory("Trade")]
    public object? Trade_ParserWithoutResolver() => StreamMessageParser.Parse(_trade).Payload;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Depth20")]
    public PartialDepthUpdate Depth20_RawReader() => RawPartialDepth(_depth20);

    [Benchmark]
    [BenchmarkCategory("Depth20")]
    public object? Depth20_Parser() => StreamMessageParser.Parse(_depth20, _routes).Payload;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Diff10")]
    public DepthUpdate Diff10_RawReader() => RawDiff(_diff);

    [Benchmark]
    [BenchmarkCategory("Diff10")]
    public object? Diff10_Parser() => StreamMessageParser.Parse(_diff, _routes).Payload;

    private static TradeUpdate RawTrade(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        reader.Read(); // "stream"
        reader.Read();
        reader.Read(); // "data"
        reader.Read(); // {
        long id = 0, time = 0, eventTime = 0;
        decimal price = 0, quantity = 0;
        var maker = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan[0];
            reader.Read();
            switch (name)
            {
                case (byte)'t': id = reader.GetInt64(); break;
                case (byte)'p': _ = FastDecimal.TryParse(reader.ValueSpan, out price); break;
                case (byte)'q': _ = FastDecimal.TryParse(reader.ValueSpan, out quantity); break;
                case (byte)'T': time = reader.GetInt64(); break;
                case (byte)'E': eventTime = reader.GetInt64(); break;
                case (byte)'m': maker = reader.TokenType == JsonTokenType.True; break;
            }
        }

        return new TradeUpdate("BTCUSDT", id, price, quantity, DateTimeOffset.FromUnixTimeMilliseconds(time), DateTimeOffset.FromUnixTimeMilliseconds(eventTime), maker);
    }

    private static PartialDepthUpdate RawPartialDepth(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        reader.Read();
        reader.Read();
        reader.Read();
        reader.Read();
        long id = 0;
        OrderBookLevel[] bids = [], asks = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("lastUpdateId"u8))
            {
                reader.Read();
                id = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("bids"u8))
            {
                bids = RawLevels(ref reader);
            }
            else
            {
                asks = RawLevels(ref reader);
            }
        }

        return new PartialDepthUpdate("BTCUSDT", id, bids, asks);
    }

    private static DepthUpdate RawDiff(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        reader.Read();
        reader.Read();
        reader.Read();
        reader.Read();
        long first = 0, last = 0, eventTime = 0;
        OrderBookLevel[] bids = [], asks = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan[0];
            switch (name)
            {
                case (byte)'b': bids = RawLevels(ref reader); break;
                case (byte)'a': asks = RawLevels(ref reader); break;
                default:
                    reader.Read();
                    switch (name)
                    {
                        case (byte)'U': first = reader.GetInt64(); break;
                        case (byte)'u': last = reader.GetInt64(); break;
                        case (byte)'E': eventTime = reader.GetInt64(); break;
                    }

                    break;
            }
        }

        return new DepthUpdate("BTCUSDT", first, last, bids, asks, DateTimeOffset.FromUnixTimeMilliseconds(eventTime));
    }

    private static OrderBookLevel[] RawLevels(ref Utf8JsonReader reader)
    {
        Span<OrderBookLevel> buffer = stackalloc OrderBookLevel[32];
        var count = 0;
        reader.Read(); // [
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            _ = FastDecimal.TryParse(reader.ValueSpan, out var price);
            reader.Read();
            _ = FastDecimal.TryParse(reader.ValueSpan, out var quantity);
            reader.Read(); // ]
            buffer[count++] = new OrderBookLevel(price, quantity);
        }

        return buffer[..count].ToArray();
    }
}
