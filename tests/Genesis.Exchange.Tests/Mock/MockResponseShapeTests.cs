using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>
/// The mock (and so the fake server, which serves the same answers) answers every endpoint with the fields of Binance's
/// documented example response (issue 12: "mock and live drift"): each key path of the docs' example
/// (<c>tests/fixtures/responses</c>) is present in the mock's answer, and the mock sends no key the docs do not show.
/// </summary>
public sealed class MockResponseShapeTests
{
    private readonly MockTestHarness _h = new();

    /// <summary>Fixture, endpoint, parameters; <c>{open}</c>, <c>{filled}</c> and <c>{now}</c> are filled in per test.</summary>
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "rest-api__Test-connectivity.json", "ping", "" },
        { "rest-api__Check-server-time.json", "time", "" },
        { "rest-api__Order-book.json", "depth", "symbol=BTCUSDT&limit=5" },
        { "rest-api__Recent-trades-list.json", "trades", "symbol=BTCUSDT&limit=5" },
        { "rest-api__Old-trade-lookup.json", "historicalTrades", "symbol=BTCUSDT&limit=5" },
        { "rest-api__Compressed-Aggregate-trades-list.json", "aggTrades", "symbol=BTCUSDT&limit=5" },
        { "rest-api__Kline-Candlestick-data.json", "klines", "symbol=BTCUSDT&interval=1m&limit=5" },
        { "rest-api__UIKlines.json", "uiKlines", "symbol=BTCUSDT&interval=1m&limit=5" },
        { "rest-api__Current-average-price.json", "avgPrice", "symbol=BTCUSDT" },
        { "rest-api__24hr-ticker-price-change-statistics__Response-FULL.json", "ticker24hr", "symbol=BTCUSDT" },
        { "rest-api__24hr-ticker-price-change-statistics__Response-MINI.json", "ticker24hr", "symbol=BTCUSDT&type=MINI" },
        { "rest-api__Rolling-window-price-change-statistics__Response-FULL.json", "ticker", "symbol=BTCUSDT" },
        { "rest-api__Rolling-window-price-change-statistics__Response-MINI.json", "ticker", "symbol=BTCUSDT&type=MINI" },
        { "rest-api__Trading-Day-Ticker__Response-FULL.json", "ticker/tradingDay", "symbol=BTCUSDT" },
        { "rest-api__Trading-Day-Ticker__Response-MINI.json", "ticker/tradingDay", "symbol=BTCUSDT&type=MINI" },
        { "rest-api__Symbol-price-ticker.json", "price", "symbol=BTCUSDT" },
        { "rest-api__Symbol-order-book-ticker.json", "bookTicker", "symbol=BTCUSDT" },
        { "rest-api__Account-information-USER-DATA.json", "account", "" },
        { "rest-api__Account-trade-list-USER-DATA.json", "myTrades", "symbol=BTCUSDT" },
        { "rest-api__Query-Commission-Rates-USER-DATA.json", "account.commission", "symbol=BTCUSDT" },
        { "rest-api__Query-Unfilled-Order-Count-USER-DATA.json", "account.rateLimits.orders", "" },
        { "rest-api__All-orders-USER-DATA.json", "allOrders", "symbol=BTCUSDT" },
        { "rest-api__Current-open-orders-USER-DATA.json", "openOrders", "symbol=BTCUSDT" },
        { "rest-api__Query-order-USER-DATA.json", "order.status", "symbol=BTCUSDT&origClientOrderId={open}" },
        { "rest-api__Cancel-order-TRADE.json", "order.cancel", "symbol=BTCUSDT&origClientOrderId={open}" },
        { "rest-api__New-order-TRADE__Response-ACK.json", "order.place", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000&newOrderRespType=ACK" },
        { "rest-api__New-order-TRADE__Response-RESULT.json", "order.place", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000&newOrderRespType=RESULT" },
        { "rest-api__New-order-TRADE__Response-FULL.json", "order.place", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000&newOrderRespType=FULL" },
        { "rest-api__Test-new-order-TRADE.json", "order.test", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000" },
        { "rest-api__Test-new-order-TRADE_1.json", "order.test", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000&computeCommissionRates=true" },
        { "rest-api__New-order-using-SOR-TRADE.json", "sor.order.place", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000" },
        { "rest-api__Test-new-order-using-SOR-TRADE_1.json", "sor.order.test", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01000&computeCommissionRates=true" },
        { "rest-api__Order-Amend-Keep-Priority-TRADE.json", "order.amend.keepPriority", "symbol=BTCUSDT&origClientOrderId={open}&newQty=0.00500" },
        { "rest-api__Query-Order-Amendments-USER-DATA.json", "order.amendments", "symbol=BTCUSDT&orderId={amended}" },
        { "rest-api__Query-Allocations-USER-DATA.json", "myAllocations", "symbol=BTCUSDT" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MockAnswer_HasEveryDocumentedField_AndNoOther(string fixture, string endpoint, string query)
    {
        var open = Seed();
        var parameters = query.Replace("{open}", open, StringComparison.Ordinal)
            .Replace("{amended}", query.Contains("{amended}", StringComparison.Ordinal) ? Amended() : string.Empty, StringComparison.Ordinal)
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (p[0], p[1]))
            .ToArray();
        using var docs = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "responses", fixture)));

        var answer = _h.Json(EndpointName(endpoint), parameters);

        var documented = KeyPaths(docs.RootElement);
        var served = KeyPaths(answer);
        Assert.Empty(documented.Except(served).Order(StringComparer.Ordinal));
        Assert.Empty(served.Except(documented).Order(StringComparer.Ordinal));
    }

    /// <summary>The endpoint names the catalogue uses (a few read better in the cases above).</summary>
    private static string EndpointName(string endpoint) => endpoint switch
    {
        "ticker24hr" => "ticker.24hr",
        "ticker/tradingDay" => "ticker.tradingDay",
        "price" => "ticker.price",
        "bookTicker" => "ticker.book",
        _ => endpoint,
    };

    /// <summary>An open order and a filled one, so every account list has an entry; returns the open order's client id.</summary>
    private string Seed()
    {
        var bid = _h.Json("depth", ("symbol", "BTCUSDT"), ("limit", "5")).GetProperty("bids")[0][0].GetString()!;
        var price = decimal.Round(decimal.Parse(bid, CultureInfo.InvariantCulture) * 0.9m, 2).ToString("F2", CultureInfo.InvariantCulture);
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", price), ("newClientOrderId", "shape-open"));
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "shape-filled"));
        _h.Json("sor.order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "shape-sor"));
        return "shape-open";
    }

    /// <summary>An open order amended once (so it has an amendment); returns its exchange order id.</summary>
    private string Amended()
    {
        var order = _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "shape-open"));
        _h.Json("order.amend.keepPriority", ("symbol", "BTCUSDT"), ("origClientOrderId", "shape-open"), ("newQty", "0.00800"));
        return order.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Every key path of a JSON value: <c>a.b</c> for objects, <c>a[]</c> for array items (all items merged).</summary>
    private static HashSet<string> KeyPaths(JsonElement root)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        Walk(root, string.Empty, paths);
        return paths;
    }

    private static void Walk(JsonElement e, string path, HashSet<string> paths)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    var child = path.Length == 0 ? p.Name : path + "." + p.Name;
                    paths.Add(child);
                    Walk(p.Value, child, paths);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    // Klines and depth levels are arrays of arrays of values: only objects inside have keys.
                    Walk(item, path + "[]", paths);
                }

                break;
        }
    }
}
