namespace Genesis.Exchange.Models;

/// <summary>
/// One frame of the <c>!miniTicker@arr</c> stream: the mini tickers of the symbols that changed (a latest-value stream,
/// every second). An element that cannot be trusted is left out and counted in <see cref="SkippedCount"/>; the others
/// are delivered.
/// </summary>
/// <param name="Tickers">The mini tickers, in the frame's order.</param>
/// <param name="SkippedCount">Elements left out because they were malformed.</param>
public sealed record MiniTickerBatch(IReadOnlyList<MiniTickerUpdate> Tickers, int SkippedCount);
