using System.Buffers;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// Collects the price levels of one side of a depth frame in a caller's stack buffer, moving to pooled arrays when a
/// side has more levels than it holds, and hands them out as one exact-size array. Both stream readers (the general one
/// and the fast path) build their level arrays with it, so the two produce the same arrays.
/// </summary>
/// <param name="initial">The first buffer, usually <c>stackalloc OrderBookLevel[32]</c>.</param>
internal ref struct LevelBuilder(Span<OrderBookLevel> initial)
{
    private Span<OrderBookLevel> _levels = initial;
    private OrderBookLevel[]? _rented;
    private int _count;

    /// <summary>Appends a level.</summary>
    /// <param name="level">The level.</param>
    public void Add(OrderBookLevel level)
    {
        if (_count == _levels.Length)
        {
            var bigger = ArrayPool<OrderBookLevel>.Shared.Rent(Math.Max(16, _levels.Length * 2));
            _levels.CopyTo(bigger);
            Return();
            _rented = bigger;
            _levels = bigger;
        }

        _levels[_count++] = level;
    }

    /// <summary>The levels in order, as one exact-size array (the shared empty array when there are none).</summary>
    /// <returns>The levels.</returns>
    public readonly OrderBookLevel[] ToArray() => _count == 0 ? [] : _levels[.._count].ToArray();

    /// <summary>Returns a pooled buffer, if one was taken. Call it in a <c>finally</c> (not through <c>using</c>, which would copy).</summary>
    public void Return()
    {
        if (_rented is not null)
        {
            ArrayPool<OrderBookLevel>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
