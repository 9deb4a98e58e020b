namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>How a local order book synchronises.</summary>
public sealed class LocalOrderBookOptions
{
    /// <summary>The most levels a snapshot may hold (<c>GET /api/v3/depth</c> limit).</summary>
    public const int MaxSnapshotDepth = 5000;

    /// <summary>
    /// Levels per side of each REST snapshot, 1–5000; default 5000 as Binance's procedure uses (weight 250; 1000 costs
    /// 50, 500 costs 25, 100 costs 5). The book holds the snapshot's levels plus whatever the diff stream adds.
    /// </summary>
    public int SnapshotDepth { get; set; } = MaxSnapshotDepth;

    /// <summary>Diff events buffered while a snapshot is fetched; past it the buffer restarts. Default 10,000.</summary>
    public int MaxBufferedEvents { get; set; } = 10_000;

    /// <summary>Wait before fetching a snapshot again (stale or failed) or subscribing again (lost subscription). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a live book is compared with a fresh REST snapshot of <see cref="SnapshotDepth"/> levels (each costs the
    /// snapshot's weight); null (default) never. A mismatch is counted (<see cref="ILocalOrderBook.CrossCheckMismatches"/>,
    /// metric <c>genesis.exchange.orderbook.cross_check_mismatches</c>) and resynchronises the book.
    /// </summary>
    public TimeSpan? CrossCheckInterval { get; set; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it and its bounds.</exception>
    internal void Validate()
    {
        if (SnapshotDepth is < 1 or > MaxSnapshotDepth)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotDepth), SnapshotDepth, $"{nameof(SnapshotDepth)} must be 1–{MaxSnapshotDepth} (the depth endpoint's limit).");
        }

        if (MaxBufferedEvents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedEvents), MaxBufferedEvents, $"{nameof(MaxBufferedEvents)} must be at least 1.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, $"{nameof(RetryDelay)} must not be negative.");
        }

        if (CrossCheckInterval is { } interval && interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CrossCheckInterval), interval, $"{nameof(CrossCheckInterval)} must be positive, or null for none.");
        }
    }

    /// <summary>A copy, so later changes by the caller do not reach a running book.</summary>
    /// <returns>The copy.</returns>
    internal LocalOrderBookOptions Clone() => (LocalOrderBookOptions)MemberwiseClone();
}
