using Genesis.Exchange.Binance.Json;
using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>One symbol of a market data fixture.</summary>
/// <param name="Rules">Rules parsed from the Binance exchange-info symbol object.</param>
/// <param name="LevelSpacing">Distance between the market maker's price levels.</param>
/// <param name="LastUpdateId">The starting book's update id.</param>
/// <param name="Bids">Starting bids, best first.</param>
/// <param name="Asks">Starting asks, best first.</param>
/// <param name="Trades">Recent trades, oldest first.</param>
/// <param name="Klines">1m klines, oldest first.</param>
internal sealed record FixtureSymbol(
    SymbolRules Rules,
    decimal LevelSpacing,
    long LastUpdateId,
    IReadOnlyList<OrderBookLevel> Bids,
    IReadOnlyList<OrderBookLevel> Asks,
    IReadOnlyList<Trade> Trades,
    IReadOnlyList<Kline> Klines);

/// <summary>
/// Reads the mock's market data document (<c>tests/fixtures/market_data.json</c>): per symbol a Binance
/// exchange-info symbol object, a starting book, recent trades (Binance <c>/api/v3/trades</c> format) and 1m klines
/// (Binance <c>/api/v3/klines</c> arrays). Parsed with <see cref="JsonDocument"/>; no reflection.
/// </summary>
internal static class MarketDataFixture
{
    /// <summary>Parses a fixture document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The symbols.</returns>
    /// <exception cref="FormatException">The document is not a valid fixture.</exception>
    public static IReadOnlyList<FixtureSymbol> Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var result = new List<FixtureSymbol>();
            foreach (var item in doc.RootElement.GetProperty("symbols").EnumerateArray())
            {
                var rules = ParseRules(item.GetProperty("symbol"));
                var book = item.GetProperty("orderBook");
                var trades = new List<Trade>();
                foreach (var t in item.GetProperty("trades").EnumerateArray())
                {
                    trades.Add(new Trade(
                        t.GetProperty("id").GetInt64(),
                        Dec(t.GetProperty("price")),
                        Dec(t.GetProperty("qty")),
                        Dec(t.GetProperty("quoteQty")),
                        DateTimeOffset.FromUnixTimeMilliseconds(t.GetProperty("time").GetInt64()),
                        t.GetProperty("isBuyerMaker").GetBoolean(),
                        IsBestMatch: true));
                }

                var klines = new List<Kline>();
                foreach (var k in item.GetProperty("klines").EnumerateArray())
                {
                    klines.Add(new Kline(
                        DateTimeOffset.FromUnixTimeMilliseconds(k[0].GetInt64()),
                        Dec(k[1]),
                        Dec(k[2]),
                        Dec(k[3]),
                        Dec(k[4]),
                        Dec(k[5]),
                        DateTimeOffset.FromUnixTimeMilliseconds(k[6].GetInt64()),
                        Dec(k[7]),
                        k[8].GetInt64(),
                        Dec(k[9]),
                        Dec(k[10])));
                }

                result.Add(new FixtureSymbol(
                    rules,
                    Dec(item.GetProperty("levelSpacing")),
                    book.GetProperty("lastUpdateId").GetInt64(),
                    Levels(book.GetProperty("bids")),
                    Levels(book.GetProperty("asks")),
                    trades,
                    klines));
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new FormatException("The mock market data document is not valid: " + ex.Message, ex);
        }
    }

    /// <summary>Parses a Binance exchange-info symbol object.</summary>
    /// <param name="s">The element.</param>
    /// <returns>The rules.</returns>
    public static SymbolRules ParseRules(JsonElement s)
    {
        var orderTypes = new List<OrderType>();
        foreach (var t in s.GetProperty("orderTypes").EnumerateArray())
        {
            orderTypes.Add(BinanceEnums.ParseOrderType(t.GetString()));
        }

        var filters = new List<SymbolFilter>();
        foreach (var f in s.GetProperty("filters").EnumerateArray())
        {
            var type = f.GetProperty("filterType").GetString() ?? string.Empty;
            filters.Add(type switch
            {
                "PRICE_FILTER" => new PriceFilter(Dec(f.GetProperty("minPrice")), Dec(f.GetProperty("maxPrice")), Dec(f.GetProperty("tickSize"))),
                "LOT_SIZE" => new LotSizeFilter(Dec(f.GetProperty("minQty")), Dec(f.GetProperty("maxQty")), Dec(f.GetProperty("stepSize"))),
                "MARKET_LOT_SIZE" => new MarketLotSizeFilter(Dec(f.GetProperty("minQty")), Dec(f.GetProperty("maxQty")), Dec(f.GetProperty("stepSize"))),
                "NOTIONAL" => new NotionalFilter(
                    Dec(f.GetProperty("minNotional")),
                    f.GetProperty("applyMinToMarket").GetBoolean(),
                    Dec(f.GetProperty("maxNotional")),
                    f.GetProperty("applyMaxToMarket").GetBoolean(),
                    f.GetProperty("avgPriceMins").GetInt32()),
                "PERCENT_PRICE_BY_SIDE" => new PercentPriceBySideFilter(
                    Dec(f.GetProperty("bidMultiplierUp")),
                    Dec(f.GetProperty("bidMultiplierDown")),
                    Dec(f.GetProperty("askMultiplierUp")),
                    Dec(f.GetProperty("askMultiplierDown")),
                    f.GetProperty("avgPriceMins").GetInt32()),
                "ICEBERG_PARTS" => new IcebergPartsFilter(f.GetProperty("limit").GetInt32()),
                "MAX_NUM_ORDERS" => new MaxNumOrdersFilter(f.GetProperty("maxNumOrders").GetInt32()),
                "MAX_NUM_ORDER_LISTS" => new MaxNumOrderListsFilter(f.GetProperty("maxNumOrderLists").GetInt32()),
                _ => new UnknownFilter(type),
            });
        }

        var status = s.GetProperty("status").GetString() ?? string.Empty;
        return new SymbolRules(
            s.GetProperty("symbol").GetString()!,
            status == "TRADING" ? SymbolStatus.Trading : SymbolStatus.Unknown,
            s.GetProperty("baseAsset").GetString()!,
            s.GetProperty("quoteAsset").GetString()!,
            s.GetProperty("baseAssetPrecision").GetInt32(),
            s.GetProperty("quoteAssetPrecision").GetInt32(),
            orderTypes,
            filters)
        {
            RawStatus = status,
            IcebergAllowed = s.TryGetProperty("icebergAllowed", out var ice) && ice.GetBoolean(),
            QuoteOrderQuantityMarketAllowed = !s.TryGetProperty("quoteOrderQtyMarketAllowed", out var qq) || qq.GetBoolean(),
        };
    }

    private static List<OrderBookLevel> Levels(JsonElement array)
    {
        var levels = new List<OrderBookLevel>();
        foreach (var level in array.EnumerateArray())
        {
            levels.Add(new OrderBookLevel(Dec(level[0]), Dec(level[1])));
        }

        return levels;
    }

    private static decimal Dec(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : decimal.Parse(e.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture);
}
