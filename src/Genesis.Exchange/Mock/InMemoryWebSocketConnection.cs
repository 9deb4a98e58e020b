using System.Net.WebSockets;
using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Mock;

/// <summary>
/// One WebSocket to the <see cref="InMemoryStreamServer"/>, without a socket: the client's text messages are control
/// requests the server answers at once, and the server's frames wait in a bounded queue until the client receives
/// them (a message larger than the receive buffer arrives in parts, as over a socket). When the queue is full the
/// client is a slow consumer and the connection is dropped, as the fake server and Binance do. A dropped connection
/// loses what was queued and its next receive throws <see cref="WebSocketException"/>; a server close delivers what was
/// queued, then a close frame.
/// </summary>
internal sealed class InMemoryWebSocketConnection : IWebSocketConnection
{
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;
    private readonly Action<InMemoryWebSocketConnection> _onEnded;
    private readonly Action<InMemoryWebSocketConnection, bool>? _onDropped;
    private ReadOnlyMemory<byte> _partial;
    private int _state = (int)WebSocketState.Open;
    private int _dropped;
    private int _completed;
    private int _ended;

    /// <summary>Creates an open connection.</summary>
    /// <param name="session">What the connection subscribed and how its frames are written.</param>
    /// <param name="capacity">Frames queued for the client before it counts as a slow consumer.</param>
    /// <param name="onEnded">Called once when the connection ends (closed, dropped or disposed).</param>
    /// <param name="onDropped">Called once when the connection is dropped, with true for a slow consumer.</param>
    public InMemoryWebSocketConnection(StreamSession session, int capacity, Action<InMemoryWebSocketConnection> onEnded, Action<InMemoryWebSocketConnection, bool>? onDropped = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Session = session;
        _onEnded = onEnded;
        _onDropped = onDropped;
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; the connection is then dropped.
        });
    }

    /// <summary>The connection's subscriptions.</summary>
    public StreamSession Session { get; }

    /// <summary>Whether the server dropped the connection.</summary>
    public bool Dropped => Volatile.Read(ref _dropped) != 0;

    /// <inheritdoc />
    public WebSocketState State => (WebSocketState)Volatile.Read(ref _state);

    /// <inheritdoc />
    public async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfDropped();
        while (_partial.IsEmpty)
        {
            if (_outbound.Reader.TryRead(out var message))
            {
                _partial = message;
                break;
            }

            if (!await _outbound.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ThrowIfDropped();
                Interlocked.CompareExchange(ref _state, (int)WebSocketState.CloseReceived, (int)WebSocketState.Open);
                Interlocked.CompareExchange(ref _state, (int)WebSocketState.Closed, (int)WebSocketState.CloseSent);
                return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
            }
        }

        var count = Math.Min(buffer.Length, _partial.Length);
        _partial[..count].CopyTo(buffer);
        _partial = _partial[count..];
        return new ValueWebSocketReceiveResult(count, WebSocketMessageType.Text, _partial.IsEmpty);
    }

    /// <inheritdoc />
    public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (State != WebSocketState.Open)
        {
            return ValueTask.FromException(new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {State}; it cannot send."));
        }

        Enqueue(Session.HandleControl(utf8.Span));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task CloseAsync(CancellationToken cancellationToken)
    {
        // The server answers a close at once: the frames already queued are still received, then the close frame.
        Interlocked.CompareExchange(ref _state, (int)WebSocketState.CloseSent, (int)WebSocketState.Open);
        Interlocked.CompareExchange(ref _state, (int)WebSocketState.Closed, (int)WebSocketState.CloseReceived);
        Complete();
        End();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            Volatile.Write(ref _state, (int)WebSocketState.Closed);
        }

        Complete();
        End();
        return ValueTask.CompletedTask;
    }

    /// <summary>Queues the frame of an event when the connection is subscribed to <paramref name="stream"/>; never blocks.</summary>
    /// <param name="stream">The stream the event is published on.</param>
    /// <param name="payload">Produces the unwrapped payload in the connection's time unit.</param>
    public void Deliver(string stream, Func<bool, ReadOnlyMemory<byte>> payload)
    {
        if (State == WebSocketState.Open && Session.Frame(stream, payload) is { } frame)
        {
            Enqueue(frame);
        }
    }

    /// <summary>Sends <c>serverShutdown</c> and stays open.</summary>
    /// <param name="time">The event time.</param>
    public void AnnounceShutdown(DateTimeOffset time)
    {
        if (State == WebSocketState.Open)
        {
            Enqueue(Session.ShutdownFrame(time));
        }
    }

    /// <summary>Sends <c>serverShutdown</c>, then closes (the client receives what was queued, then the close frame).</summary>
    /// <param name="time">The event time.</param>
    public void Shutdown(DateTimeOffset time)
    {
        if (State == WebSocketState.Open)
        {
            Enqueue(Session.ShutdownFrame(time));
        }

        Complete();
    }

    /// <summary>Drops the connection as a network failure would: what was queued is lost, the next receive throws.</summary>
    /// <param name="slowConsumer">Whether the client fell too far behind (rather than a fault).</param>
    /// <returns>True the first time.</returns>
    public bool Drop(bool slowConsumer = false)
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0)
        {
            return false;
        }

        Volatile.Write(ref _state, (int)WebSocketState.Aborted);
        Complete();
        _onDropped?.Invoke(this, slowConsumer);
        End();
        return true;
    }

    /// <summary>No more frames: the client receives what is queued, then a close frame (or the drop's exception).</summary>
    private void Complete()
    {
        Volatile.Write(ref _completed, 1);
        _outbound.Writer.TryComplete();
    }

    private void Enqueue(ReadOnlyMemory<byte> frame)
    {
        // A full queue (not one completed by a close or a shutdown) means the client fell behind.
        if (!_outbound.Writer.TryWrite(frame) && !Dropped && Volatile.Read(ref _completed) == 0)
        {
            Drop(slowConsumer: true); // A slow consumer: Binance and the fake server drop it rather than block or skip frames silently.
        }
    }

    private void ThrowIfDropped()
    {
        if (Dropped)
        {
            _partial = ReadOnlyMemory<byte>.Empty;
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The in-memory stream server dropped the connection.");
        }
    }

    private void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _onEnded(this);
        }
    }
}
