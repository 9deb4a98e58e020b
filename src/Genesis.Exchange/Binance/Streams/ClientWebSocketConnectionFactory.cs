using System.Net.WebSockets;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// The production <see cref="IWebSocketConnectionFactory"/>, over <see cref="ClientWebSocket"/>.
/// </summary>
/// <remarks>
/// Binance pings every 20 s and disconnects a client that does not pong within a minute. <see cref="ClientWebSocket"/>
/// answers every ping frame with a pong carrying the ping's payload by itself, while a receive is pending; the
/// stream client always keeps one receive pending (it never waits on consumers inside the receive loop), so pings
/// are answered without code of ours. The keep-alive interval is left at the .NET default (unsolicited empty pongs
/// are allowed by Binance, though they do not count as answers).
/// </remarks>
internal sealed class ClientWebSocketConnectionFactory(TimeProvider timeProvider, TimeSpan connectTimeout) : IWebSocketConnectionFactory
{
    public async Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            using var timeout = new CancellationTokenSource(connectTimeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await socket.ConnectAsync(uri, linked.Token).ConfigureAwait(false);
            return new ClientWebSocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class ClientWebSocketConnection(ClientWebSocket socket) : IWebSocketConnection
    {
        public WebSocketState State => socket.State;

        public ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            socket.ReceiveAsync(buffer, cancellationToken);

        public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) =>
            socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "recycle", cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (WebSocketException)
                {
                    // Falls through to Abort: the socket is already broken.
                }
                catch (OperationCanceledException)
                {
                    // Falls through to Abort: closing took too long.
                }
            }

            socket.Abort();
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
