using System.Buffers;
using System.Text.Json;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// Writes the user data stream events of user-data-stream.md (the <c>event</c> object, without the
/// <c>{"subscriptionId":N,"event":…}</c> wrapper the session adds) and the WebSocket API's connection events.
/// </summary>
internal static class UserDataEventWriter
{
    /// <summary>An <c>executionReport</c>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="eventTime">The event time (ms).</param>
    /// <returns>The event object.</returns>
    public static byte[] MockExecutionReport(MockExecutionReport report, long eventTime)
    {
        var o = report.Order;
        return Write(w =>
        {
            w.WriteString("e", "executionReport");
            w.WriteNumber("E", eventTime);
            w.WriteString("s", report.Symbol);
            w.WriteString("c", report.ClientOrderId);
            w.WriteString("S", MockWire.ToWire(o.Side));
            w.WriteString("o", MockWire.ToWire(o.Type));
            w.WriteString("f", MockWire.ToWire(o.TimeInForce));
            Num(w, "q", report.Quantity);
            Num(w, "p", o.Price);
            Num(w, "P", o.StopPrice);
            Num(w, "F", o.IcebergQuantity);
            w.WriteNumber("g", o.List?.Id ?? -1);
            w.WriteString("C", report.OriginalClientOrderId);
            w.WriteString("x", report.ExecutionType);
            w.WriteString("X", MockWire.ToWire(report.Status));
            w.WriteString("r", report.RejectReason);
            w.WriteNumber("i", o.Id);
            Num(w, "l", report.LastQuantity);
            Num(w, "z", report.CumulativeQuantity);
            Num(w, "L", report.LastPrice);
            Num(w, "n", report.Commission);
            if (report.CommissionAsset is null)
            {
                w.WriteNull("N");
            }
            else
            {
                w.WriteString("N", report.CommissionAsset);
            }

            w.WriteNumber("T", report.TransactionTime);
            w.WriteNumber("t", report.TradeId);
            if (report.PreventedMatchId is { } preventedMatch)
            {
                w.WriteNumber("v", preventedMatch);
            }

            w.WriteNumber("I", report.ExecutionId);
            w.WriteBoolean("w", report.IsWorking);
            w.WriteBoolean("m", report.IsMaker);
            w.WriteBoolean("M", false);
            w.WriteNumber("O", o.Time);
            Num(w, "Z", report.CumulativeQuote);
            Num(w, "Y", report.LastPrice * report.LastQuantity);
            Num(w, "Q", o.QuoteQuantity);
            if (report.WorkingTime is { } working)
            {
                w.WriteNumber("W", working);
            }

            w.WriteString("V", report.SelfTradePreventionMode);
            if (report.StrategyId is { } strategyId)
            {
                w.WriteNumber("j", strategyId);
            }

            if (report.StrategyType is { } strategyType)
            {
                w.WriteNumber("J", strategyType);
            }

            Num(w, "A", report.PreventedQuantity);
            Num(w, "B", report.LastPreventedQuantity);
            if (report.TradeGroupId is { } group)
            {
                w.WriteNumber("u", group);
            }

            if (report.CounterOrderId is { } counter)
            {
                w.WriteNumber("U", counter);
            }

            if (report.CounterSymbol is { } counterSymbol)
            {
                w.WriteString("Cs", counterSymbol);
            }

            Num(w, "pl", report.PreventedExecutionQuantity);
            Num(w, "pL", report.PreventedExecutionPrice);
            Num(w, "pY", report.PreventedExecutionQuote);
            if (report.WorkingFloor is { } floor)
            {
                w.WriteString("k", floor);
            }

            if (report.UsedSor is { } usedSor)
            {
                w.WriteBoolean("uS", usedSor);
            }

            if (report.ExpiryReason is { } expiry)
            {
                w.WriteString("eR", expiry);
            }
        });
    }

    /// <summary>An <c>outboundAccountPosition</c>.</summary>
    /// <param name="eventTime">The event time (ms).</param>
    /// <param name="lastUpdate">The time of the last account update (ms).</param>
    /// <param name="balances">Asset, free and locked of each asset that may have changed.</param>
    /// <returns>The event object.</returns>
    public static byte[] AccountPosition(long eventTime, long lastUpdate, IEnumerable<(string Asset, decimal Free, decimal Locked)> balances) => Write(w =>
    {
        w.WriteString("e", "outboundAccountPosition");
        w.WriteNumber("E", eventTime);
        w.WriteNumber("u", lastUpdate);
        w.WriteStartArray("B");
        foreach (var (asset, free, locked) in balances)
        {
            w.WriteStartObject();
            w.WriteString("a", asset);
            Num(w, "f", free);
            Num(w, "l", locked);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>A <c>listStatus</c>.</summary>
    /// <param name="list">The order list.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="eventTime">The event time (ms).</param>
    /// <returns>The event object.</returns>
    public static byte[] ListStatus(EngineOrderList list, string symbol, long eventTime)
    {
        var done = list.IsDone;
        return Write(w =>
        {
            w.WriteString("e", "listStatus");
            w.WriteNumber("E", eventTime);
            w.WriteString("s", symbol);
            w.WriteNumber("g", list.Id);
            w.WriteString("c", BinanceResponseParser.ContingencyTypeNames.Names[(int)list.ContingencyType - 1]);
            w.WriteString("l", done ? "ALL_DONE" : "EXEC_STARTED");
            w.WriteString("L", done ? "ALL_DONE" : "EXECUTING");
            w.WriteString("r", "NONE");
            w.WriteString("C", list.ListClientOrderId);
            w.WriteNumber("T", done ? list.UpdateTime : list.Time);
            w.WriteStartArray("O");
            foreach (var o in list.Orders)
            {
                w.WriteStartObject();
                w.WriteString("s", symbol);
                w.WriteNumber("i", o.Id);
                w.WriteString("c", o.ClientOrderId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>An <c>eventStreamTerminated</c>.</summary>
    /// <param name="eventTime">The event time (ms).</param>
    /// <returns>The event object.</returns>
    public static byte[] EventStreamTerminated(long eventTime) => Write(w =>
    {
        w.WriteString("e", "eventStreamTerminated");
        w.WriteNumber("E", eventTime);
    });

    /// <summary>The frame of a user data event: <c>{"subscriptionId":N,"event":{…}}</c>.</summary>
    /// <param name="subscriptionId">The subscription.</param>
    /// <param name="eventObject">The event object.</param>
    /// <returns>The frame.</returns>
    public static byte[] Frame(int subscriptionId, ReadOnlySpan<byte> eventObject)
    {
        var buffer = new ArrayBufferWriter<byte>(eventObject.Length + 40);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("subscriptionId", subscriptionId);
            w.WritePropertyName("event");
            w.WriteRawValue(eventObject, skipInputValidation: true);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The connection event <c>{"event":{"e":"serverShutdown","E":…}}</c> (web-socket-api.md, "Server Shutdown").</summary>
    /// <param name="eventTime">The event time (ms).</param>
    /// <returns>The frame.</returns>
    public static byte[] ServerShutdownFrame(long eventTime)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("event");
            w.WriteString("e", "serverShutdown");
            w.WriteNumber("E", eventTime);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Num(Utf8JsonWriter w, string name, decimal value) => w.WriteString(name, MockWire.Format(value));

    private static void Num(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            Num(w, name, v);
        }
    }
}
