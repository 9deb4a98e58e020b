namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of an endpoint that takes none (ping, time).</summary>
internal sealed record NoArgs : IEndpointArgs<NoArgs>
{
    private static readonly KeyValuePair<string, string>[] None = [];

    private NoArgs()
    {
    }

    /// <summary>The only value.</summary>
    public static NoArgs Instance { get; } = new();

    /// <inheritdoc />
    public static NoArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) => Instance;

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => None;
}
