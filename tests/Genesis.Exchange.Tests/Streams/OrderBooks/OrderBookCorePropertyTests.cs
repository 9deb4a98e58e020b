using CsCheck;
using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

/// <summary>Random diffs applied to the book equal the same diffs applied to a plain sorted-dictionary model.</summary>
public sealed class OrderBookCorePropertyTests
{
    // Prices on a coarse grid (so levels collide, update and vanish often), with up to 8 decimals; quantity 0 removes.
    private static readonly Gen<OrderBookLevel> Level =
        Gen.Select(Gen.Int[1, 400], Gen.Int[0, 8], Gen.Int[0, 6], (tick, scale, qty) =>
            new OrderBookLevel(decimal.Round(tick * 0.25m, 2) + (scale == 8 ? 0.00000001m : 0m), qty == 0 ? 0m : qty * 0.125m));

    private static readonly Gen<(OrderBookLevel[] Bids, OrderBookLevel[] Asks)> Event =
        Gen.Select(Level.Array[0, 12], Level.Array[0, 12]);

    [Fact]
    public void RandomDiffs_LeaveTheBookEqualToASortedDictionaryModel()
    {
        Event.Array[1, 60].Sample(events =>
        {
            var book = new OrderBookCore();
            var bids = new SortedDictionary<decimal, decimal>(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
            var asks = new SortedDictionary<decimal, decimal>();
            var id = 0L;
            foreach (var (b, a) in events)
            {
                id++;
                book.Apply(new DepthUpdate("X", id, id, b, a, DateTimeOffset.UnixEpoch));
                Model(bids, b);
                Model(asks, a);

                Assert.Equal(bids.Select(p => new OrderBookLevel(p.Key, p.Value)), book.Bids.ToArray(int.MaxValue));
                Assert.Equal(asks.Select(p => new OrderBookLevel(p.Key, p.Value)), book.Asks.ToArray(int.MaxValue));
                Assert.Equal(id, book.LastUpdateId);
            }
        }, iter: 300);
    }

    private static void Model(SortedDictionary<decimal, decimal> side, OrderBookLevel[] changes)
    {
        foreach (var change in changes)
        {
            if (change.Quantity == 0m)
            {
                side.Remove(change.Price);
            }
            else
            {
                side[change.Price] = change.Quantity;
            }
        }
    }
}
