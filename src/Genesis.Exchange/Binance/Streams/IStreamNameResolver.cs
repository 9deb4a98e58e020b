namespace Genesis.Exchange.Binance.Streams;

/// <summary>Maps the UTF-8 stream name of a combined frame to its cached <see cref="StreamRoute"/>, without allocating.</summary>
internal interface IStreamNameResolver
{
    /// <summary>The route of a stream name, or null when no subscription wants it.</summary>
    /// <param name="utf8Name">The stream name as it appears in the frame (unescaped UTF-8).</param>
    /// <returns>The route, or null.</returns>
    StreamRoute? Resolve(ReadOnlySpan<byte> utf8Name);
}
