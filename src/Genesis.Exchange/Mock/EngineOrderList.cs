using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// An order list inside the matching engine (OCO, OTO, OTOCO): its orders, and the funds locked once for the whole list
/// that no order holds yet. Mutable on purpose, like <see cref="EngineOrder"/>; the engine updates it in place.
/// </summary>
internal sealed class EngineOrderList
{
    /// <summary>The exchange's list id.</summary>
    public long Id;

    /// <summary>The list client id.</summary>
    public string ListClientOrderId = string.Empty;

    /// <summary>The kind of list.</summary>
    public ContingencyType ContingencyType;

    /// <summary>The book the list trades on.</summary>
    public LimitOrderBook Book = null!;

    /// <summary>The owner.</summary>
    public int Owner;

    /// <summary>The id of an OTO's working order (0 for an OCO).</summary>
    public long WorkingOrderId;

    /// <summary>Whether the pending orders sell what the working order received (OPO, OPOCO); they have no quantity until then.</summary>
    public bool PaysOther;

    /// <summary>The list's orders, in id order.</summary>
    public List<EngineOrder> Orders = [];

    /// <summary>Funds locked for the list that no order holds (released when an order executes or the list ends).</summary>
    public decimal Locked;

    /// <summary>The ledger asset <see cref="Locked"/> is in (the spend asset of the orders that will use it).</summary>
    public int LockedAsset;

    /// <summary>When the list was placed (ms).</summary>
    public long Time;

    /// <summary>When the list last changed (ms).</summary>
    public long UpdateTime;

    /// <summary>Whether no order of the list can trade any more.</summary>
    public bool IsDone => Orders.TrueForAll(static o => !o.IsOpen && o.Status != OrderStatus.PendingNew);
}
