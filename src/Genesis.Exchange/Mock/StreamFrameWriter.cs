using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// The one writer of Binance market stream frames, shared by the mock's in-memory stream server and the fake server
/// (Genesis.Exchange.Testing), so that their frames cannot drift: formats market events exactly like the documented
/// stream payloads (decimals as strings, times in ms, or µs on <c>timeUnit=MICROSECOND</c> connections), the combined
/// wrapper and the <c>serverShutdown</c> event.
/// </summary>
internal static class StreamFrameWriter
{
    private static readonly string[] PartialLevels = ["5", "10", "20"];
    private static readonly RollingWindow[] Windows = [RollingWindow.OneHour, RollingWindow.FourHours, RollingWindow.OneDay];
    private static readonly HashSet<string> ServedKinds = new(
        ["trade", "aggTrade", "blockTrade", "bookTicker", "miniTicker", "avgPrice", "referencePrice", "depth", "depth@100ms", "ticker",
         .. Windows.Select(w => "ticker_" + w.ToWire()),
         .. PartialLevels.SelectMany(l => new[] { "depth" + l, "depth" + l + "@100ms" }),
         .. Enum.GetValues<KlineInterval>().Select(i => "kline_" + i.ToWire()),
         .. Enum.GetValues<KlineInterval>().Select(i => "kline_" + i.ToWire() + "@+08:00")],
        StringComparer.Ordinal);

    private static readonly HashSet<string> AllMarketStreams = new(
        ["!miniTicker@arr", .. Windows.Select(w => "!ticker_" + w.ToWire() + "@arr")], StringComparer.Ordinal);

    /// <summary>
    /// Whether <see cref="For"/> publishes on <paramref name="stream"/>: a lowercase symbol, <c>@</c>, and one of the
    /// formatted kinds (trade, aggTrade, blockTrade, bookTicker, miniTicker, ticker, ticker_&lt;1h|4h|1d&gt;, avgPrice,
    /// referencePrice, depth, depth@100ms, depth5/10/20[@100ms], kline_&lt;interval&gt;[@+08:00]); or an all-market stream
    /// (<c>!miniTicker@arr</c>, <c>!ticker_&lt;1h|4h|1d&gt;@arr</c>).
    /// </summary>
    /// <param name="stream">The stream name.</param>
    /// <returns>True when the stream can be served.</returns>
    public static bool CanServe(string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (AllMarketStreams.Contains(stream))
        {
            return true;
        }

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
    public static IEnumerable<(string Stream, Func<bool, ReadOnlyMemory<byte>> Payload)> For(object marketEvent)
    {
        switch (marketEvent)
        {
            case TradeUpdate trade:
                var tradePayload = Units(us => Trade(trade, us));
                yield return (Lower(trade.Symbol) + "@trade", tradePayload);

                // The engine matches one taker order per trade event at one price: each trade is one aggregate trade (a = f = l).
                yield return (Lower(trade.Symbol) + "@aggTrade", Units(us => Trade(trade, us, aggregate: true)));
                break;
            case DepthUpdate depth:
                var diff = Units(us => Depth(depth, us));
                yield return (Lower(depth.Symbol) + "@depth", diff);
                yield return (Lower(depth.Symbol) + "@depth@100ms", diff);
                break;
            case PartialDepthUpdate partial:
                foreach (var levels in PartialLevels)
                {
                    var count = int.Parse(levels, CultureInfo.InvariantCulture);
                    var payload = new Lazy<ReadOnlyMemory<byte>>(() => Partial(partial, count));
                    yield return (Lower(partial.Symbol) + "@depth" + levels, _ => payload.Value);
                    yield return (Lower(partial.Symbol) + "@depth" + levels + "@100ms", _ => payload.Value);
                }

                if (partial.Bids.Count > 0 && partial.Asks.Count > 0)
                {
                    // The top of the same book snapshot, with its update id: what @bookTicker carries.
                    var top = new Lazy<ReadOnlyMemory<byte>>(() => BookTicker(partial));
                    yield return (Lower(partial.Symbol) + "@bookTicker", _ => top.Value);
                }

                break;
            case KlineUpdate kline:
                var klinePayload = Units(us => Kline(kline, us));
                yield return (Lower(kline.Symbol) + "@kline_" + kline.Interval.ToWire(), klinePayload);
                if (SameBarsInUtc8(kline.Interval))
                {
                    // Bars of an interval that divides 8 hours open and close at the same instants in UTC and UTC+8.
                    yield return (Lower(kline.Symbol) + "@kline_" + kline.Interval.ToWire() + "@+08:00", klinePayload);
                }

                break;
            case TickerUpdate ticker:
                yield return (Lower(ticker.Ticker.Symbol) + "@ticker", Units(us => Ticker(ticker, us)));
                yield return (Lower(ticker.Ticker.Symbol) + "@miniTicker", Units(us => MiniTicker(ticker, us)));

                // The all-market array carries the symbols that changed: here, this one.
                yield return ("!miniTicker@arr", Units(us => Array(w => WriteMiniTicker(w, ticker, us))));
                break;
            case BlockTradeUpdate block:
                yield return (Lower(block.Symbol) + "@blockTrade", Units(us => BlockTrade(block, us)));
                break;
            case AveragePriceUpdate average:
                yield return (Lower(average.Symbol) + "@avgPrice", Units(us => AveragePrice(average, us)));
                break;
            case ReferencePriceUpdate reference:
                yield return (Lower(reference.Symbol) + "@referencePrice", Units(us => ReferencePrice(reference, us)));
                break;
            case RollingWindowTickerUpdate rolling:
                yield return (Lower(rolling.Symbol) + "@ticker_" + rolling.Window.ToWire(), Units(us => Write(w => WriteRollingTicker(w, rolling, us))));
                yield return ("!ticker_" + rolling.Window.ToWire() + "@arr", Units(us => Array(w => WriteRollingTicker(w, rolling, us))));
                break;
            case DerivedMarketEvent derived:
                // Computed only when a connection is subscribed (under the exchange's lock: see DerivedMarketEvent).
                var symbol = Lower(derived.Symbol);
                var averageNow = new Lazy<AveragePriceUpdate>(derived.AveragePrice);
                yield return (symbol + "@avgPrice", Units(us => AveragePrice(averageNow.Value, us)));
                var referenceNow = new Lazy<ReferencePriceUpdate>(derived.ReferencePrice);
                yield return (symbol + "@referencePrice", Units(us => ReferencePrice(referenceNow.Value, us)));
                foreach (var window in Windows)
                {
                    var rollingNow = new Lazy<RollingWindowTickerUpdate>(() => derived.RollingWindowTicker(window));
                    yield return (symbol + "@ticker_" + window.ToWire(), Units(us => Write(w => WriteRollingTicker(w, rollingNow.Value, us))));
                    yield return ("!ticker_" + window.ToWire() + "@arr", Units(us => Array(w => WriteRollingTicker(w, rollingNow.Value, us))));
                }

                break;
        }
    }

    /// <summary>A payload formatted at most once per time unit (true = microseconds, for <c>timeUnit=MICROSECOND</c> connections).</summary>
    private static Func<bool, ReadOnlyMemory<byte>> Units(Func<bool, ReadOnlyMemory<byte>> format)
    {
        var milliseconds = new Lazy<ReadOnlyMemory<byte>>(() => format(false));
        var microseconds = new Lazy<ReadOnlyMemory<byte>>(() => format(true));
        return us => us ? microseconds.Value : milliseconds.Value;
    }

    /// <summary>A time as Binance writes it: Unix milliseconds, or microseconds on a <c>timeUnit=MICROSECOND</c> connection.</summary>
    /// <param name="time">The time.</param>
    /// <param name="microseconds">Whether the connection asked for microseconds.</param>
    /// <returns>The number.</returns>
    public static long Unix(DateTimeOffset time, bool microseconds) =>
        microseconds ? (time - DateTimeOffset.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000) : time.ToUnixTimeMilliseconds();

    /// <summary>Wraps a payload for a combined stream: <c>{"stream":…,"data":…}</c>.</summary>
    /// <param name="stream">The stream name.</param>
    /// <param name="payload">The unwrapped payload.</param>
    /// <returns>The wrapped payload.</returns>
    public static ReadOnlyMemory<byte> Combined(string stream, ReadOnlyMemory<byte> payload) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("stream", stream);
        w.WritePropertyName("data");
        w.WriteRawValue(payload.Span, skipInputValidation: true);
        w.WriteEndObject();
    });

    /// <summary>The <c>serverShutdown</c> event.</summary>
    /// <param name="time">The event time.</param>
    /// <param name="microseconds">Whether times are written in microseconds.</param>
    /// <returns>The payload.</returns>
    public static ReadOnlyMemory<byte> ServerShutdown(DateTimeOffset time, bool microseconds) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "serverShutdown");
        w.WriteNumber("E", Unix(time, microseconds));
        w.WriteEndObject();
    });

    /// <summary>A trade as <c>@trade</c> writes it, or as <c>@aggTrade</c> (one trade = one aggregate: a = f = l).</summary>
    private static ReadOnlyMemory<byte> Trade(TradeUpdate t, bool us, bool aggregate = false) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", aggregate ? "aggTrade" : "trade");
        w.WriteNumber("E", Unix(t.EventTime, us));
        w.WriteString("s", t.Symbol);
        w.WriteNumber(aggregate ? "a" : "t", t.TradeId);
        w.WriteString("p", D(t.Price));
        w.WriteString("q", D(t.Quantity));
        if (aggregate)
        {
            w.WriteNumber("f", t.TradeId);
            w.WriteNumber("l", t.TradeId);
        }

        w.WriteNumber("T", Unix(t.TradeTime, us));
        w.WriteBoolean("m", t.IsBuyerMaker);
        w.WriteBoolean("M", true);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> BookTicker(PartialDepthUpdate p) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("u", p.LastUpdateId);
        w.WriteString("s", p.Symbol);
        w.WriteString("b", D(p.Bids[0].Price));
        w.WriteString("B", D(p.Bids[0].Quantity));
        w.WriteString("a", D(p.Asks[0].Price));
        w.WriteString("A", D(p.Asks[0].Quantity));
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Depth(DepthUpdate d, bool us) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "depthUpdate");
        w.WriteNumber("E", Unix(d.EventTime, us));
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

    private static ReadOnlyMemory<byte> Kline(KlineUpdate u, bool us) => Write(w =>
    {
        var k = u.Kline;
        w.WriteStartObject();
        w.WriteString("e", "kline");
        w.WriteNumber("E", Unix(u.EventTime, us));
        w.WriteString("s", u.Symbol);
        w.WriteStartObject("k");
        w.WriteNumber("t", Unix(k.OpenTime, us));
        w.WriteNumber("T", Unix(k.CloseTime, us));
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

    private static bool SameBarsInUtc8(KlineInterval interval) => interval is KlineInterval.OneSecond or KlineInterval.OneMinute
        or KlineInterval.ThreeMinutes or KlineInterval.FiveMinutes or KlineInterval.FifteenMinutes or KlineInterval.ThirtyMinutes
        or KlineInterval.OneHour or KlineInterval.TwoHours or KlineInterval.FourHours or KlineInterval.EightHours;

    private static ReadOnlyMemory<byte> BlockTrade(BlockTradeUpdate t, bool us) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "blockTrade");
        w.WriteNumber("E", Unix(t.EventTime, us));
        w.WriteString("s", t.Symbol);
        w.WriteNumber("t", t.BlockTradeId);
        w.WriteString("p", D(t.Price));
        w.WriteString("q", D(t.Quantity));
        w.WriteNumber("T", Unix(t.TradeTime, us));
        w.WriteBoolean("m", t.IsBuyerMaker);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> AveragePrice(AveragePriceUpdate a, bool us) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "avgPrice");
        w.WriteNumber("E", Unix(a.EventTime, us));
        w.WriteString("s", a.Symbol);
        w.WriteString("i", IntervalText(a.Interval));
        w.WriteString("w", D(a.AveragePrice));
        w.WriteNumber("T", Unix(a.LastTradeTime, us));
        w.WriteEndObject();
    });

    /// <summary>An averaging interval as Binance writes it (<c>5m</c>): the largest whole unit.</summary>
    internal static string IntervalText(TimeSpan interval)
    {
        var i = CultureInfo.InvariantCulture;
        return interval.Ticks % TimeSpan.TicksPerDay == 0 ? ((long)interval.TotalDays).ToString(i) + "d"
            : interval.Ticks % TimeSpan.TicksPerHour == 0 ? ((long)interval.TotalHours).ToString(i) + "h"
            : interval.Ticks % TimeSpan.TicksPerMinute == 0 ? ((long)interval.TotalMinutes).ToString(i) + "m"
            : ((long)interval.TotalSeconds).ToString(i) + "s";
    }

    private static ReadOnlyMemory<byte> ReferencePrice(ReferencePriceUpdate r, bool us) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("e", "referencePrice");
        w.WriteString("s", r.Symbol);
        w.WriteString("r", D(r.ReferencePrice)); // null when there is no reference price
        w.WriteNumber("t", Unix(r.Time, us));
        w.WriteEndObject();
    });

    private static void WriteRollingTicker(Utf8JsonWriter w, RollingWindowTickerUpdate t, bool us)
    {
        w.WriteStartObject();
        w.WriteString("e", t.Window.ToWire() + "Ticker");
        w.WriteNumber("E", Unix(t.EventTime, us));
        w.WriteString("s", t.Symbol);
        w.WriteString("p", D(t.PriceChange));
        w.WriteString("P", D(t.PriceChangePercent));
        w.WriteString("o", D(t.OpenPrice));
        w.WriteString("h", D(t.HighPrice));
        w.WriteString("l", D(t.LowPrice));
        w.WriteString("c", D(t.LastPrice));
        w.WriteString("w", D(t.WeightedAveragePrice));
        w.WriteString("v", D(t.Volume));
        w.WriteString("q", D(t.QuoteVolume));
        w.WriteNumber("O", Unix(t.OpenTime, us));
        w.WriteNumber("C", Unix(t.CloseTime, us));
        w.WriteNumber("F", t.FirstTradeId);
        w.WriteNumber("L", t.LastTradeId);
        w.WriteNumber("n", t.TradeCount);
        w.WriteEndObject();
    }

    /// <summary>An all-market array payload (<c>[{…}]</c>).</summary>
    private static ReadOnlyMemory<byte> Array(Action<Utf8JsonWriter> writeElements) => Write(w =>
    {
        w.WriteStartArray();
        writeElements(w);
        w.WriteEndArray();
    });

    private static ReadOnlyMemory<byte> MiniTicker(TickerUpdate u, bool us) => Write(w => WriteMiniTicker(w, u, us));

    private static void WriteMiniTicker(Utf8JsonWriter w, TickerUpdate u, bool us)
    {
        var t = u.Ticker;
        w.WriteStartObject();
        w.WriteString("e", "24hrMiniTicker");
        w.WriteNumber("E", Unix(u.EventTime, us));
        w.WriteString("s", t.Symbol);
        w.WriteString("c", D(t.LastPrice));
        w.WriteString("o", D(t.OpenPrice));
        w.WriteString("h", D(t.HighPrice));
        w.WriteString("l", D(t.LowPrice));
        w.WriteString("v", D(t.Volume));
        w.WriteString("q", D(t.QuoteVolume));
        w.WriteEndObject();
    }

    private static ReadOnlyMemory<byte> Ticker(TickerUpdate u, bool us) => Write(w =>
    {
        var t = u.Ticker;
        w.WriteStartObject();
        w.WriteString("e", "24hrTicker");
        w.WriteNumber("E", Unix(u.EventTime, us));
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
        w.WriteNumber("O", Unix(t.OpenTime, us));
        w.WriteNumber("C", Unix(t.CloseTime, us));
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
