using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Json.JsonValues;

namespace Genesis.Exchange.Binance.Json;

/// <summary>
/// Parses Binance REST JSON into the library's models. Unknown fields are ignored, unknown enum values map to
/// Unknown, and anything untrustworthy (not JSON, not the expected shape, NaN or negative prices) becomes a
/// <see cref="MalformedResponseException"/>.
/// </summary>
internal static partial class BinanceResponseParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>Parses <c>{"serverTime":…}</c>.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The server time.</returns>
    public static DateTimeOffset ParseServerTime(ReadOnlyMemory<byte> json) => Parse(json, root => Time(root, "serverTime"));

    /// <summary>
    /// Parses exchange info. A symbol that cannot be parsed never fails the call: it is listed in
    /// <see cref="ExchangeInfo.FailedSymbols"/> with the reason (and in <paramref name="skippedSymbols"/>), and
    /// <see cref="ExchangeInfo.GetSymbol"/> refuses it with a <see cref="SymbolRulesUnavailableException"/>.
    /// </summary>
    /// <param name="json">The body.</param>
    /// <param name="skippedSymbols">Receives <c>"SYMBOL: reason"</c> for each symbol that could not be parsed.</param>
    /// <returns>The exchange info.</returns>
    public static ExchangeInfo ParseExchangeInfo(ReadOnlyMemory<byte> json, ICollection<string>? skippedSymbols = null) => Parse(json, root =>
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"exchange info is not a JSON object ({root.ValueKind}).");
        }

        var limits = new List<RateLimit>();
        if (root.TryGetProperty("rateLimits", out var rl) && rl.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in rl.EnumerateArray())
            {
                // The docs' example holds an empty placeholder object; anything without a type is not a limit.
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("rateLimitType", out _))
                {
                    continue;
                }

                var type = StringOr(item, "rateLimitType", string.Empty);
                var interval = StringOr(item, "interval", string.Empty);
                // A window or a limit is never guessed: a 1 s window read for a 10 s one would let orders through too fast.
                limits.Add(new RateLimit(BinanceEnums.ParseRateLimitType(type), BinanceEnums.ParseInterval(interval), Int(item, "intervalNum"), Int(item, "limit"))
                {
                    RawType = type,
                    RawInterval = interval,
                });
            }
        }

        var symbols = new Dictionary<string, SymbolRules>(StringComparer.OrdinalIgnoreCase);
        var failed = new List<SymbolParseFailure>();
        if (root.TryGetProperty("symbols", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                try
                {
                    var rules = ParseSymbol(item);
                    symbols[rules.Symbol] = rules;
                }
                catch (Exception ex) when (ex is MalformedResponseException or InvalidOperationException or FormatException)
                {
                    var name = SymbolNameOf(item);
                    var reason = ex.Message.StartsWith(MalformedPrefix, StringComparison.Ordinal) ? ex.Message[MalformedPrefix.Length..] : ex.Message;
                    failed.Add(new SymbolParseFailure(name, reason));
                    skippedSymbols?.Add($"{name}: {reason}");
                }
            }
        }

        var exchangeFilters = new List<SymbolFilter>();
        if (root.TryGetProperty("exchangeFilters", out var xf) && xf.ValueKind == JsonValueKind.Array)
        {
            foreach (var f in xf.EnumerateArray())
            {
                // Exchange filters are informational (the exchange enforces them, this library does not): one that cannot
                // be read is kept whole as an UnknownFilter rather than failing the rules of every symbol.
                try
                {
                    exchangeFilters.Add(ParseFilter(f));
                }
                catch (Exception ex) when (ex is MalformedResponseException or InvalidOperationException or FormatException)
                {
                    exchangeFilters.Add(new UnknownFilter(FilterTypeOf(f)) { RawJson = f.GetRawText() });
                }
            }
        }

        List<SmartOrderRouting>? sors = null;
        if (root.TryGetProperty("sors", out var sorList) && sorList.ValueKind == JsonValueKind.Array)
        {
            sors = new List<SmartOrderRouting>(sorList.GetArrayLength());
            foreach (var sor in sorList.EnumerateArray())
            {
                sors.Add(new SmartOrderRouting(String(sor, "baseAsset"), Strings(sor, "symbols")));
            }
        }

        return new ExchangeInfo(StringOr(root, "timezone", "UTC"), TimeOrNull(root, "serverTime"), limits, symbols)
        {
            FailedSymbols = failed,
            ExchangeFilters = exchangeFilters,
            Sors = sors,
        };
    });

    private const string MalformedPrefix = "Malformed exchange response: ";

    private static string FilterTypeOf(JsonElement filter) =>
        filter.ValueKind == JsonValueKind.Object && filter.TryGetProperty("filterType", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is { Length: > 0 } text
            ? text
            : "UNKNOWN";

    private static string SymbolNameOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("symbol", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } text
            ? text
            : "?";

    /// <summary>Parses one symbol of exchange info.</summary>
    /// <param name="item">The symbol object.</param>
    /// <returns>The rules.</returns>
    internal static SymbolRules ParseSymbol(JsonElement item)
    {
        var orderTypes = new List<OrderType>();
        var rawOrderTypes = new List<string>();
        if (item.TryGetProperty("orderTypes", out var types) && types.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in types.EnumerateArray())
            {
                var raw = KnownString(t, "orderTypes", BinanceEnums.OrderTypeNames);
                rawOrderTypes.Add(raw);
                orderTypes.Add(BinanceEnums.ParseOrderType(raw));
            }
        }

        var permissionSets = new List<IReadOnlyList<string>>();
        if (item.TryGetProperty("permissionSets", out var sets) && sets.ValueKind == JsonValueKind.Array)
        {
            foreach (var set in sets.EnumerateArray())
            {
                if (set.ValueKind != JsonValueKind.Array)
                {
                    throw Malformed($"a permission set is {set.ValueKind}, not an array.");
                }

                var names = new List<string>();
                foreach (var permission in set.EnumerateArray())
                {
                    names.Add(KnownString(permission, "permissionSets", PermissionNames));
                }

                permissionSets.Add(names);
            }
        }

        var filters = new List<SymbolFilter>();
        if (item.TryGetProperty("filters", out var fs) && fs.ValueKind == JsonValueKind.Array)
        {
            foreach (var f in fs.EnumerateArray())
            {
                filters.Add(ParseFilter(f));
            }
        }

        var stpModes = new List<SelfTradePreventionMode>();
        var rawStpModes = new List<string>();
        if (item.TryGetProperty("allowedSelfTradePreventionModes", out var modes) && modes.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in modes.EnumerateArray())
            {
                var raw = KnownString(m, "allowedSelfTradePreventionModes", BinanceEnums.SelfTradePreventionModeNames);
                rawStpModes.Add(raw);
                stpModes.Add(BinanceEnums.ParseSelfTradePreventionMode(raw));
            }
        }

        var defaultStp = KnownStringOrNull(item, "defaultSelfTradePreventionMode", BinanceEnums.SelfTradePreventionModeNames);
        var status = StringOr(item, "status", string.Empty);
        return new SymbolRules(
            String(item, "symbol"),
            BinanceEnums.ParseSymbolStatus(status),
            StringOr(item, "baseAsset", string.Empty),
            StringOr(item, "quoteAsset", string.Empty),
            IntOr(item, "baseAssetPrecision", 8),
            IntOr(item, "quoteAssetPrecision", IntOr(item, "quotePrecision", 8)),
            orderTypes,
            filters)
        {
            RawStatus = status,
            RawOrderTypes = rawOrderTypes,
            PermissionSets = permissionSets,
            IcebergAllowed = BoolOr(item, "icebergAllowed", false),
            QuoteOrderQuantityMarketAllowed = BoolOr(item, "quoteOrderQtyMarketAllowed", true),
            QuotePrecision = IntOrNull(item, "quotePrecision"),
            BaseCommissionPrecision = IntOrNull(item, "baseCommissionPrecision"),
            QuoteCommissionPrecision = IntOrNull(item, "quoteCommissionPrecision"),
            OcoAllowed = BoolOrNull(item, "ocoAllowed"),
            OtoAllowed = BoolOrNull(item, "otoAllowed"),
            OpoAllowed = BoolOrNull(item, "opoAllowed"),
            AllowTrailingStop = BoolOrNull(item, "allowTrailingStop"),
            CancelReplaceAllowed = BoolOrNull(item, "cancelReplaceAllowed"),
            AmendAllowed = BoolOrNull(item, "amendAllowed"),
            PegInstructionsAllowed = BoolOrNull(item, "pegInstructionsAllowed"),
            IsSpotTradingAllowed = BoolOrNull(item, "isSpotTradingAllowed"),
            IsMarginTradingAllowed = BoolOrNull(item, "isMarginTradingAllowed"),
            Permissions = item.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Array && permissions.GetArrayLength() > 0
                ? Strings(item, "permissions", PermissionNames)
                : [],
            DefaultSelfTradePreventionMode = defaultStp is null ? null : BinanceEnums.ParseSelfTradePreventionMode(defaultStp),
            RawDefaultSelfTradePreventionMode = defaultStp,
            AllowedSelfTradePreventionModes = stpModes,
            RawAllowedSelfTradePreventionModes = rawStpModes,
        };
    }

    /// <summary>Parses one filter; unknown types become <see cref="UnknownFilter"/> with their raw JSON.</summary>
    /// <param name="f">The filter object.</param>
    /// <returns>The filter.</returns>
    internal static SymbolFilter ParseFilter(JsonElement f)
    {
        if (f.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"a filter is {f.ValueKind}, not an object.");
        }

        var type = StringOr(f, "filterType", "UNKNOWN");
        return type switch
        {
            "PRICE_FILTER" => new PriceFilter(NonNegativeOr(f, "minPrice", 0), NonNegativeOr(f, "maxPrice", 0), NonNegativeOr(f, "tickSize", 0)),
            "LOT_SIZE" => new LotSizeFilter(NonNegativeOr(f, "minQty", 0), NonNegativeOr(f, "maxQty", 0), NonNegativeOr(f, "stepSize", 0)),
            "MARKET_LOT_SIZE" => new MarketLotSizeFilter(NonNegativeOr(f, "minQty", 0), NonNegativeOr(f, "maxQty", 0), NonNegativeOr(f, "stepSize", 0)),
            "MIN_NOTIONAL" => new MinNotionalFilter(NonNegativeOr(f, "minNotional", 0), BoolOr(f, "applyToMarket", true), IntOr(f, "avgPriceMins", 0)),
            "NOTIONAL" => new NotionalFilter(NonNegativeOr(f, "minNotional", 0), BoolOr(f, "applyMinToMarket", true), NonNegativeOr(f, "maxNotional", 0), BoolOr(f, "applyMaxToMarket", false), IntOr(f, "avgPriceMins", 0)),
            "PERCENT_PRICE" => new PercentPriceFilter(NonNegativeOr(f, "multiplierUp", 0), NonNegativeOr(f, "multiplierDown", 0), IntOr(f, "avgPriceMins", 0)),
            "PERCENT_PRICE_BY_SIDE" => new PercentPriceBySideFilter(
                NonNegativeOr(f, "bidMultiplierUp", 0), NonNegativeOr(f, "bidMultiplierDown", 0), NonNegativeOr(f, "askMultiplierUp", 0), NonNegativeOr(f, "askMultiplierDown", 0), IntOr(f, "avgPriceMins", 0)),
            "ICEBERG_PARTS" => new IcebergPartsFilter(IntOr(f, "limit", 0)),
            "MAX_NUM_ORDERS" => new MaxNumOrdersFilter(IntOr(f, "maxNumOrders", 0)),
            "MAX_NUM_ALGO_ORDERS" => new MaxNumAlgoOrdersFilter(IntOr(f, "maxNumAlgoOrders", 0)),
            "MAX_NUM_ICEBERG_ORDERS" => new MaxNumIcebergOrdersFilter(IntOr(f, "maxNumIcebergOrders", 0)),
            "MAX_POSITION" => new MaxPositionFilter(NonNegativeOr(f, "maxPosition", 0)),
            "TRAILING_DELTA" => new TrailingDeltaFilter(IntOr(f, "minTrailingAboveDelta", 0), IntOr(f, "maxTrailingAboveDelta", 0), IntOr(f, "minTrailingBelowDelta", 0), IntOr(f, "maxTrailingBelowDelta", 0)),
            "MAX_NUM_ORDER_AMENDS" => new MaxNumOrderAmendsFilter(Int(f, "maxNumOrderAmends")),
            "MAX_NUM_ORDER_LISTS" => new MaxNumOrderListsFilter(Int(f, "maxNumOrderLists")),
            "EXCHANGE_MAX_NUM_ORDERS" => new ExchangeMaxNumOrdersFilter(Int(f, "maxNumOrders")),
            "EXCHANGE_MAX_NUM_ALGO_ORDERS" => new ExchangeMaxNumAlgoOrdersFilter(Int(f, "maxNumAlgoOrders")),
            "EXCHANGE_MAX_NUM_ICEBERG_ORDERS" => new ExchangeMaxNumIcebergOrdersFilter(Int(f, "maxNumIcebergOrders")),
            "EXCHANGE_MAX_NUM_ORDER_LISTS" => new ExchangeMaxNumOrderListsFilter(Int(f, "maxNumOrderLists")),
            _ => new UnknownFilter(type) { RawJson = f.GetRawText() },
        };
    }

    /// <summary>Parses an order book snapshot with a forward-only reader (the largest REST payload).</summary>
    /// <param name="symbol">The symbol asked for.</param>
    /// <param name="json">The body.</param>
    /// <returns>The book.</returns>
    public static OrderBook ParseOrderBook(string symbol, ReadOnlyMemory<byte> json)
    {
        try
        {
            json = WithoutByteOrderMark(json);
            var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = 8 });
            Expect(ref reader, JsonTokenType.StartObject);
            long lastUpdateId = -1;
            List<OrderBookLevel>? bids = null, asks = null;

            // A level is about 30 bytes on the wire; sizing the lists up front avoids regrowing them for deep books.
            var capacityHint = Math.Min(json.Length / 60, 5000);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("lastUpdateId"u8))
                {
                    reader.Read();
                    lastUpdateId = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("bids"u8))
                {
                    bids = ReadLevels(ref reader, capacityHint);
                }
                else if (reader.ValueTextEquals("asks"u8))
                {
                    asks = ReadLevels(ref reader, capacityHint);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || lastUpdateId < 0 || bids is null || asks is null)
            {
                throw Malformed("order book lacks lastUpdateId, bids or asks.");
            }

            return new OrderBook(symbol, lastUpdateId, bids, asks);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new MalformedResponseException($"Malformed exchange response: order book is not valid JSON ({ex.Message}).", innerException: ex);
        }
    }

    private static List<OrderBookLevel> ReadLevels(ref Utf8JsonReader reader, int capacityHint)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Malformed("book side is not an array.");
        }

        var levels = new List<OrderBookLevel>(capacityHint);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var price = ReadDecimal(ref reader, "price");
            reader.Read();
            var qty = ReadDecimal(ref reader, "quantity");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            levels.Add(new OrderBookLevel(price, qty));
        }

        return levels;
    }

    private static decimal ReadDecimal(ref Utf8JsonReader reader, string name)
    {
        if (!FastDecimal.TryRead(ref reader, out var value))
        {
            throw Malformed($"{name} is not a number.");
        }

        return value >= 0 ? value : throw Malformed($"{name} is negative.");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw Malformed($"expected {type}.");
        }
    }

    /// <summary>Parses a trades list (<c>/api/v3/trades</c>, <c>/api/v3/historicalTrades</c>).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The trades.</returns>
    public static IReadOnlyList<Trade> ParseTrades(ReadOnlyMemory<byte> json) => ParseArray(json, t => new Trade(
        Long(t, "id"), NonNegative(t, "price"), NonNegative(t, "qty"), NonNegative(t, "quoteQty"), Time(t, "time"), Bool(t, "isBuyerMaker"), Bool(t, "isBestMatch")));

    /// <summary>Parses aggregate trades.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The trades.</returns>
    public static IReadOnlyList<AggregateTrade> ParseAggregateTrades(ReadOnlyMemory<byte> json) => ParseArray(json, t => new AggregateTrade(
        Long(t, "a"), NonNegative(t, "p"), NonNegative(t, "q"), Long(t, "f"), Long(t, "l"), Time(t, "T"), Bool(t, "m"), Bool(t, "M")));

    /// <summary>Parses klines (arrays of values).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The klines.</returns>
    public static IReadOnlyList<Kline> ParseKlines(ReadOnlyMemory<byte> json) => ParseArray(json, k =>
    {
        if (k.ValueKind != JsonValueKind.Array || k.GetArrayLength() < 11)
        {
            throw Malformed("kline is not an array of at least 11 values.");
        }

        decimal D(int i, string name)
        {
            var v = ToDecimal(k[i], name);
            return v >= 0 ? v : throw Malformed($"kline {name} is negative.");
        }

        return new Kline(
            FromMilliseconds(k[0].GetInt64()), D(1, "open"), D(2, "high"), D(3, "low"), D(4, "close"), D(5, "volume"),
            FromMilliseconds(k[6].GetInt64()), D(7, "quoteVolume"), k[8].GetInt64(), D(9, "takerBuyBase"), D(10, "takerBuyQuote"));
    });

    /// <summary>Parses one 24 h ticker (FULL) or the first of an array.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The ticker.</returns>
    public static Ticker24h ParseTicker24h(ReadOnlyMemory<byte> json) => Parse(json, root =>
        root.ValueKind == JsonValueKind.Array
            ? (root.GetArrayLength() > 0 ? Ticker(root[0]) : throw Malformed("empty ticker array."))
            : Ticker(root));

    /// <summary>Parses an array of 24 h tickers.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The tickers.</returns>
    public static IReadOnlyList<Ticker24h> ParseTickers24h(ReadOnlyMemory<byte> json) => ParseArrayOrSingle(json, Ticker);

    // What every variant (FULL, MINI, rolling window, trading day) sends is required; what some leave out is null when absent.
    private static Ticker24h Ticker(JsonElement t) => new(
        String(t, "symbol"),
        DecimalOrNull(t, "priceChange"),
        DecimalOrNull(t, "priceChangePercent"),
        NonNegativeOrNull(t, "weightedAvgPrice"),
        NonNegativeOrNull(t, "prevClosePrice"),
        NonNegative(t, "lastPrice"),
        NonNegativeOrNull(t, "lastQty"),
        NonNegativeOrNull(t, "bidPrice"),
        NonNegativeOrNull(t, "bidQty"),
        NonNegativeOrNull(t, "askPrice"),
        NonNegativeOrNull(t, "askQty"),
        NonNegative(t, "openPrice"),
        NonNegative(t, "highPrice"),
        NonNegative(t, "lowPrice"),
        NonNegative(t, "volume"),
        NonNegative(t, "quoteVolume"),
        Time(t, "openTime"),
        Time(t, "closeTime"),
        Long(t, "firstId"),
        Long(t, "lastId"),
        Long(t, "count"));

    /// <summary>Parses one or many price tickers.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The tickers.</returns>
    public static IReadOnlyList<PriceTicker> ParsePriceTickers(ReadOnlyMemory<byte> json) =>
        ParseArrayOrSingle(json, t => new PriceTicker(String(t, "symbol"), NonNegative(t, "price")));

    /// <summary>Parses one or many book tickers.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The tickers.</returns>
    public static IReadOnlyList<BookTicker> ParseBookTickers(ReadOnlyMemory<byte> json) =>
        ParseArrayOrSingle(json, t => new BookTicker(String(t, "symbol"), NonNegative(t, "bidPrice"), NonNegative(t, "bidQty"), NonNegative(t, "askPrice"), NonNegative(t, "askQty")));

    /// <summary>Parses the current average price.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The average price.</returns>
    public static AveragePrice ParseAveragePrice(ReadOnlyMemory<byte> json) => Parse(json, root =>
        new AveragePrice(Int(root, "mins"), NonNegative(root, "price"), TimeOrNull(root, "closeTime")));

    /// <summary>Parses account information.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The account.</returns>
    public static AccountInfo ParseAccount(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var balances = new List<Balance>();
        foreach (var b in Array(root, "balances").EnumerateArray())
        {
            balances.Add(new Balance(String(b, "asset"), NonNegative(b, "free"), NonNegative(b, "locked")));
        }

        var permissions = new List<string>();
        if (root.TryGetProperty("permissions", out var p) && p.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in p.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    permissions.Add(item.GetString()!);
                }
            }
        }

        // Commission rates are never assumed to be 0: one of the two forms must be there.
        decimal maker, taker;
        CommissionRates? commissionRates = null;
        if (root.TryGetProperty("commissionRates", out var rates) && rates.ValueKind == JsonValueKind.Object)
        {
            maker = NonNegative(rates, "maker");
            taker = NonNegative(rates, "taker");
            commissionRates = new CommissionRates(maker, taker, NonNegativeOrNull(rates, "buyer"), NonNegativeOrNull(rates, "seller"));
        }
        else
        {
            // Legacy fields are in basis points (e.g. 15 = 0.15 %).
            maker = Int(root, "makerCommission") / 10_000m;
            taker = Int(root, "takerCommission") / 10_000m;
        }

        return new AccountInfo(maker, taker, Bool(root, "canTrade"), Bool(root, "canWithdraw"), Bool(root, "canDeposit"),
            TimeOrNull(root, "updateTime"), StringOr(root, "accountType", "SPOT"), balances, permissions)
        {
            Uid = LongOrNull(root, "uid"),
            CommissionRates = commissionRates,
            MakerCommissionBasisPoints = IntOrNull(root, "makerCommission"),
            TakerCommissionBasisPoints = IntOrNull(root, "takerCommission"),
            BuyerCommissionBasisPoints = IntOrNull(root, "buyerCommission"),
            SellerCommissionBasisPoints = IntOrNull(root, "sellerCommission"),
            Brokered = BoolOrNull(root, "brokered"),
            RequireSelfTradePrevention = BoolOrNull(root, "requireSelfTradePrevention"),
            PreventSor = BoolOrNull(root, "preventSor"),
        };
    });

    /// <summary>Parses an order (new order ACK/RESULT/FULL, query, cancel).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The order.</returns>
    public static Order ParseOrder(ReadOnlyMemory<byte> json) => Parse(json, OrderFrom);

    /// <summary>Parses a list of orders (open orders, all orders).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The orders.</returns>
    public static IReadOnlyList<Order> ParseOrders(ReadOnlyMemory<byte> json) => ParseArray(json, OrderFrom);

    internal static Order OrderFrom(JsonElement o)
    {
        var fills = new List<OrderFill>();
        if (o.TryGetProperty("fills", out var fs) && fs.ValueKind == JsonValueKind.Array)
        {
            foreach (var f in fs.EnumerateArray())
            {
                // An order response is never refused for a missing detail of a fill (the order exists): absent is null.
                fills.Add(new OrderFill(NonNegative(f, "price"), NonNegative(f, "qty"), NonNegativeOrNull(f, "commission"), StringOrNull(f, "commissionAsset"), LongOrNull(f, "tradeId"))
                {
                    MatchType = StringOrNull(f, "matchType"),
                    AllocId = LongOrNull(f, "allocId"),
                });
            }
        }

        // A cancel response names the canceled order's id origClientOrderId (clientOrderId is the cancel's own id).
        var isCancel = o.TryGetProperty("origClientOrderId", out var orig) && orig.ValueKind == JsonValueKind.String;
        var clientOrderId = isCancel ? orig.GetString()! : StringOr(o, "clientOrderId", string.Empty);
        var time = TimeOrNull(o, "transactTime") ?? TimeOrNull(o, "time");
        var status = StringOr(o, "status", string.Empty);
        var type = StringOr(o, "type", string.Empty);
        var timeInForce = StringOr(o, "timeInForce", string.Empty);
        var side = StringOr(o, "side", string.Empty);
        var stp = KnownStringOrNull(o, "selfTradePreventionMode", BinanceEnums.SelfTradePreventionModeNames);
        var workingFloor = KnownStringOrNull(o, "workingFloor", BinanceEnums.WorkingFloorNames);
        var pegPriceType = KnownStringOrNull(o, "pegPriceType", BinanceEnums.PegPriceTypeNames);
        var pegOffsetType = KnownStringOrNull(o, "pegOffsetType", BinanceEnums.PegOffsetTypeNames);
        var expiryReason = KnownStringOrNull(o, "expiryReason", BinanceEnums.ExpiryReasonNames);

        // Binance documents a negative cummulativeQuoteQty on some historical orders: "not available at this time".
        var quote = DecimalOrNull(o, "cummulativeQuoteQty");
        return new Order
        {
            Id = clientOrderId,
            ExchangeOrderId = Long(o, "orderId"),
            ClientOrderId = clientOrderId,
            Symbol = String(o, "symbol"),
            Type = BinanceEnums.ParseOrderType(type),
            RawType = type,
            Side = BinanceEnums.ParseSide(side),
            RawSide = side,
            Price = NonNegativeOrNull(o, "price"),
            StopPrice = NonNegativeOrNull(o, "stopPrice"),
            Quantity = NonNegativeOrNull(o, "origQty"),
            FilledQuantity = NonNegativeOrNull(o, "executedQty"),
            CumulativeQuoteQuantity = quote >= 0 ? quote : null,
            Status = status.Length == 0 ? OrderStatus.New : BinanceEnums.ParseOrderStatus(status),
            RawStatus = status,
            TimeInForce = BinanceEnums.ParseTimeInForce(timeInForce),
            RawTimeInForce = timeInForce,
            Time = time,
            UpdateTime = TimeOrNull(o, "updateTime") ?? time,
            Fills = fills,
            OrderListId = LongOrNull(o, "orderListId"),
            CancelClientOrderId = isCancel ? StringOrNull(o, "clientOrderId") : null,
            OriginalQuoteQuantity = NonNegativeOrNull(o, "origQuoteOrderQty"),
            IcebergQuantity = NonNegativeOrNull(o, "icebergQty"),
            IsWorking = BoolOrNull(o, "isWorking"),
            WorkingTime = TimeOrNullWhenNegative(o, "workingTime"),
            SelfTradePreventionMode = stp is null ? null : BinanceEnums.ParseSelfTradePreventionMode(stp),
            RawSelfTradePreventionMode = stp,
            PreventedMatchId = LongOrNull(o, "preventedMatchId"),
            PreventedQuantity = NonNegativeOrNull(o, "preventedQuantity"),
            StrategyId = LongOrNull(o, "strategyId"),
            StrategyType = LongOrNull(o, "strategyType"),
            TrailingDelta = LongOrNull(o, "trailingDelta"),
            TrailingTime = TimeOrNullWhenNegative(o, "trailingTime"),
            UsedSor = BoolOrNull(o, "usedSor"),
            WorkingFloor = workingFloor is null ? null : BinanceEnums.ParseWorkingFloor(workingFloor),
            RawWorkingFloor = workingFloor,
            PegPriceType = pegPriceType is null ? null : BinanceEnums.ParsePegPriceType(pegPriceType),
            RawPegPriceType = pegPriceType,
            PegOffsetType = pegOffsetType is null ? null : BinanceEnums.ParsePegOffsetType(pegOffsetType),
            RawPegOffsetType = pegOffsetType,
            PegOffsetValue = IntOrNull(o, "pegOffsetValue"),
            PeggedPrice = NonNegativeOrNull(o, "peggedPrice"),
            ExpiryReason = expiryReason is null ? null : BinanceEnums.ParseExpiryReason(expiryReason),
            RawExpiryReason = expiryReason,
        };
    }

    /// <summary>Parses the account's trades.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The trades.</returns>
    public static IReadOnlyList<AccountTrade> ParseAccountTrades(ReadOnlyMemory<byte> json) => ParseArray(json, t => new AccountTrade(
        String(t, "symbol"), Long(t, "id"), Long(t, "orderId"), NonNegative(t, "price"), NonNegative(t, "qty"), NonNegative(t, "quoteQty"),
        NonNegative(t, "commission"), String(t, "commissionAsset"), Time(t, "time"), Bool(t, "isBuyer"), Bool(t, "isMaker"), Bool(t, "isBestMatch"))
    {
        OrderListId = LongOrNull(t, "orderListId"),
    });

    /// <summary>Parses a test order response (<c>{}</c> or commission rates).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The result.</returns>
    public static TestOrderResult ParseTestOrder(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var discount = root.TryGetProperty("discount", out var d) && d.ValueKind == JsonValueKind.Object
            ? new CommissionDiscount(Bool(d, "enabledForAccount"), Bool(d, "enabledForSymbol"), String(d, "discountAsset"), NonNegative(d, "discount"))
            : null;
        return new TestOrderResult(Rates(root, "standardCommissionForOrder") ?? new Dictionary<string, decimal>(StringComparer.Ordinal))
        {
            SpecialCommission = Rates(root, "specialCommissionForOrder"),
            TaxCommission = Rates(root, "taxCommissionForOrder"),
            Discount = discount,
        };
    });

    /// <summary>A <c>{"maker":"…","taker":"…"}</c> object of rates, or null when absent.</summary>
    private static Dictionary<string, decimal>? Rates(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"'{name}' is {value.ValueKind}, not an object.");
        }

        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            var rate = ToDecimal(p.Value, p.Name);
            rates[p.Name] = rate >= 0 ? rate : throw Malformed($"'{name}.{p.Name}' is negative.");
        }

        return rates;
    }

    /// <summary>The account and symbol permissions of the docs (enums.md), shared so exchange info allocates no string for them.</summary>
    private static readonly WireNames PermissionNames = new(
        "SPOT", "MARGIN", "LEVERAGED", "TRD_GRP_002", "TRD_GRP_003", "TRD_GRP_004", "TRD_GRP_005", "TRD_GRP_006", "TRD_GRP_007",
        "TRD_GRP_008", "TRD_GRP_009", "TRD_GRP_010", "TRD_GRP_011", "TRD_GRP_012", "TRD_GRP_013", "TRD_GRP_014", "TRD_GRP_015",
        "TRD_GRP_016", "TRD_GRP_017", "TRD_GRP_018", "TRD_GRP_019", "TRD_GRP_020", "TRD_GRP_021", "TRD_GRP_022", "TRD_GRP_023",
        "TRD_GRP_024", "TRD_GRP_025");

    private static readonly WireNames NoKnownNames = new();

    /// <summary>A required array of strings (names in <paramref name="known"/> are shared, see <see cref="JsonValues.KnownString"/>).</summary>
    private static List<string> Strings(JsonElement parent, string name, WireNames? known = null)
    {
        var array = Array(parent, name);
        var list = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(KnownString(item, name, known ?? NoKnownNames));
        }

        return list;
    }

    private static T Parse<T>(ReadOnlyMemory<byte> json, Func<JsonElement, T> map)
    {
        try
        {
            using var doc = JsonDocument.Parse(WithoutByteOrderMark(json), DocumentOptions);
            return map(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new MalformedResponseException($"Malformed exchange response: not valid JSON ({ex.Message}).", innerException: ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new MalformedResponseException($"Malformed exchange response: unexpected JSON shape ({ex.Message}).", innerException: ex);
        }
        catch (FormatException ex)
        {
            throw new MalformedResponseException($"Malformed exchange response: {ex.Message}", innerException: ex);
        }
    }

    private static List<T> ParseArray<T>(ReadOnlyMemory<byte> json, Func<JsonElement, T> map) => Parse(json, root =>
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Malformed($"expected a JSON array, got {root.ValueKind}.");
        }

        var list = new List<T>(root.GetArrayLength());
        foreach (var item in root.EnumerateArray())
        {
            list.Add(map(item));
        }

        return list;
    });

    private static List<T> ParseArrayOrSingle<T>(ReadOnlyMemory<byte> json, Func<JsonElement, T> map) => Parse(json, root =>
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            return [map(root)];
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Malformed($"expected a JSON object or array, got {root.ValueKind}.");
        }

        var list = new List<T>(root.GetArrayLength());
        foreach (var item in root.EnumerateArray())
        {
            list.Add(map(item));
        }

        return list;
    });

    /// <summary>The body without a leading UTF-8 byte order mark (some proxies add one; the JSON reader refuses it).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The body from its first JSON byte.</returns>
    internal static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> json) =>
        json.Span.StartsWith("\uFEFF"u8) ? json[3..] : json;

    internal static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    // Issue 12 part 2, account endpoints (GET /api/v3/account/commission, rateLimit/order, myPreventedMatches, myFilters).

    /// <summary>Parses the account's commission rates on a symbol; every documented object is required (a missing rate is never read as 0).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The commission rates.</returns>
    public static AccountCommission ParseAccountCommission(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var d = Required(root, "discount");
        return new AccountCommission(
            String(root, "symbol"),
            FourRates(root, "standardCommission"),
            FourRates(root, "specialCommission"),
            FourRates(root, "taxCommission"),
            new CommissionDiscount(Bool(d, "enabledForAccount"), Bool(d, "enabledForSymbol"), String(d, "discountAsset"), NonNegative(d, "discount")));
    });

    /// <summary>A required <c>{"maker","taker","buyer","seller"}</c> object; maker and taker required, buyer and seller null when absent.</summary>
    private static CommissionRates FourRates(JsonElement parent, string name)
    {
        var rates = Required(parent, name);
        if (rates.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"'{name}' is {rates.ValueKind}, not an object.");
        }

        return new CommissionRates(NonNegative(rates, "maker"), NonNegative(rates, "taker"), NonNegativeOrNull(rates, "buyer"), NonNegativeOrNull(rates, "seller"));
    }

    /// <summary>Parses the unfilled order counts (one per ORDERS window); a window or a limit is never guessed.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The counts.</returns>
    public static IReadOnlyList<UnfilledOrderCount> ParseUnfilledOrderCounts(ReadOnlyMemory<byte> json) => ParseArray(json, item =>
    {
        var type = String(item, "rateLimitType");
        var interval = String(item, "interval");
        var count = Int(item, "count");
        return new UnfilledOrderCount(BinanceEnums.ParseRateLimitType(type), BinanceEnums.ParseInterval(interval), Int(item, "intervalNum"), Int(item, "limit"),
            count >= 0 ? count : throw Malformed("'count' is negative."))
        {
            RawRateLimitType = type,
            RawInterval = interval,
        };
    });

    /// <summary>Parses the account's prevented matches.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The prevented matches.</returns>
    public static IReadOnlyList<PreventedMatch> ParsePreventedMatches(ReadOnlyMemory<byte> json) => ParseArray(json, m =>
    {
        var mode = KnownString(Required(m, "selfTradePreventionMode"), "selfTradePreventionMode", BinanceEnums.SelfTradePreventionModeNames);
        return new PreventedMatch(
            String(m, "symbol"), Long(m, "preventedMatchId"), Long(m, "takerOrderId"), Long(m, "makerOrderId"), Long(m, "tradeGroupId"),
            BinanceEnums.ParseSelfTradePreventionMode(mode), NonNegative(m, "price"), NonNegative(m, "makerPreventedQuantity"), Time(m, "transactTime"))
        {
            RawSelfTradePreventionMode = mode,
            MakerSymbol = StringOrNull(m, "makerSymbol"),
        };
    });

    /// <summary>
    /// Parses the filters relevant to the account on a symbol. The three lists are required; a filter that cannot be
    /// read is kept whole as an <see cref="UnknownFilter"/> (informational: the exchange enforces them).
    /// </summary>
    /// <param name="json">The body.</param>
    /// <returns>The filters.</returns>
    public static AccountFilters ParseAccountFilters(ReadOnlyMemory<byte> json) => Parse(json, root =>
        new AccountFilters(FilterList(root, "exchangeFilters"), FilterList(root, "symbolFilters"), FilterList(root, "assetFilters")));

    private static List<SymbolFilter> FilterList(JsonElement parent, string name)
    {
        var array = Array(parent, name);
        var filters = new List<SymbolFilter>(array.GetArrayLength());
        foreach (var f in array.EnumerateArray())
        {
            try
            {
                filters.Add(FilterTypeOf(f) == "MAX_ASSET" ? new MaxAssetFilter(String(f, "asset"), NonNegative(f, "limit")) : ParseFilter(f));
            }
            catch (Exception ex) when (ex is MalformedResponseException or InvalidOperationException or FormatException)
            {
                filters.Add(new UnknownFilter(FilterTypeOf(f)) { RawJson = f.GetRawText() });
            }
        }

        return filters;
    }

    // Issue 12 part 2, market-data endpoints (referencePrice, referencePrice/calculation, executionRules, historicalBlockTrades).

    /// <summary>Parses a symbol's reference price; <c>referencePrice</c> must be present (JSON null when none is set).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The reference price.</returns>
    public static SymbolReferencePrice ParseReferencePrice(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var price = Required(root, "referencePrice");
        decimal? value = price.ValueKind == JsonValueKind.Null ? null : ToDecimal(price, "referencePrice");
        return new SymbolReferencePrice(String(root, "symbol"), value is < 0 ? throw Malformed("'referencePrice' is negative.") : value, Time(root, "timestamp"));
    });

    private static readonly WireNames CalculationTypeNames = new("ARITHMETIC_MEAN", "EXTERNAL");

    /// <summary>Parses how a symbol's reference price is calculated.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The calculation.</returns>
    public static ReferencePriceCalculation ParseReferencePriceCalculation(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var type = KnownString(Required(root, "calculationType"), "calculationType", CalculationTypeNames);
        var parsed = type switch
        {
            "ARITHMETIC_MEAN" => ReferencePriceCalculationType.ArithmeticMean,
            "EXTERNAL" => ReferencePriceCalculationType.External,
            _ => ReferencePriceCalculationType.Unknown,
        };
        return new ReferencePriceCalculation(String(root, "symbol"), parsed)
        {
            RawCalculationType = type,
            BucketCount = IntOrNull(root, "bucketCount"),
            BucketWidthMs = LongOrNull(root, "bucketWidthMs"),
            ExternalCalculationId = LongOrNull(root, "externalCalculationId"),
        };
    });

    /// <summary>Parses execution rules; a rule that cannot be read is kept whole as an <see cref="UnknownExecutionRule"/>.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The rules.</returns>
    public static ExecutionRules ParseExecutionRules(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var symbols = Array(root, "symbolRules");
        var list = new List<SymbolExecutionRules>(symbols.GetArrayLength());
        foreach (var item in symbols.EnumerateArray())
        {
            var rules = Array(item, "rules");
            var parsed = new List<ExecutionRule>(rules.GetArrayLength());
            foreach (var rule in rules.EnumerateArray())
            {
                parsed.Add(ExecutionRuleFrom(rule));
            }

            list.Add(new SymbolExecutionRules(String(item, "symbol"), parsed));
        }

        return new ExecutionRules(list);
    });

    private static ExecutionRule ExecutionRuleFrom(JsonElement rule)
    {
        var type = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("ruleType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "UNKNOWN";
        try
        {
            return type == "PRICE_RANGE"
                ? new PriceRangeExecutionRule(NonNegativeOrNull(rule, "bidLimitMultUp"), NonNegativeOrNull(rule, "bidLimitMultDown"), NonNegativeOrNull(rule, "askLimitMultUp"), NonNegativeOrNull(rule, "askLimitMultDown"))
                : new UnknownExecutionRule(type) { RawJson = rule.GetRawText() };
        }
        catch (Exception ex) when (ex is MalformedResponseException or InvalidOperationException or FormatException)
        {
            return new UnknownExecutionRule(type) { RawJson = rule.GetRawText() };
        }
    }

    /// <summary>Parses block trades.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The block trades.</returns>
    public static IReadOnlyList<BlockTrade> ParseBlockTrades(ReadOnlyMemory<byte> json) => ParseArray(json, t => new BlockTrade(
        Long(t, "id"), NonNegative(t, "price"), NonNegative(t, "qty"), NonNegative(t, "quoteQty"), Time(t, "time"), Bool(t, "isBuyerMaker")));
    /// <summary>The wire names of the contingency types (index = <see cref="ContingencyType"/> − 1).</summary>
    internal static readonly WireNames ContingencyTypeNames = new("OCO", "OTO");

    /// <summary>The wire names of the list status types (index = <see cref="OrderListStatusType"/> − 1).</summary>
    internal static readonly WireNames OrderListStatusTypeNames = new("RESPONSE", "EXEC_STARTED", "UPDATED", "ALL_DONE");

    /// <summary>The wire names of the list order statuses (index = <see cref="OrderListOrderStatus"/> − 1).</summary>
    internal static readonly WireNames OrderListOrderStatusNames = new("EXECUTING", "ALL_DONE", "REJECT");

    /// <summary>Parses one order list (placement, query and cancel responses).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The order list.</returns>
    public static OrderList ParseOrderList(ReadOnlyMemory<byte> json) => Parse(json, OrderListFrom);

    /// <summary>Parses a list of order lists (open and all order lists).</summary>
    /// <param name="json">The body.</param>
    /// <returns>The order lists.</returns>
    public static IReadOnlyList<OrderList> ParseOrderLists(ReadOnlyMemory<byte> json) => ParseArray(json, OrderListFrom);

    internal static OrderList OrderListFrom(JsonElement l)
    {
        if (l.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"an order list is not a JSON object ({l.ValueKind}).");
        }

        var entries = new List<OrderListEntry>();
        if (l.TryGetProperty("orders", out var os) && os.ValueKind == JsonValueKind.Array)
        {
            foreach (var o in os.EnumerateArray())
            {
                entries.Add(new OrderListEntry(String(o, "symbol"), Long(o, "orderId"), StringOr(o, "clientOrderId", string.Empty)));
            }
        }

        var reports = new List<Order>();
        if (l.TryGetProperty("orderReports", out var rs) && rs.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in rs.EnumerateArray())
            {
                reports.Add(OrderFrom(r));
            }
        }

        var contingency = StringOr(l, "contingencyType", string.Empty);
        var statusType = StringOr(l, "listStatusType", string.Empty);
        var orderStatus = StringOr(l, "listOrderStatus", string.Empty);
        return new OrderList
        {
            OrderListId = Long(l, "orderListId"),
            ContingencyType = BinanceEnums.Parse<ContingencyType>(contingency, ContingencyTypeNames),
            RawContingencyType = contingency,
            ListStatusType = BinanceEnums.Parse<OrderListStatusType>(statusType, OrderListStatusTypeNames),
            RawListStatusType = statusType,
            ListOrderStatus = BinanceEnums.Parse<OrderListOrderStatus>(orderStatus, OrderListOrderStatusNames),
            RawListOrderStatus = orderStatus,
            ListClientOrderId = StringOr(l, "listClientOrderId", string.Empty),
            TransactionTime = TimeOrNull(l, "transactionTime"),
            Symbol = String(l, "symbol"),
            Orders = entries,
            OrderReports = reports,
        };
    }
}
