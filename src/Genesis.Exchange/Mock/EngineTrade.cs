namespace Genesis.Exchange.Mock;

/// <summary>One trade as the engine records it (kept in a ring buffer per book).</summary>
/// <param name="Id">Trade id, strictly increasing per symbol.</param>
/// <param name="Price">Price.</param>
/// <param name="Quantity">Base quantity.</param>
/// <param name="Time">Time (ms).</param>
/// <param name="IsBuyerMaker">Whether the buyer was the resting order.</param>
/// <param name="BuyerOrderId">Buyer's order id.</param>
/// <param name="SellerOrderId">Seller's order id.</param>
internal readonly record struct EngineTrade(long Id, decimal Price, decimal Quantity, long Time, bool IsBuyerMaker, long BuyerOrderId, long SellerOrderId);

/// <summary>One fill of the order being placed, for the FULL response.</summary>
/// <param name="Price">Price.</param>
/// <param name="Quantity">Quantity.</param>
/// <param name="Commission">Commission the taker paid.</param>
/// <param name="CommissionAsset">Asset index of the commission.</param>
/// <param name="TradeId">Trade id.</param>
internal readonly record struct EngineFill(decimal Price, decimal Quantity, decimal Commission, int CommissionAsset, long TradeId);

/// <summary>One trade of the account (myTrades).</summary>
/// <param name="Id">Trade id.</param>
/// <param name="OrderId">The account's order id.</param>
/// <param name="Price">Price.</param>
/// <param name="Quantity">Quantity.</param>
/// <param name="QuoteQuantity">Quote quantity.</param>
/// <param name="Commission">Commission.</param>
/// <param name="CommissionAsset">Asset index of the commission.</param>
/// <param name="Time">Time (ms).</param>
/// <param name="IsBuyer">Whether the account bought.</param>
/// <param name="IsMaker">Whether the account's order was resting.</param>
internal readonly record struct EngineAccountTrade(long Id, long OrderId, decimal Price, decimal Quantity, decimal QuoteQuantity, decimal Commission, int CommissionAsset, long Time, bool IsBuyer, bool IsMaker);

/// <summary>What a placement did.</summary>
internal enum PlaceOutcome
{
    /// <summary>The order was accepted (it may have filled, rested or expired).</summary>
    Accepted = 0,
    /// <summary>-2010 Account has insufficient balance for requested action.</summary>
    InsufficientBalance,
    /// <summary>-2010 Order would immediately match and take (LIMIT_MAKER).</summary>
    WouldMatchAndTake,
    /// <summary>-2010 Order would trigger immediately (stop orders).</summary>
    WouldTriggerImmediately,
}
