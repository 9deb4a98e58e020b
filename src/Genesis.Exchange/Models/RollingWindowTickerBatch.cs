namespace Genesis.Exchange.Models;

/// <summary>
/// One frame of the <c>!ticker_&lt;window&gt;@arr</c> stream: the rolling-window statistics of the symbols that changed
/// (a latest-value stream, every second). An element that cannot be trusted is left out and counted in
/// <see cref="SkippedCount"/>; the others are delivered.
/// </summary>
/// <param name="Window">The window of every element.</param>
/// <param name="Tickers">The statistics, in the frame's order.</param>
/// <param name="SkippedCount">Elements left out because they were malformed (or of another window).</param>
public sealed record RollingWindowTickerBatch(RollingWindow Window, IReadOnlyList<RollingWindowTickerUpdate> Tickers, int SkippedCount);
