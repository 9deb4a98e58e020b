namespace Genesis.Exchange.Mock;

/// <summary>
/// One side of a book: price levels in an array sorted by ascending key with the best level last, so the
/// levels that change most (near the top) are cheap to insert and remove. Levels are pooled.
/// </summary>
internal sealed class BookSide
{
    private readonly Stack<PriceLevel> _pool = new();
    private PriceLevel[] _levels = new PriceLevel[64];

    /// <summary>Creates a side.</summary>
    /// <param name="isBid">True for bids (higher price is better).</param>
    public BookSide(bool isBid) => IsBid = isBid;

    /// <summary>Whether this is the bid side.</summary>
    public bool IsBid { get; }

    /// <summary>Number of levels.</summary>
    public int Count { get; private set; }

    /// <summary>The best level, or null when empty.</summary>
    public PriceLevel? Best => Count > 0 ? _levels[Count - 1] : null;

    /// <summary>The level at a depth (0 = best).</summary>
    /// <param name="depth">The depth.</param>
    /// <returns>The level.</returns>
    public PriceLevel At(int depth) => _levels[Count - 1 - depth];

    /// <summary>The level at a price, or null.</summary>
    /// <param name="price">The price.</param>
    /// <returns>The level or null.</returns>
    public PriceLevel? Find(decimal price)
    {
        var index = Search(IsBid ? price : -price);
        return index >= 0 ? _levels[index] : null;
    }

    /// <summary>The level at a price, created when missing.</summary>
    /// <param name="price">The price.</param>
    /// <returns>The level.</returns>
    public PriceLevel GetOrAdd(decimal price)
    {
        var key = IsBid ? price : -price;
        var index = Search(key);
        if (index >= 0)
        {
            return _levels[index];
        }

        index = ~index;
        if (Count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        if (index < Count)
        {
            Array.Copy(_levels, index, _levels, index + 1, Count - index);
        }

        var level = _pool.Count > 0 ? _pool.Pop() : new PriceLevel();
        level.Reset(price, key);
        _levels[index] = level;
        Count++;
        return level;
    }

    /// <summary>Removes an empty level and returns it to the pool.</summary>
    /// <param name="level">The level.</param>
    public void Remove(PriceLevel level)
    {
        int index;
        if (Count > 0 && ReferenceEquals(_levels[Count - 1], level))
        {
            index = Count - 1;
        }
        else
        {
            index = Search(level.Key);
            if (index < 0)
            {
                return;
            }
        }

        Count--;
        if (index < Count)
        {
            Array.Copy(_levels, index + 1, _levels, index, Count - index);
        }

        _levels[Count] = null!;
        _pool.Push(level);
    }

    private int Search(decimal key)
    {
        // Most lookups are near the best level (the end), so check it first.
        if (Count > 0)
        {
            var last = _levels[Count - 1].Key;
            if (key == last)
            {
                return Count - 1;
            }

            if (key > last)
            {
                return ~Count;
            }
        }

        var lo = 0;
        var hi = Count - 2;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var k = _levels[mid].Key;
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
}
