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

/// <summary>
/// The Binance Spot market streams (see Binance's "WebSocket Streams" documentation), every one it documents: trades
/// (<c>@trade</c>, <c>@aggTrade</c>, <c>@blockTrade</c>), klines in UTC or UTC+8 at every interval including 1s, the 24 h
/// tickers (<c>@ticker</c>, <c>@miniTicker</c>, <c>!miniTicker@arr</c>), rolling-window tickers (<c>@ticker_&lt;window&gt;</c>,
/// <c>!ticker_&lt;window&gt;@arr</c>), <c>@bookTicker</c>, <c>@avgPrice</c>, <c>@referencePrice</c>, partial depth
/// <c>@depth&lt;5|10|20&gt;[@100ms]</c> and diff depth <c>@depth[@100ms]</c>. The all-market 24 h ticker array
/// <c>!ticker@arr</c> is no longer documented by Binance (it was retired in favour of <c>!miniTicker@arr</c> and the
/// rolling-window arrays), so it is not offered. Times are read in milliseconds or microseconds
/// (<c>timeUnit=MICROSECOND</c> connections) alike.
/// </summary>
public static class MarketStreams
{
    private static readonly TimeSpan RealTime = TimeSpan.Zero;
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HundredMs = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

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

    /// <summary><c>&lt;symbol&gt;@kline_&lt;interval&gt;</c>: the current candle (UTC), every second for 1s and every 2 seconds for the other intervals.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The candle interval (1s included).</param>
    /// <returns>The stream.</returns>
    public static MarketStream<KlineUpdate> Kline(string symbol, KlineInterval interval) =>
        new(StreamNames.Kline(symbol, interval), StreamMessageKind.Kline, StreamDelivery.Sequenced, interval == KlineInterval.OneSecond ? OneSecond : TwoSeconds);

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

    /// <summary><c>&lt;symbol&gt;@kline_&lt;interval&gt;@+08:00</c>: the current candle with bars opening and closing in UTC+8 (times stay UTC).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The candle interval (1s included).</param>
    /// <param name="timeZoneOffset"><see cref="TimeSpan.Zero"/> (UTC, the plain stream) or +8 hours, the one offset Binance documents.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Another offset.</exception>
    public static MarketStream<KlineUpdate> Kline(string symbol, KlineInterval interval, TimeSpan timeZoneOffset) =>
        new(StreamNames.Kline(symbol, interval, timeZoneOffset), StreamMessageKind.Kline, StreamDelivery.Sequenced, interval == KlineInterval.OneSecond ? OneSecond : TwoSeconds);

    /// <summary><c>&lt;symbol&gt;@blockTrade</c>: block trades, real time.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<BlockTradeUpdate> BlockTrade(string symbol) =>
        new(StreamNames.BlockTrade(symbol), StreamMessageKind.BlockTrade, StreamDelivery.Sequenced, RealTime);

    /// <summary><c>&lt;symbol&gt;@avgPrice</c>: the average price over the symbol's interval (e.g. 5 minutes), every second.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<AveragePriceUpdate> AveragePrice(string symbol) =>
        new(StreamNames.AveragePrice(symbol), StreamMessageKind.AveragePrice, StreamDelivery.LatestValue, OneSecond);

    /// <summary><c>&lt;symbol&gt;@referencePrice</c>: the reference price (null when the symbol has none), every second.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The stream.</returns>
    public static MarketStream<ReferencePriceUpdate> ReferencePrice(string symbol) =>
        new(StreamNames.ReferencePrice(symbol), StreamMessageKind.ReferencePrice, StreamDelivery.LatestValue, OneSecond);

    /// <summary><c>&lt;symbol&gt;@ticker_&lt;1h|4h|1d&gt;</c>: rolling-window statistics, every second.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="window">The window.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RollingWindow.Unknown"/>.</exception>
    public static MarketStream<RollingWindowTickerUpdate> RollingWindowTicker(string symbol, RollingWindow window) =>
        new(StreamNames.RollingWindowTicker(symbol, window), StreamMessageKind.RollingWindowTicker, StreamDelivery.LatestValue, OneSecond);

    /// <summary><c>!ticker_&lt;1h|4h|1d&gt;@arr</c>: rolling-window statistics of every symbol that changed, every second.</summary>
    /// <param name="window">The window.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RollingWindow.Unknown"/>.</exception>
    public static MarketStream<RollingWindowTickerBatch> AllRollingWindowTickers(RollingWindow window) =>
        new(StreamNames.AllRollingWindowTickers(window), StreamMessageKind.RollingWindowTickerArray, StreamDelivery.LatestValue, OneSecond);

    /// <summary><c>!miniTicker@arr</c>: the mini tickers of every symbol that changed, every second.</summary>
    /// <returns>The stream.</returns>
    public static MarketStream<MiniTickerBatch> AllMiniTickers() =>
        new(StreamNames.AllMiniTickers, StreamMessageKind.MiniTickerArray, StreamDelivery.LatestValue, OneSecond);
}
