using System.Text;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>
/// A subscribed stream as the parser and the dispatcher see it, built once per subscription: its name, the upper-case
/// symbol every record of it carries (cached, so a message allocates no string), and the kind of record it delivers.
/// </summary>
internal sealed class StreamRoute
{
    /// <summary>Creates the route of <paramref name="name"/>.</summary>
    /// <param name="name">The stream name, e.g. <c>btcusdt@trade</c> or <c>!miniTicker@arr</c>.</param>
    /// <param name="kind">The record kind the stream delivers.</param>
    public StreamRoute(string name, StreamMessageKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        Symbol = name.StartsWith('!') ? string.Empty : StreamNames.SymbolOf(name);
        SymbolUtf8 = Encoding.UTF8.GetBytes(Symbol);
        NameUtf8 = Encoding.UTF8.GetBytes(name);
    }

    /// <summary>The stream name.</summary>
    public string Name { get; }

    /// <summary>The symbol, upper case (empty for all-market streams).</summary>
    public string Symbol { get; }

    /// <summary>The kind of record the stream delivers.</summary>
    public StreamMessageKind Kind { get; }

    /// <summary>Any state the dispatcher hangs on the route (e.g. its subscription entry).</summary>
    public object? State { get; init; }

    /// <summary><see cref="Symbol"/> in UTF-8, compared with a payload's <c>s</c> without allocating.</summary>
    internal byte[] SymbolUtf8 { get; }

    /// <summary><see cref="Name"/> in UTF-8, compared with a frame's stream name without transcoding.</summary>
    internal byte[] NameUtf8 { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
