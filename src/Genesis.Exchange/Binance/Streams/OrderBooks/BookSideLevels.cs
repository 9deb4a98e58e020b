using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>
/// One side of a local order book: parallel arrays sorted by ascending key with the best level last, so the levels
/// that change most (near the top) move the fewest elements on insert and delete. The key is the price in ticks
/// (<see cref="PriceTicks"/>), negated for asks. Setting a level is a binary search over <see cref="long"/>s and
/// allocates nothing once the arrays have grown to the book's size. Not thread-safe: the owner locks.
/// </summary>
internal sealed class BookSideLevels
{
    private const int InitialCapacity = 256;

    private long[] _keys = new long[InitialCapacity];
    private decimal[] _prices = new decimal[InitialCapacity];
    private decimal[] _quantities = new decimal[InitialCapacity];

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
        var index = Count - 1 - depth;
        return new OrderBookLevel(_prices[index], _quantities[index]);
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
        var count = Count;

        // Most changes are at or near the best level (the end).
        int index;
        if (count > 0 && _keys[count - 1] == key)
        {
            index = count - 1;
        }
        else
        {
            index = _keys.AsSpan(0, count).BinarySearch(key);
        }

        if (index >= 0)
        {
            if (quantity == 0m)
            {
                RemoveAt(index);
            }
            else
            {
                _quantities[index] = quantity;
            }

            return;
        }

        if (quantity != 0m)
        {
            InsertAt(~index, key, price, quantity);
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

        var index = _keys.AsSpan(0, Count).BinarySearch(IsBid ? ticks : -ticks);
        return index >= 0 ? _quantities[index] : 0m;
    }

    /// <summary>The total quantity of the levels at <paramref name="price"/> or better (bids at or above it, asks at or below it).</summary>
    /// <param name="price">The limit price.</param>
    /// <returns>The quantity.</returns>
    public decimal DepthTo(decimal price)
    {
        var total = 0m;
        for (var i = Count - 1; i >= 0 && (IsBid ? _prices[i] >= price : _prices[i] <= price); i--)
        {
            total += _quantities[i];
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
            var index = Count - 1 - depth;
            destination[depth] = new OrderBookLevel(_prices[index], _quantities[index]);
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

    private long Key(decimal price)
    {
        var ticks = PriceTicks.FromPrice(price);
        return IsBid ? ticks : -ticks;
    }

    private void InsertAt(int index, long key, decimal price, decimal quantity)
    {
        var count = Count;
        if (count == _keys.Length)
        {
            EnsureCapacity(count * 2);
        }

        if (index < count)
        {
            var tail = count - index;
            Array.Copy(_keys, index, _keys, index + 1, tail);
            Array.Copy(_prices, index, _prices, index + 1, tail);
            Array.Copy(_quantities, index, _quantities, index + 1, tail);
        }

        _keys[index] = key;
        _prices[index] = price;
        _quantities[index] = quantity;
        Count = count + 1;
    }

    private void RemoveAt(int index)
    {
        var count = Count - 1;
        if (index < count)
        {
            var tail = count - index;
            Array.Copy(_keys, index + 1, _keys, index, tail);
            Array.Copy(_prices, index + 1, _prices, index, tail);
            Array.Copy(_quantities, index + 1, _quantities, index, tail);
        }

        Count = count;
    }

    private void EnsureCapacity(int capacity)
    {
        if (capacity <= _keys.Length)
        {
            return;
        }

        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _prices, capacity);
        Array.Resize(ref _quantities, capacity);
    }
}
