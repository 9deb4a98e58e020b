using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>One formatted event: the stream it belongs to and its payload, as Binance writes it.</summary>
/// <param name="Stream">The stream name, e.g. <c>btcusdt@trade</c>.</param>
/// <param name="Payload">The UTF-8 JSON payload (unwrapped).</param>
internal readonly record struct StreamEvent(string Stream, ReadOnlyMemory<byte> Payload);

/// <summary>Formats market events exactly like the documented stream payloads (decimals as strings, times in ms).</summary>
internal static class StreamPayloads
{
    private static readonly string[] PartialLevels = ["5", "10", "20"];
    private static readonly HashSet<string> ServedKinds = new(
        ["trade", "depth", "depth@100ms", "ticker", .. PartialLevels.SelectMany(l => new[] { "depth" + l, "depth" + l + "@100ms" }),
         .. Enum.GetValues<KlineInterval>().Select(i => "kline_" + i.ToWire())],
        StringComparer.Ordinal);

    /// <summary>
    /// Whether <see cref="For"/> publishes on <paramref name="stream"/>: a lowercase symbol, <c>@</c>, and one of the
    /// formatted kinds (trade, depth, depth@100ms, depth5/10/20[@100ms], kline_&lt;interval&gt;, ticker).
    /// </summary>
    /// <param name="stream">The stream name.</param>
    /// <returns>True when the stream can be served.</returns>
    public static bool CanServe(string stream)
    {
        var at = stream.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        foreach (var c in stream.AsSpan(0, at))
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return ServedKinds.Contains(stream[(at + 1)..]);
    }

    /// <summary>The stream names an event is published on, with the payload each carries.</summary>
    /// <param name="marketEvent">The event.</param>
    /// <returns>Stream names and payloads; empty for an unknown event type.</returns>
    public static IEnumerable<(string Stream, Func<ReadOnlyMemory<byte>> Payload)> For(object marketEvent)
    {
        switch (marketEvent)
        {
            case TradeUpdate trade:
                var tradePayload = new Lazy<ReadOnlyMemory<byte>>(() => Trade(trade));
                yield return (Lower(trade.Symbol) + "@trade", () => tradePayload.Value);
                break;
            case DepthUpdate depth:
                var diff = new Lazy<ReadOnlyMemory<byte>>(() => Depth(depth));
                yield return (Lower(depth.Symbol) + "@depth", () => diff.Value);
                yield return (Lower(depth.Symbol) + "@depth@100ms", () => diff.Value);
                break;
            case PartialDepthUpdate partial:
                foreach (var levels in PartialLevels)
                {
                    var count = int.Parse(levels, CultureInfo.InvariantCulture);
                    var payload = new Lazy<ReadOnlyMemory<byte>>(() => Partial(partial, count));
                    yield return (Lower(partial.Symbol) + "@depth" + levels, () => payload.Value);
                    yield return (Lower(partial.Symbol) + "@depth" + levels + "@100ms", () => payload.Value);
                }

                break;
            case KlineUpdate kline:
                var klinePayload = new Lazy<ReadOnlyMemory<byte>>(() => Kline(kline));
                yield return (Lower(kline.Symbol) + "@kline_" + kline.Interval.ToWire(), () => klinePayload.Value);
                break;
            case TickerUpdate ticker:
                var tickerPayload = new Lazy<ReadOnlyMemory<byte>>(() => Ticker(ticker));
                yield return (Lower(ticker.Ticker.Symbol) + "@ticker", () => tickerPayload.Value);
                break;
        }
    }

    /// <summary>Wraps a payload for a combined stream: <c>{"stream":…,"data":…}</c>.</summary>
    /// <param name="streamEvent">The event.</param>
    /// <returns>The wrapped payload.</returns>
    public static ReadOnlyMemory<byte> Combined(StreamEvent streamEvent) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("stream", streamEvent.Stream);
        w.WritePropertyName("data");
        w.WriteRawValue(streamEvent.Payload.Span, skipInputValidation: true);
        w.WriteEndObject();
    });

    /// <summary>The <c>serverShutdown</c> event.</summary>
    /// <param name="time">The event time.</param>
    /// <returns>The payload.</returns>
    public static ReadOnlyMemory<byte> ServerShutdown(DateTimeOffset time) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "serverShutdown");
        w.WriteNumber("E", time.ToUnixTimeMilliseconds());
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Trade(TradeUpdate t) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "trade");
        w.WriteNumber("E", t.EventTime.ToUnixTimeMilliseconds());
        w.WriteString("s", t.Symbol);
        w.WriteNumber("t", t.TradeId);
        w.WriteString("p", D(t.Price));
        w.WriteString("q", D(t.Quantity));
        w.WriteNumber("T", t.TradeTime.ToUnixTimeMilliseconds());
        w.WriteBoolean("m", t.IsBuyerMaker);
        w.WriteBoolean("M", true);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Depth(DepthUpdate d) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "depthUpdate");
        w.WriteNumber("E", d.EventTime.ToUnixTimeMilliseconds());
        w.WriteString("s", d.Symbol);
        w.WriteNumber("U", d.FirstUpdateId);
        w.WriteNumber("u", d.FinalUpdateId);
        Levels(w, "b", d.Bids, int.MaxValue);
        Levels(w, "a", d.Asks, int.MaxValue);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Partial(PartialDepthUpdate p, int count) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("lastUpdateId", p.LastUpdateId);
        Levels(w, "bids", p.Bids, count);
        Levels(w, "asks", p.Asks, count);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Kline(KlineUpdate u) => Write(w =>
    {
        var k = u.Kline;
        w.WriteStartObject();
        w.WriteString("e", "kline");
        w.WriteNumber("E", u.EventTime.ToUnixTimeMilliseconds());
        w.WriteString("s", u.Symbol);
        w.WriteStartObject("k");
        w.WriteNumber("t", k.OpenTime.ToUnixTimeMilliseconds());
        w.WriteNumber("T", k.CloseTime.ToUnixTimeMilliseconds());
        w.WriteString("s", u.Symbol);
        w.WriteString("i", u.Interval.ToWire());
        w.WriteNumber("f", -1); // The model carries no trade ids; Binance also sends -1 when unknown.
        w.WriteNumber("L", -1);
        w.WriteString("o", D(k.Open));
        w.WriteString("c", D(k.Close));
        w.WriteString("h", D(k.High));
        w.WriteString("l", D(k.Low));
        w.WriteString("v", D(k.Volume));
        w.WriteNumber("n", k.TradeCount);
        w.WriteBoolean("x", u.IsClosed);
        w.WriteString("q", D(k.QuoteVolume));
        w.WriteString("V", D(k.TakerBuyBaseVolume));
        w.WriteString("Q", D(k.TakerBuyQuoteVolume));
        w.WriteString("B", "0");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Ticker(TickerUpdate u) => Write(w =>
    {
        var t = u.Ticker;
        w.WriteStartObject();
        w.WriteString("e", "24hrTicker");
        w.WriteNumber("E", u.EventTime.ToUnixTimeMilliseconds());
        w.WriteString("s", t.Symbol);
        w.WriteString("p", D(t.PriceChange));
        w.WriteString("P", D(t.PriceChangePercent));
        w.WriteString("w", D(t.WeightedAveragePrice));
        w.WriteString("x", D(t.PreviousClosePrice));
        w.WriteString("c", D(t.LastPrice));
        w.WriteString("Q", D(t.LastQuantity));
        w.WriteString("b", D(t.BidPrice));
        w.WriteString("B", D(t.BidQuantity));
        w.WriteString("a", D(t.AskPrice));
        w.WriteString("A", D(t.AskQuantity));
        w.WriteString("o", D(t.OpenPrice));
        w.WriteString("h", D(t.HighPrice));
        w.WriteString("l", D(t.LowPrice));
        w.WriteString("v", D(t.Volume));
        w.WriteString("q", D(t.QuoteVolume));
        w.WriteNumber("O", t.OpenTime.ToUnixTimeMilliseconds());
        w.WriteNumber("C", t.CloseTime.ToUnixTimeMilliseconds());
        w.WriteNumber("F", t.FirstTradeId);
        w.WriteNumber("L", t.LastTradeId);
        w.WriteNumber("n", t.TradeCount);
        w.WriteEndObject();
    });

    private static void Levels(Utf8JsonWriter w, string name, IReadOnlyList<OrderBookLevel> levels, int max)
    {
        w.WriteStartArray(name);
        for (var i = 0; i < levels.Count && i < max; i++)
        {
            w.WriteStartArray();
            w.WriteStringValue(D(levels[i].Price));
            w.WriteStringValue(D(levels[i].Quantity));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static string D(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    // A ticker figure the model leaves null is written as JSON null (the stream always carries the field).
    private static string? D(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Lower(string symbol) => symbol.ToLowerInvariant();

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }
}
