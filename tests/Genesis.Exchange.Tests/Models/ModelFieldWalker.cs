using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Models;

/// <summary>
/// Walks a Binance JSON response and the model the library parsed from it, side by side. Every JSON property
/// (recursively, through objects, arrays of objects, positional arrays and filters) must have a model member, found by
/// the Binance name → member name map below (a name not in the map is the PascalCase of the Binance name), and the
/// member must hold the same value:
/// <list type="bullet">
/// <item>decimal strings and numbers compare as decimals; integers as 64-bit integers; booleans as booleans;</item>
/// <item>times (ms) compare as <see cref="DateTimeOffset"/>; a negative time (Binance's -1 for "not yet") must be null;</item>
/// <item>an enum member must be the member named like the wire value (UPPER_SNAKE → PascalCase) or Unknown, and the
/// model must keep the wire string in <c>Raw&lt;Member&gt;</c> (a list of enums in <c>Raw&lt;Member&gt;</c> too);</item>
/// <item>JSON null must be a null member.</item>
/// </list>
/// Every difference is collected with the JSON path, so one run names every missing field.
/// </summary>
internal sealed class ModelFieldWalker(
    IReadOnlyDictionary<string, string>? rootNames,
    List<string> failures,
    IReadOnlyDictionary<string, Dictionary<string, string>>? namesAtPath = null)
{
    /// <summary>Binance names whose model member is not the PascalCase of the name, per model type.</summary>
    private static readonly Dictionary<Type, Dictionary<string, string>> Names = new()
    {
        [typeof(RateLimit)] = new() { ["rateLimitType"] = nameof(RateLimit.Type) },
        [typeof(SymbolRules)] = new()
        {
            ["quoteOrderQtyMarketAllowed"] = nameof(SymbolRules.QuoteOrderQuantityMarketAllowed),
        },
        [typeof(Trade)] = new() { ["qty"] = nameof(Trade.Quantity), ["quoteQty"] = nameof(Trade.QuoteQuantity) },
        [typeof(AggregateTrade)] = new()
        {
            ["a"] = nameof(AggregateTrade.Id), ["p"] = nameof(AggregateTrade.Price), ["q"] = nameof(AggregateTrade.Quantity),
            ["f"] = nameof(AggregateTrade.FirstTradeId), ["l"] = nameof(AggregateTrade.LastTradeId), ["T"] = nameof(AggregateTrade.Time),
            ["m"] = nameof(AggregateTrade.IsBuyerMaker), ["M"] = nameof(AggregateTrade.IsBestMatch),
        },
        [typeof(Ticker24h)] = new()
        {
            ["weightedAvgPrice"] = nameof(Ticker24h.WeightedAveragePrice), ["prevClosePrice"] = nameof(Ticker24h.PreviousClosePrice),
            ["lastQty"] = nameof(Ticker24h.LastQuantity), ["bidQty"] = nameof(Ticker24h.BidQuantity), ["askQty"] = nameof(Ticker24h.AskQuantity),
            ["firstId"] = nameof(Ticker24h.FirstTradeId), ["lastId"] = nameof(Ticker24h.LastTradeId), ["count"] = nameof(Ticker24h.TradeCount),
        },
        [typeof(BookTicker)] = new() { ["bidQty"] = nameof(BookTicker.BidQuantity), ["askQty"] = nameof(BookTicker.AskQuantity) },
        [typeof(AveragePrice)] = new() { ["mins"] = nameof(AveragePrice.Minutes) },
        [typeof(AccountInfo)] = new()
        {
            ["makerCommission"] = "MakerCommissionBasisPoints", ["takerCommission"] = "TakerCommissionBasisPoints",
            ["buyerCommission"] = "BuyerCommissionBasisPoints", ["sellerCommission"] = "SellerCommissionBasisPoints",
        },
        [typeof(AccountTrade)] = new() { ["qty"] = nameof(AccountTrade.Quantity), ["quoteQty"] = nameof(AccountTrade.QuoteQuantity) },
        [typeof(Order)] = new()
        {
            ["orderId"] = nameof(Order.ExchangeOrderId), ["transactTime"] = nameof(Order.Time),
            ["origQty"] = nameof(Order.Quantity), ["executedQty"] = nameof(Order.FilledQuantity),
            ["cummulativeQuoteQty"] = nameof(Order.CumulativeQuoteQuantity), ["origQuoteOrderQty"] = "OriginalQuoteQuantity",
            ["icebergQty"] = "IcebergQuantity",
        },
        [typeof(OrderFill)] = new() { ["qty"] = nameof(OrderFill.Quantity) },
        [typeof(OrderListEntry)] = new() { ["orderId"] = nameof(OrderListEntry.ExchangeOrderId) },
        [typeof(TestOrderResult)] = new()
        {
            ["standardCommissionForOrder"] = nameof(TestOrderResult.StandardCommission), ["specialCommissionForOrder"] = "SpecialCommission",
            ["taxCommissionForOrder"] = "TaxCommission",
        },
        [typeof(LotSizeFilter)] = new() { ["minQty"] = nameof(LotSizeFilter.MinQuantity), ["maxQty"] = nameof(LotSizeFilter.MaxQuantity) },
        [typeof(MarketLotSizeFilter)] = new() { ["minQty"] = nameof(MarketLotSizeFilter.MinQuantity), ["maxQty"] = nameof(MarketLotSizeFilter.MaxQuantity) },
        [typeof(MinNotionalFilter)] = new() { ["avgPriceMins"] = nameof(MinNotionalFilter.AveragePriceMinutes) },
        [typeof(NotionalFilter)] = new() { ["avgPriceMins"] = nameof(NotionalFilter.AveragePriceMinutes) },
        [typeof(PercentPriceFilter)] = new() { ["avgPriceMins"] = nameof(PercentPriceFilter.AveragePriceMinutes) },
        [typeof(PercentPriceBySideFilter)] = new() { ["avgPriceMins"] = nameof(PercentPriceBySideFilter.AveragePriceMinutes) },
        [typeof(BlockTrade)] = new() { ["qty"] = nameof(BlockTrade.Quantity), ["quoteQty"] = nameof(BlockTrade.QuoteQuantity) },
    };

    /// <summary>Models Binance sends as positional arrays: the member for each index (null: documented as "unused, ignore").</summary>
    private static readonly Dictionary<Type, string?[]> Positions = new()
    {
        [typeof(Kline)] =
        [
            nameof(Kline.OpenTime), nameof(Kline.Open), nameof(Kline.High), nameof(Kline.Low), nameof(Kline.Close), nameof(Kline.Volume),
            nameof(Kline.CloseTime), nameof(Kline.QuoteVolume), nameof(Kline.TradeCount), nameof(Kline.TakerBuyBaseVolume),
            nameof(Kline.TakerBuyQuoteVolume),
            null, // rest-api.md: "Unused field, ignore."
        ],
        [typeof(OrderBookLevel)] = [nameof(OrderBookLevel.Price), nameof(OrderBookLevel.Quantity)],
    };

    /// <summary>Members keyed by one field of their elements: Binance sends an array, the model a dictionary.</summary>
    private static readonly Dictionary<(Type, string), string> KeyedBy = new()
    {
        [(typeof(ExchangeInfo), nameof(ExchangeInfo.Symbols))] = "symbol",
    };

    public void Compare(JsonElement json, object? model, Type modelType, string path)
    {
        var type = Nullable.GetUnderlyingType(modelType) ?? modelType;
        if (json.ValueKind == JsonValueKind.Null)
        {
            Check(model is null, path, $"JSON null but the model holds {Show(model)}");
            return;
        }

        if (model is null && type == typeof(DateTimeOffset) && json.ValueKind == JsonValueKind.Number && json.GetInt64() < 0)
        {
            return; // Binance's -1 for "no time yet" is null in the model.
        }

        if (model is null)
        {
            failures.Add($"{path}: the JSON holds {Excerpt(json)} but the model member is null");
            return;
        }

        if (Positions.TryGetValue(model.GetType(), out var positions))
        {
            ComparePositional(json, model, positions, path);
            return;
        }

        if (json.ValueKind == JsonValueKind.Object && model is IReadOnlyDictionary<string, decimal> rates)
        {
            foreach (var p in json.EnumerateObject())
            {
                if (!rates.TryGetValue(p.Name, out var value))
                {
                    failures.Add($"{path}.{p.Name}: the dictionary has no key '{p.Name}'");
                    continue;
                }

                CompareScalar(p.Value, value, typeof(decimal), $"{path}.{p.Name}");
            }

            Check(rates.Count == json.EnumerateObject().Count(), path, $"the dictionary has {rates.Count} keys, the JSON {json.EnumerateObject().Count()}");
            return;
        }

        if (json.ValueKind == JsonValueKind.Object)
        {
            CompareObject(json, model, path);
            return;
        }

        if (json.ValueKind == JsonValueKind.Array)
        {
            CompareArray(json, model, path);
            return;
        }

        CompareScalar(json, model, type, path);
    }

    private void CompareObject(JsonElement json, object model, string path)
    {
        var type = model.GetType();
        // The fixture's names apply to the root and to every order inside it (the reports of an order-list cancel).
        var names = rootNames is not null && (path == "$" || model is Order) ? rootNames : namesAtPath?.GetValueOrDefault(path);
        foreach (var property in json.EnumerateObject())
        {
            var childPath = $"{path}.{property.Name}";
            var memberName = names?.GetValueOrDefault(property.Name)
                ?? (Names.TryGetValue(type, out var map) ? map.GetValueOrDefault(property.Name) : null)
                ?? Pascal(property.Name);
            var member = type.GetProperty(memberName, BindingFlags.Public | BindingFlags.Instance);
            if (member is null)
            {
                failures.Add($"{childPath}: {type.Name} exposes no member '{memberName}' for Binance field '{property.Name}' (value {Excerpt(property.Value)})");
                continue;
            }

            var value = member.GetValue(model);
            if (KeyedBy.TryGetValue((type, memberName), out var keyField))
            {
                CompareKeyed(property.Value, value, keyField, childPath);
                continue;
            }

            var memberType = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
            if (memberType.IsEnum || IsEnumList(member.PropertyType))
            {
                CompareEnum(property.Value, value, type, memberName, model, childPath);
                continue;
            }

            Compare(property.Value, value, member.PropertyType, childPath);
        }
    }

    private void CompareEnum(JsonElement json, object? value, Type owner, string memberName, object model, string path)
    {
        var raw = owner.GetProperty("Raw" + memberName, BindingFlags.Public | BindingFlags.Instance);
        if (raw is null)
        {
            failures.Add($"{path}: {owner.Name}.{memberName} is an enum but {owner.Name} keeps no 'Raw{memberName}' with the wire value");
            return;
        }

        var rawValue = raw.GetValue(model);
        if (json.ValueKind == JsonValueKind.Array)
        {
            var wires = json.EnumerateArray().Select(e => e.GetString()).ToList();
            var rawList = (rawValue as IEnumerable)?.Cast<object?>().Select(o => o as string).ToList() ?? [];
            var enumList = (value as IEnumerable)?.Cast<object?>().ToList() ?? [];
            Check(wires.SequenceEqual(rawList), path, $"Raw{memberName} is [{string.Join(",", rawList)}], the JSON [{string.Join(",", wires)}]");
            Check(wires.Count == enumList.Count, path, $"{enumList.Count} enum values for {wires.Count} wire values");
            for (var i = 0; i < Math.Min(wires.Count, enumList.Count); i++)
            {
                CheckEnumValue(wires[i], enumList[i], $"{path}[{i}]");
            }

            return;
        }

        var wire = json.GetString();
        Check(string.Equals(rawValue as string, wire, StringComparison.Ordinal), path, $"Raw{memberName} is '{rawValue}', the JSON '{wire}'");
        CheckEnumValue(wire, value, path);
    }

    private void CheckEnumValue(string? wire, object? value, string path)
    {
        if (value is not Enum e)
        {
            failures.Add($"{path}: expected an enum value for '{wire}', the model holds {Show(value)}");
            return;
        }

        var expected = Enum.TryParse(e.GetType(), Pascal(wire ?? string.Empty, snake: true), ignoreCase: false, out var parsed) ? parsed : Enum.ToObject(e.GetType(), 0);
        Check(Equals(expected, value), path, $"'{wire}' should be {e.GetType().Name}.{expected}, the model holds {value}");
    }

    private void CompareKeyed(JsonElement json, object? value, string keyField, string path)
    {
        if (value is not IEnumerable dictionary || json.ValueKind != JsonValueKind.Array)
        {
            failures.Add($"{path}: expected a dictionary for a JSON array");
            return;
        }

        var entries = dictionary.Cast<object>().ToDictionary(
            kv => (string)kv.GetType().GetProperty("Key")!.GetValue(kv)!,
            kv => kv.GetType().GetProperty("Value")!.GetValue(kv),
            StringComparer.Ordinal);
        var index = 0;
        foreach (var item in json.EnumerateArray())
        {
            var key = item.GetProperty(keyField).GetString()!;
            if (entries.TryGetValue(key, out var entry))
            {
                Compare(item, entry, entry!.GetType(), $"{path}[{index}]");
            }
            else
            {
                failures.Add($"{path}[{index}]: no entry keyed '{key}'");
            }

            index++;
        }

        Check(entries.Count == index, path, $"the model has {entries.Count} entries, the JSON {index}");
    }

    private void CompareArray(JsonElement json, object model, string path)
    {
        if (model is not IEnumerable list || model is string)
        {
            failures.Add($"{path}: the JSON holds an array but the model holds {Show(model)}");
            return;
        }

        // The docs write "{}" as a placeholder for "items go here" (e.g. exchange info's rateLimits): not an item.
        var items = json.EnumerateArray().Where(e => !(e.ValueKind == JsonValueKind.Object && !e.EnumerateObject().Any())).ToList();
        var values = list.Cast<object?>().ToList();
        if (items.Count != values.Count)
        {
            failures.Add($"{path}: the JSON has {items.Count} items, the model {values.Count}");
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            Compare(items[i], values[i], values[i]?.GetType() ?? typeof(object), $"{path}[{i}]");
        }
    }

    private void ComparePositional(JsonElement json, object model, string?[] positions, string path)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            failures.Add($"{path}: expected a positional array for {model.GetType().Name}");
            return;
        }

        var i = 0;
        foreach (var item in json.EnumerateArray())
        {
            var name = i < positions.Length ? positions[i] : null;
            if (i >= positions.Length)
            {
                failures.Add($"{path}[{i}]: {model.GetType().Name} maps no member to position {i} (value {Excerpt(item)})");
            }
            else if (name is not null)
            {
                var member = model.GetType().GetProperty(name)!;
                Compare(item, member.GetValue(model), member.PropertyType, $"{path}[{i}]");
            }

            i++;
        }
    }

    private void CompareScalar(JsonElement json, object? value, Type type, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (value)
        {
            case decimal d:
                var expected = json.ValueKind == JsonValueKind.String
                    ? decimal.Parse(json.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : json.GetDecimal();
                Check(expected == d, path, $"the JSON holds {Excerpt(json)}, the model {d.ToString(CultureInfo.InvariantCulture)}");
                break;
            case long or int:
                var number = json.ValueKind == JsonValueKind.String ? long.Parse(json.GetString()!, CultureInfo.InvariantCulture) : json.GetInt64();
                Check(number == Convert.ToInt64(value, CultureInfo.InvariantCulture), path, $"the JSON holds {Excerpt(json)}, the model {value}");
                break;
            case DateTimeOffset t:
                Check(json.ValueKind == JsonValueKind.Number && json.GetInt64() >= 0 && DateTimeOffset.FromUnixTimeMilliseconds(json.GetInt64()) == t,
                    path, $"the JSON holds {Excerpt(json)}, the model {t:O}");
                break;
            case bool b:
                Check(json.ValueKind is JsonValueKind.True or JsonValueKind.False && json.GetBoolean() == b, path, $"the JSON holds {Excerpt(json)}, the model {b}");
                break;
            case string s:
                Check(json.ValueKind == JsonValueKind.String && json.GetString() == s, path, $"the JSON holds {Excerpt(json)}, the model '{s}'");
                break;
            default:
                failures.Add($"{path}: cannot compare the JSON {Excerpt(json)} with {Show(value)} (a {type.Name})");
                break;
        }
    }

    private static bool IsEnumList(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(IEnumerable).IsAssignableFrom(type) && element.IsEnum;

    private void Check(bool condition, string path, string message)
    {
        if (!condition)
        {
            failures.Add($"{path}: {message}");
        }
    }

    /// <summary><c>orderListId</c> → <c>OrderListId</c>; with <paramref name="snake"/>, <c>EXPIRE_TAKER</c> → <c>ExpireTaker</c>.</summary>
    private static string Pascal(string name, bool snake = false)
    {
        if (name.Length == 0)
        {
            return name;
        }

        if (!snake)
        {
            return char.ToUpperInvariant(name[0]) + name[1..];
        }

        return string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant()));
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        _ => $"{value} ({value.GetType().Name})",
    };

    private static string Excerpt(JsonElement json)
    {
        var text = json.GetRawText();
        return text.Length <= 60 ? text : text[..60] + "…";
    }
}
