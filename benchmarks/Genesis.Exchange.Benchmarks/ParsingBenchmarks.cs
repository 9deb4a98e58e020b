using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// Parsing the largest REST payloads: a depth-5000 book (about 300 KB) and exchange info with 2,000 symbols
/// (about 4 MB, the size of Binance's real one). Baselines read the same bytes with a bare Utf8JsonReader / JsonDocument.
/// </summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private byte[] _depth = null!;
    private byte[] _exchangeInfo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _depth = BuildDepth(5000);
        _exchangeInfo = BuildExchangeInfo(2000);
    }

    [Benchmark(Baseline = true)]
    public int Depth5000_RawReader()
    {
        var reader = new Utf8JsonReader(_depth);
        var strings = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                strings++;
            }
        }

        return strings;
    }

    [Benchmark]
    public OrderBook Depth5000_Parser() => BinanceResponseParser.ParseOrderBook("BTCUSDT", _depth);

    [Benchmark]
    public int ExchangeInfo2000_RawDocument()
    {
        using var doc = JsonDocument.Parse(_exchangeInfo);
        return doc.RootElement.GetProperty("symbols").GetArrayLength();
    }

    [Benchmark]
    public ExchangeInfo ExchangeInfo2000_Parser() => BinanceResponseParser.ParseExchangeInfo(_exchangeInfo);

    internal static byte[] BuildDepth(int levels)
    {
        var sb = new StringBuilder("{\"lastUpdateId\":1027024,\"bids\":[");
        for (var i = 0; i < levels; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",").Append("[\"").Append((50000m - (i * 0.01m)).ToString("0.00000000", CultureInfo.InvariantCulture)).Append("\",\"").Append((0.001m * (i + 1)).ToString("0.00000000", CultureInfo.InvariantCulture)).Append("\"]");
        }

        sb.Append("],\"asks\":[");
        for (var i = 0; i < levels; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",").Append("[\"").Append((50000.01m + (i * 0.01m)).ToString("0.00000000", CultureInfo.InvariantCulture)).Append("\",\"").Append((0.002m * (i + 1)).ToString("0.00000000", CultureInfo.InvariantCulture)).Append("\"]");
        }

        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    internal static byte[] BuildExchangeInfo(int symbols)
    {
        var sb = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":1565246363776,\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":6000}],\"exchangeFilters\":[],\"symbols\":[");
        for (var i = 0; i < symbols; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $$"""
            {"symbol":"SYM{{i}}USDT","status":"TRADING","baseAsset":"SYM{{i}}","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8,"quoteAssetPrecision":8,"baseCommissionPrecision":8,"quoteCommissionPrecision":8,
             "orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS","STOP_LOSS_LIMIT","TAKE_PROFIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"ocoAllowed":true,"otoAllowed":true,"quoteOrderQtyMarketAllowed":true,"allowTrailingStop":true,"cancelReplaceAllowed":true,"amendAllowed":true,"isSpotTradingAllowed":true,"isMarginTradingAllowed":false,
             "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},{"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},{"filterType":"ICEBERG_PARTS","limit":10},{"filterType":"MARKET_LOT_SIZE","minQty":"0.00000000","maxQty":"83.13593519","stepSize":"0.00000000"},{"filterType":"TRAILING_DELTA","minTrailingAboveDelta":10,"maxTrailingAboveDelta":2000,"minTrailingBelowDelta":10,"maxTrailingBelowDelta":2000},{"filterType":"PERCENT_PRICE_BY_SIDE","bidMultiplierUp":"5","bidMultiplierDown":"0.2","askMultiplierUp":"5","askMultiplierDown":"0.2","avgPriceMins":5},{"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5},{"filterType":"MAX_NUM_ORDERS","maxNumOrders":200},{"filterType":"MAX_NUM_ALGO_ORDERS","maxNumAlgoOrders":5}],
             "permissions":[],"permissionSets":[["SPOT","MARGIN","TRD_GRP_004","TRD_GRP_005","TRD_GRP_006"]],"defaultSelfTradePreventionMode":"EXPIRE_MAKER","allowedSelfTradePreventionModes":["EXPIRE_TAKER","EXPIRE_MAKER","EXPIRE_BOTH"]}
            """);
        }

        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }
}
