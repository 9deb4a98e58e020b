using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Tests.Streams.OrderBooks.OrderBookTestData;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

public sealed class OrderBookCoreTests
{
    private static OrderBookCore Loaded()
    {
        var book = new OrderBookCore();
        book.Load(Snapshot(100, bids: [(99m, 1m), (98m, 2m), (97m, 3m)], asks: [(101m, 1m), (102m, 2m), (103m, 3m)]));
        return book;
    }

    [Fact]
    public void Load_KeepsBestFirst_WhateverTheSnapshotOrder()
    {
        var book = new OrderBookCore();

        book.Load(Snapshot(7, bids: [(97m, 3m), (99m, 1m), (98m, 2m)], asks: [(103m, 3m), (101m, 1m)]));

        Assert.Equal([new(99m, 1m), new(98m, 2m), new(97m, 3m)], book.Bids.ToArray(10));
        Assert.Equal([new(101m, 1m), new(103m, 3m)], book.Asks.ToArray(10));
        Assert.Equal(7, book.LastUpdateId);
    }

    [Fact]
    public void Apply_InsertsUpdatesAndRemovesLevels_AndTakesTheFinalUpdateId()
    {
        var book = Loaded();

        book.Apply(Diff(101, 105, bids: [(99.5m, 4m), (98m, 0m), (97m, 7m)], asks: [(101m, 0m), (104m, 1m)]));

        Assert.Equal([new(99.5m, 4m), new(99m, 1m), new(97m, 7m)], book.Bids.ToArray(10));
        Assert.Equal([new(102m, 2m), new(103m, 3m), new(104m, 1m)], book.Asks.ToArray(10));
        Assert.Equal(105, book.LastUpdateId);
        Assert.Equal(Time.AddMilliseconds(105), book.EventTime);
    }

    [Fact]
    public void Apply_IgnoresRemovalOfALevelItDoesNotHold()
    {
        var book = Loaded();

        book.Apply(Diff(101, 101, bids: [(50m, 0m)], asks: [(500m, 0m)]));

        Assert.Equal(3, book.Bids.Count);
        Assert.Equal(3, book.Asks.Count);
    }

    [Fact]
    public void Apply_NeverKeepsAZeroQuantityLevel()
    {
        var book = Loaded();

        book.Apply(Diff(101, 102, bids: [(99m, 0m), (98m, 0m), (97m, 0m)], asks: [(101m, 0m)]));

        Assert.Equal(0, book.Bids.Count);
        Assert.DoesNotContain(book.Asks.ToArray(10), l => l.Quantity == 0m);
    }

    [Fact]
    public void DepthTo_SumsLevelsAtOrBetterThanThePrice()
    {
        var book = Loaded();

        Assert.Equal(3m, book.Bids.DepthTo(98m));
        Assert.Equal(6m, book.Bids.DepthTo(0m));
        Assert.Equal(0m, book.Bids.DepthTo(99.5m));
        Assert.Equal(3m, book.Asks.DepthTo(102.5m));
        Assert.Equal(0m, book.Asks.DepthTo(100m));
    }

    [Fact]
    public void CopyTo_FillsOnlyWhatFits_BestFirst()
    {
        var book = Loaded();
        Span<OrderBookLevel> two = stackalloc OrderBookLevel[2];

        var copied = book.Asks.CopyTo(two);

        Assert.Equal(2, copied);
        Assert.Equal(new OrderBookLevel(101m, 1m), two[0]);
        Assert.Equal(new OrderBookLevel(102m, 2m), two[1]);
    }

    [Fact]
    public void Matches_IsFalse_WhenTheBookHoldsMoreLevelsThanAWholeSideSnapshot()
    {
        var book = Loaded();

        Assert.True(book.Matches(Snapshot(100, bids: [(99m, 1m), (98m, 2m)], asks: [(101m, 1m), (102m, 2m)]), requestedLevels: 2));
        Assert.False(book.Matches(Snapshot(100, bids: [(99m, 1m), (98m, 2m)], asks: [(101m, 1m), (102m, 2m)]), requestedLevels: 5));
        Assert.False(book.Matches(Snapshot(100, bids: [(99m, 1m), (98m, 2.5m)], asks: [(101m, 1m), (102m, 2m)]), requestedLevels: 2));
    }

    [Fact]
    public void Apply_GrowsPastTheInitialCapacity_KeepingOrder()
    {
        var book = new OrderBookCore();
        var bids = Enumerable.Range(1, 3000).Select(i => new OrderBookLevel(i * 0.01m, i)).ToArray();

        book.Apply(new DepthUpdate(Symbol, 1, 1, bids, [], Time));

        Assert.Equal(3000, book.Bids.Count);
        Assert.Equal(new OrderBookLevel(30m, 3000m), book.Bids.At(0));
        Assert.Equal(new OrderBookLevel(0.01m, 1m), book.Bids.At(2999));
    }
}
