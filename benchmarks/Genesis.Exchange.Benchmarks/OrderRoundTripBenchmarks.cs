using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Perfolizer.Horology;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// One order round trip through <see cref="IExchangeGateway"/> on loopback against the fake Binance server: REST
/// (baseline) against the WebSocket API (<c>OrderTransport = WebSocketApi</c>, HMAC per-request signatures), both under the
/// full pipeline (rate budget, retries, breaker, time sync). "PlaceCancel" places a LIMIT order and cancels it (two
/// requests); "Test" is one <c>order.test</c>. The server's backend answers order requests at once with a fixed order
/// (echoing the client order id) and hands everything else to the mock exchange, so the server's cost is the same on both
/// transports and the difference is the transport. Each iteration is ONE round trip (invocation count 1, outliers kept),
/// so Median and P99 are per-call latencies.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RoundTripConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
[Outliers(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove)]
[WarmupCount(30)]
[IterationCount(400)]
[InvocationCount(1, 1)]
public class OrderRoundTripBenchmarks
{
    private const string Key = "bench-key";
    private const string Secret = "bench-secret";
    private MockExchange _exchange = null!;
    private FakeBinanceServer _server = null!;
    private ServiceProvider _restProvider = null!;
    private ServiceProvider _wsProvider = null!;
    private IExchangeGateway _rest = null!;
    private IExchangeGateway _ws = null!;
    private OrderRequest _limit = null!;
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _exchange = new MockExchange(new MockExchangeOptions { GenerateMarketData = false }, TimeProvider.System);
        _server = FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new FixedOrderBackend(new MockExchangeTransport(_exchange, TimeProvider.System)),
            ApiKey = Key,
            ApiSecret = new SecretString(Secret),
            RateLimits =
            [
                new FakeRateLimit(FakeRateLimitType.RequestWeight, FakeRateLimitInterval.Minute, 1, int.MaxValue / 4),
                new FakeRateLimit(FakeRateLimitType.RawRequests, FakeRateLimitInterval.Minute, 5, int.MaxValue / 4),
                new FakeRateLimit(FakeRateLimitType.Orders, FakeRateLimitInterval.Second, 10, int.MaxValue / 4),
                new FakeRateLimit(FakeRateLimitType.Orders, FakeRateLimitInterval.Day, 1, int.MaxValue / 4),
            ],
        }).GetAwaiter().GetResult();
        (_restProvider, _rest) = Gateway(OrderTransport.Rest);
        (_wsProvider, _ws) = Gateway(OrderTransport.WebSocketApi);
        _wsProvider.GetRequiredService<WebSocketApiClientHolder>().Client.Connection.WaitReadyAsync().WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

        var bid = _rest.GetBookTickerAsync("BTCUSDT").GetAwaiter().GetResult().BidPrice;
        _limit = OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, decimal.Round(bid * 0.9m, 2));
        RestPlaceCancel().GetAwaiter().GetResult();
        WebSocketApiPlaceCancel().GetAwaiter().GetResult();
        if (_wsProvider.GetRequiredService<WebSocketApiClientHolder>().Router is not { OverWebSocketApi: > 0, Fallbacks: 0 })
        {
            throw new InvalidOperationException("The WebSocket API gateway did not send its orders over the WebSocket API.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wsProvider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _restProvider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _exchange.Dispose();
    }

    /// <summary>Place a LIMIT order far from the market and cancel it, over REST.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("PlaceCancel")]
    public Task<Order> RestPlaceCancel() => PlaceCancelAsync(_rest);

    /// <summary>The same over the WebSocket API.</summary>
    [Benchmark]
    [BenchmarkCategory("PlaceCancel")]
    public Task<Order> WebSocketApiPlaceCancel() => PlaceCancelAsync(_ws);

    /// <summary><c>order.test</c> over REST.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Test")]
    public Task<TestOrderResult> RestTestOrder() => _rest.TestOrderAsync(_limit);

    /// <summary><c>order.test</c> over the WebSocket API.</summary>
    [Benchmark]
    [BenchmarkCategory("Test")]
    public Task<TestOrderResult> WebSocketApiTestOrder() => _ws.TestOrderAsync(_limit);

    private async Task<Order> PlaceCancelAsync(IExchangeGateway gateway)
    {
        var id = "rt-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        var placed = await gateway.PlaceOrderAsync(_limit with { ClientOrderId = id });
        return await gateway.CancelOrderAsync("BTCUSDT", placed.ClientOrderId);
    }

    private (ServiceProvider Provider, IExchangeGateway Gateway) Gateway(OrderTransport transport)
    {
        var services = new ServiceCollection();
        services.AddGenesisExchange(o =>
        {
            o.UseCustomEndpoints(_server.RestBaseUrl, _server.StreamBaseUrl, _server.WebSocketApiUrl);
            o.ApiKey = new SecretString(Key);
            o.ApiSecret = new SecretString(Secret);
            o.ReadCredentialsFromEnvironment = false;
            o.OrderTransport = transport;
            o.Orders.ValidateBeforeSend = false;
            o.RateLimits.DefaultRequestWeightPerMinute = int.MaxValue / 4;
            o.RateLimits.DefaultRawRequestsPerFiveMinutes = int.MaxValue / 4;
            o.RateLimits.DefaultOrdersPerTenSeconds = int.MaxValue / 4;
            o.RateLimits.DefaultOrdersPerDay = int.MaxValue / 4;
        });
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IExchangeGateway>());
    }

    /// <summary>Median and the 95th and 99th percentiles of the per-call times.</summary>
    private sealed class RoundTripConfig : ManualConfig
    {
        public RoundTripConfig() => AddColumn(StatisticColumn.P95, new PercentileColumn(99));
    }
}

/// <summary>Reads one <c>executionReport</c> (the docs' example): our parser against walking the same bytes with a bare <see cref="Utf8JsonReader"/>.</summary>
[MemoryDiagnoser]
public class OrderRoundTripExecutionReportParseBenchmarks
{
    // user-data-stream.md's example, as the WebSocket API sends it (the event object only).
    private static readonly byte[] Event = Encoding.UTF8.GetBytes(
        """{"e":"executionReport","E":1499405658658,"s":"ETHBTC","c":"mUvoqJxFIILMdfAW5iGSOW","S":"BUY","o":"LIMIT","f":"GTC","q":"1.00000000","p":"0.10264410","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"NEW","X":"NEW","r":"NONE","i":4293153,"l":"0.00000000","z":"0.00000000","L":"0.00000000","n":"0","N":null,"T":1499405658657,"t":-1,"v":3,"I":8641984,"w":true,"m":false,"M":false,"O":1499405658657,"Z":"0.00000000","Y":"0.00000000","Q":"0.00000000","W":1499405658657,"V":"NONE"}""");

    /// <summary>The floor: every token read, every quoted number parsed to decimal, nothing allocated.</summary>
    [Benchmark(Baseline = true)]
    public decimal RawUtf8JsonReader()
    {
        var reader = new Utf8JsonReader(Event);
        decimal sum = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String && System.Buffers.Text.Utf8Parser.TryParse(reader.ValueSpan, out decimal value, out var consumed) && consumed == reader.ValueSpan.Length)
            {
                sum += value;
            }
        }

        return sum;
    }

    /// <summary>The library's parser: the typed <see cref="ExecutionReport"/> with every field.</summary>
    [Benchmark]
    public UserDataEvent Parser() => UserDataEventParser.ParseEvent(Event, 0);
}

/// <summary>The <paramref name="percentile"/>th percentile of the measurements, in the summary's time unit.</summary>
/// <param name="percentile">0 to 100.</param>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "P" + percentile.ToString(CultureInfo.InvariantCulture);

    public string ColumnName => Id;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"{percentile}th percentile of the per-iteration time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
        {
            return "NA";
        }

        var nanoseconds = statistics.Percentiles.Percentile(percentile);
        var unit = style.TimeUnit ?? TimeUnit.Microsecond;
        var value = (nanoseconds / unit.BaseUnits).ToString("N2", CultureInfo.InvariantCulture);
        return style.PrintUnitsInContent ? value + " " + unit.Abbreviation : value;
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>
/// Answers order requests at once with a fixed order that echoes the client order id (NEW on placement, CANCELED on
/// cancel, <c>{}</c> on test), so neither the matching engine nor the mock's ORDERS limits weigh on the round trip;
/// everything else goes to the mock exchange.
/// </summary>
internal sealed class FixedOrderBackend(IExchangeTransport fallback) : IExchangeTransport
{
    public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        var endpoint = request.Endpoint;
        if (endpoint == SpotRestEndpoints.TestOrder.Endpoint)
        {
            return ValueTask.FromResult(new ExchangeResponse(200, "{}"u8.ToArray()));
        }

        if (endpoint == SpotRestEndpoints.PlaceOrder.Endpoint || endpoint == SpotRestEndpoints.CancelOrder.Endpoint)
        {
            var placing = endpoint == SpotRestEndpoints.PlaceOrder.Endpoint;
            var id = request.GetParameter(placing ? "newClientOrderId" : "origClientOrderId") ?? "unknown";
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var json = "{\"symbol\":\"BTCUSDT\",\"orderId\":1,\"orderListId\":-1,\"clientOrderId\":\"" + id + "\",\"transactTime\":" + now +
                ",\"price\":\"1000.00\",\"origQty\":\"0.01000000\",\"executedQty\":\"0.00000000\",\"cummulativeQuoteQty\":\"0.00000000\",\"status\":\"" +
                (placing ? "NEW" : "CANCELED") + "\",\"timeInForce\":\"GTC\",\"type\":\"LIMIT\",\"side\":\"BUY\",\"workingTime\":" + now +
                ",\"fills\":[],\"selfTradePreventionMode\":\"NONE\"}";
            return ValueTask.FromResult(new ExchangeResponse(200, Encoding.UTF8.GetBytes(json)));
        }

        return fallback.SendAsync(request, cancellationToken);
    }
}
