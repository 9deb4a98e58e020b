using System.Net.WebSockets;
using System.Threading.Channels;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// One WebSocket to the in-memory WebSocket API: each text message the client sends is a request its
/// <see cref="WebSocketApiSession"/> answers before the send completes; responses and events are queued for the
/// client. Queueing, slow-consumer drops, closes, drops and the drop fault (what was queued first, then the failure) are
/// <see cref="InMemoryWebSocket"/>'s.
/// </summary>
internal sealed class InMemoryWebSocketApiConnection : InMemoryWebSocket, IWebSocketApiOutput
{
    private readonly Action<InMemoryWebSocketApiConnection> _onEnded;

    /// <summary>Creates an open connection.</summary>
    /// <param name="host">The server.</param>
    /// <param name="capacity">Frames queued for the client before it counts as a slow consumer.</param>
    /// <param name="returnRateLimits">The URL's <c>returnRateLimits</c>.</param>
    /// <param name="onEnded">Called once when the connection ends.</param>
    public InMemoryWebSocketApiConnection(IWebSocketApiHost host, int capacity, bool returnRateLimits, Action<InMemoryWebSocketApiConnection> onEnded)
        : base(capacity, "WebSocket API")
    {
        _onEnded = onEnded;
        Session = new WebSocketApiSession(host, this, returnRateLimits);
    }

    /// <summary>The connection's session.</summary>
    public WebSocketApiSession Session { get; }

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
        if (State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            Enqueue(frame);
        }
    }

    /// <inheritdoc />
    void IWebSocketApiOutput.Drop() => DropWhenDrained();

    /// <inheritdoc />
    protected override ValueTask HandleSentAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) =>
        Session.HandleAsync(utf8.ToArray(), cancellationToken);

    /// <inheritdoc />
    protected override void OnEnded()
    {
        Session.Dispose();
        _onEnded(this);
    }
}
