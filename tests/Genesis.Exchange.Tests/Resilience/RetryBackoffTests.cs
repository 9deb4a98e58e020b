using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;

namespace Genesis.Exchange.Tests.Resilience;

public sealed class RetryBackoffTests
{
    [Fact]
    public void GetDelay_DoublesFromBaseAndCapsAtMax_WithoutJitter()
    {
        var options = new RetryOptions { UseJitter = false };

        var delays = Enumerable.Range(1, 7).Select(retry => RetryBackoff.GetDelay(retry, options, new Random(1)).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
    }

    [Fact]
    public void GetDelay_IgnoresRandom_WhenJitterOff()
    {
        var options = new RetryOptions { UseJitter = false };

        Assert.Equal(TimeSpan.FromSeconds(4), RetryBackoff.GetDelay(3, options, new Random(42)));
    }

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(3, 2, 4)]
    [InlineData(6, 15, 30)]
    [InlineData(40, 15, 30)]
    public void GetDelay_StaysBetweenHalfAndFullCappedDelay_WithJitter(int retry, double minSeconds, double maxSeconds)
    {
        var options = new RetryOptions { UseJitter = true };
        var random = new Random(7);
        var seen = new HashSet<TimeSpan>();

        for (var i = 0; i < 1000; i++)
        {
            var delay = RetryBackoff.GetDelay(retry, options, random);
            Assert.InRange(delay.TotalSeconds, minSeconds, maxSeconds);
            seen.Add(delay);
        }

        Assert.True(seen.Count > 100, "jitter should spread the delays");
    }

    [Fact]
    public void GetDelay_IsReproducible_ForTheSameSeed()
    {
        var options = new RetryOptions { UseJitter = true };

        Assert.Equal(RetryBackoff.GetDelay(4, options, new Random(99)), RetryBackoff.GetDelay(4, options, new Random(99)));
    }

    [Fact]
    public void GetDelay_HugeRetryNumber_DoesNotOverflow()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryBackoff.GetDelay(int.MaxValue, new RetryOptions { UseJitter = false }, null));
    }

    [Fact]
    public void GetDelay_RejectsRetryBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.GetDelay(0, new RetryOptions(), null));
    }
}
