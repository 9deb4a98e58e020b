using System.Net.WebSockets;
using Genesis.Exchange.Mock;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// One Kestrel WebSocket in front of one connection of the in-memory stream server (the same server mock mode runs
/// over): what the client sends goes to the in-memory connection, which answers control messages; what the in-memory
/// connection queues (answers, events, <c>serverShutdown</c>, its close) goes out on the socket. When the in-memory
/// connection is dropped (a fault, or a slow consumer whose queue is full) the socket is aborted, without a close frame.
/// </summary>
internal sealed class StreamConnection : IDisposable
{
    private const int MaxControlMessageBytes = 64 * 1024;
    private const int SendBufferBytes = 64 * 1024;
    private readonly InMemoryWebSocketConnection _connection;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private WebSocket? _socket;

    public StreamConnection(long id, InMemoryWebSocketConnection connection, ILogger logger)
    {
        Id = id;
        _connection = connection;
        _logger = logger;
    }

    public long Id { get; }

    /// <summary>Completes when the connection has ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Aborts the socket without counting a drop (a client that does not answer the close handshake).</summary>
    public void Abort()
    {
        _socket?.Abort();
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        _socket = socket;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        var reason = "closed";
        try
        {
            var send = SendLoopAsync(socket, linked.Token);
            var receive = ReceiveLoopAsync(socket, linked.Token);
            var first = await Task.WhenAny(send, receive).ConfigureAwait(false);
            if (!first.IsCompletedSuccessfully)
            {
                // One side failed (client gone, pong timeout, drop): stop the other instead of waiting on it forever.
                await linked.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(send, receive).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            reason = _connection.Dropped ? "dropped" : ex.GetType().Name;
            Log.StreamFailed(_logger, Id, ex);
        }
        finally
        {
            socket.Abort();
            await _connection.DisposeAsync().ConfigureAwait(false);
            Log.StreamEnded(_logger, Id, reason);
            _completion.TrySetResult();
        }
    }

    public void Dispose() => _abort.Dispose();

    /// <summary>Sends what the in-memory connection queues; answers its close with a close frame; aborts on a drop.</summary>
    private async Task SendLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[SendBufferBytes];
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await _connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                socket.Abort(); // dropped: no close frame, as a network failure
                throw;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), WebSocketMessageType.Text, result.EndOfMessage, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hands every control message to the in-memory connection; a close from the client closes it (the sender drains, then answers).</summary>
    private async Task ReceiveLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxControlMessageBytes];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length)
                {
                    throw new WebSocketException(WebSocketError.InvalidMessageType, "Control message too large.");
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _connection.CloseAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            await _connection.SendTextAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }
}
