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

    private readonly Dictionary<long, List<MockAmendment>> _amendments = [];
    private long _nextExecutionId = 1;
    private long _nextAmendClientOrderId = 1;

    /// <summary>
    /// Amends an open account order in place (order amend keep priority): -2013 when missing or no longer open, -2038
    /// when <paramref name="newQuantity"/> is not a reduction; the order keeps its place in the queue and takes the new
    /// client order id (generated when null). Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <param name="orderId">The order id.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="newClientOrderId">The client order id after the amendment, or null.</param>
    /// <param name="newQuantity">The new quantity.</param>
    /// <returns>The order and the amendment.</returns>
    internal (EngineOrder Order, MockAmendment Amendment) AmendOrder(MockSymbol s, long? orderId, string? clientOrderId, string? newClientOrderId, decimal newQuantity)
    {
        var order = FindOrder(s, orderId, clientOrderId, -2013);
        if (!order.IsOpen)
        {
            throw new MockApiException(-2013, "Order does not exist.");
        }

        if (newQuantity > order.Quantity)
        {
            throw new MockApiException(-2038, "Order amend (quantity increase) is not supported.");
        }

        var now = NowMs;
        var previousQuantity = order.Quantity;
        if (!Engine.ReduceQuantity(order, newQuantity, now))
        {
            throw new MockApiException(-2038, "The requested action would change no state; rejecting");
        }

        var previousId = order.ClientOrderId;
        var newId = newClientOrderId ?? "mockamend" + (_nextAmendClientOrderId++).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
        if (s.ByClientOrderId.TryGetValue(previousId, out var mapped) && ReferenceEquals(mapped, order))
        {
            s.ByClientOrderId.Remove(previousId);
        }

        order.ClientOrderId = newId;
        s.ByClientOrderId[newId] = order;
        var amendment = new MockAmendment(order.Id, _nextExecutionId++, previousId, newId, previousQuantity, newQuantity, now);
        if (!_amendments.TryGetValue(order.Id, out var list))
        {
            _amendments[order.Id] = list = [];
        }

        list.Add(amendment);
        Publish(now, isStep: false);
        return (order, amendment);
    }

    private readonly Dictionary<string, List<MockAllocation>> _allocations = new(StringComparer.OrdinalIgnoreCase);
    private long _nextAllocationId;

    /// <summary>
    /// Records the allocations of a SOR order's fills (one per fill, the account's single venue is the mock's own book)
    /// and returns the id of the first. Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <param name="order">The SOR order.</param>
    /// <param name="fills">Its fills.</param>
    /// <returns>The first allocation id (the next ones follow).</returns>
    internal long AddAllocations(MockSymbol s, EngineOrder order, EngineFill[] fills)
    {
        var first = _nextAllocationId;
        if (!_allocations.TryGetValue(s.Rules.Symbol, out var list))
        {
            _allocations[s.Rules.Symbol] = list = [];
        }

        foreach (var f in fills)
        {
            list.Add(new MockAllocation(_nextAllocationId++, order.Id, f.Price, f.Quantity, f.Price * f.Quantity, f.Commission, f.CommissionAsset, order.UpdateTime, order.Side == Models.OrderSide.Buy));
        }

        return first;
    }

    /// <summary>The SOR allocations of a symbol, oldest first. Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <returns>The allocations.</returns>
    internal IReadOnlyList<MockAllocation> GetAllocations(MockSymbol s) => _allocations.GetValueOrDefault(s.Rules.Symbol) ?? [];

    /// <summary>The amendments of an account order, oldest first (empty when none). Caller holds the lock.</summary>
    /// <param name="orderId">The order id.</param>
    /// <returns>The amendments.</returns>
    internal IReadOnlyList<MockAmendment> GetAmendments(long orderId) => _amendments.GetValueOrDefault(orderId) ?? [];
}

/// <summary>One amendment of an account order, as <c>GET /api/v3/order/amendments</c> reports it.</summary>
/// <param name="OrderId">The order id.</param>
/// <param name="ExecutionId">The execution id.</param>
/// <param name="OrigClientOrderId">The client order id before.</param>
/// <param name="NewClientOrderId">The client order id after.</param>
/// <param name="OriginalQuantity">The quantity before.</param>
/// <param name="NewQuantity">The quantity after.</param>
/// <param name="Time">When (ms).</param>
internal sealed record MockAmendment(long OrderId, long ExecutionId, string OrigClientOrderId, string NewClientOrderId, decimal OriginalQuantity, decimal NewQuantity, long Time);

/// <summary>One allocation of a SOR order's fill, as <c>GET /api/v3/myAllocations</c> reports it.</summary>
/// <param name="Id">The allocation id.</param>
/// <param name="OrderId">The order id.</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The base quantity.</param>
/// <param name="QuoteQuantity">The quote quantity.</param>
/// <param name="Commission">The commission.</param>
/// <param name="CommissionAsset">The commission asset index in the ledger.</param>
/// <param name="Time">When (ms).</param>
/// <param name="IsBuyer">Whether the account bought.</param>
internal sealed record MockAllocation(long Id, long OrderId, decimal Price, decimal Quantity, decimal QuoteQuantity, decimal Commission, int CommissionAsset, long Time, bool IsBuyer);
