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
}
