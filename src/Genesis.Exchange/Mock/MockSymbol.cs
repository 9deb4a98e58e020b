using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>Everything the mock keeps about one symbol besides the engine's book.</summary>
internal sealed class MockSymbol
{
    /// <summary>Creates the state.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="book">The engine book.</param>
    /// <param name="levelSpacing">The market maker's level spacing.</param>
    public MockSymbol(SymbolRules rules, LimitOrderBook book, decimal levelSpacing)
    {
        Rules = rules;
        Book = book;
        LevelSpacing = levelSpacing;
        TickSize = rules.GetFilter<PriceFilter>()?.TickSize ?? 0.00000001m;
        StepSize = rules.GetFilter<LotSizeFilter>()?.StepSize ?? 0.00000001m;
        MaxNumOrders = rules.GetFilter<MaxNumOrdersFilter>()?.MaxNumOrders ?? 0;
    }

    /// <summary>The rules.</summary>
    public SymbolRules Rules { get; }

    /// <summary>The engine book.</summary>
    public LimitOrderBook Book { get; }

    /// <summary>The market maker's level spacing.</summary>
    public decimal LevelSpacing { get; }

    /// <summary>Tick size.</summary>
    public decimal TickSize { get; }

    /// <summary>Step size.</summary>
    public decimal StepSize { get; }

    /// <summary>MAX_NUM_ORDERS (0: none).</summary>
    public int MaxNumOrders { get; }

    /// <summary>The random walk's mid price.</summary>
    public decimal Mid { get; set; }

    /// <summary>Quantities of the starting book per depth, used as the market maker's size template.</summary>
    public List<decimal> BidSizes { get; } = [];

    /// <summary>Quantities of the starting book per depth (asks).</summary>
    public List<decimal> AskSizes { get; } = [];

    /// <summary>The market maker's resting quotes.</summary>
    public List<EngineOrder> Quotes { get; } = [];

    /// <summary>Every order of the account on this symbol, oldest first.</summary>
    public List<EngineOrder> AccountOrders { get; } = [];

    /// <summary>The account's latest order per client order id.</summary>
    public Dictionary<string, EngineOrder> ByClientOrderId { get; } = new(StringComparer.Ordinal);

    /// <summary>1m klines, oldest first.</summary>
    public List<KlineBar> Klines { get; } = [];

    /// <summary>The last trade id published to observers.</summary>
    public long PublishedTradeId { get; set; }

    /// <summary>The last book update id published in a depth event.</summary>
    public long PublishedUpdateId { get; set; }

    /// <summary>Time of the last trade (ms).</summary>
    public long LastTradeTime { get; set; }
}
