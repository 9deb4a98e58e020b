using System.Collections.Concurrent;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// One open WebSocket API connection: its socket, the requests awaiting a response on it (by id), whether it is
/// authenticated (<c>session.logon</c>), and how it ended. A new session is created for every (re)connect.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The token source has no timer; it is cancelled when the session ends and left to the GC, like the session.")]
internal sealed class WebSocketApiSession
{
    private readonly CancellationTokenSource _closing = new();
    private int _ended;
    private volatile bool _isClosed;
    private volatile bool _isAuthenticated;
    private long _lastReceived;

    internal WebSocketApiSession(long sequence, IWebSocketConnection socket, long openedAt)
    {
        Sequence = sequence;
        ConnectionId = "wsapi-" + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Socket = socket;
        _lastReceived = openedAt;
    }

    /// <summary>The session's number, increasing with each connect of the same client.</summary>
    public long Sequence { get; }

    /// <summary>The id used in logs.</summary>
    public string ConnectionId { get; }

    /// <summary>Whether <c>session.logon</c> succeeded on this connection (cleared when the server revokes it).</summary>
    public bool IsAuthenticated
    {
        get => _isAuthenticated;
        internal set => _isAuthenticated = value;
    }

    /// <summary>Whether the connection has ended; nothing more is sent on it.</summary>
    public bool IsClosed => _isClosed;

    internal IWebSocketConnection Socket { get; }

    internal ConcurrentDictionary<string, PendingRequest> Pending { get; } = new(StringComparer.Ordinal);

    internal SemaphoreSlim SendLock { get; } = new(1, 1);

    /// <summary>Completes with the reason when the connection ends.</summary>
    internal TaskCompletionSource<string> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the server announces a shutdown (<c>serverShutdown</c>).</summary>
    internal TaskCompletionSource ShutdownAnnounced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancelled when the session is aborted; ends the receive loop.</summary>
    internal CancellationToken Closing => _closing.Token;

    /// <summary>When the last frame arrived (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    internal long LastReceived
    {
        get => Interlocked.Read(ref _lastReceived);
        set => Interlocked.Exchange(ref _lastReceived, value);
    }

    /// <summary>Ends the session: marks it closed (before anything is failed, so no request slips in) and fails every pending request.</summary>
    /// <param name="reason">Why it ended.</param>
    /// <returns>False when it had already ended.</returns>
    internal bool TryEnd(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }

        _isClosed = true;
        try
        {
            _closing.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered on the token failed; the session ends regardless.
        }

        foreach (var (id, pending) in Pending)
        {
            pending.Completion.TrySetException(new WebSocketApiConnectionLostException(reason));
            Pending.TryRemove(id, out _);
        }

        Ended.TrySetResult(reason);
        return true;
    }

    /// <summary>Asks the receive loop to stop (it then ends the session with <paramref name="reason"/>).</summary>
    /// <param name="reason">Why.</param>
    internal void Abort(string reason) => TryEnd(reason);
}

/// <summary>A request awaiting its response.</summary>
/// <param name="method">The method, for logs.</param>
internal sealed class PendingRequest(string method)
{
    private long _sentAt;
    private volatile bool _isSent;

    /// <summary>The method, for logs.</summary>
    public string Method { get; } = method;

    /// <summary>Completes with the response, or fails with <see cref="WebSocketApiConnectionLostException"/>.</summary>
    public TaskCompletionSource<ExchangeResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the frame went out (a response before that is not its response).</summary>
    public bool IsSent => _isSent;

    /// <summary>When it was sent (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long SentAt => Interlocked.Read(ref _sentAt);

    /// <summary>Records the send time, immediately before the frame goes out.</summary>
    /// <param name="timestamp">The timestamp.</param>
    public void MarkSent(long timestamp)
    {
        Interlocked.Exchange(ref _sentAt, timestamp);
        _isSent = true;
    }
}

/// <summary>The connection ended while a request awaited its response (internal signal; callers see <see cref="Errors.ExchangeUnavailableException"/>).</summary>
internal sealed class WebSocketApiConnectionLostException : Exception
{
    public WebSocketApiConnectionLostException()
    {
    }

    public WebSocketApiConnectionLostException(string message)
        : base(message)
    {
    }

    public WebSocketApiConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
