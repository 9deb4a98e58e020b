using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>
/// A local order book of one symbol, kept in sync with Binance's diff-depth stream by the documented procedure:
/// buffer the events, fetch a REST snapshot, drop the events it already contains, apply the rest with strict
/// <c>U</c> = previous <c>u</c> + 1 continuity, and on any gap discard the book and start over (counted in
/// <see cref="Resyncs"/>). Readers are thread-safe; every read sees one applied event, never half of one.
/// While the state is not <see cref="LocalOrderBookState.Live"/> the book is empty. Dispose to stop it.
/// </summary>
public interface ILocalOrderBook : IAsyncDisposable
{
    /// <summary>The symbol, upper case.</summary>
    string Symbol { get; }

    /// <summary>Where the book stands.</summary>
    LocalOrderBookState State { get; }

    /// <summary>Why the book is <see cref="LocalOrderBookState.Faulted"/>, else null.</summary>
    Exception? Failure { get; }

    /// <summary>The update id the book is at (the snapshot's <c>lastUpdateId</c> or the last applied event's <c>u</c>; 0 when empty).</summary>
    long LastUpdateId { get; }

    /// <summary>The event time of the last applied event (null when empty or right after a snapshot).</summary>
    DateTimeOffset? EventTime { get; }

    /// <summary>The best bid, or null.</summary>
    OrderBookLevel? BestBid { get; }

    /// <summary>The best ask, or null.</summary>
    OrderBookLevel? BestAsk { get; }

    /// <summary>Best ask minus best bid, or null when a side is empty.</summary>
    decimal? Spread { get; }

    /// <summary>The mid price (best bid + best ask) / 2, or null when a side is empty.</summary>
    decimal? MidPrice { get; }

    /// <summary>How many times the book was discarded and resynchronised from a new snapshot (gaps, failed cross-checks, lost subscriptions).</summary>
    long Resyncs { get; }

    /// <summary>Cross-checks against a REST snapshot that found the book different (see <see cref="LocalOrderBookOptions.CrossCheckInterval"/>).</summary>
    long CrossCheckMismatches { get; }

    /// <summary>Cross-checks against a REST snapshot that were compared (at the same update id) and matched.</summary>
    long CrossCheckMatches { get; }

    /// <summary>
    /// Raised after each change (an applied event, a snapshot, a discarded book), on the synchroniser's thread, after its
    /// lock is released: read the book from the handler, return quickly, do not block. A throwing handler is logged and
    /// does not stop the book.
    /// </summary>
    event Action<ILocalOrderBook>? Changed;

    /// <summary>The best bids, best first.</summary>
    /// <param name="levels">The most levels.</param>
    /// <returns>A copy.</returns>
    IReadOnlyList<OrderBookLevel> GetBids(int levels);

    /// <summary>The best asks, best first.</summary>
    /// <param name="levels">The most levels.</param>
    /// <returns>A copy.</returns>
    IReadOnlyList<OrderBookLevel> GetAsks(int levels);

    /// <summary>Copies the best bids into <paramref name="destination"/> without allocating.</summary>
    /// <param name="destination">Where to copy, best first.</param>
    /// <returns>How many levels were copied.</returns>
    int CopyBids(Span<OrderBookLevel> destination);

    /// <summary>Copies the best asks into <paramref name="destination"/> without allocating.</summary>
    /// <param name="destination">Where to copy, best first.</param>
    /// <returns>How many levels were copied.</returns>
    int CopyAsks(Span<OrderBookLevel> destination);

    /// <summary>The total bid quantity at <paramref name="price"/> or above (what a sell down to that price could fill).</summary>
    /// <param name="price">The lowest price.</param>
    /// <returns>The quantity.</returns>
    decimal GetBidDepth(decimal price);

    /// <summary>The total ask quantity at <paramref name="price"/> or below (what a buy up to that price could fill).</summary>
    /// <param name="price">The highest price.</param>
    /// <returns>The quantity.</returns>
    decimal GetAskDepth(decimal price);

    /// <summary>A consistent copy of the book (both sides at one update id).</summary>
    /// <param name="maxLevels">The most levels per side.</param>
    /// <returns>The copy.</returns>
    OrderBook GetSnapshot(int maxLevels = int.MaxValue);

    /// <summary>Completes when the book is <see cref="LocalOrderBookState.Live"/> (at once if it is).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when live.</returns>
    /// <exception cref="ObjectDisposedException">The book was stopped before it was live.</exception>
    /// <exception cref="Errors.ExchangeException">The book faulted (e.g. the stream was refused).</exception>
    Task WaitUntilLiveAsync(CancellationToken cancellationToken = default);
}
