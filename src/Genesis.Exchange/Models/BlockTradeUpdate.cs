namespace Genesis.Exchange.Models;

/// <summary>A block trade from the <c>&lt;symbol&gt;@blockTrade</c> stream.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="BlockTradeId">The block trade id (<c>t</c>).</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The quantity.</param>
/// <param name="TradeTime">When the trade happened (<c>T</c>).</param>
/// <param name="EventTime">When the event was produced (<c>E</c>).</param>
/// <param name="IsBuyerMaker">Whether the buyer was the maker.</param>
public sealed record BlockTradeUpdate(string Symbol, long BlockTradeId, decimal Price, decimal Quantity, DateTimeOffset TradeTime, DateTimeOffset EventTime, bool IsBuyerMaker);
