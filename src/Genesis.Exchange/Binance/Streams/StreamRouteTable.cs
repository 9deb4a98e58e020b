namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// A thread-safe <see cref="IStreamNameResolver"/>: copy-on-write (adding and removing routes is rare, resolving is per
/// message), resolved through <see cref="Dictionary{TKey, TValue}.GetAlternateLookup{TAlternateKey}"/> on the name
/// transcoded into a stack buffer, so a lookup allocates nothing.
/// </summary>
internal sealed class StreamRouteTable : IStreamNameResolver
{
    private const int MaxNameLength = 256;
    private readonly Lock _gate = new();
    private Dictionary<string, StreamRoute> _routes = new(StringComparer.Ordinal);

    /// <summary>The number of routes.</summary>
    public int Count => Volatile.Read(ref _routes).Count;

    /// <summary>Adds or replaces the route of its stream name.</summary>
    /// <param name="route">The route.</param>
    public void Set(StreamRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        lock (_gate)
        {
            var copy = new Dictionary<string, StreamRoute>(_routes, StringComparer.Ordinal) { [route.Name] = route };
            Volatile.Write(ref _routes, copy);
        }
    }

    /// <summary>Removes the route of a stream name.</summary>
    /// <param name="name">The stream name.</param>
    /// <returns>True when it was there.</returns>
    public bool Remove(string name)
    {
        lock (_gate)
        {
            if (!_routes.ContainsKey(name))
            {
                return false;
            }

            var copy = new Dictionary<string, StreamRoute>(_routes, StringComparer.Ordinal);
            copy.Remove(name);
            Volatile.Write(ref _routes, copy);
            return true;
        }
    }

    /// <summary>The route of a stream name given as a string.</summary>
    /// <param name="name">The stream name.</param>
    /// <returns>The route, or null.</returns>
    public StreamRoute? Find(string name) => Volatile.Read(ref _routes).GetValueOrDefault(name);

    /// <inheritdoc />
    public StreamRoute? Resolve(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length > MaxNameLength)
        {
            return null;
        }

        Span<char> chars = stackalloc char[MaxNameLength];
        int length;
        if (System.Text.Unicode.Utf8.ToUtf16(utf8Name, chars, out _, out length, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return null;
        }

        var lookup = Volatile.Read(ref _routes).GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(chars[..length], out var route) ? route : null;
    }
}
