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

/// <summary>An aggregate trade from the <c>&lt;symbol&gt;@aggTrade</c> stream (trades of one taker order at one price).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="AggregateTradeId">The aggregate trade id (strictly increasing per symbol).</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The total quantity.</param>
/// <param name="FirstTradeId">The first trade id it aggregates.</param>
/// <param name="LastTradeId">The last trade id it aggregates.</param>
/// <param name="TradeTime">When the trades happened.</param>
/// <param name="EventTime">When the event was produced.</param>
/// <param name="IsBuyerMaker">Whether the buyer was the maker.</param>
public sealed record AggregateTradeUpdate(
    string Symbol, long AggregateTradeId, decimal Price, decimal Quantity, long FirstTradeId, long LastTradeId, DateTimeOffset TradeTime, DateTimeOffset EventTime, bool IsBuyerMaker);

/// <summary>The best bid and ask from the <c>&lt;symbol&gt;@bookTicker</c> stream (a latest-value stream).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="UpdateId">The order book update id it reflects (u).</param>
/// <param name="BidPrice">The best bid price.</param>
/// <param name="BidQuantity">The best bid quantity.</param>
/// <param name="AskPrice">The best ask price.</param>
/// <param name="AskQuantity">The best ask quantity.</param>
public sealed record BookTickerUpdate(string Symbol, long UpdateId, decimal BidPrice, decimal BidQuantity, decimal AskPrice, decimal AskQuantity);

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

/// <summary>A 24 h mini ticker from <c>&lt;symbol&gt;@miniTicker</c> (a latest-value stream).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="LastPrice">The close (last) price.</param>
/// <param name="OpenPrice">The open price 24 h ago.</param>
/// <param name="HighPrice">The high.</param>
/// <param name="LowPrice">The low.</param>
/// <param name="Volume">The base asset volume.</param>
/// <param name="QuoteVolume">The quote asset volume.</param>
/// <param name="EventTime">When the event was produced.</param>
public sealed record MiniTickerUpdate(string Symbol, decimal LastPrice, decimal OpenPrice, decimal HighPrice, decimal LowPrice, decimal Volume, decimal QuoteVolume, DateTimeOffset EventTime);

/// <summary>A 24 h ticker update from <c>&lt;symbol&gt;@ticker</c>.</summary>
/// <param name="Ticker">The statistics.</param>
/// <param name="EventTime">When the event was produced.</param>
public sealed record TickerUpdate(Ticker24h Ticker, DateTimeOffset EventTime);
