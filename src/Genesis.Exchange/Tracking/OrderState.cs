using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tracking;

/// <summary>The tracker's mutable state of one order (guarded by the tracker's lock); <see cref="ToTracked"/> snapshots it.</summary>
internal sealed class OrderState(string clientOrderId, string symbol)
{
    private readonly SortedDictionary<long, TrackedFill> _fills = [];
    private readonly Dictionary<string, decimal> _commissions = new(StringComparer.Ordinal);
    private readonly HashSet<(long ExecutionId, ExecutionType Type)> _executions = [];
    private TrackedOrder? _snapshot;

    public string ClientOrderId { get; } = clientOrderId;

    public string Symbol { get; } = symbol;

    public long? ExchangeOrderId { get; set; }

    /// <summary>Client order ids the order took later (an amend's new client order id).</summary>
    public List<string> Aliases { get; } = [];

    public OrderSide Side { get; set; }

    public OrderType Type { get; set; }

    public OrderStatus Status { get; private set; } = OrderStatus.Unknown;

    public decimal? Price { get; set; }

    public decimal? Quantity { get; set; }

    /// <summary>The highest cumulative filled quantity the exchange reported (execution report <c>z</c> or an order's executedQty).</summary>
    public decimal ReportedFilled { get; private set; }

    /// <summary>The cumulative quote quantity reported with <see cref="ReportedFilled"/>.</summary>
    public decimal ReportedQuote { get; private set; }

    public decimal FillQuantity { get; private set; }

    public decimal FillQuote { get; private set; }

    public TrackedFill? LastFill { get; private set; }

    public long? OrderListId { get; set; }

    public string RejectReason { get; set; } = "NONE";

    public ExpiryReason? ExpiryReason { get; set; }

    public DateTimeOffset? UpdateTime { get; set; }

    public DateTimeOffset? SentTime { get; set; }

    /// <summary>When the tracker first heard of the order (for the unknown-outcome window when it was not sent through it).</summary>
    public DateTimeOffset TrackedSince { get; init; }

    public decimal? ReferencePrice { get; set; }

    public TimeSpan? Latency { get; set; }

    /// <summary>Whether the order reached a final state and sits in the closed-orders queue.</summary>
    public bool Closed { get; set; }

    public long Version { get; private set; }

    /// <summary>The filled quantity: the larger of the fills known and the exchange's cumulative figure.</summary>
    public decimal FilledQuantity => Math.Max(FillQuantity, ReportedFilled);

    /// <summary>Whether fills are missing: the exchange reported more filled than the fills the tracker holds.</summary>
    public bool MissesFills => ReportedFilled > FillQuantity;

    public bool IsOpen => Status is OrderStatus.Unknown or OrderStatus.New or OrderStatus.PartiallyFilled or OrderStatus.PendingNew or OrderStatus.PendingCancel;

    public bool HasFill(long tradeId) => _fills.ContainsKey(tradeId);

    /// <summary>Records an execution (id and type); false when it was seen before.</summary>
    public bool AddExecution(long executionId, ExecutionType type) => _executions.Add((executionId, type));

    /// <summary>Adds a fill unless its trade id is known; true when added.</summary>
    public bool AddFill(TrackedFill fill)
    {
        if (!_fills.TryAdd(fill.TradeId, fill))
        {
            return false;
        }

        FillQuantity += fill.Quantity;
        FillQuote += fill.QuoteQuantity;
        if (fill.CommissionAsset is { } asset)
        {
            _commissions[asset] = _commissions.GetValueOrDefault(asset) + fill.Commission;
        }

        LastFill = fill;
        return true;
    }

    /// <summary>Raises the reported cumulative figures (never lowers them); true when they moved.</summary>
    public bool Report(decimal cumulativeQuantity, decimal cumulativeQuote)
    {
        if (cumulativeQuantity <= ReportedFilled)
        {
            return false;
        }

        ReportedFilled = cumulativeQuantity;
        ReportedQuote = cumulativeQuote;
        return true;
    }

    /// <summary>
    /// Moves the status forward: never back (FILLED stays FILLED, PARTIALLY_FILLED never returns to NEW). Between two final
    /// states, an <paramref name="authoritative"/> answer (the exchange's order query) wins.
    /// </summary>
    /// <returns>True when the status changed.</returns>
    public bool MergeStatus(OrderStatus incoming, bool authoritative)
    {
        if (incoming == OrderStatus.Unknown || incoming == Status)
        {
            return false;
        }

        var current = Rank(Status);
        var next = Rank(incoming);
        if (next > current || (authoritative && next == current && next == FinalRank))
        {
            Status = incoming;
            return true;
        }

        return false;
    }

    /// <summary>Marks the order as never placed (not on the exchange after the unknown-outcome window).</summary>
    public void MarkNotFound()
    {
        Status = OrderStatus.Rejected;
        RejectReason = "NOT_FOUND_ON_EXCHANGE";
    }

    /// <summary>Drops the cached snapshot (after the state was modified).</summary>
    public void Invalidate() => _snapshot = null;

    /// <summary>Records a change: a new version and a new snapshot.</summary>
    public void Touch()
    {
        Version++;
        _snapshot = null;
    }

    /// <summary>The immutable view (cached until the next change).</summary>
    public TrackedOrder ToTracked() => _snapshot ??= new TrackedOrder
    {
        ClientOrderId = ClientOrderId,
        Symbol = Symbol,
        ExchangeOrderId = ExchangeOrderId,
        Side = Side,
        Type = Type,
        Status = Status,
        Price = Price,
        Quantity = Quantity,
        FilledQuantity = FilledQuantity,
        CumulativeQuoteQuantity = FillQuantity >= ReportedFilled ? FillQuote : ReportedQuote,
        Commissions = new Dictionary<string, decimal>(_commissions, StringComparer.Ordinal),
        Fills = [.. _fills.Values],
        LastFill = LastFill,
        OrderListId = OrderListId,
        RejectReason = RejectReason,
        ExpiryReason = ExpiryReason,
        UpdateTime = UpdateTime,
        SentTime = SentTime,
        ReferencePrice = ReferencePrice,
        Latency = Latency,
        Version = Version,
    };

    private const int FinalRank = 3;

    private static int Rank(OrderStatus status) => status switch
    {
        OrderStatus.Unknown => -1,
        OrderStatus.PendingNew => 0,
        OrderStatus.New => 1,
        OrderStatus.PartiallyFilled or OrderStatus.PendingCancel => 2,
        _ => FinalRank,
    };
}
