namespace Genesis.Exchange.Mock;

/// <summary>
/// The book of one symbol: bids, asks, untriggered stop orders, the last trade price, the update id and the
/// recent trades. Mutated only by <see cref="MatchingEngine"/>; no JSON and no clock in here.
/// </summary>
internal sealed class LimitOrderBook
{
    /// <summary>How many recent trades are kept.</summary>
    public const int TradeCapacity = 4096;

    private readonly EngineTrade[] _trades = new EngineTrade[TradeCapacity];
    private long _firstTradeId;

    /// <summary>Creates a book.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="baseAsset">Base asset index in the ledger.</param>
    /// <param name="quoteAsset">Quote asset index in the ledger.</param>
    /// <param name="stepSize">LOT_SIZE step (quantities of quote-driven fills are floored to it).</param>
    public LimitOrderBook(string symbol, int baseAsset, int quoteAsset, decimal stepSize)
    {
        Symbol = symbol;
        BaseAsset = baseAsset;
        QuoteAsset = quoteAsset;
        StepSize = stepSize > 0 ? stepSize : 0.00000001m;
    }

    /// <summary>The symbol.</summary>
    public string Symbol { get; }

    /// <summary>Base asset index.</summary>
    public int BaseAsset { get; }

    /// <summary>Quote asset index.</summary>
    public int QuoteAsset { get; }

    /// <summary>Quantity step.</summary>
    public decimal StepSize { get; }

    /// <summary>Bids.</summary>
    public BookSide Bids { get; } = new(isBid: true);

    /// <summary>Asks.</summary>
    public BookSide Asks { get; } = new(isBid: false);

    /// <summary>Untriggered stop orders, oldest first.</summary>
    public List<EngineOrder> Stops { get; } = [];

    /// <summary>The account's trades on this symbol (when the engine keeps history).</summary>
    public List<EngineAccountTrade> AccountTrades { get; } = [];

    /// <summary>Bid prices whose level changed since the publisher last cleared the set.</summary>
    public HashSet<decimal> DirtyBids { get; } = [];

    /// <summary>Ask prices whose level changed since the publisher last cleared the set.</summary>
    public HashSet<decimal> DirtyAsks { get; } = [];

    /// <summary>Whether level changes are recorded in the dirty sets.</summary>
    public bool TrackChanges { get; set; } = true;

    /// <summary>The book's update id, incremented on every level change.</summary>
    public long UpdateId { get; set; }

    /// <summary>The id of the last trade (0 before the first).</summary>
    public long LastTradeId { get; set; }

    /// <summary>The last trade price (0 before the first).</summary>
    public decimal LastPrice { get; set; }

    /// <summary>The last trade quantity.</summary>
    public decimal LastQuantity { get; set; }

    /// <summary>Records a level change.</summary>
    /// <param name="isBid">The side.</param>
    /// <param name="price">The level price.</param>
    public void Touch(bool isBid, decimal price)
    {
        UpdateId++;
        if (TrackChanges)
        {
            (isBid ? DirtyBids : DirtyAsks).Add(price);
        }
    }

    /// <summary>Records a trade.</summary>
    /// <param name="trade">The trade.</param>
    public void AddTrade(in EngineTrade trade)
    {
        if (_firstTradeId == 0)
        {
            _firstTradeId = trade.Id;
        }

        _trades[trade.Id & (TradeCapacity - 1)] = trade;
        LastTradeId = trade.Id;
        LastPrice = trade.Price;
        LastQuantity = trade.Quantity;
    }

    /// <summary>The oldest trade id still held.</summary>
    public long OldestTradeId => _firstTradeId == 0 ? 1 : Math.Max(_firstTradeId, LastTradeId - TradeCapacity + 1);

    /// <summary>A trade by id; valid for ids from <see cref="OldestTradeId"/> to <see cref="LastTradeId"/>.</summary>
    /// <param name="id">The trade id.</param>
    /// <returns>The trade.</returns>
    public ref readonly EngineTrade GetTrade(long id) => ref _trades[id & (TradeCapacity - 1)];

    /// <summary>The side of a book for an order side.</summary>
    /// <param name="isBid">True for bids.</param>
    /// <returns>The side.</returns>
    public BookSide Side(bool isBid) => isBid ? Bids : Asks;
}
