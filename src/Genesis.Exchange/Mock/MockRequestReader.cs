using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Mock;

/// <summary>Reads Binance request parameters and raises Binance's own errors for missing or malformed ones.</summary>
internal static class MockRequestReader
{
    /// <summary>A required parameter; -1102 when missing.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static string Required(ExchangeRequest request, string name)
    {
        var value = request.GetParameter(name);
        return string.IsNullOrEmpty(value) ? throw MockApiException.Mandatory(name) : value;
    }

    /// <summary>An optional decimal; -1100 when malformed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value or null.</returns>
    public static decimal? Decimal(ExchangeRequest request, string name)
    {
        var value = request.GetParameter(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // Binance's request rule (digits, optional fraction; no sign) on top of the one decimal reader.
        return char.IsAsciiDigit(value[0]) && char.IsAsciiDigit(value[^1]) && value.Length <= 41
            && Binance.Json.FastDecimal.TryParse(System.Text.Encoding.ASCII.GetBytes(value), out var d)
            ? d
            : throw new MockApiException(-1100, $"Illegal characters found in parameter '{name}'; legal range is '^([0-9]{{1,20}})(\\.[0-9]{{1,20}})?$'.");
    }

    /// <summary>An optional integer; -1100 when malformed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The name.</param>
    /// <returns>The value or null.</returns>
    public static long? Long(ExchangeRequest request, string name)
    {
        var value = request.GetParameter(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l
            : throw new MockApiException(-1100, $"Illegal characters found in parameter '{name}'; legal range is '^[0-9]{{1,20}}$'.");
    }

    /// <summary>The <c>limit</c> parameter, defaulted and bounded; -1100 when malformed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="defaultValue">The default.</param>
    /// <param name="max">The maximum.</param>
    /// <returns>The limit.</returns>
    public static int Limit(ExchangeRequest request, int defaultValue, int max)
    {
        var limit = Long(request, "limit") ?? defaultValue;
        return (int)Math.Clamp(limit, 1, max);
    }

    /// <summary>The <c>symbols</c> parameter (a JSON array of names), or null; -1100 when malformed.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The names or null.</returns>
    public static List<string>? Symbols(ExchangeRequest request)
    {
        var value = request.GetParameter("symbols");
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(value);
            var names = new List<string>();
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                names.Add(item.GetString() ?? throw new MockApiException(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'."));
            }

            return names;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new MockApiException(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
        }
    }
}
