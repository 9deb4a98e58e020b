using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>
/// The data of a local order book: bids, asks, the update id and the event time of the last applied event. Applies
/// snapshots and diff events without checking their ids (the <see cref="OrderBookSynchronizer"/> decides what may be
/// applied). Applying an event allocates nothing. Not thread-safe: the owner locks.
/// </summary>
internal sealed class OrderBookCore
{
    /// <summary>Bids, best (highest) first.</summary>
    public BookSideLevels Bids { get; } = new(isBid: true);

    /// <summary>Asks, best (lowest) first.</summary>
    public BookSideLevels Asks { get; } = new(isBid: false);

    /// <summary>The update id of the snapshot or of the last applied event (0 when empty).</summary>
    public long LastUpdateId { get; private set; }

    /// <summary>The event time of the last applied event (null right after a snapshot).</summary>
    public DateTimeOffset? EventTime { get; private set; }

    /// <summary>Replaces the book with a snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    public void Load(OrderBook snapshot)
    {
        Bids.Load(snapshot.Bids);
        Asks.Load(snapshot.Asks);
        LastUpdateId = snapshot.LastUpdateId;
        EventTime = null;
    }

    /// <summary>Empties the book.</summary>
    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
        LastUpdateId = 0;
        EventTime = null;
    }

    /// <summary>Sets every level of the event (quantity 0 removes it) and takes its final update id and event time.</summary>
    /// <param name="update">The event.</param>
    public void Apply(DepthUpdate update)
    {
        SetAll(Bids, update.Bids);
        SetAll(Asks, update.Asks);
        LastUpdateId = update.FinalUpdateId;
        EventTime = update.EventTime;
    }

    /// <summary>A copy of the book.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="maxLevels">The most levels per side.</param>
    /// <returns>The copy.</returns>
    public OrderBook ToOrderBook(string symbol, int maxLevels) => new(symbol, LastUpdateId, Bids.ToArray(maxLevels), Asks.ToArray(maxLevels));

    /// <summary>
    /// Whether the book agrees with a snapshot of the same update id: its top levels equal the snapshot's, and when the
    /// snapshot holds fewer levels than were asked for (the whole side), the book holds no more.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="requestedLevels">The depth the snapshot was asked for.</param>
    /// <returns>True when they agree.</returns>
    public bool Matches(OrderBook snapshot, int requestedLevels) =>
        SideMatches(Bids, snapshot.Bids, requestedLevels) && SideMatches(Asks, snapshot.Asks, requestedLevels);

    private static bool SideMatches(BookSideLevels side, IReadOnlyList<OrderBookLevel> levels, int requestedLevels)
    {
        if (side.Count < levels.Count || (levels.Count < requestedLevels && side.Count != levels.Count))
        {
            return false;
        }

        for (var i = 0; i < levels.Count; i++)
        {
            var local = side.At(i);
            if (local.Price != levels[i].Price || local.Quantity != levels[i].Quantity)
            {
                return false;
            }
        }

        return true;
    }

    private static void SetAll(BookSideLevels side, IReadOnlyList<OrderBookLevel> levels)
    {
        if (levels is OrderBookLevel[] array)
        {
            foreach (var level in array)
            {
                side.Set(level.Price, level.Quantity);
            }

            return;
        }

        if (levels is List<OrderBookLevel> list)
        {
            foreach (var level in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list))
            {
                side.Set(level.Price, level.Quantity);
            }

            return;
        }

        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            side.Set(level.Price, level.Quantity);
        }
    }
}
