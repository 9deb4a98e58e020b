using Genesis.Exchange.Models;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Tests.Models;

public sealed class MarketStateClassifierTests
{
    private static readonly MarketStateOptions Options = new();

    [Theory]
    [InlineData(false, 0.1, 1, 1_000_000, MarketState.Maintenance)]
    [InlineData(true, 3.0, 1, 1_000_000, MarketState.Panic)]
    [InlineData(true, 0.1, 150, 1_000_000, MarketState.Panic)]
    [InlineData(true, 0.7, 1, 1_000_000, MarketState.Volatile)]
    [InlineData(true, 0.1, 25, 1_000_000, MarketState.Volatile)]
    [InlineData(true, 0.01, 1, 10, MarketState.Dead)]
    [InlineData(true, 0.1, 1, 1_000_000, MarketState.Normal)]
    [InlineData(true, 0.01, 1, 1_000_000, MarketState.Normal)]
    public void Classify_ByThresholds(bool trading, decimal atr, decimal spread, decimal volume, MarketState expected)
    {
        Assert.Equal(expected, MarketStateClassifier.Classify(trading, atr, spread, volume, Options).State);
    }

    [Fact]
    public void Atr_ComputedFromTrueRanges()
    {
        var t = DateTimeOffset.UnixEpoch;
        Kline K(decimal h, decimal l, decimal c) => new(t, c, h, l, c, 1, t, 1, 1, 0, 0);
        var klines = new[] { K(101, 99, 100), K(102, 98, 100), K(104, 100, 102) };

        // True ranges: max(4, 2, 2) = 4 and max(4, 4, 0) = 4 → ATR 4, last close 102.
        Assert.Equal(4m / 102m * 100m, MarketStateClassifier.AtrPercent(klines, 14));
    }

    [Fact]
    public void Atr_WithoutData_IsZero()
    {
        Assert.Equal(0m, MarketStateClassifier.AtrPercent([], 14));
    }
}
