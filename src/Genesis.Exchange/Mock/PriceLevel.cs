namespace Genesis.Exchange.Mock;

/// <summary>One price level: a FIFO queue of orders (intrusive doubly linked list, O(1) append and removal).</summary>
internal sealed class PriceLevel
{
    /// <summary>The price.</summary>
    public decimal Price;

    /// <summary>The sort key: the price for bids, minus the price for asks (best level has the largest key).</summary>
    public decimal Key;

    /// <summary>Total unfilled quantity at this level.</summary>
    public decimal Total;

    /// <summary>Number of orders in the level.</summary>
    public int Count;

    /// <summary>Oldest order (first to fill).</summary>
    public EngineOrder? Head;

    /// <summary>Newest order.</summary>
    public EngineOrder? Tail;

    /// <summary>Appends an order at the back of the queue.</summary>
    /// <param name="order">The order.</param>
    public void Append(EngineOrder order)
    {
        order.Level = this;
        order.Prev = Tail;
        order.Next = null;
        if (Tail is null)
        {
            Head = order;
        }
        else
        {
            Tail.Next = order;
        }

        Tail = order;
        Count++;
        Total += order.Remaining;
    }

    /// <summary>Unlinks an order; the caller adjusts <see cref="Total"/> for any quantity it still had.</summary>
    /// <param name="order">The order.</param>
    public void Unlink(EngineOrder order)
    {
        if (order.Prev is null)
        {
            Head = order.Next;
        }
        else
        {
            order.Prev.Next = order.Next;
        }

        if (order.Next is null)
        {
            Tail = order.Prev;
        }
        else
        {
            order.Next.Prev = order.Prev;
        }

        order.Prev = null;
        order.Next = null;
        order.Level = null;
        Count--;
    }

    /// <summary>Resets the level for reuse from a pool.</summary>
    /// <param name="price">The price.</param>
    /// <param name="key">The sort key.</param>
    public void Reset(decimal price, decimal key)
    {
        Price = price;
        Key = key;
        Total = 0m;
        Count = 0;
        Head = null;
        Tail = null;
    }
}
