using System.Net.WebSockets;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// The production <see cref="IWebSocketConnectionFactory"/>, over <see cref="ClientWebSocket"/>.
/// </summary>
/// <remarks>
/// Binance pings every 20 s and disconnects a client that does not pong within a minute. <see cref="ClientWebSocket"/>
/// answers every ping frame with a pong carrying the ping's payload by itself, while a receive is pending; the
/// stream client always keeps one receive pending (it never waits on consumers inside the receive loop), so pings
/// are answered without code of ours. In the other direction the socket sends its own ping frame every
/// <paramref name="keepAliveInterval"/> and aborts when the pong misses <paramref name="keepAliveTimeout"/>
/// (<see cref="ClientWebSocketOptions.KeepAliveTimeout"/>): a peer that vanished without closing is detected
/// whether or not data flows. With a zero timeout it sends unsolicited empty pongs instead (allowed by Binance).
/// </remarks>
/// <param name="timeProvider">Times the connect timeout.</param>
/// <param name="connectTimeout">How long opening a WebSocket may take.</param>
/// <param name="keepAliveInterval">How often to ping the server (default 20 s).</param>
/// <param name="keepAliveTimeout">How long to wait for the pong before aborting (default 10 s; zero: no deadline).</param>
internal sealed class ClientWebSocketConnectionFactory(
    TimeProvider timeProvider,
    TimeSpan connectTimeout,
    TimeSpan? keepAliveInterval = null,
    TimeSpan? keepAliveTimeout = null) : IWebSocketConnectionFactory
{
    private readonly TimeSpan _keepAliveInterval = keepAliveInterval ?? TimeSpan.FromSeconds(20);
    private readonly TimeSpan _keepAliveTimeout = keepAliveTimeout ?? TimeSpan.FromSeconds(10);

    public async Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = _keepAliveInterval;
        if (_keepAliveTimeout > TimeSpan.Zero && _keepAliveInterval > TimeSpan.Zero)
        {
            socket.Options.KeepAliveTimeout = _keepAliveTimeout;
        }

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
        private CancellationToken _abortToken;
        private CancellationTokenRegistration _abortRegistration;

        public WebSocketState State => socket.State;

        /// <summary>
        /// Receives with the token registered once per socket instead of once per message (a receive loop passes the
        /// same token to every call): cancelling it aborts the socket, which is what a cancelled receive does anyway,
        /// and the pending receive then ends with an <see cref="OperationCanceledException"/> for that token.
        /// </summary>
        public ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return socket.ReceiveAsync(buffer, CancellationToken.None);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<ValueWebSocketReceiveResult>(cancellationToken);
            }

            if (cancellationToken != _abortToken)
            {
                _abortRegistration.Dispose();
                _abortToken = cancellationToken;
                _abortRegistration = cancellationToken.UnsafeRegister(static state => ((ClientWebSocket)state!).Abort(), socket);
            }

            var receive = socket.ReceiveAsync(buffer, CancellationToken.None);
            return receive.IsCompletedSuccessfully ? receive : AwaitAsync(receive, cancellationToken);

            static async ValueTask<ValueWebSocketReceiveResult> AwaitAsync(ValueTask<ValueWebSocketReceiveResult> receive, CancellationToken token)
            {
                try
                {
                    return await receive.ConfigureAwait(false);
                }
                catch (Exception ex) when (token.IsCancellationRequested && ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    throw new OperationCanceledException("The receive was cancelled.", ex, token);
                }
            }
        }

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
            _abortRegistration.Dispose();
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
