using Genesis.Exchange.Binance.Json;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Mock.MockRequestReader;

namespace Genesis.Exchange.Mock;

/// <summary>
/// Answers Binance REST requests from a <see cref="MockExchange"/> with Binance's JSON, field by field (numbers as
/// strings with 8 decimals, times in ms). Written with <see cref="Utf8JsonWriter"/>; no reflection.
/// </summary>
internal sealed partial class MockRestApi
{
    // Named like the primary-constructor parameter it replaced, so the handlers below read as before.
    private readonly MockExchange exchange;
    private readonly EndpointHandlers<Action<ExchangeRequest, Utf8JsonWriter>> _handlers;

    /// <summary>Creates the API over <paramref name="exchange"/>, serving every endpoint of <see cref="SpotRestEndpoints.All"/>.</summary>
    /// <param name="exchange">The exchange.</param>
    /// <exception cref="MissingEndpointHandlerException">An endpoint of the catalogue has no mock handler.</exception>
    public MockRestApi(MockExchange exchange)
        : this(exchange, SpotRestEndpoints.All)
    {
    }

    /// <summary>Creates the API over <paramref name="exchange"/>, serving every endpoint of <paramref name="catalogue"/>.</summary>
    /// <param name="exchange">The exchange.</param>
    /// <param name="catalogue">The endpoints that must be served.</param>
    /// <exception cref="MissingEndpointHandlerException">An endpoint of the catalogue has no mock handler.</exception>
    internal MockRestApi(MockExchange exchange, IReadOnlyList<EndpointDescriptor> catalogue)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        this.exchange = exchange;
        _handlers = Handlers(catalogue);
    }

    /// <summary>How many endpoints the mock serves.</summary>
    internal int ServedEndpoints => _handlers.Count;

    /// <summary>
    /// The REQUEST_WEIGHT Binance charges for <paramref name="request"/>: its descriptor's weight for the request's
    /// parameters, whatever weight the caller declared (the caller's count is what the header checks).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The weight; the declared one for an endpoint the mock does not know (answered with an error anyway).</returns>
    public int WeightOf(ExchangeRequest request) =>
        _handlers.TryGet(request.Endpoint, out var descriptor, out _) ? descriptor.WeightOf(request.Parameters) : request.Weight;

    /// <summary>Handles a request; the caller adds headers. Takes the exchange lock.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The status and body.</returns>
    public (int Status, byte[] Body) Handle(ExchangeRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        try
        {
            lock (exchange.Gate)
            {
                using var w = new Utf8JsonWriter(buffer);
                Dispatch(request, w);
                w.Flush();
            }

            return (200, buffer.WrittenSpan.ToArray());
        }
        catch (MockApiException ex)
        {
            return (ex.HttpStatus, Error(ex.Code, ex.Message));
        }
        catch (MockApiResponseException ex)
        {
            return (ex.HttpStatus, ex.Body);
        }
    }

    /// <summary>A Binance error body.</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The message.</param>
    /// <returns>The body.</returns>
    public static byte[] Error(int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("code", code);
            w.WriteString("msg", message);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,36}$")]
    private static partial Regex ClientOrderIdPattern();

    private void Dispatch(ExchangeRequest request, Utf8JsonWriter w)
    {
        if (!_handlers.TryGet(request.Endpoint, out _, out var handler))
        {
            throw new MockApiException(-1000, $"The mock exchange does not serve '{request.Endpoint.Name}' ({request.Endpoint.HttpMethod} {request.Endpoint.Path}).");
        }

        handler(request, w);
    }

    /// <summary>
    /// One handler per endpoint of <paramref name="catalogue"/>; throws <see cref="MissingEndpointHandlerException"/>
    /// naming any endpoint the mock does not serve, so a new endpoint without a mock handler fails when the mock is built.
    /// </summary>
    private EndpointHandlers<Action<ExchangeRequest, Utf8JsonWriter>> Handlers(IReadOnlyList<EndpointDescriptor> catalogue) => new(
        "The mock exchange",
        catalogue,
        new Dictionary<EndpointDescriptor, Action<ExchangeRequest, Utf8JsonWriter>>
        {
            [SpotRestEndpoints.Ping] = static (_, w) =>
            {
                w.WriteStartObject();
                w.WriteEndObject();
            },
            [SpotRestEndpoints.ServerTime] = (_, w) =>
            {
                w.WriteStartObject();
                w.WriteNumber("serverTime", exchange.NowMs);
                w.WriteEndObject();
            },
            [SpotRestEndpoints.ExchangeInfo] = ExchangeInfo,
            [SpotRestEndpoints.Depth] = Depth,
            [SpotRestEndpoints.RecentTrades] = Trades,
            [SpotRestEndpoints.HistoricalTrades] = HistoricalTrades,
            [SpotRestEndpoints.AggregateTrades] = AggTrades,
            [SpotRestEndpoints.Klines] = Klines,
            [SpotRestEndpoints.AveragePrice] = AvgPrice,
            [SpotRestEndpoints.Ticker24h] = Ticker24hOfType,
            [SpotRestEndpoints.PriceTicker] = (r, w) => ForSymbols(r, w, PriceTicker),
            [SpotRestEndpoints.BookTicker] = (r, w) => ForSymbols(r, w, BookTicker),
            [SpotRestEndpoints.Account] = (_, w) => Account(w),
            [SpotRestEndpoints.PlaceOrder] = PlaceOrder,
            [SpotRestEndpoints.TestOrder] = TestOrder,
            [SpotRestEndpoints.CancelOrder] = CancelOrder,
            [SpotRestEndpoints.QueryOrder] = QueryOrder,
            [SpotRestEndpoints.OpenOrders] = OpenOrders,
            [SpotRestEndpoints.AllOrders] = AllOrders,
            [SpotRestEndpoints.MyTrades] = MyTrades,
            [SpotRestEndpoints.UiKlines] = UiKlines,
            [SpotRestEndpoints.RollingTicker] = RollingTicker,
            [SpotRestEndpoints.TradingDayTicker] = TradingDayTicker,
            [SpotRestEndpoints.AccountCommission] = AccountCommission,
            [SpotRestEndpoints.UnfilledOrderCount] = (_, w) => UnfilledOrderCount(w),
            [SpotRestEndpoints.PreventedMatches] = PreventedMatches,
            [SpotRestEndpoints.AccountFilters] = AccountFilters,
            [SpotRestEndpoints.ReferencePrice] = ReferencePrice,
            [SpotRestEndpoints.ReferencePriceCalculation] = ReferencePriceCalculation,
            [SpotRestEndpoints.ExecutionRules] = ExecutionRules,
            [SpotRestEndpoints.HistoricalBlockTrades] = HistoricalBlockTrades,
            [SpotRestEndpoints.CancelOpenOrders] = CancelOpenOrders,
            [SpotRestEndpoints.CancelReplace] = CancelReplace,
            [SpotRestEndpoints.AmendOrder] = AmendOrder,
            [SpotRestEndpoints.OrderAmendments] = OrderAmendments,
            [SpotRestEndpoints.SorOrder] = SorOrder,
            [SpotRestEndpoints.SorTestOrder] = SorTestOrder,
            [SpotRestEndpoints.Allocations] = Allocations,
            [SpotRestEndpoints.PlaceOcoOrderList] = PlaceOcoOrderList,
            [SpotRestEndpoints.QueryOrderList] = QueryOrderList,
            [SpotRestEndpoints.CancelOrderList] = CancelOrderList,
            [SpotRestEndpoints.OpenOrderLists] = OpenOrderLists,
            [SpotRestEndpoints.AllOrderLists] = AllOrderLists,
            [SpotRestEndpoints.PlaceOtoOrderList] = PlaceOtoOrderList,
            [SpotRestEndpoints.PlaceOtocoOrderList] = PlaceOtocoOrderList,
            [SpotRestEndpoints.PlaceOpoOrderList] = PlaceOpoOrderList,
            [SpotRestEndpoints.PlaceOpocoOrderList] = PlaceOpocoOrderList,
        });

    private static void Num(Utf8JsonWriter w, string name, decimal value) => w.WriteString(name, MockWire.Format(value));

    private static void Num(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            Num(w, name, v);
        }
    }

    private static string Plain(decimal value) => SymbolRules.Normalize(value).ToString(CultureInfo.InvariantCulture);

    private void ExchangeInfo(ExchangeRequest request, Utf8JsonWriter w)
    {
        var selected = new List<MockSymbol>();
        var permissions = Binance.Protocol.WireArgs.Symbols(request.Parameters, "permissions");
        var status = request.GetParameter("symbolStatus");
        var bySymbol = request.GetParameter("symbol") is { Length: > 0 } || request.GetParameter("symbols") is { Length: > 0 };
        if (bySymbol && (permissions is not null || status is not null))
        {
            // permissions and symbolStatus cannot be combined with symbol or symbols.
            throw new MockApiException(-1128, "Combination of optional parameters invalid.");
        }

        if (status is not null and not ("TRADING" or "HALT" or "BREAK"))
        {
            throw new MockApiException(-1122, "Invalid symbolStatus.");
        }

        if (request.GetParameter("symbol") is { Length: > 0 } one)
        {
            selected.Add(exchange.GetSymbol(one));
        }
        else if (Symbols(request) is { } names)
        {
            foreach (var name in names)
            {
                selected.Add(exchange.GetSymbol(name));
            }
        }
        else
        {
            // Without permissions, Binance lists the symbols with SPOT, MARGIN or LEVERAGED; every mock symbol is SPOT.
            var spot = permissions is null || permissions.Contains("SPOT", StringComparer.Ordinal);
            selected.AddRange(exchange.SymbolStates.Where(s =>
                spot && (status is null || string.Equals(string.IsNullOrEmpty(s.Rules.RawStatus) ? "TRADING" : s.Rules.RawStatus, status, StringComparison.Ordinal))));
        }

        var showPermissionSets = !string.Equals(request.GetParameter("showPermissionSets"), "false", StringComparison.Ordinal);

        w.WriteStartObject();
        w.WriteString("timezone", "UTC");
        w.WriteNumber("serverTime", exchange.NowMs);
        w.WriteStartArray("rateLimits");
        foreach (var limit in exchange.Limits.Limits)
        {
            RateLimit(w, ExchangeLimiter.TypeWireName(limit), ExchangeLimiter.IntervalWireName(limit), limit.IntervalNum, limit.Limit);
        }
        w.WriteEndArray();
        w.WriteStartArray("exchangeFilters");
        w.WriteEndArray();
        w.WriteStartArray("symbols");
        foreach (var s in selected)
        {
            SymbolInfo(w, s.Rules, showPermissionSets);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void RateLimit(Utf8JsonWriter w, string type, string interval, int num, int limit)
    {
        w.WriteStartObject();
        w.WriteString("rateLimitType", type);
        w.WriteString("interval", interval);
        w.WriteNumber("intervalNum", num);
        w.WriteNumber("limit", limit);
        w.WriteEndObject();
    }

    private static void SymbolInfo(Utf8JsonWriter w, SymbolRules r, bool showPermissionSets)
    {
        w.WriteStartObject();
        w.WriteString("symbol", r.Symbol);
        w.WriteString("status", string.IsNullOrEmpty(r.RawStatus) ? "TRADING" : r.RawStatus);
        w.WriteString("baseAsset", r.BaseAsset);
        w.WriteNumber("baseAssetPrecision", r.BaseAssetPrecision);
        w.WriteString("quoteAsset", r.QuoteAsset);
        w.WriteNumber("quotePrecision", r.QuoteAssetPrecision);
        w.WriteNumber("quoteAssetPrecision", r.QuoteAssetPrecision);
        w.WriteNumber("baseCommissionPrecision", r.BaseAssetPrecision);
        w.WriteNumber("quoteCommissionPrecision", r.QuoteAssetPrecision);
        w.WriteStartArray("orderTypes");
        foreach (var t in r.OrderTypes)
        {
            w.WriteStringValue(MockWire.ToWire(t));
        }

        w.WriteEndArray();
        w.WriteBoolean("icebergAllowed", r.IcebergAllowed);
        w.WriteBoolean("ocoAllowed", r.OcoAllowed ?? false);
        w.WriteBoolean("otoAllowed", r.OtoAllowed ?? false);
        w.WriteBoolean("quoteOrderQtyMarketAllowed", r.QuoteOrderQuantityMarketAllowed);
        w.WriteBoolean("allowTrailingStop", false);
        w.WriteBoolean("cancelReplaceAllowed", true);
        w.WriteBoolean("amendAllowed", true);
        w.WriteBoolean("isSpotTradingAllowed", true);
        w.WriteBoolean("isMarginTradingAllowed", false);
        w.WriteStartArray("filters");
        foreach (var f in r.Filters)
        {
            Filter(w, f);
        }

        w.WriteEndArray();
        w.WriteStartArray("permissions");
        w.WriteEndArray();
        w.WriteStartArray("permissionSets");
        if (showPermissionSets)
        {
            w.WriteStartArray();
            w.WriteStringValue("SPOT");
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteString("defaultSelfTradePreventionMode", "NONE");
        w.WriteStartArray("allowedSelfTradePreventionModes");
        w.WriteStringValue("NONE");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Filter(Utf8JsonWriter w, SymbolFilter filter)
    {
        if (filter is UnknownFilter)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteString("filterType", filter.FilterType);
        switch (filter)
        {
            case PriceFilter p:
                Num(w, "minPrice", p.MinPrice);
                Num(w, "maxPrice", p.MaxPrice);
                Num(w, "tickSize", p.TickSize);
                break;
            case LotSizeFilter l:
                Num(w, "minQty", l.MinQuantity);
                Num(w, "maxQty", l.MaxQuantity);
                Num(w, "stepSize", l.StepSize);
                break;
            case MarketLotSizeFilter m:
                Num(w, "minQty", m.MinQuantity);
                Num(w, "maxQty", m.MaxQuantity);
                Num(w, "stepSize", m.StepSize);
                break;
            case NotionalFilter n:
                Num(w, "minNotional", n.MinNotional);
                w.WriteBoolean("applyMinToMarket", n.ApplyMinToMarket);
                Num(w, "maxNotional", n.MaxNotional);
                w.WriteBoolean("applyMaxToMarket", n.ApplyMaxToMarket);
                w.WriteNumber("avgPriceMins", n.AveragePriceMinutes);
                break;
            case MinNotionalFilter mn:
                Num(w, "minNotional", mn.MinNotional);
                w.WriteBoolean("applyToMarket", mn.ApplyToMarket);
                w.WriteNumber("avgPriceMins", mn.AveragePriceMinutes);
                break;
            case PercentPriceBySideFilter ps:
                w.WriteString("bidMultiplierUp", Plain(ps.BidMultiplierUp));
                w.WriteString("bidMultiplierDown", Plain(ps.BidMultiplierDown));
                w.WriteString("askMultiplierUp", Plain(ps.AskMultiplierUp));
                w.WriteString("askMultiplierDown", Plain(ps.AskMultiplierDown));
                w.WriteNumber("avgPriceMins", ps.AveragePriceMinutes);
                break;
            case PercentPriceFilter pp:
                w.WriteString("multiplierUp", Plain(pp.MultiplierUp));
                w.WriteString("multiplierDown", Plain(pp.MultiplierDown));
                w.WriteNumber("avgPriceMins", pp.AveragePriceMinutes);
                break;
            case IcebergPartsFilter ip:
                w.WriteNumber("limit", ip.Limit);
                break;
            case MaxNumOrdersFilter mo:
                w.WriteNumber("maxNumOrders", mo.MaxNumOrders);
                break;
            case MaxNumAlgoOrdersFilter ma:
                w.WriteNumber("maxNumAlgoOrders", ma.MaxNumAlgoOrders);
                break;
            case MaxNumOrderListsFilter ml:
                w.WriteNumber("maxNumOrderLists", ml.MaxNumOrderLists);
                break;
        }

        w.WriteEndObject();
    }

    private void Depth(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var book = MockExchange.Snapshot(s, Limit(request, 100, 5000));
        w.WriteStartObject();
        w.WriteNumber("lastUpdateId", book.LastUpdateId);
        Levels(w, "bids", book.Bids);
        Levels(w, "asks", book.Asks);
        w.WriteEndObject();
    }

    private static void Levels(Utf8JsonWriter w, string name, IReadOnlyList<OrderBookLevel> levels)
    {
        w.WriteStartArray(name);
        foreach (var level in levels)
        {
            w.WriteStartArray();
            w.WriteStringValue(MockWire.Format(level.Price));
            w.WriteStringValue(MockWire.Format(level.Quantity));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private void Trades(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var limit = Limit(request, 500, 1000);
        WriteTrades(w, s.Book, s.Book.LastTradeId - limit + 1, limit);
    }

    /// <summary>GET /api/v3/historicalTrades: trades from <c>fromId</c> (or the most recent ones), oldest first, within the kept history.</summary>
    private void HistoricalTrades(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var limit = Limit(request, 500, 1000);
        var from = request.GetParameter("fromId") is { } text && long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : s.Book.LastTradeId - limit + 1;
        WriteTrades(w, s.Book, from, limit);
    }

    private static void WriteTrades(Utf8JsonWriter w, LimitOrderBook book, long fromId, int limit)
    {
        w.WriteStartArray();
        if (book.LastTradeId > 0)
        {
            var first = Math.Max(book.OldestTradeId, fromId);
            var last = Math.Min(book.LastTradeId, first + limit - 1);
            for (var id = first; id <= last; id++)
            {
                ref readonly var t = ref book.GetTrade(id);
                w.WriteStartObject();
                w.WriteNumber("id", t.Id);
                Num(w, "price", t.Price);
                Num(w, "qty", t.Quantity);
                Num(w, "quoteQty", t.Price * t.Quantity);
                w.WriteNumber("time", t.Time);
                w.WriteBoolean("isBuyerMaker", t.IsBuyerMaker);
                w.WriteBoolean("isBestMatch", true);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    }

    private void AggTrades(ExchangeRequest request, Utf8JsonWriter w)
    {
        // Consecutive trades with the same price, time and taker side form one aggregate; its id is its first trade id.
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var limit = Limit(request, 500, 1000);
        var fromId = Long(request, "fromId");
        var start = Long(request, "startTime");
        var end = Long(request, "endTime");
        var book = s.Book;
        var aggregates = new List<(long First, long Last, decimal Price, decimal Qty, long Time, bool BuyerMaker)>();
        if (book.LastTradeId > 0)
        {
            for (var id = book.OldestTradeId; id <= book.LastTradeId; id++)
            {
                ref readonly var t = ref book.GetTrade(id);
                if (aggregates.Count > 0)
                {
                    var a = aggregates[^1];
                    if (a.Price == t.Price && a.Time == t.Time && a.BuyerMaker == t.IsBuyerMaker && a.Last == id - 1)
                    {
                        aggregates[^1] = a with { Last = id, Qty = a.Qty + t.Quantity };
                        continue;
                    }
                }

                aggregates.Add((id, id, t.Price, t.Quantity, t.Time, t.IsBuyerMaker));
            }
        }

        var selected = new List<(long First, long Last, decimal Price, decimal Qty, long Time, bool BuyerMaker)>();
        foreach (var a in aggregates)
        {
            if ((fromId is { } f && a.First < f) || (start is { } st && a.Time < st) || (end is { } en && a.Time > en))
            {
                continue;
            }

            selected.Add(a);
        }

        var skip = fromId is null && start is null ? Math.Max(0, selected.Count - limit) : 0;
        w.WriteStartArray();
        for (var i = skip; i < selected.Count && i - skip < limit; i++)
        {
            var a = selected[i];
            w.WriteStartObject();
            w.WriteNumber("a", a.First);
            Num(w, "p", a.Price);
            Num(w, "q", a.Qty);
            w.WriteNumber("f", a.First);
            w.WriteNumber("l", a.Last);
            w.WriteNumber("T", a.Time);
            w.WriteBoolean("m", a.BuyerMaker);
            w.WriteBoolean("M", true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void Klines(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        if (!KlineIntervalExtensions.TryParse(Required(request, "interval"), out var interval))
        {
            throw new MockApiException(-1120, "Invalid interval.");
        }

        var klines = MockExchange.GetKlines(s, interval, Long(request, "startTime"), Long(request, "endTime"), Limit(request, 500, 1000));
        WriteKlines(w, klines);
    }

    /// <summary>Klines as Binance writes them (klines and uiKlines): arrays of open time, OHLCV, close time, quote volume, trades, taker volumes.</summary>
    private static void WriteKlines(Utf8JsonWriter w, IEnumerable<Kline> klines)
    {
        w.WriteStartArray();
        foreach (var k in klines)
        {
            w.WriteStartArray();
            w.WriteNumberValue(k.OpenTime.ToUnixTimeMilliseconds());
            w.WriteStringValue(MockWire.Format(k.Open));
            w.WriteStringValue(MockWire.Format(k.High));
            w.WriteStringValue(MockWire.Format(k.Low));
            w.WriteStringValue(MockWire.Format(k.Close));
            w.WriteStringValue(MockWire.Format(k.Volume));
            w.WriteNumberValue(k.CloseTime.ToUnixTimeMilliseconds());
            w.WriteStringValue(MockWire.Format(k.QuoteVolume));
            w.WriteNumberValue(k.TradeCount);
            w.WriteStringValue(MockWire.Format(k.TakerBuyBaseVolume));
            w.WriteStringValue(MockWire.Format(k.TakerBuyQuoteVolume));
            w.WriteStringValue("0");
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private void AvgPrice(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        w.WriteStartObject();
        w.WriteNumber("mins", 5);
        Num(w, "price", exchange.AveragePrice(s));
        w.WriteNumber("closeTime", s.LastTradeTime);
        w.WriteEndObject();
    }

    private void ForSymbols(ExchangeRequest request, Utf8JsonWriter w, Action<Utf8JsonWriter, MockSymbol> write)
    {
        if (request.GetParameter("symbol") is { Length: > 0 } one)
        {
            write(w, exchange.GetSymbol(one));
            return;
        }

        var names = Symbols(request);
        w.WriteStartArray();
        if (names is null)
        {
            foreach (var s in exchange.SymbolStates)
            {
                write(w, s);
            }
        }
        else
        {
            foreach (var name in names)
            {
                write(w, exchange.GetSymbol(name));
            }
        }

        w.WriteEndArray();
    }

    private void Ticker24h(Utf8JsonWriter w, MockSymbol s)
    {
        var t = exchange.Ticker(s);
        w.WriteStartObject();
        w.WriteString("symbol", t.Symbol);
        Num(w, "priceChange", t.PriceChange);
        if (t.PriceChangePercent is { } percent)
        {
            w.WriteString("priceChangePercent", percent.ToString("F3", CultureInfo.InvariantCulture));
        }

        Num(w, "weightedAvgPrice", t.WeightedAveragePrice);
        Num(w, "prevClosePrice", t.PreviousClosePrice);
        Num(w, "lastPrice", t.LastPrice);
        Num(w, "lastQty", t.LastQuantity);
        Num(w, "bidPrice", t.BidPrice);
        Num(w, "bidQty", t.BidQuantity);
        Num(w, "askPrice", t.AskPrice);
        Num(w, "askQty", t.AskQuantity);
        Num(w, "openPrice", t.OpenPrice);
        Num(w, "highPrice", t.HighPrice);
        Num(w, "lowPrice", t.LowPrice);
        Num(w, "volume", t.Volume);
        Num(w, "quoteVolume", t.QuoteVolume);
        w.WriteNumber("openTime", t.OpenTime.ToUnixTimeMilliseconds());
        w.WriteNumber("closeTime", t.CloseTime.ToUnixTimeMilliseconds());
        w.WriteNumber("firstId", t.FirstTradeId);
        w.WriteNumber("lastId", t.LastTradeId);
        w.WriteNumber("count", t.TradeCount);
        w.WriteEndObject();
    }

    private static void PriceTicker(Utf8JsonWriter w, MockSymbol s)
    {
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        Num(w, "price", s.Book.LastPrice);
        w.WriteEndObject();
    }

    private static void BookTicker(Utf8JsonWriter w, MockSymbol s)
    {
        var bid = s.Book.Bids.Best;
        var ask = s.Book.Asks.Best;
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        Num(w, "bidPrice", bid?.Price ?? 0m);
        Num(w, "bidQty", bid?.Total ?? 0m);
        Num(w, "askPrice", ask?.Price ?? 0m);
        Num(w, "askQty", ask?.Total ?? 0m);
        w.WriteEndObject();
    }

    private void Account(Utf8JsonWriter w)
    {
        var options = exchange.Options;
        var ledger = exchange.Engine.Ledger;
        w.WriteStartObject();
        w.WriteNumber("makerCommission", (long)decimal.Round(options.MakerCommissionRate * 10_000m));
        w.WriteNumber("takerCommission", (long)decimal.Round(options.TakerCommissionRate * 10_000m));
        w.WriteNumber("buyerCommission", 0);
        w.WriteNumber("sellerCommission", 0);
        w.WriteStartObject("commissionRates");
        Num(w, "maker", options.MakerCommissionRate);
        Num(w, "taker", options.TakerCommissionRate);
        Num(w, "buyer", 0m);
        Num(w, "seller", 0m);
        w.WriteEndObject();
        w.WriteBoolean("canTrade", true);
        w.WriteBoolean("canWithdraw", true);
        w.WriteBoolean("canDeposit", true);
        w.WriteBoolean("brokered", false);
        w.WriteBoolean("requireSelfTradePrevention", false);
        w.WriteBoolean("preventSor", false);
        w.WriteNumber("updateTime", exchange.NowMs);
        w.WriteString("accountType", "SPOT");
        w.WriteStartArray("balances");
        for (var i = 0; i < ledger.Assets.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("asset", ledger.Assets[i]);
            Num(w, "free", ledger.Free(MatchingEngine.AccountOwner, i));
            Num(w, "locked", ledger.Locked(MatchingEngine.AccountOwner, i));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("permissions");
        w.WriteStringValue("SPOT");
        w.WriteEndArray();
        w.WriteNumber("uid", 1);
        w.WriteEndObject();
    }

    /// <summary>Parses an order placement into an <see cref="OrderRequest"/>, with Binance's errors for missing or bad parameters.</summary>
    private (OrderRequest Order, string? ClientOrderId, string? RespType) ParseOrder(ExchangeRequest request)
    {
        var symbol = Required(request, "symbol");
        exchange.GetSymbol(symbol);
        var side = BinanceEnums.ParseSide(Required(request, "side"));
        if (side == OrderSide.Unknown)
        {
            throw new MockApiException(-1117, "Invalid side.");
        }

        var type = BinanceEnums.ParseOrderType(Required(request, "type"));
        if (type == OrderType.Unknown)
        {
            throw new MockApiException(-1116, "Invalid orderType.");
        }

        TimeInForce? tif = null;
        if (request.GetParameter("timeInForce") is { Length: > 0 } tifText)
        {
            tif = BinanceEnums.ParseTimeInForce(tifText);
            if (tif == TimeInForce.Unknown)
            {
                throw new MockApiException(-1115, "Invalid timeInForce.");
            }
        }

        var quantity = Decimal(request, "quantity");
        var quoteQuantity = Decimal(request, "quoteOrderQty");
        var price = Decimal(request, "price");
        var stopPrice = Decimal(request, "stopPrice");
        var iceberg = Decimal(request, "icebergQty");
        var needsTif = type is OrderType.Limit or OrderType.StopLossLimit or OrderType.TakeProfitLimit;
        var needsPrice = needsTif || type == OrderType.LimitMaker;
        var needsStop = type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;
        if (quoteQuantity is not null && type != OrderType.Market)
        {
            throw NotRequired("quoteOrderQty");
        }

        if (price is not null && !needsPrice)
        {
            throw NotRequired("price");
        }

        if (stopPrice is not null && !needsStop)
        {
            throw NotRequired("stopPrice");
        }

        if (needsTif && tif is null)
        {
            throw MockApiException.Mandatory("timeInForce");
        }

        if (type == OrderType.Market)
        {
            if (quantity is null && quoteQuantity is null)
            {
                throw new MockApiException(-1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
            }
        }
        else if (quantity is null)
        {
            throw MockApiException.Mandatory("quantity");
        }

        if (needsPrice && price is null)
        {
            throw MockApiException.Mandatory("price");
        }

        if (needsStop && stopPrice is null)
        {
            throw MockApiException.Mandatory("stopPrice");
        }

        var clientOrderId = request.GetParameter("newClientOrderId");
        if (clientOrderId is { Length: > 0 } && !ClientOrderIdPattern().IsMatch(clientOrderId))
        {
            throw new MockApiException(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.");
        }

        var respType = request.GetParameter("newOrderRespType");
        if (respType is { Length: > 0 } and not ("ACK" or "RESULT" or "FULL"))
        {
            throw new MockApiException(-1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is 'ACK, RESULT, FULL'.");
        }

        var order = new OrderRequest(symbol, side, type)
        {
            Quantity = quantity,
            QuoteQuantity = quoteQuantity,
            Price = needsPrice ? price : null,
            StopPrice = needsStop ? stopPrice : null,
            IcebergQuantity = iceberg,
            TimeInForce = needsTif ? tif : null,
            ClientOrderId = clientOrderId is { Length: > 0 } ? clientOrderId : null,
        };
        return (order, order.ClientOrderId, respType is { Length: > 0 } ? respType : null);
    }

    private static MockApiException NotRequired(string name) => new(-1106, $"Parameter '{name}' sent when not required.");

    private void PlaceOrder(ExchangeRequest request, Utf8JsonWriter w)
    {
        var (order, clientOrderId, respType) = ParseOrder(request);
        var placed = exchange.PlaceOrder(order, clientOrderId ?? exchange.NextClientOrderId(), out var fills);
        respType ??= order.Type is OrderType.Market or OrderType.Limit ? "FULL" : "ACK";
        var s = exchange.GetSymbol(order.Symbol);
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteNumber("orderId", placed.Id);
        w.WriteNumber("orderListId", -1);
        w.WriteString("clientOrderId", placed.ClientOrderId);
        w.WriteNumber("transactTime", placed.Time);
        if (respType != "ACK")
        {
            OrderFields(w, placed, conditionalStopFields: true);
            w.WriteNumber("workingTime", placed.WorkingTime);
            w.WriteString("selfTradePreventionMode", "NONE");
        }

        if (respType == "FULL")
        {
            var ledger = exchange.Engine.Ledger;
            w.WriteStartArray("fills");
            foreach (var f in fills)
            {
                w.WriteStartObject();
                Num(w, "price", f.Price);
                Num(w, "qty", f.Quantity);
                Num(w, "commission", f.Commission);
                w.WriteString("commissionAsset", ledger.Assets[f.CommissionAsset]);
                w.WriteNumber("tradeId", f.TradeId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>price … side (and stopPrice/icebergQty when set), as in RESULT and cancel responses.</summary>
    private static void OrderFields(Utf8JsonWriter w, EngineOrder o, bool conditionalStopFields)
    {
        Num(w, "price", o.Price);
        Num(w, "origQty", o.Quantity);
        Num(w, "executedQty", o.Executed);
        Num(w, "origQuoteOrderQty", o.QuoteQuantity);
        Num(w, "cummulativeQuoteQty", o.CumulativeQuote);
        w.WriteString("status", MockWire.ToWire(o.Status));
        w.WriteString("timeInForce", MockWire.ToWire(o.TimeInForce));
        w.WriteString("type", MockWire.ToWire(o.Type));
        w.WriteString("side", MockWire.ToWire(o.Side));
        if (o.StopPrice > 0 && conditionalStopFields)
        {
            Num(w, "stopPrice", o.StopPrice);
        }

        if (o.IcebergQuantity > 0 && conditionalStopFields)
        {
            Num(w, "icebergQty", o.IcebergQuantity);
        }
    }

    private void TestOrder(ExchangeRequest request, Utf8JsonWriter w) => TestOrder(request, w, sor: false);

    /// <summary>POST /api/v3/order/test, and the test of a SOR order (whose commission answer has no special rates, as documented).</summary>
    private void TestOrder(ExchangeRequest request, Utf8JsonWriter w, bool sor)
    {
        var (order, clientOrderId, _) = ParseOrder(request);
        var s = exchange.GetSymbol(order.Symbol);
        if (clientOrderId is not null && s.ByClientOrderId.TryGetValue(clientOrderId, out var existing) && existing.IsOpen)
        {
            throw new MockApiException(-2010, "Duplicate order sent.");
        }

        exchange.Validate(s, order);
        w.WriteStartObject();
        if (string.Equals(request.GetParameter("computeCommissionRates"), "true", StringComparison.OrdinalIgnoreCase))
        {
            var options = exchange.Options;
            w.WriteStartObject("standardCommissionForOrder");
            Num(w, "maker", options.MakerCommissionRate);
            Num(w, "taker", options.TakerCommissionRate);
            w.WriteEndObject();
            if (!sor)
            {
                w.WriteStartObject("specialCommissionForOrder");
                Num(w, "maker", 0m);
                Num(w, "taker", 0m);
                w.WriteEndObject();
            }

            w.WriteStartObject("taxCommissionForOrder");
            Num(w, "maker", 0m);
            Num(w, "taker", 0m);
            w.WriteEndObject();
            w.WriteStartObject("discount");
            w.WriteBoolean("enabledForAccount", false);
            w.WriteBoolean("enabledForSymbol", false);
            w.WriteString("discountAsset", "BNB");
            Num(w, "discount", 0m);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private (MockSymbol Symbol, long? OrderId, string? ClientOrderId) OrderRef(ExchangeRequest request)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var orderId = Long(request, "orderId");
        var clientOrderId = request.GetParameter("origClientOrderId");
        if (orderId is null && string.IsNullOrEmpty(clientOrderId))
        {
            throw new MockApiException(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
        }

        return (s, orderId, string.IsNullOrEmpty(clientOrderId) ? null : clientOrderId);
    }

    private void CancelOrder(ExchangeRequest request, Utf8JsonWriter w)
    {
        var (s, orderId, clientOrderId) = OrderRef(request);
        var order = exchange.CancelOrder(s, orderId, clientOrderId);
        var cancelId = request.GetParameter("newClientOrderId") is { Length: > 0 } id ? id : exchange.NextCancelId();
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteString("origClientOrderId", order.ClientOrderId);
        w.WriteNumber("orderId", order.Id);
        w.WriteNumber("orderListId", order.List?.Id ?? -1);
        w.WriteString("clientOrderId", cancelId);
        w.WriteNumber("transactTime", order.UpdateTime);
        OrderFields(w, order, conditionalStopFields: true);
        w.WriteString("selfTradePreventionMode", "NONE");
        w.WriteEndObject();
    }

    private void QueryOrder(ExchangeRequest request, Utf8JsonWriter w)
    {
        var (s, orderId, clientOrderId) = OrderRef(request);
        WriteOrder(w, s, exchange.FindOrder(s, orderId, clientOrderId, -2013));
    }

    /// <summary>An order as GET /api/v3/order, openOrders and allOrders write it.</summary>
    private static void WriteOrder(Utf8JsonWriter w, MockSymbol s, EngineOrder o)
    {
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteNumber("orderId", o.Id);
        w.WriteNumber("orderListId", o.List?.Id ?? -1);
        w.WriteString("clientOrderId", o.ClientOrderId);
        OrderFields(w, o, conditionalStopFields: false);
        Num(w, "stopPrice", o.StopPrice);
        Num(w, "icebergQty", o.IcebergQuantity);
        w.WriteNumber("time", o.Time);
        w.WriteNumber("updateTime", o.UpdateTime);
        w.WriteBoolean("isWorking", o.IsWorking && o.IsOpen);
        w.WriteNumber("workingTime", o.WorkingTime);
        w.WriteString("selfTradePreventionMode", "NONE");
        w.WriteEndObject();
    }

    private void OpenOrders(ExchangeRequest request, Utf8JsonWriter w)
    {
        var symbol = request.GetParameter("symbol");
        w.WriteStartArray();
        foreach (var s in exchange.SymbolStates)
        {
            if (symbol is { Length: > 0 } && !ReferenceEquals(s, exchange.GetSymbol(symbol)))
            {
                continue;
            }

            foreach (var o in s.AccountOrders)
            {
                if (o.IsOpen)
                {
                    WriteOrder(w, s, o);
                }
            }
        }

        w.WriteEndArray();
    }

    /// <summary>allOrders and myTrades: at most 24 hours between startTime and endTime.</summary>
    private static void HistoryRange(long? start, long? end)
    {
        if (start is { } st && end is { } en && en - st > 24 * 60 * 60 * 1000L)
        {
            throw new MockApiException(-1127, "More than 24 hours between startTime and endTime.");
        }
    }

    private void AllOrders(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var orderId = Long(request, "orderId");
        var start = Long(request, "startTime");
        var end = Long(request, "endTime");
        HistoryRange(start, end);
        var limit = Limit(request, 500, 1000);
        var selected = new List<EngineOrder>();
        foreach (var o in s.AccountOrders)
        {
            if ((orderId is { } id && o.Id < id) || (start is { } st && o.Time < st) || (end is { } en && o.Time > en))
            {
                continue;
            }

            selected.Add(o);
        }

        var skip = orderId is null && start is null ? Math.Max(0, selected.Count - limit) : 0;
        w.WriteStartArray();
        for (var i = skip; i < selected.Count && i - skip < limit; i++)
        {
            WriteOrder(w, s, selected[i]);
        }

        w.WriteEndArray();
    }

    private void MyTrades(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var orderId = Long(request, "orderId");
        var fromId = Long(request, "fromId");
        var start = Long(request, "startTime");
        var end = Long(request, "endTime");
        if ((start is not null || end is not null) && (orderId is not null || fromId is not null))
        {
            // The documented combinations: symbol alone, or with orderId, startTime, endTime, fromId, startTime + endTime, orderId + fromId.
            throw new MockApiException(-1128, "Combination of optional parameters invalid.");
        }

        HistoryRange(start, end);
        var limit = Limit(request, 500, 1000);
        var ledger = exchange.Engine.Ledger;
        var selected = new List<EngineAccountTrade>();
        foreach (var t in s.Book.AccountTrades)
        {
            if ((orderId is { } oid && t.OrderId != oid) || (fromId is { } f && t.Id < f) || (start is { } st && t.Time < st) || (end is { } en && t.Time > en))
            {
                continue;
            }

            selected.Add(t);
        }

        var skip = fromId is null && start is null ? Math.Max(0, selected.Count - limit) : 0;
        w.WriteStartArray();
        for (var i = skip; i < selected.Count && i - skip < limit; i++)
        {
            var t = selected[i];
            w.WriteStartObject();
            w.WriteString("symbol", s.Rules.Symbol);
            w.WriteNumber("id", t.Id);
            w.WriteNumber("orderId", t.OrderId);
            w.WriteNumber("orderListId", exchange.FindAccountOrder(t.OrderId)?.List?.Id ?? -1);
            Num(w, "price", t.Price);
            Num(w, "qty", t.Quantity);
            Num(w, "quoteQty", t.QuoteQuantity);
            Num(w, "commission", t.Commission);
            w.WriteString("commissionAsset", ledger.Assets[t.CommissionAsset]);
            w.WriteNumber("time", t.Time);
            w.WriteBoolean("isBuyer", t.IsBuyer);
            w.WriteBoolean("isMaker", t.IsMaker);
            w.WriteBoolean("isBestMatch", true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void UiKlines(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        if (!KlineIntervalExtensions.TryParse(Required(request, "interval"), out var interval))
        {
            throw new MockApiException(-1120, "Invalid interval.");
        }

        var timeZone = request.GetParameter("timeZone");
        var offset = TimeSpan.Zero;
        if (!string.IsNullOrEmpty(timeZone) && !Binance.Protocol.Args.KlineTimeZone.TryParse(timeZone, out offset))
        {
            throw new MockApiException(-1130, "Data sent for parameter 'timeZone' is not valid.");
        }

        var klines = MockExchange.GetKlines(
            s, interval, Long(request, "startTime"), Long(request, "endTime"), Limit(request, 500, 1000), (long)offset.TotalMilliseconds);
        WriteKlines(w, klines);
    }

    private void RollingTicker(ExchangeRequest request, Utf8JsonWriter w)
    {
        var window = TimeSpan.FromDays(1);
        if (request.GetParameter("windowSize") is { Length: > 0 } size && !Binance.Protocol.Args.TickerWindow.TryParse(size, out window))
        {
            throw new MockApiException(-1130, "Data sent for parameter 'windowSize' is not valid.");
        }

        var windowMs = (long)window.TotalMilliseconds;
        WriteWindowTickers(request, w, name => exchange.RollingTicker(exchange.GetSymbol(name), windowMs));
    }

    /// <summary>
    /// What the rolling-window and trading-day tickers share: <c>type</c> (FULL or MINI), <c>symbol</c> or up to 100
    /// <c>symbols</c>, and one ticker object per symbol (an array for <c>symbols</c>).
    /// </summary>
    private static void WriteWindowTickers(ExchangeRequest request, Utf8JsonWriter w, Func<string, Ticker24h> ticker)
    {
        var type = request.GetParameter("type");
        if (!string.IsNullOrEmpty(type) && type is not ("FULL" or "MINI"))
        {
            throw new MockApiException(-1130, "Data sent for parameter 'type' is not valid.");
        }

        var mini = type == "MINI";
        var one = request.GetParameter("symbol");
        var names = Symbols(request);
        if (string.IsNullOrEmpty(one) && names is null)
        {
            throw new MockApiException(-1102, "Param 'symbol' or 'symbols' must be sent, but both were empty/null!");
        }

        if (names is { Count: > Binance.Protocol.Args.RollingTickerArgs.MaxSymbols })
        {
            throw new MockApiException(-1101, "Too many values sent for parameter 'symbols', maximum allowed is 100.");
        }

        if (!string.IsNullOrEmpty(one))
        {
            WriteRollingTicker(w, ticker(one), mini);
            return;
        }

        w.WriteStartArray();
        foreach (var name in names!)
        {
            WriteRollingTicker(w, ticker(name), mini);
        }

        w.WriteEndArray();
    }

    private static void WriteRollingTicker(Utf8JsonWriter w, Ticker24h t, bool mini)
    {
        w.WriteStartObject();
        w.WriteString("symbol", t.Symbol);
        if (!mini)
        {
            Num(w, "priceChange", t.PriceChange);
            if (t.PriceChangePercent is { } percent)
            {
                w.WriteString("priceChangePercent", percent.ToString("F3", CultureInfo.InvariantCulture));
            }

            Num(w, "weightedAvgPrice", t.WeightedAveragePrice);
        }

        Num(w, "openPrice", t.OpenPrice);
        Num(w, "highPrice", t.HighPrice);
        Num(w, "lowPrice", t.LowPrice);
        Num(w, "lastPrice", t.LastPrice);
        Num(w, "volume", t.Volume);
        Num(w, "quoteVolume", t.QuoteVolume);
        w.WriteNumber("openTime", t.OpenTime.ToUnixTimeMilliseconds());
        w.WriteNumber("closeTime", t.CloseTime.ToUnixTimeMilliseconds());
        w.WriteNumber("firstId", t.FirstTradeId);
        w.WriteNumber("lastId", t.LastTradeId);
        w.WriteNumber("count", t.TradeCount);
        w.WriteEndObject();
    }

    private void TradingDayTicker(ExchangeRequest request, Utf8JsonWriter w)
    {
        var timeZone = request.GetParameter("timeZone");
        var offset = TimeSpan.Zero;
        if (!string.IsNullOrEmpty(timeZone) && !Binance.Protocol.Args.KlineTimeZone.TryParse(timeZone, out offset))
        {
            throw new MockApiException(-1130, "Data sent for parameter 'timeZone' is not valid.");
        }

        var offsetMs = (long)offset.TotalMilliseconds;
        WriteWindowTickers(request, w, name => exchange.TradingDayTicker(exchange.GetSymbol(name), offsetMs));
    }

    // Issue 12 part 2, account endpoints: answered from the matching engine's own state.

    /// <summary>
    /// GET /api/v3/account/commission: the rates the engine charges the account on its fills (maker and taker; the
    /// engine charges no buyer/seller, special or tax commission and gives no BNB discount, so those are 0).
    /// </summary>
    private void AccountCommission(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var engine = exchange.Engine;
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        CommissionObject(w, "standardCommission", engine.AccountMakerRate, engine.AccountTakerRate);
        CommissionObject(w, "specialCommission", 0m, 0m);
        CommissionObject(w, "taxCommission", 0m, 0m);
        w.WriteStartObject("discount");
        w.WriteBoolean("enabledForAccount", false);
        w.WriteBoolean("enabledForSymbol", false);
        w.WriteString("discountAsset", "BNB");
        Num(w, "discount", 0m);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void CommissionObject(Utf8JsonWriter w, string name, decimal maker, decimal taker)
    {
        w.WriteStartObject(name);
        Num(w, "maker", maker);
        Num(w, "taker", taker);
        Num(w, "buyer", 0m);
        Num(w, "seller", 0m);
        w.WriteEndObject();
    }

    /// <summary>GET /api/v3/rateLimit/order: the ORDERS counters behind <c>X-MBX-ORDER-COUNT-*</c>, with the limits exchange info declares.</summary>
    private void UnfilledOrderCount(Utf8JsonWriter w)
    {
        w.WriteStartArray();
        foreach (var (limit, count) in exchange.Limits.OrderCounts(DateTimeOffset.FromUnixTimeMilliseconds(exchange.NowMs)))
        {
            OrderCount(w, ExchangeLimiter.IntervalWireName(limit), limit.IntervalNum, limit.Limit, count);
        }

        w.WriteEndArray();
    }

    private static void OrderCount(Utf8JsonWriter w, string interval, int num, int limit, int count)
    {
        w.WriteStartObject();
        w.WriteString("rateLimitType", "ORDERS");
        w.WriteString("interval", interval);
        w.WriteNumber("intervalNum", num);
        w.WriteNumber("limit", limit);
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }

    /// <summary>
    /// GET /api/v3/myPreventedMatches: checks the documented parameter combinations, then answers the matches the
    /// engine prevented. The engine has no self-trade prevention (every order reports <c>selfTradePreventionMode</c>
    /// NONE and the account's own orders trade with each other), so it never prevents one: the list is empty.
    /// </summary>
    private void PreventedMatches(ExchangeRequest request, Utf8JsonWriter w)
    {
        exchange.GetSymbol(Required(request, "symbol"));
        var preventedMatchId = Long(request, "preventedMatchId");
        var orderId = Long(request, "orderId");
        var fromId = Long(request, "fromPreventedMatchId");
        var limit = Long(request, "limit");
        if (preventedMatchId is null && orderId is null)
        {
            throw new MockApiException(-1102, "Param 'preventedMatchId' or 'orderId' must be sent, but both were empty/null!");
        }

        if ((preventedMatchId is not null && (orderId is not null || fromId is not null || limit is not null)) || (limit is not null && fromId is null))
        {
            throw new MockApiException(-1128, "Combination of optional parameters invalid.");
        }

        if (limit is < 1 or > Binance.Protocol.Args.PreventedMatchesArgs.MaxLimit)
        {
            throw new MockApiException(-1130, "Data sent for parameter 'limit' is not valid.");
        }

        w.WriteStartArray();
        w.WriteEndArray();
    }

    /// <summary>
    /// GET /api/v3/myFilters: the symbol's filters exactly as exchange info writes them, the exchange filters exchange
    /// info declares (none), and the asset filters applied to the account (the mock applies none).
    /// </summary>
    private void AccountFilters(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        w.WriteStartObject();
        w.WriteStartArray("exchangeFilters");
        w.WriteEndArray();
        w.WriteStartArray("symbolFilters");
        foreach (var f in s.Rules.Filters)
        {
            Filter(w, f);
        }

        w.WriteEndArray();
        w.WriteStartArray("assetFilters");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // Issue 12 part 2, market-data endpoints: answered from the exchange's own state.

    /// <summary>
    /// GET /api/v3/referencePrice: the mock never sets a reference price (its filters use the average price and it has
    /// no execution rule), so every listed symbol answers Binance's -2043 for a symbol that never had one.
    /// </summary>
    private void ReferencePrice(ExchangeRequest request, Utf8JsonWriter w)
    {
        exchange.GetSymbol(Required(request, "symbol"));
        throw NoReferencePrice();
    }

    /// <summary>GET /api/v3/referencePrice/calculation: checks <c>symbolStatus</c>, then -2043 (the mock calculates no reference price).</summary>
    private void ReferencePriceCalculation(ExchangeRequest request, Utf8JsonWriter w)
    {
        exchange.GetSymbol(Required(request, "symbol"));
        if (request.GetParameter("symbolStatus") is { Length: > 0 } status && !Binance.Protocol.Args.RuleSymbolStatus.TryParse(status, out _))
        {
            throw new MockApiException(-1130, "Data sent for parameter 'symbolStatus' is not valid.");
        }

        throw NoReferencePrice();
    }

    private static MockApiException NoReferencePrice() => new(-2043, "This symbol doesn't have a reference price.");

    /// <summary>
    /// GET /api/v3/executionRules: one of <c>symbol</c>, <c>symbols</c> or <c>symbolStatus</c> (never combined), or
    /// none for every symbol. The mock enforces no execution rule, so each selected symbol has an empty rule list.
    /// </summary>
    private void ExecutionRules(ExchangeRequest request, Utf8JsonWriter w)
    {
        var one = request.GetParameter("symbol");
        var names = Symbols(request);
        var statusText = request.GetParameter("symbolStatus");
        if ((string.IsNullOrEmpty(one) ? 0 : 1) + (names is null ? 0 : 1) + (string.IsNullOrEmpty(statusText) ? 0 : 1) > 1)
        {
            throw new MockApiException(-1128, "Combination of optional parameters invalid.");
        }

        var selected = new List<MockSymbol>();
        if (!string.IsNullOrEmpty(one))
        {
            selected.Add(exchange.GetSymbol(one));
        }
        else if (names is not null)
        {
            selected.AddRange(names.Select(exchange.GetSymbol));
        }
        else if (!string.IsNullOrEmpty(statusText))
        {
            if (!Binance.Protocol.Args.RuleSymbolStatus.TryParse(statusText, out _))
            {
                throw new MockApiException(-1130, "Data sent for parameter 'symbolStatus' is not valid.");
            }

            selected.AddRange(exchange.SymbolStates.Where(s => string.Equals(string.IsNullOrEmpty(s.Rules.RawStatus) ? "TRADING" : s.Rules.RawStatus, statusText, StringComparison.Ordinal)));
        }
        else
        {
            selected.AddRange(exchange.SymbolStates);
        }

        w.WriteStartObject();
        w.WriteStartArray("symbolRules");
        foreach (var s in selected)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Rules.Symbol);
            w.WriteStartArray("rules");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// GET /api/v3/historicalBlockTrades: checks <c>symbol</c>, the mandatory <c>fromId</c> and <c>limit</c>, then answers
    /// the symbol's block trades. Every trade of the mock is matched on its order book (none is a negotiated block
    /// trade), so the list is empty.
    /// </summary>
    private void HistoricalBlockTrades(ExchangeRequest request, Utf8JsonWriter w)
    {
        exchange.GetSymbol(Required(request, "symbol"));
        if (Long(request, "fromId") is null)
        {
            throw MockApiException.Mandatory("fromId");
        }

        Limit(request, 500, 1000);
        w.WriteStartArray();
        w.WriteEndArray();
    }

    /// <summary>
    /// GET /api/v3/ticker/24hr: one symbol, several or all, FULL (default) or MINI. MINI writes the fields the rolling
    /// window's MINI writes (no price change, average, previous close or book figures), from the same 24 h statistics.
    /// </summary>
    private void Ticker24hOfType(ExchangeRequest request, Utf8JsonWriter w)
    {
        var type = request.GetParameter("type");
        if (!string.IsNullOrEmpty(type) && type is not ("FULL" or "MINI"))
        {
            throw new MockApiException(-1130, "Data sent for parameter 'type' is not valid.");
        }

        if (type == "MINI")
        {
            ForSymbols(request, w, (writer, s) => WriteRollingTicker(writer, exchange.Ticker(s), mini: true));
        }
        else
        {
            ForSymbols(request, w, Ticker24h);
        }
    }
}
