namespace Genesis.Exchange.Models;

/// <summary>One price level of an order book.</summary>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The quantity resting at that price.</param>
public readonly record struct OrderBookLevel(decimal Price, decimal Quantity);

/// <summary>An order book snapshot (<c>GET /api/v3/depth</c>).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="LastUpdateId">The update id of the snapshot.</param>
/// <param name="Bids">Bids, best (highest) first.</param>
/// <param name="Asks">Asks, best (lowest) first.</param>
public sealed record OrderBook(string Symbol, long LastUpdateId, IReadOnlyList<OrderBookLevel> Bids, IReadOnlyList<OrderBookLevel> Asks)
{
    /// <summary>The best bid, if any.</summary>
    public OrderBookLevel? BestBid => Bids.Count > 0 ? Bids[0] : null;

    /// <summary>The best ask, if any.</summary>
    public OrderBookLevel? BestAsk => Asks.Count > 0 ? Asks[0] : null;
}

/// <summary>A public trade (<c>GET /api/v3/trades</c>).</summary>
/// <param name="Id">The trade id.</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The base quantity.</param>
/// <param name="QuoteQuantity">The quote quantity.</param>
/// <param name="Time">When the trade happened.</param>
/// <param name="IsBuyerMaker">Whether the buyer was the maker.</param>
/// <param name="IsBestMatch">Whether the trade was the best price match.</param>
public sealed record Trade(long Id, decimal Price, decimal Quantity, decimal QuoteQuantity, DateTimeOffset Time, bool IsBuyerMaker, bool IsBestMatch);

/// <summary>An aggregate trade (<c>GET /api/v3/aggTrades</c>).</summary>
/// <param name="Id">The aggregate trade id.</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The quantity.</param>
/// <param name="FirstTradeId">The first trade id in the aggregate.</param>
/// <param name="LastTradeId">The last trade id in the aggregate.</param>
/// <param name="Time">When the trades happened.</param>
/// <param name="IsBuyerMaker">Whether the buyer was the maker.</param>
/// <param name="IsBestMatch">Whether the trades were the best price match.</param>
public sealed record AggregateTrade(long Id, decimal Price, decimal Quantity, long FirstTradeId, long LastTradeId, DateTimeOffset Time, bool IsBuyerMaker, bool IsBestMatch);

/// <summary>A kline (candlestick).</summary>
/// <param name="OpenTime">Open time.</param>
/// <param name="Open">Open price.</param>
/// <param name="High">High price.</param>
/// <param name="Low">Low price.</param>
/// <param name="Close">Close price.</param>
/// <param name="Volume">Base volume.</param>
/// <param name="CloseTime">Close time.</param>
/// <param name="QuoteVolume">Quote volume.</param>
/// <param name="TradeCount">Number of trades.</param>
/// <param name="TakerBuyBaseVolume">Taker buy base volume.</param>
/// <param name="TakerBuyQuoteVolume">Taker buy quote volume.</param>
public sealed record Kline(
    DateTimeOffset OpenTime,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    DateTimeOffset CloseTime,
    decimal QuoteVolume,
    long TradeCount,
    decimal TakerBuyBaseVolume,
    decimal TakerBuyQuoteVolume);

/// <summary>
/// Rolling-window price statistics (<c>GET /api/v3/ticker/24hr</c>, also the trading-day and rolling-window tickers).
/// The figures that the MINI and rolling-window variants leave out are null when absent, never 0.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="PriceChange">Absolute price change; null when not sent (MINI).</param>
/// <param name="PriceChangePercent">Price change in percent; null when not sent (MINI).</param>
/// <param name="WeightedAveragePrice">Volume-weighted average price; null when not sent (MINI).</param>
/// <param name="PreviousClosePrice">Previous close; null when not sent (MINI, rolling window, trading day).</param>
/// <param name="LastPrice">Last price.</param>
/// <param name="LastQuantity">Last quantity; null when not sent.</param>
/// <param name="BidPrice">Best bid; null when not sent.</param>
/// <param name="BidQuantity">Best bid quantity; null when not sent.</param>
/// <param name="AskPrice">Best ask; null when not sent.</param>
/// <param name="AskQuantity">Best ask quantity; null when not sent.</param>
/// <param name="OpenPrice">Open price.</param>
/// <param name="HighPrice">High price.</param>
/// <param name="LowPrice">Low price.</param>
/// <param name="Volume">Base volume.</param>
/// <param name="QuoteVolume">Quote volume.</param>
/// <param name="OpenTime">Window start.</param>
/// <param name="CloseTime">Window end.</param>
/// <param name="FirstTradeId">First trade id (Binance sends -1 when there was no trade).</param>
/// <param name="LastTradeId">Last trade id (Binance sends -1 when there was no trade).</param>
/// <param name="TradeCount">Trade count.</param>
public sealed record Ticker24h(
    string Symbol,
    decimal? PriceChange,
    decimal? PriceChangePercent,
    decimal? WeightedAveragePrice,
    decimal? PreviousClosePrice,
    decimal LastPrice,
    decimal? LastQuantity,
    decimal? BidPrice,
    decimal? BidQuantity,
    decimal? AskPrice,
    decimal? AskQuantity,
    decimal OpenPrice,
    decimal HighPrice,
    decimal LowPrice,
    decimal Volume,
    decimal QuoteVolume,
    DateTimeOffset OpenTime,
    DateTimeOffset CloseTime,
    long FirstTradeId,
    long LastTradeId,
    long TradeCount);

/// <summary>The latest price of a symbol.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Price">The price.</param>
public sealed record PriceTicker(string Symbol, decimal Price);

/// <summary>The best bid and ask of a symbol.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="BidPrice">Best bid.</param>
/// <param name="BidQuantity">Best bid quantity.</param>
/// <param name="AskPrice">Best ask.</param>
/// <param name="AskQuantity">Best ask quantity.</param>
public sealed record BookTicker(string Symbol, decimal BidPrice, decimal BidQuantity, decimal AskPrice, decimal AskQuantity)
{
    /// <summary>Mid price, or 0 when a side is empty.</summary>
    public decimal MidPrice => BidPrice > 0 && AskPrice > 0 ? (BidPrice + AskPrice) / 2m : 0m;

    /// <summary>Spread in basis points of the mid price, or <see langword="null"/> when a side is empty.</summary>
    public decimal? SpreadBasisPoints => MidPrice > 0 ? (AskPrice - BidPrice) / MidPrice * 10_000m : null;
}

/// <summary>The current average price (<c>GET /api/v3/avgPrice</c>).</summary>
/// <param name="Minutes">The averaging window in minutes.</param>
/// <param name="Price">The average price.</param>
/// <param name="CloseTime">When the window closed; null when the response did not say.</param>
public sealed record AveragePrice(int Minutes, decimal Price, DateTimeOffset? CloseTime);

/// <summary>A classification of a symbol's market and the figures behind it.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="State">The classification.</param>
/// <param name="AtrPercent">Average true range as a percent of the last close.</param>
/// <param name="SpreadBasisPoints">Current spread in basis points.</param>
/// <param name="QuoteVolume24h">24 h quote volume.</param>
/// <param name="Reason">A human-readable reason for the classification.</param>
/// <param name="AsOf">When the figures were taken.</param>
public sealed record MarketStateReport(string Symbol, MarketState State, decimal AtrPercent, decimal SpreadBasisPoints, decimal QuoteVolume24h, string Reason, DateTimeOffset AsOf);
