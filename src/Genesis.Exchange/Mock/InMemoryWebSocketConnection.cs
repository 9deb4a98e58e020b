namespace Genesis.Exchange.Mock;

/// <summary>
/// One WebSocket to the <see cref="InMemoryStreamServer"/>: the client's text messages are control requests the
/// server answers at once; market frames are queued when the connection is subscribed to their stream. Queueing,
/// slow-consumer drops, closes and drops are <see cref="InMemoryWebSocket"/>'s.
/// </summary>
internal sealed class InMemoryWebSocketConnection : InMemoryWebSocket
{
    private readonly Action<InMemoryWebSocketConnection> _onEnded;
    private readonly Action<InMemoryWebSocketConnection, bool>? _onDropped;

    /// <summary>Creates an open connection.</summary>
    /// <param name="session">What the connection subscribed and how its frames are written.</param>
    /// <param name="capacity">Frames queued for the client before it counts as a slow consumer.</param>
    /// <param name="onEnded">Called once when the connection ends (closed, dropped or disposed).</param>
    /// <param name="onDropped">Called once when the connection is dropped, with true for a slow consumer.</param>
    public InMemoryWebSocketConnection(StreamSession session, int capacity, Action<InMemoryWebSocketConnection> onEnded, Action<InMemoryWebSocketConnection, bool>? onDropped = null)
        : base(capacity, "stream server")
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        _onEnded = onEnded;
        _onDropped = onDropped;
    }

    /// <summary>The connection's subscriptions.</summary>
    public StreamSession Session { get; }

    /// <summary>Queues the frame of an event when the connection is subscribed to <paramref name="stream"/>; never blocks.</summary>
    /// <param name="stream">The stream the event is published on.</param>
    /// <param name="payload">Produces the unwrapped payload in the connection's time unit.</param>
    public void Deliver(string stream, Func<bool, ReadOnlyMemory<byte>> payload)
    {
        if (State == System.Net.WebSockets.WebSocketState.Open && Session.Frame(stream, payload) is { } frame)
        {
            Enqueue(frame);
        }
    }

    /// <summary>Sends <c>serverShutdown</c> and stays open.</summary>
    /// <param name="time">The event time.</param>
    public void AnnounceShutdown(DateTimeOffset time)
    {
        if (State == System.Net.WebSockets.WebSocketState.Open)
        {
            Enqueue(Session.ShutdownFrame(time));
        }
    }

    /// <summary>Sends <c>serverShutdown</c>, then closes (the client receives what was queued, then the close frame).</summary>
    /// <param name="time">The event time.</param>
    public void Shutdown(DateTimeOffset time)
    {
        AnnounceShutdown(time);
        CompleteOutbound();
    }

    /// <inheritdoc />
    protected override ValueTask HandleSentAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        Enqueue(Session.HandleControl(utf8.Span));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override void OnDropped(bool slowConsumer) => _onDropped?.Invoke(this, slowConsumer);

    /// <inheritdoc />
    protected override void OnEnded() => _onEnded(this);
}
