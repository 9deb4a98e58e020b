using System.Net.WebSockets;
using System.Threading.Channels;
using Genesis.Exchange.Mock.WebSocketApi;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// One Kestrel WebSocket in front of one <see cref="WebSocketApiSession"/> of the in-memory Binance (the same session
/// mock mode runs): each text message from the client is a request the session answers, one at a time; what the
/// session sends (responses, user data events, <c>serverShutdown</c>) goes out on the socket in order. A drop (a fault,
/// or a slow consumer whose queue is full) aborts the socket without a close frame.
/// </summary>
internal sealed class WebSocketApiConnection : IWebSocketApiOutput, IDisposable
{
    private const int MaxRequestBytes = 64 * 1024;
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private WebSocket? _socket;
    private static readonly TimeSpan DropGrace = TimeSpan.FromMilliseconds(50);
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action? _shutdownTransport;
    private int _dropped;
    private int _dropWhenSent;

    public WebSocketApiConnection(long id, IWebSocketApiHost host, bool returnRateLimits, int capacity, ILogger logger)
    {
        Id = id;
        _logger = logger;
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Session = new WebSocketApiSession(host, this, returnRateLimits);
    }

    public long Id { get; }

    public WebSocketApiSession Session { get; }

    /// <summary>Whether the connection was dropped.</summary>
    public bool Dropped => Volatile.Read(ref _dropped) != 0;

    /// <summary>Completes when the connection has ended.</summary>
    public Task Completion => _completion.Task;

    public void Send(ReadOnlyMemory<byte> frame)
    {
        if (!_outbound.Writer.TryWrite(frame) && !Dropped && Volatile.Read(ref _dropWhenSent) == 0)
        {
            Drop(); // a slow consumer
        }
    }

    /// <summary>The session's drop (a fault): the frames already queued go out, then the socket is aborted.</summary>
    void IWebSocketApiOutput.Drop()
    {
        Volatile.Write(ref _dropWhenSent, 1);
        _outbound.Writer.TryComplete();
    }

    /// <summary>Drops the connection now: the socket is aborted, what is queued is lost.</summary>
    public void Drop()
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        _socket?.Abort();
        Cancel();
    }

    /// <summary>Sends <c>serverShutdown</c>, then closes the connection once what is queued is sent.</summary>
    public void Shutdown()
    {
        Session.SendServerShutdown();
        _outbound.Writer.TryComplete();
    }

    public async Task RunAsync(WebSocket socket, Action? shutdownTransport, CancellationToken cancellationToken)
    {
        _socket = socket;
        _shutdownTransport = shutdownTransport;
        if (Dropped)
        {
            socket.Abort();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        var reason = "closed";
        try
        {
            var send = SendLoopAsync(socket, linked.Token);
            var receive = ReceiveLoopAsync(socket, linked.Token);
            var first = await Task.WhenAny(send, receive).ConfigureAwait(false);
            if (!first.IsCompletedSuccessfully)
            {
                await linked.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(send, receive).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            reason = Dropped ? "dropped" : ex.GetType().Name;
            Log.StreamFailed(_logger, Id, ex);
        }
        finally
        {
            socket.Abort();
            Session.Dispose();
            Log.StreamEnded(_logger, Id, reason);
            _completion.TrySetResult();
        }
    }

    public void Dispose()
    {
        Session.Dispose();
        _abort.Dispose();
    }

    private void Cancel()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    private async Task SendLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        await foreach (var frame in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _dropWhenSent) != 0)
        {
            // End the TCP stream under the WebSocket (FIN, no close frame) once the frames are out, then wait (bounded) for
            // the client to see it: an abort resets the connection, and a reset can discard frames the client has not
            // read yet. Kestrel hands written frames to the socket asynchronously, hence the short grace first.
            await Task.Delay(DropGrace, CancellationToken.None).ConfigureAwait(false);
            _shutdownTransport?.Invoke();
            Interlocked.Exchange(ref _dropped, 1);
            _outbound.Writer.TryComplete();
            await _receiveEnded.Task.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            socket.Abort();
            Cancel();
        }

        if (Dropped)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "Dropped.");
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            await ReceiveCoreAsync(socket, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _receiveEnded.TrySetResult();
        }
    }

    private async Task ReceiveCoreAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length)
                {
                    throw new WebSocketException(WebSocketError.InvalidMessageType, "Request too large.");
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _outbound.Writer.TryComplete();
                return;
            }

            await Session.HandleAsync(buffer.AsMemory(0, count).ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }
}
