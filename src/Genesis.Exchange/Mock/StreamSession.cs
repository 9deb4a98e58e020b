namespace Genesis.Exchange.Mock;

/// <summary>
/// What one stream connection of a Binance-like stream server has asked for: its streams, its <c>combined</c>
/// property and its time unit. It answers the connection's control messages (<see cref="StreamControlHandler"/>)
/// and formats the frames the connection receives (<see cref="StreamFrameWriter"/>). Shared by the mock's in-memory
/// stream server and the fake server, so both speak the same protocol. Thread-safe.
/// </summary>
internal sealed class StreamSession
{
    private readonly Lock _gate = new();
    private readonly List<string> _streams = [];
    private readonly Func<string, bool> _canServe;
    private bool _combined;

    /// <summary>Creates the session.</summary>
    /// <param name="streams">The streams named in the connection URL.</param>
    /// <param name="combined">Whether frames are wrapped as <c>{"stream":…,"data":…}</c> (<c>/stream</c> connections).</param>
    /// <param name="microseconds">Whether times are written in microseconds (<c>timeUnit=MICROSECOND</c>).</param>
    /// <param name="canServe">Whether the server publishes on a stream; a SUBSCRIBE naming another is refused.</param>
    public StreamSession(IEnumerable<string> streams, bool combined, bool microseconds, Func<string, bool> canServe)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(canServe);
        _combined = combined;
        _canServe = canServe;
        Microseconds = microseconds;
        foreach (var stream in streams)
        {
            AddStream(stream);
        }
    }

    /// <summary>Whether times are written in microseconds.</summary>
    public bool Microseconds { get; }

    /// <summary>The <c>combined</c> property (SET_PROPERTY / GET_PROPERTY).</summary>
    public bool Combined
    {
        get
        {
            lock (_gate)
            {
                return _combined;
            }
        }

        set
        {
            lock (_gate)
            {
                _combined = value;
            }
        }
    }

    /// <summary>Whether the server publishes on <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream name.</param>
    /// <returns>True when a SUBSCRIBE to it is accepted.</returns>
    public bool CanServe(string stream) => _canServe(stream);

    /// <summary>Answers one control message (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY).</summary>
    /// <param name="message">The UTF-8 JSON message.</param>
    /// <returns>The answer frame.</returns>
    public ReadOnlyMemory<byte> HandleControl(ReadOnlySpan<byte> message) => StreamControlHandler.Handle(message, this);

    /// <summary>The frame this connection receives for an event on <paramref name="stream"/>; null when it is not subscribed.</summary>
    /// <param name="stream">The stream the event is published on.</param>
    /// <param name="payload">Produces the unwrapped payload, with times in microseconds when asked (true) or milliseconds.</param>
    /// <returns>The frame, or null.</returns>
    public ReadOnlyMemory<byte>? Frame(string stream, Func<bool, ReadOnlyMemory<byte>> payload)
    {
        bool combined;
        lock (_gate)
        {
            if (!_streams.Contains(stream))
            {
                return null;
            }

            combined = _combined;
        }

        var data = payload(Microseconds);
        return combined ? StreamFrameWriter.Combined(stream, data) : data;
    }

    /// <summary>The <c>serverShutdown</c> frame.</summary>
    /// <param name="time">The event time.</param>
    /// <returns>The frame.</returns>
    public ReadOnlyMemory<byte> ShutdownFrame(DateTimeOffset time)
    {
        var data = StreamFrameWriter.ServerShutdown(time, Microseconds);
        return Combined ? StreamFrameWriter.Combined("!serverShutdown", data) : data;
    }

    /// <summary>Adds a stream (idempotent).</summary>
    /// <param name="stream">The stream name.</param>
    public void AddStream(string stream)
    {
        lock (_gate)
        {
            if (!_streams.Contains(stream))
            {
                _streams.Add(stream);
            }
        }
    }

    /// <summary>Removes a stream.</summary>
    /// <param name="stream">The stream name.</param>
    public void RemoveStream(string stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
        }
    }

    /// <summary>The subscribed streams, in subscription order.</summary>
    /// <returns>A copy of the list.</returns>
    public string[] ListStreams()
    {
        lock (_gate)
        {
            return [.. _streams];
        }
    }

    /// <summary>
    /// Reads a stream connection URL as Binance does: <c>/ws/&lt;stream&gt;/&lt;stream&gt;</c> (raw payloads) or
    /// <c>/stream?streams=a/b</c> (combined), and <c>timeUnit=MICROSECOND</c> in the query.
    /// </summary>
    /// <param name="path">The URL path.</param>
    /// <param name="query">The query string (with or without the leading <c>?</c>).</param>
    /// <returns>The streams, whether combined, whether microseconds.</returns>
    public static (string[] Streams, bool Combined, bool Microseconds) ParseUrl(string path, string query)
    {
        string? streamList = null;
        var microseconds = false;
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (name == "streams")
            {
                streamList = value;
            }
            else if (name == "timeUnit")
            {
                microseconds = value is "MICROSECOND" or "microsecond";
            }
        }

        var combined = !path.StartsWith("/ws", StringComparison.Ordinal);
        if (!combined)
        {
            streamList = path.Length > 3 ? path[4..] : string.Empty;
        }

        var streams = (streamList ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (streams, combined, microseconds);
    }
}
