using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams.Continuity;

/// <summary>An aggregate trade history scripted per request: fixed ids, failures first, an optional gate; records every request.</summary>
internal sealed class ScriptedAggregateTradeHistory : IAggregateTradeHistorySource
{
    private readonly Lock _lock = new();
    private readonly List<AggregateTrade> _trades = [];

    public List<(string Symbol, long FromId, int Limit)> Requests { get; } = [];

    public int FailuresBeforeSuccess { get; set; }

    /// <summary>When set, every request waits for this task before answering.</summary>
    public Task? Gate { get; set; }

    public void Add(params long[] ids)
    {
        lock (_lock)
        {
            foreach (var id in ids)
            {
                _trades.Add(AggTrades.History(id));
            }
        }
    }

    public async Task<IReadOnlyList<AggregateTrade>> GetAggregateTradesFromIdAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken = default)
    {
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            Requests.Add((symbol, fromId, limit));
            if (FailuresBeforeSuccess > 0)
            {
                FailuresBeforeSuccess--;
                throw new HttpRequestException("aggTrades unavailable");
            }

            // Newest first on purpose: the sequencer must not rely on the order of the answer.
            IReadOnlyList<AggregateTrade> result = [.. _trades.Where(t => t.Id >= fromId).OrderBy(t => t.Id).Take(limit).Reverse()];
            return result;
        }
    }
}

internal static class AggTrades
{
    public static AggregateTrade History(long id) =>
        new(id, 100m + id, 2m, (id * 10) + 1, (id * 10) + 3, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id), true, true);

    public static AggregateTradeUpdate Live(long id, string symbol = "BTCUSDT") =>
        new(symbol, id, 100m + id, 2m, (id * 10) + 1, (id * 10) + 3, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_001 + id), true);
}
