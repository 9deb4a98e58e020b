using System.Net.WebSockets;
using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// One WebSocket to the in-memory WebSocket API, without a socket: each text message the client sends is a request its
/// <see cref="WebSocketApiSession"/> answers before the send completes; responses and events wait in a bounded queue
/// until the client receives them (a frame larger than the receive buffer arrives in parts, as over a socket). A full
/// queue drops the connection at once (a slow consumer): what was queued is lost and the next receive throws
/// <see cref="WebSocketException"/>. A drop fault lets the client receive what was queued first, then fails the same way.
/// </summary>
internal sealed class InMemoryWebSocketApiConnection : IWebSocketConnection, IWebSocketApiOutput
{
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;
    private readonly Action<InMemoryWebSocketApiConnection> _onEnded;
    private ReadOnlyMemory<byte> _partial;
    private int _state = (int)WebSocketState.Open;
    private int _dropped;
    private int _dropWhenDrained;
    private int _ended;

    /// <summary>Creates an open connection.</summary>
    /// <param name="host">The server.</param>
    /// <param name="capacity">Frames queued for the client before it counts as a slow consumer.</param>
    /// <param name="returnRateLimits">The URL's <c>returnRateLimits</c>.</param>
    /// <param name="onEnded">Called once when the connection ends.</param>
    public InMemoryWebSocketApiConnection(IWebSocketApiHost host, int capacity, bool returnRateLimits, Action<InMemoryWebSocketApiConnection> onEnded)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _onEnded = onEnded;
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Session = new WebSocketApiSession(host, this, returnRateLimits);
    }

    /// <summary>The connection's session.</summary>
    public WebSocketApiSession Session { get; }

    /// <summary>Frames queued for the client and not yet received (for tests).</summary>
    internal int QueuedFrames => _outbound.Reader.Count;

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

        return Session.HandleAsync(utf8.ToArray(), cancellationToken);
    }

    /// <inheritdoc />
    public Task CloseAsync(CancellationToken cancellationToken)
    {
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

    /// <summary>Sends <c>serverShutdown</c>, then closes (the client receives what was queued, then the close frame).</summary>
    public void Shutdown()
    {
        if (State == WebSocketState.Open)
        {
            Session.SendServerShutdown();
        }

        End();
    }

    /// <inheritdoc />
    void IWebSocketApiOutput.Send(ReadOnlyMemory<byte> frame)
    {
        if (State is WebSocketState.Open or WebSocketState.CloseSent && !_outbound.Writer.TryWrite(frame) && !Dropped && Volatile.Read(ref _ended) == 0 && Volatile.Read(ref _dropWhenDrained) == 0)
        {
            Drop(); // a slow consumer
        }
    }

    /// <inheritdoc />
    void IWebSocketApiOutput.Drop()
    {
        Volatile.Write(ref _dropWhenDrained, 1);
        _outbound.Writer.TryComplete();
    }

    /// <summary>Drops the connection as a network failure would.</summary>
    /// <returns>True the first time.</returns>
    public bool Drop()
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0)
        {
            return false;
        }

        Volatile.Write(ref _state, (int)WebSocketState.Aborted);
        End();
        return true;
    }

    private void ThrowIfDropped()
    {
        if (Dropped)
        {
            _partial = ReadOnlyMemory<byte>.Empty;
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The in-memory WebSocket API dropped the connection.");
        }
    }

    private void End()
    {
        _outbound.Writer.TryComplete();
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            Session.Dispose();
            _onEnded(this);
        }
    }
}
