using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>Order amend keep priority: reduce an open order's quantity in place.</summary>
internal sealed partial class MatchingEngine
{
    /// <summary>
    /// Reduces an open order's quantity without moving it in its price level's queue, and releases the funds it no longer
    /// needs. When nothing is left to trade (the new quantity is not above the executed one) the order leaves the book
    /// as EXPIRED. False (and nothing changed) when the order is not open or the quantity is not a reduction.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="newQuantity">The new quantity, more than 0 and less than the order's quantity.</param>
    /// <param name="time">The time (ms).</param>
    /// <returns>Whether the order was amended.</returns>
    public bool ReduceQuantity(EngineOrder order, decimal newQuantity, long time)
    {
        if (!order.IsOpen || newQuantity <= 0m || newQuantity >= order.Quantity)
        {
            return false;
        }

        if (newQuantity <= order.Executed)
        {
            Cancel(order, time);
            order.Quantity = newQuantity;
            order.Status = OrderStatus.Expired;
            return true;
        }

        var reduction = order.Quantity - newQuantity;
        order.Quantity = newQuantity;
        order.UpdateTime = time;
        var book = order.Book;
        var isBid = order.Side == OrderSide.Buy;
        if (order.Level is { } level)
        {
            level.Total -= reduction;
            book.Touch(isBid, order.Price);
        }

        var release = isBid ? reduction * (order.HasLimitPrice ? order.Price : order.StopPrice) : reduction;
        release = Math.Min(release, order.Locked);
        if (release > 0m)
        {
            Ledger.Unlock(order.Owner, isBid ? book.QuoteAsset : book.BaseAsset, release);
            order.Locked -= release;
        }

        return true;
    }
}
