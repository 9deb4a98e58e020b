namespace Genesis.Exchange.Mock;

/// <summary>A mutable 1m kline the mock builds from its trades.</summary>
internal sealed class KlineBar
{
    /// <summary>Open time (ms).</summary>
    public long OpenTime;

    /// <summary>Open.</summary>
    public decimal Open;

    /// <summary>High.</summary>
    public decimal High;

    /// <summary>Low.</summary>
    public decimal Low;

    /// <summary>Close.</summary>
    public decimal Close;

    /// <summary>Base volume.</summary>
    public decimal Volume;

    /// <summary>Quote volume.</summary>
    public decimal QuoteVolume;

    /// <summary>Trade count.</summary>
    public long Count;

    /// <summary>Taker buy base volume.</summary>
    public decimal TakerBuyBase;

    /// <summary>Taker buy quote volume.</summary>
    public decimal TakerBuyQuote;

    /// <summary>An empty bar that opens at the previous close.</summary>
    /// <param name="openTime">Open time (ms).</param>
    /// <param name="price">The previous close.</param>
    /// <returns>The bar.</returns>
    public static KlineBar Empty(long openTime, decimal price) => new() { OpenTime = openTime, Open = price, High = price, Low = price, Close = price };

    /// <summary>Adds a trade.</summary>
    /// <param name="price">Price.</param>
    /// <param name="quantity">Quantity.</param>
    /// <param name="takerBuys">Whether the taker bought.</param>
    public void Add(decimal price, decimal quantity, bool takerBuys)
    {
        if (Count == 0 && Volume == 0m)
        {
            Open = High = Low = price;
        }

        High = Math.Max(High, price);
        Low = Math.Min(Low, price);
        Close = price;
        Volume += quantity;
        QuoteVolume += price * quantity;
        Count++;
        if (takerBuys)
        {
            TakerBuyBase += quantity;
            TakerBuyQuote += price * quantity;
        }
    }
}
