namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// Faults of the in-memory WebSocket API, shared by every session of one server (mock mode or the fake server, whose
/// <c>FakeServerFaults</c> sets them). Thread-safe; each one-shot fault is taken by the first order placement that
/// meets it.
/// </summary>
internal sealed class WebSocketApiFaults
{
    private readonly Lock _gate = new();
    private int _dropAfterOrderResponse;
    private int _loseOrderResponse;
    private TimeSpan _eventDelay;

    /// <summary>How long every user data event waits before it is sent (in order). Zero by default.</summary>
    public TimeSpan EventDelay
    {
        get { lock (_gate) { return _eventDelay; } }
        set { ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero); lock (_gate) { _eventDelay = value; } }
    }

    /// <summary>Drops the connection right after the response of each of the next <paramref name="count"/> order placements, before their events.</summary>
    /// <param name="count">How many placements.</param>
    public void DropAfterNextOrderResponses(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _dropAfterOrderResponse = count;
        }
    }

    /// <summary>Never sends the response of each of the next <paramref name="count"/> order placements (the orders are placed; their events are sent).</summary>
    /// <param name="count">How many placements.</param>
    public void LoseNextOrderResponses(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _loseOrderResponse = count;
        }
    }

    /// <summary>Switches every fault off.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _dropAfterOrderResponse = 0;
            _loseOrderResponse = 0;
            _eventDelay = TimeSpan.Zero;
        }
    }

    /// <summary>Takes one "drop after the order response".</summary>
    /// <returns>True when this placement's connection is to be dropped.</returns>
    public bool TakeDropAfterOrderResponse() => Take(ref _dropAfterOrderResponse);

    /// <summary>Takes one "lose the order response".</summary>
    /// <returns>True when this placement's response is to be lost.</returns>
    public bool TakeLoseOrderResponse() => Take(ref _loseOrderResponse);

    private bool Take(ref int counter)
    {
        lock (_gate)
        {
            if (counter <= 0)
            {
                return false;
            }

            counter--;
            return true;
        }
    }
}
