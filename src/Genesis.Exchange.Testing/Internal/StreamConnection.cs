using System.Net.WebSockets;
using System.Threading.Channels;
using Genesis.Exchange.Mock;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// One WebSocket stream connection: its subscriptions, <c>combined</c> property and time unit (a
/// <see cref="StreamSession"/>, shared with the mock's in-memory stream server), a bounded outgoing queue drained by a
/// single sender, and a receive loop that answers control messages. When the queue is full the
/// connection is a slow consumer and is dropped, so that a stalled client never blocks publishing and never
/// silently misses events on a connection that stays open.
/// </summary>
internal sealed class StreamConnection : IDisposable
{
    private const int MaxControlMessageBytes = 64 * 1024;
    private readonly Channel<ReadOnlyMemory<byte>> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly Action<StreamConnection> _onDropped;
    private WebSocket? _socket;
    private int _dropped;

    public StreamConnection(long id, StreamSession session, int capacity, ILogger logger, Action<StreamConnection> onDropped)
    {
        Id = id;
        Session = session;
        _capacity = capacity;
        _logger = logger;
        _onDropped = onDropped;
        _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; we then drop the connection.
        });
    }

    public long Id { get; }

    /// <summary>What the connection subscribed and how its frames are written.</summary>
    public StreamSession Session { get; }

    /// <summary>Completes when the connection has ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Queues an event when this connection is subscribed to <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream name.</param>
    /// <param name="payload">Produces the unwrapped payload, with times in microseconds when asked (true) or milliseconds.</param>
    public void Deliver(string stream, Func<bool, ReadOnlyMemory<byte>> payload)
    {
        if (Session.Frame(stream, payload) is { } frame)
        {
            Enqueue(frame);
        }
    }

    /// <summary>Sends the <c>serverShutdown</c> event, then closes normally.</summary>
    /// <param name="time">The event time.</param>
    public void Shutdown(DateTimeOffset time)
    {
        Enqueue(Session.ShutdownFrame(time));
        _queue.Writer.TryComplete();
    }

    /// <summary>Drops the connection without a close frame, as a network failure would.</summary>
    public void Drop()
    {
        if (Interlocked.Exchange(ref _dropped, 1) == 0)
        {
            _onDropped(this);
        }

        Abort();
    }

    /// <summary>Aborts the socket without counting a drop.</summary>
    public void Abort()
    {
        _queue.Writer.TryComplete();
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
                // One side failed (client gone, pong timeout, abort): stop the other instead of waiting on it forever.
                await linked.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(send, receive).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            reason = ex.GetType().Name;
            Log.StreamFailed(_logger, Id, ex);
        }
        finally
        {
            socket.Abort();
            Log.StreamEnded(_logger, Id, reason);
            _completion.TrySetResult();
        }
    }

    public void Dispose() => _abort.Dispose();

    private void Enqueue(ReadOnlyMemory<byte> message)
    {
        if (!_queue.Writer.TryWrite(message) && Volatile.Read(ref _dropped) == 0 && !Completion.IsCompleted)
        {
            Log.SlowConsumer(_logger, Id, _capacity);
            Drop();
        }
    }

    private async Task SendLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        await foreach (var message in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
        }
    }

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
                _queue.Writer.TryComplete(); // The sender drains, then answers the close.
                return;
            }

            var answer = Session.HandleControl(buffer.AsSpan(0, count));
            Enqueue(answer);
        }
    }
}
