namespace Genesis.Exchange.Mock;

/// <summary>The account operations of the trading endpoints added in issue 12 part 2 (cancel all, cancel-replace, amend, SOR).</summary>
public sealed partial class MockExchange
{
    /// <summary>
    /// Cancels every open account order on a symbol, oldest first, releasing what each had locked; -2011 when none was
    /// open (Binance's answer to a cancel-all on a symbol without open orders). Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <returns>The canceled orders.</returns>
    internal List<EngineOrder> CancelOpenOrders(MockSymbol s)
    {
        var now = NowMs;
        var canceled = new List<EngineOrder>();
        foreach (var order in s.AccountOrders)
        {
            if (order.IsOpen && Engine.Cancel(order, now))
            {
                canceled.Add(order);
            }
        }

        if (canceled.Count == 0)
        {
            throw new MockApiException(-2011, "Unknown order sent.");
        }

        Publish(now, isStep: false);
        return canceled;
    }

    /// <summary>
    /// Cancels an account order for a cancel-replace: -2011 "Unknown order sent." when missing or not open (as a cancel),
    /// -2011 "Order was not canceled due to cancel restrictions." when its status is not the one
    /// <paramref name="cancelRestrictions"/> allows. Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <param name="orderId">The order id.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancelRestrictions"><c>ONLY_NEW</c>, <c>ONLY_PARTIALLY_FILLED</c> or null.</param>
    /// <returns>The canceled order.</returns>
    internal EngineOrder CancelOrder(MockSymbol s, long? orderId, string? clientOrderId, string? cancelRestrictions)
    {
        var order = FindOrder(s, orderId, clientOrderId, -2011);
        if (order.IsOpen && cancelRestrictions is not null
            && order.Status != (cancelRestrictions == "ONLY_NEW" ? Models.OrderStatus.New : Models.OrderStatus.PartiallyFilled))
        {
            throw new MockApiException(-2011, "Order was not canceled due to cancel restrictions.");
        }

        return CancelOrder(s, orderId, clientOrderId);
    }
}
