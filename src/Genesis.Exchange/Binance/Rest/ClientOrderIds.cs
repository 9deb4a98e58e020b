using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>Client order ids: generated unique ids, and the format Binance accepts (<c>^[a-zA-Z0-9-_]{1,36}$</c>).</summary>
public static partial class ClientOrderIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Generates an id: the prefix followed by random characters, 36 characters at most.</summary>
    /// <param name="prefix">A valid prefix (at most 12 characters).</param>
    /// <returns>The id.</returns>
    public static string New(string prefix = "gx-")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 12 || (prefix.Length > 0 && !IsValid(prefix)))
        {
            throw new ArgumentException("The client order id prefix must be at most 12 characters of letters, digits, '-' or '_'.", nameof(prefix));
        }

        return prefix + RandomNumberGenerator.GetString(Alphabet, 22);
    }

    /// <summary>Whether an id matches Binance's format.</summary>
    /// <param name="clientOrderId">The id.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(string? clientOrderId) => clientOrderId is not null && Pattern().IsMatch(clientOrderId);

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,36}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
