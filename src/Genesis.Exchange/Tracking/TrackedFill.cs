namespace Genesis.Exchange.Tracking;

/// <summary>One fill (trade) of a tracked order, from an <c>executionReport</c>, an order response or <c>myTrades</c>.</summary>
/// <param name="TradeId">The exchange's trade id (unique per symbol); fills are de-duplicated by it.</param>
/// <param name="Price">The fill price.</param>
/// <param name="Quantity">The fill quantity (base asset).</param>
/// <param name="QuoteQuantity">The quote quantity of the fill (price × quantity).</param>
/// <param name="Commission">The commission charged for the fill.</param>
/// <param name="CommissionAsset">The asset the commission was charged in; null when there was none.</param>
/// <param name="Time">When the fill happened; null when the source did not say.</param>
/// <param name="IsMaker">Whether the order was the maker side of the trade.</param>
public sealed record TrackedFill(long TradeId, decimal Price, decimal Quantity, decimal QuoteQuantity, decimal Commission, string? CommissionAsset, DateTimeOffset? Time, bool IsMaker);
