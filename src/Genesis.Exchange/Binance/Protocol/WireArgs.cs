using System.Globalization;

namespace Genesis.Exchange.Binance.Protocol;

/// <summary>Writes typed argument values as Binance wire parameters and reads them back leniently (for weights).</summary>
internal static class WireArgs
{
    /// <summary>A parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The pair.</returns>
    public static KeyValuePair<string, string> P(string name, string value) => new(name, value);

    /// <summary>An integer parameter (invariant culture).</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The pair.</returns>
    public static KeyValuePair<string, string> P(string name, long value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds an integer parameter when it has a value.</summary>
    /// <param name="parameters">The list.</param>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    public static void AddIf(List<KeyValuePair<string, string>> parameters, string name, long? value)
    {
        if (value is { } v)
        {
            parameters.Add(P(name, v));
        }
    }

    /// <summary>Adds a time parameter (Unix milliseconds) when it has a value.</summary>
    /// <param name="parameters">The list.</param>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    public static void AddIf(List<KeyValuePair<string, string>> parameters, string name, DateTimeOffset? value) =>
        AddIf(parameters, name, value?.ToUnixTimeMilliseconds());

    /// <summary>A JSON array of symbol names, as <c>symbols</c> takes them: <c>["BTCUSDT","ETHUSDT"]</c>.</summary>
    /// <param name="symbols">The names.</param>
    /// <returns>The text.</returns>
    public static string SymbolList(IEnumerable<string> symbols) => "[" + string.Join(',', symbols.Select(s => "\"" + s + "\"")) + "]";

    /// <summary>The value of a parameter, or null.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value or null.</returns>
    public static string? Get(IReadOnlyList<KeyValuePair<string, string>> parameters, string name)
    {
        foreach (var (key, value) in parameters)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>An integer parameter, or null when missing or malformed.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value or null.</returns>
    public static long? Long(IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        long.TryParse(Get(parameters, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A limit parameter, or <paramref name="defaultValue"/> when missing or malformed (clamped to <see cref="int"/>).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="defaultValue">The documented default.</param>
    /// <returns>The limit.</returns>
    public static int Limit(IReadOnlyList<KeyValuePair<string, string>> parameters, int defaultValue) =>
        Long(parameters, "limit") is { } limit ? (int)Math.Clamp(limit, int.MinValue, int.MaxValue) : defaultValue;

    /// <summary>A decimal parameter, or null when missing or malformed.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value or null.</returns>
    public static decimal? Decimal(IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        decimal.TryParse(Get(parameters, name), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A time parameter (Unix milliseconds), or null when missing or malformed.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value or null.</returns>
    public static DateTimeOffset? Time(IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        Long(parameters, name) is { } ms && ms >= 0 && ms <= 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>A boolean parameter (<c>true</c>, any case), false otherwise.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static bool Flag(IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        string.Equals(Get(parameters, name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The names in a <c>symbols</c> parameter (<c>["A","B"]</c>), read leniently: brackets, quotes and blanks are
    /// dropped, so a malformed list still counts its entries. Null when the parameter is missing.
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="name">The name.</param>
    /// <returns>The names or null.</returns>
    public static IReadOnlyList<string>? Symbols(IReadOnlyList<KeyValuePair<string, string>> parameters, string name = "symbols")
    {
        if (Get(parameters, name) is not { } text)
        {
            return null;
        }

        return text.Trim().TrimStart('[').TrimEnd(']')
            .Split(',', StringSplitOptions.TrimEntries)
            .Select(s => s.Trim('"'))
            .Where(s => s.Length > 0)
            .ToArray();
    }
}
