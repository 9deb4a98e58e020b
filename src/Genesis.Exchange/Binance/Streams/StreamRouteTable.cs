namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// A thread-safe <see cref="IStreamNameResolver"/>: copy-on-write (adding and removing routes is rare, resolving is per
/// message), keyed by the UTF-8 bytes of the names themselves (a hash of the frame's bytes, then a byte comparison), so
/// a lookup neither transcodes nor allocates.
/// </summary>
internal sealed class StreamRouteTable : IStreamNameResolver
{
    private readonly Lock _gate = new();
    private Snapshot _snapshot = new(new Dictionary<string, StreamRoute>(StringComparer.Ordinal));

    /// <summary>The number of routes.</summary>
    public int Count => Volatile.Read(ref _snapshot).ByName.Count;

    /// <summary>Adds or replaces the route of its stream name.</summary>
    /// <param name="route">The route.</param>
    public void Set(StreamRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        lock (_gate)
        {
            var copy = new Dictionary<string, StreamRoute>(_snapshot.ByName, StringComparer.Ordinal) { [route.Name] = route };
            Volatile.Write(ref _snapshot, new Snapshot(copy));
        }
    }

    /// <summary>Removes the route of a stream name.</summary>
    /// <param name="name">The stream name.</param>
    /// <returns>True when it was there.</returns>
    public bool Remove(string name)
    {
        lock (_gate)
        {
            if (!_snapshot.ByName.ContainsKey(name))
            {
                return false;
            }

            var copy = new Dictionary<string, StreamRoute>(_snapshot.ByName, StringComparer.Ordinal);
            copy.Remove(name);
            Volatile.Write(ref _snapshot, new Snapshot(copy));
            return true;
        }
    }

    /// <summary>The stream names routed now.</summary>
    /// <returns>A copy of the names.</returns>
    public string[] Names() => [.. Volatile.Read(ref _snapshot).ByName.Keys];

    /// <summary>The route of a stream name, if any.</summary>
    /// <param name="name">The stream name.</param>
    /// <returns>The route, or null.</returns>
    public StreamRoute? Find(string name) => Volatile.Read(ref _snapshot).ByName.GetValueOrDefault(name);

    /// <inheritdoc />
    public StreamRoute? Resolve(ReadOnlySpan<byte> utf8Name)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot.ByHash.TryGetValue(Hash(utf8Name), out var candidates))
        {
            foreach (var route in candidates)
            {
                if (utf8Name.SequenceEqual(route.NameUtf8))
                {
                    return route;
                }
            }
        }

        return null;
    }

    private static int Hash(ReadOnlySpan<byte> utf8Name)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8Name);
        return hash.ToHashCode();
    }

    /// <summary>One immutable state: by name for the owner, by the hash of the UTF-8 name for the parser.</summary>
    private sealed class Snapshot
    {
        public Snapshot(Dictionary<string, StreamRoute> byName)
        {
            ByName = byName;
            ByHash = byName.Values.GroupBy(r => Hash(r.NameUtf8)).ToDictionary(g => g.Key, g => g.ToArray());
        }

        public Dictionary<string, StreamRoute> ByName { get; }

        public Dictionary<int, StreamRoute[]> ByHash { get; }
    }
}
