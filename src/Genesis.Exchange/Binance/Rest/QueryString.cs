using System.Text;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>Builds Binance query strings: parameters in order, names and values percent-encoded as UTF-8 (RFC 3986).</summary>
internal static class QueryString
{
    /// <summary>Builds <c>a=1&amp;b=2</c> from parameters.</summary>
    /// <param name="parameters">The parameters in order.</param>
    /// <returns>The encoded query string (no leading '?').</returns>
    public static string Build(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new StringBuilder(128);
        foreach (var (key, value) in parameters)
        {
            Append(builder, key, value);
        }

        return builder.ToString();
    }

    /// <summary>Appends one encoded parameter.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    public static void Append(StringBuilder builder, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Length > 0)
        {
            builder.Append('&');
        }

        builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }
}
