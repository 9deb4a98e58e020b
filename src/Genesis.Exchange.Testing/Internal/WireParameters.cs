namespace Genesis.Exchange.Testing.Internal;

/// <summary>Parses <c>a=1&amp;b=2</c> (query strings and form bodies) in order, and rebuilds the signed payload.</summary>
internal static class WireParameters
{
    /// <summary>Parses a raw query string (without '?') or form body, percent- and plus-decoding names and values.</summary>
    /// <param name="raw">The raw text.</param>
    /// <returns>The parameters in order.</returns>
    public static List<KeyValuePair<string, string>> Parse(string raw)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(raw))
        {
            return result;
        }

        foreach (var pair in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            result.Add(new(Decode(name), Decode(value)));
        }

        return result;
    }

    /// <summary>Removes every <c>signature=…</c> pair from a raw query string or body, keeping the rest byte for byte.</summary>
    /// <param name="raw">The raw text.</param>
    /// <returns>The text without the signature.</returns>
    public static string WithoutSignature(string raw)
    {
        if (string.IsNullOrEmpty(raw) || !raw.Contains("signature", StringComparison.Ordinal))
        {
            return raw;
        }

        var kept = raw.Split('&').Where(p => !p.StartsWith("signature=", StringComparison.Ordinal) && p != "signature");
        return string.Join('&', kept);
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
