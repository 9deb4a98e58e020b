namespace Genesis.Exchange.Models;

/// <summary>The average price from the <c>&lt;symbol&gt;@avgPrice</c> stream (a latest-value stream, every second).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Interval">The interval the average is taken over (<c>i</c>, e.g. 5 minutes).</param>
/// <param name="AveragePrice">The average price (<c>w</c>).</param>
/// <param name="LastTradeTime">The time of the last trade (<c>T</c>).</param>
/// <param name="EventTime">When the event was produced (<c>E</c>).</param>
public sealed record AveragePriceUpdate(string Symbol, TimeSpan Interval, decimal AveragePrice, DateTimeOffset LastTradeTime, DateTimeOffset EventTime);
