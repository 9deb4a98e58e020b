using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

/// <summary>Builds depth events and snapshots for order book tests.</summary>
internal static class OrderBookTestData
{
    public const string Symbol = "BTCUSDT";

    public static readonly DateTimeOffset Time = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A diff event: <paramref name="bids"/> and <paramref name="asks"/> as (price, quantity) pairs.</summary>
    public static DepthUpdate Diff(long first, long final, (decimal Price, decimal Quantity)[]? bids = null, (decimal Price, decimal Quantity)[]? asks = null) =>
        new(Symbol, first, final, Levels(bids), Levels(asks), Time.AddMilliseconds(final));

    public static OrderBook Snapshot(long lastUpdateId, (decimal Price, decimal Quantity)[]? bids = null, (decimal Price, decimal Quantity)[]? asks = null) =>
        new(Symbol, lastUpdateId, Levels(bids), Levels(asks));

    public static OrderBookLevel[] Levels((decimal Price, decimal Quantity)[]? levels) =>
        levels is null ? [] : [.. levels.Select(l => new OrderBookLevel(l.Price, l.Quantity))];
}
