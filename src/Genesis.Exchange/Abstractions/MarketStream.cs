using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Abstractions;

/// <summary>How a stream's messages relate to each other, and so what a slow consumer may lose.</summary>
public enum StreamDelivery
{
    /// <summary>
    /// Every message matters (trades, aggregate trades, diff depth, klines): never dropped. A consumer that falls
    /// <see cref="Binance.Streams.MarketStreamOptions.ChannelCapacity"/> items behind ends the subscription with
    /// <see cref="StreamSubscriptionOverflowException"/> after reading what was buffered; gaps after a reconnect are
    /// filled (trades, aggregate trades, klines) or reported (diff depth: a local book resyncs).
    /// </summary>
    Sequenced,

    /// <summary>
    /// Each message supersedes the previous one (tickers, book ticker, partial depth, average price): a slow consumer
    /// gets the latest values, the oldest buffered ones are dropped and counted; after a reconnect the subscription
    /// reports staleness instead of a gap.
    /// </summary>
    LatestValue,
}

/// <summary>Which connections of the pool carry a subscription.</summary>
public enum StreamRole
{
    /// <summary>Market monitoring (the default): the monitoring connections.</summary>
    Monitoring,

    /// <summary>Streams a strategy trades on: the execution connections, kept lightly loaded.</summary>
    Execution,
}

/// <summary>
/// One Binance market stream and the record it delivers: build it with <see cref="MarketStreams"/> and subscribe it
/// with the market stream client.
/// </summary>
/// <typeparam name="T">The delivered record.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A Binance market stream (Binance's own term), not a System.IO.Stream.")]
public sealed class MarketStream<T>
    where T : class
{
    internal MarketStream(string name, StreamMessageKind kind, StreamDelivery delivery, TimeSpan updateInterval)
    {
        Name = name;
        Kind = kind;
        Delivery = delivery;
        UpdateInterval = updateInterval;
    }

    /// <summary>The stream name on the wire (lower-case symbol), e.g. <c>btcusdt@trade</c>.</summary>
    public string Name { get; }

    /// <summary>Whether messages may be dropped for a slow consumer.</summary>
    public StreamDelivery Delivery { get; }

    /// <summary>The documented update speed (<see cref="TimeSpan.Zero"/> for real-time streams).</summary>
    public TimeSpan UpdateInterval { get; }

    internal StreamMessageKind Kind { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The Binance Spot market streams (see Binance's "WebSocket Streams" documentation).</summary>
public static class MarketStreams
{
    private static readonly TimeSpan RealTime = TimeSpan.Zero;
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HundredMs = TimeSpan.FromMilliseconds(100);

    /// <summary><c>&lt;symbol&gt;@trade</c>: every trade, each id once and in order.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<TradeUpdate> Trade(string symbol) =>
        new(StreamNames.Trade(symbol), StreamMessageKind.Trade, StreamDelivery.Sequenced, RealTime);

    /// <summary><c>&lt;symbol&gt;@aggTrade</c>: aggregate trades, each <c>a</c> id once and in order.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<AggregateTradeUpdate> AggregateTrade(string symbol) =>
        new(StreamNames.AggregateTrade(symbol), StreamMessageKind.AggregateTrade, StreamDelivery.Sequenced, RealTime);

    /// <summary><c>&lt;symbol&gt;@depth@100ms</c> (or <c>@depth</c>, every second): diff depth for a local order book.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="every100Milliseconds">100 ms updates (default) or 1 s.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<DepthUpdate> Depth(string symbol, bool every100Milliseconds = true) =>
        new(StreamNames.Depth(symbol, every100Milliseconds), StreamMessageKind.Depth, StreamDelivery.Sequenced, every100Milliseconds ? HundredMs : OneSecond);

    /// <summary><c>&lt;symbol&gt;@depth&lt;levels&gt;[@100ms]</c>: the top 5, 10 or 20 levels.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="levels">5, 10 or 20.</param>
    /// <param name="every100Milliseconds">100 ms updates (default) or 1 s.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<PartialDepthUpdate> PartialDepth(string symbol, int levels = 20, bool every100Milliseconds = true) =>
        new(StreamNames.PartialDepth(symbol, levels, every100Milliseconds), StreamMessageKind.PartialDepth, StreamDelivery.LatestValue, every100Milliseconds ? HundredMs : OneSecond);

    /// <summary><c>&lt;symbol&gt;@kline_&lt;interval&gt;</c>: the current candle, every second (UTC).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The candle interval (1s included).</param>
    /// <returns>The stream.</returns>
    public static MarketStream<KlineUpdate> Kline(string symbol, KlineInterval interval) =>
        new(StreamNames.Kline(symbol, interval), StreamMessageKind.Kline, StreamDelivery.Sequenced, OneSecond);

    /// <summary><c>&lt;symbol&gt;@ticker</c>: 24 h rolling statistics, every second.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<TickerUpdate> Ticker(string symbol) =>
        new(StreamNames.Ticker(symbol), StreamMessageKind.Ticker, StreamDelivery.LatestValue, OneSecond);

    /// <summary><c>&lt;symbol&gt;@bookTicker</c>: best bid and ask, real time.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<BookTickerUpdate> BookTicker(string symbol) =>
        new(StreamNames.BookTicker(symbol), StreamMessageKind.BookTicker, StreamDelivery.LatestValue, RealTime);

    /// <summary><c>&lt;symbol&gt;@miniTicker</c>: 24 h rolling mini statistics, every second.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<MiniTickerUpdate> MiniTicker(string symbol) =>
        new(StreamNames.MiniTicker(symbol), StreamMessageKind.MiniTicker, StreamDelivery.LatestValue, OneSecond);
}
