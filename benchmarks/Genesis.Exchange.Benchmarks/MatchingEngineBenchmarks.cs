using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// Orders per second of the mock's matching engine on one core. Each invocation builds a fresh engine with a
/// 20-level book and runs <see cref="Operations"/> pre-generated operations: 45 % resting limits, 20 % crossing
/// limits, 10 % market orders, 25 % cancels (by both owners). Throughput = 1 / mean (mean is per operation).
/// </summary>
[MemoryDiagnoser]
public class MatchingEngineBenchmarks
{
    /// <summary>Operations per invocation.</summary>
    public const int Operations = 100_000;

    private const decimal Mid = 100.00m;
    private const decimal Tick = 0.01m;

    private Op[] _ops = [];

    private enum Kind
    {
        Rest,
        Cross,
        Market,
        Cancel,
    }

    private readonly record struct Op(Kind Kind, int Owner, OrderSide Side, decimal Price, decimal Quantity, int CancelSlot);

    /// <summary>Generates the operations (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _ops = new Op[Operations];
        for (var i = 0; i < Operations; i++)
        {
            var roll = random.Next(100);
            var kind = roll < 45 ? Kind.Rest : roll < 65 ? Kind.Cross : roll < 75 ? Kind.Market : Kind.Cancel;
            var side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
            var sign = side == OrderSide.Buy ? -1 : 1;
            var price = kind switch
            {
                Kind.Rest => Mid + (sign * Tick * random.Next(1, 21)),
                Kind.Cross => Mid - (sign * Tick * random.Next(1, 4)),
                _ => 0m,
            };
            _ops[i] = new Op(kind, random.Next(2), side, price, random.Next(1, 50) * 0.001m, random.Next(1024));
        }
    }

    /// <summary>The mixed flow without depth-change tracking (the engine alone).</summary>
    /// <returns>The last trade id (keeps the work observable).</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long MixedFlow() => Run(trackChanges: false);

    /// <summary>The same flow with the dirty-level tracking the depth stream needs.</summary>
    /// <returns>The last trade id.</returns>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long MixedFlowWithDepthTracking() => Run(trackChanges: true);

    private long Run(bool trackChanges)
    {
        var engine = new MatchingEngine(0.001m, 0.001m) { KeepHistory = false };
        var book = engine.AddSymbol("BTCUSDT", "BTC", "USDT", 0.001m);
        book.TrackChanges = trackChanges;
        for (var owner = 0; owner < 2; owner++)
        {
            engine.Ledger.Deposit(owner, "BTC", 1_000_000_000m);
            engine.Ledger.Deposit(owner, "USDT", 1_000_000_000_000m);
        }

        for (var i = 1; i <= 20; i++)
        {
            engine.Place(book, new OrderSpec(1, OrderSide.Buy, OrderType.Limit, TimeInForce.Gtc, Mid - (i * Tick), 0m, 1m, 0m, "mm"), 0, out _);
            engine.Place(book, new OrderSpec(1, OrderSide.Sell, OrderType.Limit, TimeInForce.Gtc, Mid + (i * Tick), 0m, 1m, 0m, "mm"), 0, out _);
        }

        var resting = new EngineOrder?[1024];
        var next = 0;
        var ops = _ops;
        for (var i = 0; i < ops.Length; i++)
        {
            ref readonly var op = ref ops[i];
            switch (op.Kind)
            {
                case Kind.Cancel:
                    if (resting[op.CancelSlot] is { } victim)
                    {
                        engine.Cancel(victim, i);
                        resting[op.CancelSlot] = null;
                    }

                    break;
                case Kind.Market:
                    engine.Place(book, new OrderSpec(op.Owner, op.Side, OrderType.Market, TimeInForce.Gtc, 0m, 0m, op.Quantity, 0m, "b"), i, out _);
                    break;
                default:
                    engine.Place(book, new OrderSpec(op.Owner, op.Side, OrderType.Limit, TimeInForce.Gtc, op.Price, 0m, op.Quantity, 0m, "b"), i, out var order);
                    if (order is { IsOpen: true })
                    {
                        resting[next] = order;
                        next = (next + 1) & 1023;
                    }

                    break;
            }
        }

        return book.LastTradeId;
    }
}
