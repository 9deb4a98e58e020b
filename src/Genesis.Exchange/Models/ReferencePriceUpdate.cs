namespace Genesis.Exchange.Models;

/// <summary>The reference price from the <c>&lt;symbol&gt;@referencePrice</c> stream (a latest-value stream, every second).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="ReferencePrice">The reference price (<c>r</c>); null when the symbol has none.</param>
/// <param name="Time">The engine time at which the reference price was valid (<c>t</c>).</param>
public sealed record ReferencePriceUpdate(string Symbol, decimal? ReferencePrice, DateTimeOffset Time);
