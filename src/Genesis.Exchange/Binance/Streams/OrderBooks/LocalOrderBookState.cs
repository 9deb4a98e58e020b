namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>Where a local order book stands.</summary>
public enum LocalOrderBookState
{
    /// <summary>Not known (never returned by the library; the default value).</summary>
    Unknown = 0,

    /// <summary>Buffering diff events and fetching the first snapshot; the book is empty.</summary>
    Synchronizing,

    /// <summary>In sync: every event since the snapshot has been applied in order.</summary>
    Live,

    /// <summary>A gap (or a failed cross-check, or a lost subscription) discarded the book; a new snapshot is being fetched.</summary>
    Resynchronizing,

    /// <summary>Disposed, or the stream client was disposed; the book no longer changes.</summary>
    Stopped,

    /// <summary>The exchange refused the diff-depth stream (e.g. an unknown symbol); see <see cref="ILocalOrderBook.Failure"/>.</summary>
    Faulted,
}
