using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// Applying one 10+10 diff-depth event to a local order book of 1,000 levels per side (issue 13 target: &lt; 1 µs, 0 B).
/// Two prepared events alternate so the book stays the same size: per side, A updates 4 levels, inserts 3 new prices
/// and removes 3 levels among the top 50; B undoes A. Each benchmark applies A then B (two operations per invoke).
/// The baseline applies the same events to a pair of <see cref="SortedDictionary{TKey,TValue}"/>s, the structure the
/// issue rules out.
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmarks
{
    private const int Levels = 1_000;
    private const decimal Tick = 0.01m;
    private const decimal BestBid = 10_000.00m;
    private const decimal BestAsk = 10_000.01m;

    private readonly OrderBookCore _book = new();
    private readonly SortedDictionary<decimal, decimal> _bids = new(Comparer<decimal>.Create(static (a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, decimal> _asks = new();
    private DepthUpdate _a = null!;
    private DepthUpdate _b = null!;

    /// <summary>Builds the book and the two events.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var bids = new OrderBookLevel[Levels];
        var asks = new OrderBookLevel[Levels];
        for (var i = 0; i < Levels; i++)
        {
            bids[i] = new OrderBookLevel(BestBid - (i * Tick), Quantity(i));
            asks[i] = new OrderBookLevel(BestAsk + (i * Tick), Quantity(i));
            _bids[bids[i].Price] = bids[i].Quantity;
            _asks[asks[i].Price] = asks[i].Quantity;
        }

        _book.Load(new OrderBook("BTCUSDT", 1, bids, asks));
        _a = new DepthUpdate("BTCUSDT", 2, 2, Changes(BestBid, -Tick, undo: false), Changes(BestAsk, Tick, undo: false), DateTimeOffset.UnixEpoch);
        _b = new DepthUpdate("BTCUSDT", 3, 3, Changes(BestBid, -Tick, undo: true), Changes(BestAsk, Tick, undo: true), DateTimeOffset.UnixEpoch);
    }

    /// <summary>The same two events on two sorted dictionaries.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public int SortedDictionaryApply()
    {
        ApplyTo(_bids, _a.Bids);
        ApplyTo(_asks, _a.Asks);
        ApplyTo(_bids, _b.Bids);
        ApplyTo(_asks, _b.Asks);
        return _bids.Count + _asks.Count;
    }

    /// <summary>The local order book's apply: binary search over integer ticks in sorted arrays.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public long ApplyDiff()
    {
        _book.Apply(_a);
        _book.Apply(_b);
        return _book.LastUpdateId;
    }

    private static decimal Quantity(int depth) => 0.5m + (depth % 7 * 0.125m);

    /// <summary>4 updates, 3 inserts (half-tick prices) and 3 removals among the top 50 levels; <paramref name="undo"/> restores them.</summary>
    private static OrderBookLevel[] Changes(decimal best, decimal step, bool undo)
    {
        var changes = new List<OrderBookLevel>(10);
        foreach (var depth in (int[])[0, 5, 12, 30])
        {
            changes.Add(new OrderBookLevel(best + (depth * step), undo ? Quantity(depth) : Quantity(depth) + 1m));
        }

        foreach (var depth in (int[])[2, 9, 40])
        {
            changes.Add(new OrderBookLevel(best + (depth * step) + (step / 2m), undo ? 0m : 3m));
        }

        foreach (var depth in (int[])[3, 17, 45])
        {
            changes.Add(new OrderBookLevel(best + (depth * step), undo ? Quantity(depth) : 0m));
        }

        return [.. changes];
    }

    private static void ApplyTo(SortedDictionary<decimal, decimal> side, IReadOnlyList<OrderBookLevel> changes)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
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
