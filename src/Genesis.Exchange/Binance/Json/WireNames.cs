using System.Text;

namespace Genesis.Exchange.Binance.Json;

/// <summary>
/// A fixed list of Binance wire names (the values of one enum), kept as strings and as UTF-8, so a JSON value can be
/// matched against them without decoding it and the matching shared string is returned instead of a new one.
/// </summary>
internal sealed class WireNames
{
    private readonly byte[][] _utf8;

    /// <summary>Creates the list.</summary>
    /// <param name="names">The wire names, in the order of the enum's members after Unknown.</param>
    public WireNames(params string[] names)
    {
        Names = names;
        _utf8 = System.Array.ConvertAll(names, Encoding.UTF8.GetBytes);
    }

    /// <summary>The wire names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The position of a wire name, or -1.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The index, or -1 when not listed (or null).</returns>
    public int IndexOf(string? value)
    {
        if (value is null)
        {
            return -1;
        }

        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The shared string equal to a JSON string value, if it is one of the names.</summary>
    /// <param name="value">A JSON string.</param>
    /// <param name="name">The listed name, or null.</param>
    /// <returns>Whether the value is listed.</returns>
    public bool TryMatch(System.Text.Json.JsonElement value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name)
    {
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (value.ValueEquals(_utf8[i]))
            {
                name = Names[i];
                return true;
            }
        }

        name = null;
        return false;
    }
}
