using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams;

public sealed class LevelBuilderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Levels_ComeOutInOrder_InOneExactSizeArray_PastTheStackBuffer(int count)
    {
        var expected = Enumerable.Range(1, count).Select(i => new OrderBookLevel(i, i * 0.5m)).ToArray();
        var builder = new LevelBuilder(stackalloc OrderBookLevel[4]);
        OrderBookLevel[] levels;
        try
        {
            foreach (var level in expected)
            {
                builder.Add(level);
            }

            levels = builder.ToArray();
        }
        finally
        {
            builder.Return();
        }

        Assert.Equal(expected, levels);
        Assert.Equal(count, levels.Length);
    }
}
