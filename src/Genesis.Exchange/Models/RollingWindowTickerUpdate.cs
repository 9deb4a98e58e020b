namespace Genesis.Exchange.Models;

/// <summary>
/// Rolling-window statistics from <c>&lt;symbol&gt;@ticker_&lt;window&gt;</c> (a latest-value stream, every second). The
/// open time starts on a minute and the close time is the time of the update, so the effective window may be up to
/// 59,999 ms wider than <see cref="Window"/>.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Window">The window (from the event type <c>1hTicker</c>, <c>4hTicker</c> or <c>1dTicker</c>).</param>
/// <param name="PriceChange">The price change (<c>p</c>; may be negative).</param>
/// <param name="PriceChangePercent">The price change in percent (<c>P</c>; may be negative).</param>
/// <param name="OpenPrice">The open price (<c>o</c>).</param>
/// <param name="HighPrice">The high (<c>h</c>).</param>
/// <param name="LowPrice">The low (<c>l</c>).</param>
/// <param name="LastPrice">The last price (<c>c</c>).</param>
/// <param name="WeightedAveragePrice">The volume-weighted average price (<c>w</c>).</param>
/// <param name="Volume">The base asset volume (<c>v</c>).</param>
/// <param name="QuoteVolume">The quote asset volume (<c>q</c>).</param>
/// <param name="OpenTime">The statistics open time (<c>O</c>).</param>
/// <param name="CloseTime">The statistics close time (<c>C</c>).</param>
/// <param name="FirstTradeId">The first trade id in the window (<c>F</c>).</param>
/// <param name="LastTradeId">The last trade id in the window (<c>L</c>).</param>
/// <param name="TradeCount">The number of trades (<c>n</c>).</param>
/// <param name="EventTime">When the event was produced (<c>E</c>).</param>
public sealed record RollingWindowTickerUpdate(
    string Symbol,
    RollingWindow Window,
    decimal PriceChange,
    decimal PriceChangePercent,
    decimal OpenPrice,
    decimal HighPrice,
    decimal LowPrice,
    decimal LastPrice,
    decimal WeightedAveragePrice,
    decimal Volume,
    decimal QuoteVolume,
    DateTimeOffset OpenTime,
    DateTimeOffset CloseTime,
    long FirstTradeId,
    long LastTradeId,
    long TradeCount,
    DateTimeOffset EventTime);
