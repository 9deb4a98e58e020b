namespace Genesis.Exchange.Binance.Streams;

/// <summary>A subscription whose deliveries a receive loop may defer until its batch ends.</summary>
internal interface IBatchedDelivery
{
    /// <summary>Hands what was deferred to the consumer.</summary>
    void Flush();
}

/// <summary>
/// Natural batching for one receive loop: while the socket has messages ready, the records they produce are kept per
/// subscription and handed to the consumers together when the next receive would wait (or every
/// <see cref="MaxFramesPerBatch"/> frames). A waiting consumer is woken once per batch instead of once per message;
/// nothing is delayed beyond the messages already in the socket's buffer. Deliveries from other threads (a gap fill)
/// go out at once, behind anything deferred, so the order is kept.
/// </summary>
internal sealed class DeliveryBatch
{
    /// <summary>The most frames a batch holds back.</summary>
    public const int MaxFramesPerBatch = 64;

    [ThreadStatic]
    private static DeliveryBatch? t_current;

    private readonly List<IBatchedDelivery> _dirty = [];
    private int _frames;

    /// <summary>The batch of the receive loop dispatching on this thread right now, if any.</summary>
    public static DeliveryBatch? Current => t_current;

    /// <summary>Whether the loop should flush before it next waits: the receive would wait, or the batch is full.</summary>
    /// <param name="receiveWouldWait">The next receive did not complete at once.</param>
    /// <returns>True when the batch must be flushed now.</returns>
    public bool ShouldFlush(bool receiveWouldWait) => _dirty.Count > 0 && (receiveWouldWait || _frames >= MaxFramesPerBatch);

    /// <summary>Marks this thread as dispatching one frame of this batch.</summary>
    public void Enter()
    {
        t_current = this;
        _frames++;
    }

    /// <summary>The frame's dispatch is over.</summary>
    public static void Exit() => t_current = null;

    /// <summary>Registers a subscription that deferred a record in this batch.</summary>
    public void Add(IBatchedDelivery delivery) => _dirty.Add(delivery);

    /// <summary>Hands every deferred record to its consumer.</summary>
    public void Flush()
    {
        foreach (var delivery in _dirty)
        {
            delivery.Flush();
        }

        _dirty.Clear();
        _frames = 0;
    }
}
