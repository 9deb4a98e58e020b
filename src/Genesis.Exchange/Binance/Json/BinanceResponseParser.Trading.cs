using System.Text.Json;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Json.JsonValues;

namespace Genesis.Exchange.Binance.Json;

/// <summary>Parsers of the trading endpoints added in issue 12 part 2 (cancel all, cancel-replace, amend, SOR, allocations).</summary>
internal static partial class BinanceResponseParser
{
    /// <summary>
    /// Parses the answer of <c>DELETE /api/v3/openOrders</c>: an array mixing cancel reports of single orders and of
    /// order lists (an object with <c>orderReports</c>).
    /// </summary>
    /// <param name="json">The body.</param>
    /// <returns>The canceled orders and lists.</returns>
    public static CancelOpenOrdersResult ParseCancelOpenOrders(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Malformed($"expected a JSON array, got {root.ValueKind}.");
        }

        var orders = new List<Order>();
        var lists = new List<CanceledOrderList>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"a canceled item is {item.ValueKind}, not an object.");
            }

            if (item.TryGetProperty("orderReports", out _))
            {
                lists.Add(CanceledOrderListFrom(item));
            }
            else
            {
                orders.Add(OrderFrom(item));
            }
        }

        return new CancelOpenOrdersResult(orders, lists);
    });

    internal static CanceledOrderList CanceledOrderListFrom(JsonElement l)
    {
        var legs = new List<OrderListMemberId>();
        if (l.TryGetProperty("orders", out var os) && os.ValueKind == JsonValueKind.Array)
        {
            foreach (var o in os.EnumerateArray())
            {
                legs.Add(new OrderListMemberId(String(o, "symbol"), Long(o, "orderId"), String(o, "clientOrderId")));
            }
        }

        var reports = new List<Order>();
        foreach (var r in Array(l, "orderReports").EnumerateArray())
        {
            reports.Add(OrderFrom(r));
        }

        return new CanceledOrderList
        {
            OrderListId = Long(l, "orderListId"),
            ContingencyType = StringOr(l, "contingencyType", string.Empty),
            ListStatusType = StringOr(l, "listStatusType", string.Empty),
            ListOrderStatus = StringOr(l, "listOrderStatus", string.Empty),
            ListClientOrderId = StringOr(l, "listClientOrderId", string.Empty),
            TransactionTime = TimeOrNull(l, "transactionTime"),
            Symbol = String(l, "symbol"),
            Orders = legs,
            OrderReports = reports,
        };
    }
}
