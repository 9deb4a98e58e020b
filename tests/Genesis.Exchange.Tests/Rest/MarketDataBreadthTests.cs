using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>Requests and parsing of the market-data endpoints added in issue 12 part 2 (uiKlines, …).</summary>
public sealed class MarketDataBreadthTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private BinanceRestClient Client(ScriptedTransport transport) =>
        new(transport, _time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

    private static ScriptedTransport Answering(string json) => new(_ => ScriptedTransport.Json(json));

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "responses", name));

    [Theory]
    // The query string percent-encodes the colon; Binance decodes it.
    [InlineData(null, "symbol=BTCUSDT&interval=1h&startTime=1700000000000&limit=10")]
    [InlineData("-1:00", "symbol=BTCUSDT&interval=1h&startTime=1700000000000&timeZone=-1%3A00&limit=10")]
    [InlineData("5:45", "symbol=BTCUSDT&interval=1h&startTime=1700000000000&timeZone=5%3A45&limit=10")]
    [InlineData("-12:00", "symbol=BTCUSDT&interval=1h&startTime=1700000000000&timeZone=-12%3A00&limit=10")]
    [InlineData("14:00", "symbol=BTCUSDT&interval=1h&startTime=1700000000000&timeZone=14%3A00&limit=10")]
    public async Task GetUiKlines_SendsDocumentedQuery_WithWeightTwo(string? timeZone, string query)
    {
        var transport = Answering("[]");
        using var client = Client(transport);
        TimeSpan? offset = timeZone is null ? null : TimeSpan.Parse(timeZone.TrimStart('-'), System.Globalization.CultureInfo.InvariantCulture) * (timeZone.StartsWith('-') ? -1 : 1);

        await client.GetUiKlinesAsync("btcusdt", KlineInterval.OneHour, 10, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), timeZone: offset);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/uiKlines", request.Endpoint.Path);
        Assert.Equal(query, QueryString.Build(request.Parameters));
        Assert.Equal(2, request.Weight);
    }

    [Theory]
    [InlineData(-12, -1)]
    [InlineData(14, 1)]
    [InlineData(3, 0, 30)]
    public async Task GetUiKlines_RejectsTimeZoneOutsideDocumentedRange_WithoutSending(int hours, int minutes, int seconds = 0)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("timeZone", () =>
            client.GetUiKlinesAsync("BTCUSDT", KlineInterval.OneDay, timeZone: new TimeSpan(hours, minutes, seconds)));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task GetUiKlines_ParsesDocumentedExample()
    {
        using var client = Client(Answering(Fixture("rest-api__UIKlines.json")));

        var kline = Assert.Single(await client.GetUiKlinesAsync("BNBBTC", KlineInterval.OneWeek));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499040000000), kline.OpenTime);
        Assert.Equal(0.01634790m, kline.Open);
        Assert.Equal(0.80000000m, kline.High);
        Assert.Equal(0.01575800m, kline.Low);
        Assert.Equal(0.01577100m, kline.Close);
        Assert.Equal(148976.11427815m, kline.Volume);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499644799999), kline.CloseTime);
        Assert.Equal(2434.19055334m, kline.QuoteVolume);
        Assert.Equal(308, kline.TradeCount);
        Assert.Equal(1756.87402397m, kline.TakerBuyBaseVolume);
        Assert.Equal(28.46694368m, kline.TakerBuyQuoteVolume);
    }

    [Theory]
    [InlineData(null, false, "symbol=BTCUSDT")]
    [InlineData(15, true, "symbol=BTCUSDT&windowSize=15m&type=MINI")]
    [InlineData(60, false, "symbol=BTCUSDT&windowSize=1h")]
    [InlineData(23 * 60, false, "symbol=BTCUSDT&windowSize=23h")]
    [InlineData(7 * 1440, false, "symbol=BTCUSDT&windowSize=7d")]
    public async Task GetRollingTicker_OneSymbol_SendsDocumentedQuery_WithWeightFour(int? windowMinutes, bool mini, string query)
    {
        var transport = Answering(Fixture("rest-api__Rolling-window-price-change-statistics__Response-FULL.json"));
        using var client = Client(transport);

        await client.GetRollingTickerAsync("btcusdt", windowMinutes is { } m ? TimeSpan.FromMinutes(m) : null, mini);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/ticker", request.Endpoint.Path);
        Assert.Equal(query, QueryString.Build(request.Parameters));
        Assert.Equal(4, request.Weight);
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(50, 200)]
    [InlineData(51, 200)]
    [InlineData(100, 200)]
    public async Task GetRollingTickers_WeighsFourPerSymbol_CappedAt200(int count, int weight)
    {
        var transport = Answering("[]");
        using var client = Client(transport);
        var symbols = Enumerable.Range(0, count).Select(i => $"S{i}USDT").ToArray();

        await client.GetRollingTickersAsync(symbols, TimeSpan.FromDays(1));

        var request = Assert.Single(transport.Requests);
        Assert.Equal(weight, request.Weight);
        Assert.Equal("symbols=" + Uri.EscapeDataString("[" + string.Join(',', symbols.Select(s => $"\"{s}\"")) + "]") + "&windowSize=1d", QueryString.Build(request.Parameters));
    }

    [Theory]
    [InlineData(90)]
    [InlineData(25 * 60)]
    [InlineData(8 * 1440)]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task GetRollingTicker_RejectsWindowBinanceDoesNotAccept_WithoutSending(int windowMinutes)
    {
        var transport = Answering("{}");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("windowSize", () => client.GetRollingTickerAsync("BTCUSDT", TimeSpan.FromMinutes(windowMinutes)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("windowSize", () => client.GetRollingTickersAsync(["BTCUSDT"], TimeSpan.FromSeconds(90)));

        Assert.Empty(transport.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task GetRollingTickers_RejectsSymbolCountOutsideOneToHundred_WithoutSending(int count)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentException>("symbols", () => client.GetRollingTickersAsync([.. Enumerable.Range(0, count).Select(i => $"S{i}USDT")]));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task GetRollingTicker_ParsesDocumentedMiniExample_WithFullOnlyFiguresNull()
    {
        using var client = Client(Answering(Fixture("rest-api__Rolling-window-price-change-statistics__Response-MINI.json")));

        var t = await client.GetRollingTickerAsync("LTCBTC", mini: true);

        Assert.Equal("LTCBTC", t.Symbol);
        Assert.Null(t.PriceChange);
        Assert.Null(t.PriceChangePercent);
        Assert.Null(t.WeightedAveragePrice);
        Assert.Equal(0.10000000m, t.OpenPrice);
        Assert.Equal(2.00000000m, t.LastPrice);
        Assert.Equal(13.40000000m, t.QuoteVolume);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1656986580000), t.OpenTime);
        Assert.Equal(35, t.TradeCount);
    }

    [Theory]
    [InlineData(null, false, "symbol=BTCUSDT")]
    [InlineData(8 * 60, true, "symbol=BTCUSDT&timeZone=8%3A00&type=MINI")]
    [InlineData(-(5 * 60) - 45, false, "symbol=BTCUSDT&timeZone=-5%3A45")]
    public async Task GetTradingDayTicker_OneSymbol_SendsDocumentedQuery_WithWeightFour(int? offsetMinutes, bool mini, string query)
    {
        var transport = Answering(Fixture("rest-api__Trading-Day-Ticker__Response-FULL.json"));
        using var client = Client(transport);

        await client.GetTradingDayTickerAsync("btcusdt", offsetMinutes is { } m ? TimeSpan.FromMinutes(m) : null, mini);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/ticker/tradingDay", request.Endpoint.Path);
        Assert.Equal(query, QueryString.Build(request.Parameters));
        Assert.Equal(4, request.Weight);
    }

    [Theory]
    [InlineData(3, 12)]
    [InlineData(50, 200)]
    [InlineData(51, 200)]
    public async Task GetTradingDayTickers_WeighsFourPerSymbol_CappedAt200(int count, int weight)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.GetTradingDayTickersAsync([.. Enumerable.Range(0, count).Select(i => $"S{i}USDT")]);

        Assert.Equal(weight, Assert.Single(transport.Requests).Weight);
    }

    [Fact]
    public async Task GetTradingDayTicker_RejectsBadTimeZoneOrSymbolCount_WithoutSending()
    {
        var transport = Answering("{}");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("timeZone", () => client.GetTradingDayTickerAsync("BTCUSDT", TimeSpan.FromHours(15)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("timeZone", () => client.GetTradingDayTickersAsync(["BTCUSDT"], TimeSpan.FromHours(-13)));
        await Assert.ThrowsAsync<ArgumentException>("symbols", () => client.GetTradingDayTickersAsync([]));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task GetTradingDayTicker_ParsesDocumentedMiniExample()
    {
        using var client = Client(Answering(Fixture("rest-api__Trading-Day-Ticker__Response-MINI.json")));

        var t = await client.GetTradingDayTickerAsync("BTCUSDT", mini: true);

        Assert.Null(t.PriceChange);
        Assert.Equal(26221.67000000m, t.LastPrice);
        Assert.Equal(485217905.04210480m, t.QuoteVolume);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1695772799999), t.CloseTime);
        Assert.Equal(3220151555, t.FirstTradeId);
        Assert.Equal(697727, t.TradeCount);
    }
}
