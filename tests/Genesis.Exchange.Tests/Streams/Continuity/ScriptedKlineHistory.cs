using Genesis.Exchange.Binance.Streams.Continuity;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams.Continuity;

/// <summary>A kline history with a fixed set of candles, scripted failures and an optional gate; records every request.</summary>
internal sealed class ScriptedKlineHistory : IKlineHistorySource
{
    private readonly Lock _lock = new();
    private readonly List<Kline> _klines = [];

    public List<(string Symbol, KlineInterval Interval, DateTimeOffset Start, DateTimeOffset End, TimeSpan? TimeZone, int Limit)> Requests { get; } = [];

    public int FailuresBeforeSuccess { get; set; }

    /// <summary>When set, every request waits for this task before answering.</summary>
    public Task? Gate { get; set; }

    public void Add(IEnumerable<Kline> klines)
    {
        lock (_lock)
        {
            _klines.AddRange(klines);
        }
    }

    public async Task<IReadOnlyList<Kline>> GetKlinesAsync(
        string symbol, KlineInterval interval, DateTimeOffset startTime, DateTimeOffset endTime, TimeSpan? timeZone, int limit, CancellationToken cancellationToken = default)
    {
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            Requests.Add((symbol, interval, startTime, endTime, timeZone, limit));
            if (FailuresBeforeSuccess > 0)
            {
                FailuresBeforeSuccess--;
                throw new HttpRequestException("klines unavailable");
            }

            IReadOnlyList<Kline> result = [.. _klines.Where(k => k.OpenTime >= startTime && k.OpenTime <= endTime).OrderBy(k => k.OpenTime).Take(limit)];
            return result;
        }
    }
}

/// <summary>One-minute candles from <see cref="Start"/>: candle n opens at Start + n minutes.</summary>
internal static class Candles
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Kline Rest(int n, KlineInterval interval = KlineInterval.OneMinute)
    {
        var length = interval == KlineInterval.OneSecond ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
        var open = Start + (length * n);
        return new Kline(open, 100m + n, 101m + n, 99m + n, 100.5m + n, 10m, open + length - TimeSpan.FromMilliseconds(1), 1000m, 5, 4m, 400m);
    }

    public static IEnumerable<Kline> Rest(int from, int to) => Enumerable.Range(from, to - from + 1).Select(n => Rest(n));

    /// <summary>A live update of candle <paramref name="n"/> sent <paramref name="secondsIn"/> seconds after it opened.</summary>
    public static KlineUpdate Live(int n, int secondsIn, bool closed = false) =>
        new("BTCUSDT", KlineInterval.OneMinute, Rest(n) with { Close = 100m + n + (secondsIn / 100m) }, closed, Rest(n).OpenTime.AddSeconds(secondsIn));
}
