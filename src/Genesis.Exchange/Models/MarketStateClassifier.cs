using Genesis.Exchange.Options;

namespace Genesis.Exchange.Models;

/// <summary>Pure classification of a market from its figures (no I/O), so the thresholds are testable.</summary>
internal static class MarketStateClassifier
{
    /// <summary>Average true range over the last <paramref name="periods"/> klines, as a percent of the last close.</summary>
    /// <param name="klines">Klines, oldest first.</param>
    /// <param name="periods">ATR periods.</param>
    /// <returns>ATR in percent (0 without enough data).</returns>
    public static decimal AtrPercent(IReadOnlyList<Kline> klines, int periods)
    {
        ArgumentNullException.ThrowIfNull(klines);
        if (klines.Count < 2 || periods < 1)
        {
            return 0m;
        }

        var start = Math.Max(1, klines.Count - periods);
        decimal sum = 0;
        var count = 0;
        for (var i = start; i < klines.Count; i++)
        {
            var k = klines[i];
            var prevClose = klines[i - 1].Close;
            var tr = Math.Max(k.High - k.Low, Math.Max(Math.Abs(k.High - prevClose), Math.Abs(k.Low - prevClose)));
            sum += tr;
            count++;
        }

        var last = klines[^1].Close;
        return count == 0 || last <= 0 ? 0m : sum / count / last * 100m;
    }

    /// <summary>Classifies a market.</summary>
    /// <param name="symbolTrading">Whether the symbol is TRADING (false gives MAINTENANCE).</param>
    /// <param name="atrPercent">ATR in percent.</param>
    /// <param name="spreadBasisPoints">Spread in basis points.</param>
    /// <param name="quoteVolume24h">24 h quote volume.</param>
    /// <param name="options">Thresholds.</param>
    /// <returns>The state and a reason.</returns>
    public static (MarketState State, string Reason) Classify(bool symbolTrading, decimal atrPercent, decimal spreadBasisPoints, decimal quoteVolume24h, MarketStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!symbolTrading)
        {
            return (MarketState.Maintenance, "symbol or exchange is not trading");
        }

        if (atrPercent >= options.PanicAtrPercent)
        {
            return (MarketState.Panic, $"ATR {atrPercent:0.###}% ≥ panic threshold {options.PanicAtrPercent}%");
        }

        if (spreadBasisPoints >= options.PanicSpreadBasisPoints)
        {
            return (MarketState.Panic, $"spread {spreadBasisPoints:0.##} bps ≥ panic threshold {options.PanicSpreadBasisPoints} bps");
        }

        if (atrPercent >= options.VolatileAtrPercent)
        {
            return (MarketState.Volatile, $"ATR {atrPercent:0.###}% ≥ volatile threshold {options.VolatileAtrPercent}%");
        }

        if (spreadBasisPoints >= options.VolatileSpreadBasisPoints)
        {
            return (MarketState.Volatile, $"spread {spreadBasisPoints:0.##} bps ≥ volatile threshold {options.VolatileSpreadBasisPoints} bps");
        }

        if (atrPercent < options.DeadAtrPercent && quoteVolume24h < options.DeadQuoteVolume)
        {
            return (MarketState.Dead, $"ATR {atrPercent:0.###}% and 24 h volume {quoteVolume24h:0} below the dead thresholds");
        }

        return (MarketState.Normal, "within normal thresholds");
    }
}
