namespace Genesis.Exchange.Models;

/// <summary>A trade from the <c>&lt;symbol&gt;@trade</c> stream.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="TradeId">The trade id (strictly increasing per symbol).</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The quantity.</param>
/// <param name="TradeTime">When the trade happened.</param>
/// <param name="EventTime">When the event was produced.</param>
/// <param name="IsBuyerMaker">Whether the buyer was the maker.</param>
public sealed record TradeUpdate(string Symbol, long TradeId, decimal Price, decimal Quantity, DateTimeOffset TradeTime, DateTimeOffset EventTime, bool IsBuyerMaker);

/// <summary>A diff-depth event from <c>&lt;symbol&gt;@depth</c> / <c>@depth@100ms</c>.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="FirstUpdateId">First update id in the event (U).</param>
/// <param name="FinalUpdateId">Final update id in the event (u).</param>
/// <param name="Bids">Changed bid levels (quantity 0 removes the level).</param>
/// <param name="Asks">Changed ask levels (quantity 0 removes the level).</param>
/// <param name="EventTime">When the event was produced.</param>
public sealed record DepthUpdate(string Symbol, long FirstUpdateId, long FinalUpdateId, IReadOnlyList<OrderBookLevel> Bids, IReadOnlyList<OrderBookLevel> Asks, DateTimeOffset EventTime);

/// <summary>A partial book snapshot from <c>&lt;symbol&gt;@depth&lt;levels&gt;@100ms</c>.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="LastUpdateId">The book's update id.</param>
/// <param name="Bids">Top bids, best first.</param>
/// <param name="Asks">Top asks, best first.</param>
public sealed record PartialDepthUpdate(string Symbol, long LastUpdateId, IReadOnlyList<OrderBookLevel> Bids, IReadOnlyList<OrderBookLevel> Asks);

/// <summary>A kline update from <c>&lt;symbol&gt;@kline_&lt;interval&gt;</c>.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Interval">The interval.</param>
/// <param name="Kline">The kline so far.</param>
/// <param name="IsClosed">Whether the kline is final.</param>
/// <param name="EventTime">When the event was produced.</param>
public sealed record KlineUpdate(string Symbol, KlineInterval Interval, Kline Kline, bool IsClosed, DateTimeOffset EventTime);

/// <summary>A 24 h ticker update from <c>&lt;symbol&gt;@ticker</c>.</summary>
/// <param name="Ticker">The statistics.</param>
/// <param name="EventTime">When the event was produced.</param>
public sealed record TickerUpdate(Ticker24h Ticker, DateTimeOffset EventTime);
