using System.Net.WebSockets;
using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Mock;

/// <summary>
/// The server end of an in-memory WebSocket, without a socket: the server's frames wait in a bounded queue until the
/// client receives them (a frame larger than the receive buffer arrives in parts, as over a socket); what the client
/// sends is handed to <see cref="HandleSentAsync"/>. A full queue makes the client a slow consumer and drops the
/// connection, as Binance and the fake server do. A dropped connection loses what was queued and its next receive
/// throws <see cref="WebSocketException"/>; a close delivers what was queued, then a close frame; a drop "when drained"
/// (a fault) delivers what was queued, then fails like a drop.
/// </summary>
internal abstract class InMemoryWebSocket : IWebSocketConnection
{
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;
    private readonly string _serverName;
    private ReadOnlyMemory<byte> _partial;
    private int _state = (int)WebSocketState.Open;
    private int _dropped;
    private int _completed;
    private int _dropWhenDrained;
    private int _ended;

    /// <summary>Creates an open connection.</summary>
    /// <param name="capacity">Frames queued for the client before it counts as a slow consumer.</param>
    /// <param name="serverName">The server, as named in a drop's exception message.</param>
    protected InMemoryWebSocket(int capacity, string serverName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _serverName = serverName;
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; the connection is then dropped.
        });
    }

    /// <summary>Whether the server dropped the connection.</summary>
    public bool Dropped => Volatile.Read(ref _dropped) != 0;

    /// <inheritdoc />
    public WebSocketState State => (WebSocketState)Volatile.Read(ref _state);

    /// <summary>Frames queued for the client and not yet received (for tests).</summary>
    internal int QueuedFrames => _outbound.Reader.Count;

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
                if (Volatile.Read(ref _dropWhenDrained) != 0)
                {
                    Drop(); // the fault's drop, now that the client has what was sent before it
                }

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

        return HandleSentAsync(utf8, cancellationToken);
    }

    /// <inheritdoc />
    public Task CloseAsync(CancellationToken cancellationToken)
    {
        // The server answers a close at once: the frames already queued are still received, then the close frame.
        Interlocked.CompareExchange(ref _state, (int)WebSocketState.CloseSent, (int)WebSocketState.Open);
        Interlocked.CompareExchange(ref _state, (int)WebSocketState.Closed, (int)WebSocketState.CloseReceived);
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

        End();
        return ValueTask.CompletedTask;
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
        CompleteOutbound();
        OnDropped(slowConsumer);
        End();
        return true;
    }

    /// <summary>Handles a text message the client sent (the socket is open).</summary>
    /// <param name="utf8">The message.</param>
    /// <param name="cancellationToken">The send's token.</param>
    /// <returns>Completes when the message is handled.</returns>
    protected abstract ValueTask HandleSentAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken);

    /// <summary>Called once when the connection ends (closed, dropped or disposed).</summary>
    protected abstract void OnEnded();

    /// <summary>Called once when the connection is dropped.</summary>
    /// <param name="slowConsumer">Whether the client fell too far behind.</param>
    protected virtual void OnDropped(bool slowConsumer)
    {
    }

    /// <summary>Queues a frame for the client; a full queue (not one a close or a drop fault completed) drops the slow consumer.</summary>
    /// <param name="frame">The frame.</param>
    protected void Enqueue(ReadOnlyMemory<byte> frame)
    {
        if (!_outbound.Writer.TryWrite(frame) && !Dropped && Volatile.Read(ref _completed) == 0 && Volatile.Read(ref _dropWhenDrained) == 0)
        {
            Drop(slowConsumer: true);
        }
    }

    /// <summary>No more frames: the client receives what is queued, then a close frame (or the drop's exception).</summary>
    protected void CompleteOutbound()
    {
        Volatile.Write(ref _completed, 1);
        _outbound.Writer.TryComplete();
    }

    /// <summary>No more frames: the client receives what is queued, then the connection fails as dropped.</summary>
    protected void DropWhenDrained()
    {
        Volatile.Write(ref _dropWhenDrained, 1);
        _outbound.Writer.TryComplete();
    }

    private void ThrowIfDropped()
    {
        if (Dropped)
        {
            _partial = ReadOnlyMemory<byte>.Empty;
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"The in-memory {_serverName} dropped the connection.");
        }
    }

    /// <summary>Ends the connection from the server's side: no more frames, <see cref="OnEnded"/> once.</summary>
    protected void End()
    {
        CompleteOutbound();
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            OnEnded();
        }
    }
}
