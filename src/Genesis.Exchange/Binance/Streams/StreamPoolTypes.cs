namespace Genesis.Exchange.Binance.Streams;

/// <summary>What a pooled connection is for.</summary>
public enum StreamConnectionRole
{
    /// <summary>Streams a strategy trades on (subscriptions with <see cref="Abstractions.StreamRole.Execution"/>).</summary>
    Execution,

    /// <summary>Market monitoring (the default role of a subscription).</summary>
    Monitoring,

    /// <summary>Carries the streams of a failed connection until it is back.</summary>
    Backup,
}

/// <summary>Where a pooled connection stands.</summary>
public enum StreamConnectionState
{
    /// <summary>Created, nothing to carry yet.</summary>
    Idle,

    /// <summary>Opening a socket.</summary>
    Connecting,

    /// <summary>Open; subscribing its streams.</summary>
    Subscribing,

    /// <summary>Open and every stream confirmed.</summary>
    Live,

    /// <summary>The socket failed; waiting to reconnect (backoff).</summary>
    Reconnecting,

    /// <summary>Closed for good (replaced, or the client disposed).</summary>
    Retired,
}

/// <summary>What happened to a pooled connection.</summary>
public enum StreamConnectionEventKind
{
    /// <summary>A socket opened and its streams were confirmed.</summary>
    Connected,

    /// <summary>A socket ended (it reconnects with backoff).</summary>
    Disconnected,

    /// <summary>The server announced a shutdown (<c>serverShutdown</c>); a replacement is being opened.</summary>
    ServerShutdown,

    /// <summary>The connection reached its configured lifetime; a replacement is being opened.</summary>
    RenewalStarted,

    /// <summary>The replacement carries every stream; the old connection was closed.</summary>
    Renewed,

    /// <summary>The streams of a failed connection moved to a backup connection.</summary>
    FailedOver,

    /// <summary>A recovered connection took its streams back from the backup.</summary>
    FailedBack,

    /// <summary>The server refused to subscribe a stream.</summary>
    SubscribeRefused,
}

/// <summary>A connection event of the stream pool.</summary>
public sealed class StreamConnectionEventArgs : EventArgs
{
    internal StreamConnectionEventArgs(StreamConnectionEventKind kind, string connection, StreamConnectionRole role, string reason, int streams, DateTimeOffset time)
    {
        Kind = kind;
        Connection = connection;
        Role = role;
        Reason = reason;
        Streams = streams;
        Time = time;
    }

    /// <summary>What happened.</summary>
    public StreamConnectionEventKind Kind { get; }

    /// <summary>The connection's name.</summary>
    public string Connection { get; }

    /// <summary>The connection's role.</summary>
    public StreamConnectionRole Role { get; }

    /// <summary>Why, in words (the close reason, the refused stream and the server's message…).</summary>
    public string Reason { get; }

    /// <summary>How many streams the event concerns.</summary>
    public int Streams { get; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Time { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Connection} ({Role}, {Streams} streams): {Reason}";
}

/// <summary>Health of one pooled connection.</summary>
/// <param name="Name">The connection's name.</param>
/// <param name="Role">Its role.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Streams">Streams it carries.</param>
/// <param name="LastMessageAge">Time since its last message (<see langword="null"/> before any).</param>
/// <param name="MessagesPerSecond">Messages per second since the previous health reading (or since it opened).</param>
/// <param name="Messages">Messages received in total.</param>
/// <param name="Reconnects">Sockets re-opened after a failure.</param>
/// <param name="Failovers">Times its streams moved to a backup connection.</param>
/// <param name="Latency">Event time to receive time, corrected by the server clock offset (a moving average; <see langword="null"/> before any timed event).</param>
public sealed record StreamConnectionHealth(
    string Name,
    StreamConnectionRole Role,
    StreamConnectionState State,
    int Streams,
    TimeSpan? LastMessageAge,
    double MessagesPerSecond,
    long Messages,
    long Reconnects,
    long Failovers,
    TimeSpan? Latency);
