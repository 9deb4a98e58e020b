using System.Text.Json;
using Genesis.Exchange.Abstractions;
using static Genesis.Exchange.Mock.MockRequestReader;

namespace Genesis.Exchange.Mock;

/// <summary>The handlers of the trading endpoints added in issue 12 part 2 (cancel all, cancel-replace, amend, SOR, allocations).</summary>
internal sealed partial class MockRestApi
{
    /// <summary>DELETE /api/v3/openOrders: cancels every open order of the symbol in the engine; one cancel id for them all.</summary>
    private void CancelOpenOrders(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var canceled = exchange.CancelOpenOrders(s);
        var cancelId = exchange.NextCancelId();
        w.WriteStartArray();
        foreach (var order in canceled)
        {
            WriteCancelReport(w, s, order, cancelId);
        }

        w.WriteEndArray();
    }

    /// <summary>A cancel report, as DELETE /api/v3/order, openOrders and cancelReplace write it.</summary>
    private static void WriteCancelReport(Utf8JsonWriter w, MockSymbol s, EngineOrder order, string cancelId)
    {
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteString("origClientOrderId", order.ClientOrderId);
        w.WriteNumber("orderId", order.Id);
        w.WriteNumber("orderListId", -1);
        w.WriteString("clientOrderId", cancelId);
        w.WriteNumber("transactTime", order.UpdateTime);
        OrderFields(w, order, conditionalStopFields: true);
        w.WriteString("selfTradePreventionMode", "NONE");
        w.WriteEndObject();
    }
}
