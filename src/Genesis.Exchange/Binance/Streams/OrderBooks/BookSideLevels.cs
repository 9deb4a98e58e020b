using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>
/// One side of a local order book: an array of levels sorted by ascending key with the best level last, so the levels
/// that change most (near the top) move the fewest elements on insert and delete. The key is the price in ticks
/// (<see cref="PriceTicks"/>), negated for asks; prices read back carry 8 decimals (equal in value to those received). Setting a level is a binary search over <see cref="long"/>s and
/// allocates nothing once the arrays have grown to the book's size. Not thread-safe: the owner locks.
/// </summary>
internal sealed class BookSideLevels
{
    private const int InitialCapacity = 256;

    private Entry[] _levels = new Entry[InitialCapacity];

    /// <summary>Creates a side.</summary>
    /// <param name="isBid">True for bids (higher price is better).</param>
    public BookSideLevels(bool isBid) => IsBid = isBid;

    /// <summary>Whether this is the bid side.</summary>
    public bool IsBid { get; }

    /// <summary>Number of levels.</summary>
    public int Count { get; private set; }

    /// <summary>The level at a depth (0 = best).</summary>
    /// <param name="depth">The depth, below <see cref="Count"/>.</param>
    /// <returns>The level.</returns>
    public OrderBookLevel At(int depth)
    {
        ref readonly var entry = ref _levels[Count - 1 - depth];
        return new OrderBookLevel(PriceOf(entry.Key), entry.Quantity);
    }

    /// <summary>Removes every level.</summary>
    public void Clear() => Count = 0;

    /// <summary>Replaces the levels (a snapshot, best first, as Binance sends them; any order is accepted).</summary>
    /// <param name="levels">The levels; zero quantities are skipped.</param>
    public void Load(IReadOnlyList<OrderBookLevel> levels)
    {
        Clear();
        EnsureCapacity(levels.Count);
        for (var i = 0; i < levels.Count; i++)
        {
            Set(levels[i].Price, levels[i].Quantity);
        }
    }

    /// <summary>Sets a level's quantity: inserts it when missing, removes it at zero (removing a missing level is a no-op, as Binance documents).</summary>
    /// <param name="price">The price.</param>
    /// <param name="quantity">The new quantity.</param>
    public void Set(decimal price, decimal quantity)
    {
        var key = Key(price);
        var index = Search(key);
        var remove = IsZero(quantity);
        if (index >= 0)
        {
            if (remove)
            {
                RemoveAt(index);
            }
            else
            {
                _levels[index].Quantity = quantity;
            }

            return;
        }

        if (!remove)
        {
            InsertAt(~index, key, quantity);
        }
    }

    /// <summary>The quantity at a price (0 when there is no level).</summary>
    /// <param name="price">The price.</param>
    /// <returns>The quantity.</returns>
    public decimal QuantityAt(decimal price)
    {
        if (!PriceTicks.TryFromPrice(price, out var ticks))
        {
            return 0m;
        }

        var index = Search(IsBid ? ticks : -ticks);
        return index >= 0 ? _levels[index].Quantity : 0m;
    }

    /// <summary>The total quantity of the levels at <paramref name="price"/> or better (bids at or above it, asks at or below it).</summary>
    /// <param name="price">The limit price.</param>
    /// <returns>The quantity.</returns>
    public decimal DepthTo(decimal price)
    {
        var total = 0m;
        for (var i = Count - 1; i >= 0 && (IsBid ? PriceOf(_levels[i].Key) >= price : PriceOf(_levels[i].Key) <= price); i--)
        {
            total += _levels[i].Quantity;
        }

        return total;
    }

    /// <summary>Copies the best levels, best first.</summary>
    /// <param name="destination">Where to copy; as many levels as fit.</param>
    /// <returns>How many were copied.</returns>
    public int CopyTo(Span<OrderBookLevel> destination)
    {
        var n = Math.Min(destination.Length, Count);
        for (var depth = 0; depth < n; depth++)
        {
            ref readonly var entry = ref _levels[Count - 1 - depth];
            destination[depth] = new OrderBookLevel(PriceOf(entry.Key), entry.Quantity);
        }

        return n;
    }

    /// <summary>The best levels as a new array, best first.</summary>
    /// <param name="maxLevels">The most levels to copy.</param>
    /// <returns>The levels.</returns>
    public OrderBookLevel[] ToArray(int maxLevels)
    {
        var levels = new OrderBookLevel[Math.Clamp(maxLevels, 0, Count)];
        CopyTo(levels);
        return levels;
    }

    /// <summary>Zero in any scale, read from the bits (decimal's <c>==</c> is a call that compares scaled values).</summary>
    private static bool IsZero<T>(T value)
        where T : System.Numerics.INumberBase<T> => T.IsZero(value);

    private long Key(decimal price)
    {
        var ticks = PriceTicks.FromPrice(price);
        return IsBid ? ticks : -ticks;
    }

    /// <summary>The index of <paramref name="key"/>, or the complement of where it belongs. Checks the best level first.</summary>
    private int Search(long key)
    {
        var levels = _levels;
        var hi = Count - 1;
        if (hi >= 0)
        {
            var best = levels[hi].Key;
            if (key == best)
            {
                return hi;
            }

            if (key > best)
            {
                return ~Count;
            }

            hi--;
        }

        var lo = 0;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var k = levels[mid].Key;
            if (k == key)
            {
                return mid;
            }

            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    private void InsertAt(int index, long key, decimal quantity)
    {
        var count = Count;
        if (count == _levels.Length)
        {
            EnsureCapacity(count * 2);
        }

        if (index < count)
        {
            _levels.AsSpan(index, count - index).CopyTo(_levels.AsSpan(index + 1));
        }

        _levels[index] = new Entry(key, quantity);
        Count = count + 1;
    }

    private void RemoveAt(int index)
    {
        var count = Count - 1;
        if (index < count)
        {
            _levels.AsSpan(index + 1, count - index).CopyTo(_levels.AsSpan(index));
        }

        Count = count;
    }

    private void EnsureCapacity(int capacity)
    {
        if (capacity > _levels.Length)
        {
            Array.Resize(ref _levels, capacity);
        }
    }

    /// <summary>The price of a key, with 8 decimals (equal to the price received; Binance writes prices with 8 decimals too).</summary>
    private decimal PriceOf(long key)
    {
        var ticks = (ulong)(IsBid ? key : -key);
        return new decimal((int)ticks, (int)(ticks >> 32), 0, false, PriceTicks.Scale);
    }

    /// <summary>One level: the search key (ticks of 10⁻⁸, negated for asks) and the quantity; 24 bytes, so shifting levels is cheap.</summary>
    private struct Entry(long key, decimal quantity)
    {
        public readonly long Key = key;
        public decimal Quantity = quantity;
    }
}
