using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.Json;

/// <summary>
/// Strict readers for Binance JSON values: numbers arrive as strings and are parsed to <see cref="decimal"/> with the
/// invariant culture; what is not a number (NaN, Infinity, text) or a negative price is rejected with a
/// <see cref="MalformedResponseException"/>, never a crash.
/// </summary>
internal static class JsonValues
{

    public static decimal Decimal(JsonElement parent, string name) => ToDecimal(Required(parent, name), name);

    public static decimal DecimalOr(JsonElement parent, string name, decimal fallback) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null ? ToDecimal(value, name) : fallback;

    /// <summary>A price, quantity or amount: a finite, non-negative decimal.</summary>
    public static decimal NonNegative(JsonElement parent, string name)
    {
        var value = Decimal(parent, name);
        return value >= 0 ? value : throw Malformed($"'{name}' is negative ({value.ToString(CultureInfo.InvariantCulture)}).");
    }

    public static decimal NonNegativeOr(JsonElement parent, string name, decimal fallback)
    {
        var value = DecimalOr(parent, name, fallback);
        return value >= 0 ? value : throw Malformed($"'{name}' is negative ({value.ToString(CultureInfo.InvariantCulture)}).");
    }

    public static decimal ToDecimal(JsonElement value, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                // Fast path without allocating a string: the raw UTF-8 token minus its quotes (no escapes in numbers).
                var raw = JsonMarshal.GetRawUtf8Value(value);
                var digits = raw.Length >= 2 ? raw[1..^1] : raw;
                if (digits.IndexOf((byte)'\\') < 0 && FastDecimal.TryParse(digits, out var fast))
                {
                    return fast;
                }

                // Escaped: unescape, then the same rule.
                var text = value.GetString();
                if (text is { Length: <= 96 } && FastDecimal.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var parsed))
                {
                    return parsed;
                }

                throw Malformed($"'{name}' is not a number: '{Excerpt(text)}'.");
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out var number))
                {
                    return number;
                }

                throw Malformed($"'{name}' is out of range.");
            default:
                throw Malformed($"'{name}' has JSON type {value.ValueKind}, expected a decimal string.");
        }
    }


    public static long Long(JsonElement parent, string name)
    {
        var value = Required(parent, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l)
            ? l
            : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out l)
                ? l
                : throw Malformed($"'{name}' is not an integer.");
    }

    public static long LongOr(JsonElement parent, string name, long fallback) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Long(parent, name) : fallback;

    /// <summary>A required 32-bit integer (a number, or a number sent as a string).</summary>
    public static int Int(JsonElement parent, string name) =>
        Required(parent, name).ValueKind == JsonValueKind.Null ? throw Malformed($"'{name}' is null.") : IntOr(parent, name, 0);

    /// <summary>A 64-bit integer, or null when absent or null.</summary>
    public static long? LongOrNull(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Long(parent, name) : null;

    /// <summary>A string, or null when absent or null; any other JSON type is rejected.</summary>
    public static string? StringOrNull(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? String(parent, name) : null;

    /// <summary>An integer, or <paramref name="fallback"/> when absent or null. A number sent as a string is parsed; anything else is rejected, never replaced by the fallback.</summary>
    public static int IntOr(JsonElement parent, string name, int fallback)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out i)
                ? i
                : throw Malformed($"'{name}' is not a 32-bit integer ({value.ValueKind}).");
    }

    /// <summary>
    /// A string value; when it equals one of <paramref name="known"/> that shared instance is returned, so the wire
    /// names of enums (repeated thousands of times in exchange info) allocate nothing. Any other JSON type is rejected.
    /// </summary>
    public static string KnownString(JsonElement value, string name, WireNames known)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Malformed($"'{name}' is {value.ValueKind}, not a string.");
        }

        return known.TryMatch(value, out var shared) ? shared : value.GetString()!;
    }

    /// <summary>A string (see <see cref="KnownString"/>), or null when absent or null.</summary>
    public static string? KnownStringOrNull(JsonElement parent, string name, WireNames known) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? KnownString(value, name, known) : null;

    /// <summary>A boolean, or null when absent or null (see <see cref="BoolOr"/> for what is accepted).</summary>
    public static bool? BoolOrNull(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? BoolOr(parent, name, false) : null;

    /// <summary>A 32-bit integer, or null when absent or null (see <see cref="IntOr"/> for what is accepted).</summary>
    public static int? IntOrNull(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? IntOr(parent, name, 0) : null;

    /// <summary>
    /// A time, or null when absent, null or negative: Binance sends -1 for a time that has not happened yet
    /// (<c>workingTime</c> of a pending order, <c>trailingTime</c> of a trailing order not yet active).
    /// </summary>
    public static DateTimeOffset? TimeOrNullWhenNegative(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && Long(parent, name) >= 0 ? Time(parent, name) : null;

    public static string String(JsonElement parent, string name)
    {
        var value = Required(parent, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Malformed($"'{name}' is not a string.");
    }

    /// <summary>A string, or <paramref name="fallback"/> when absent or null; any other JSON type is rejected.</summary>
    public static string StringOr(JsonElement parent, string name, string fallback)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Malformed($"'{name}' is not a string ({value.ValueKind}).");
    }

    /// <summary>
    /// A boolean, or <paramref name="fallback"/> when absent or null. <c>"true"</c>/<c>"false"</c> sent as strings are
    /// parsed; anything else is rejected, so a value the exchange did send never silently becomes the fallback.
    /// </summary>
    public static bool BoolOr(JsonElement parent, string name, bool fallback)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed):
                return parsed;
            default:
                throw Malformed($"'{name}' is not a boolean ({value.ValueKind}{(value.ValueKind == JsonValueKind.String ? ": '" + Excerpt(value.GetString()) + "'" : string.Empty)}).");
        }
    }

    /// <summary>A required boolean (true/false, or "true"/"false" sent as a string).</summary>
    public static bool Bool(JsonElement parent, string name) =>
        Required(parent, name).ValueKind == JsonValueKind.Null ? throw Malformed($"'{name}' is null.") : BoolOr(parent, name, false);

    /// <summary>A required time in ms or µs (see <see cref="TryFromUnixTime"/>), to the tick.</summary>
    public static DateTimeOffset Time(JsonElement parent, string name)
    {
        var value = Long(parent, name);
        return TryFromUnixTime(value, out var time) ? time : throw Malformed($"'{name}' ({value.ToString(CultureInfo.InvariantCulture)}) is out of the range of times.");
    }

    /// <summary>A time in ms or µs, or null when absent or null: "not sent" is never a made-up time.</summary>
    public static DateTimeOffset? TimeOrNull(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Time(parent, name) : null;

    /// <summary>A decimal, or null when absent or null.</summary>
    public static decimal? DecimalOrNull(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? ToDecimal(value, name) : null;

    /// <summary>A non-negative decimal, or null when absent or null.</summary>
    public static decimal? NonNegativeOrNull(JsonElement parent, string name)
    {
        var value = DecimalOrNull(parent, name);
        return value is not { } v || v >= 0 ? value : throw Malformed($"'{name}' is negative ({v.ToString(CultureInfo.InvariantCulture)}).");
    }

    /// <summary>A Binance time in ms or µs, to the tick; see <see cref="TryFromUnixTime"/>.</summary>
    /// <param name="milliseconds">The value as sent (ms by default, µs when <c>X-MBX-TIME-UNIT</c>/<c>timeUnit</c> asked for them).</param>
    /// <returns>The time.</returns>
    public static DateTimeOffset FromMilliseconds(long milliseconds) =>
        TryFromUnixTime(milliseconds, out var time) ? time : throw Malformed($"timestamp {milliseconds} is out of range.");

    /// <summary>
    /// The one reader of Binance times, used by the REST and the stream parsers. Binance sends every time in
    /// milliseconds, or in microseconds when asked (<c>X-MBX-TIME-UNIT: MICROSECOND</c> on REST, <c>timeUnit=MICROSECOND</c>
    /// on stream URLs). The two ranges cannot be confused for any time between 1970-07-13 and the year 2500: a value
    /// above the year 2500 in milliseconds is microseconds. So the reader needs no setting, a response in either unit is
    /// read right, and microseconds keep their precision (<see cref="DateTimeOffset"/> holds 100 ns ticks).
    /// </summary>
    /// <param name="value">Milliseconds or microseconds since the Unix epoch.</param>
    /// <param name="time">The time, to the tick.</param>
    /// <returns>False when the value is outside <see cref="DateTimeOffset"/>'s range.</returns>
    public static bool TryFromUnixTime(long value, out DateTimeOffset time)
    {
        if (value > MaxMilliseconds)
        {
            if (value <= MaxMicroseconds)
            {
                time = DateTimeOffset.UnixEpoch.AddTicks(value * TicksPerMicrosecond);
                return true;
            }
        }
        else if (value >= MinMilliseconds)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(value);
            return true;
        }

        time = default;
        return false;
    }

    /// <summary>The year 2500 in Unix milliseconds: larger values are microseconds.</summary>
    internal const long MaxMilliseconds = 16_725_225_600_000;

    private const long MinMilliseconds = -62_135_596_800_000;
    private const long MaxMicroseconds = 253_402_300_799_999_999;
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static JsonElement Required(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"expected a JSON object holding '{name}', got {parent.ValueKind}.");
        }

        return parent.TryGetProperty(name, out var value) ? value : throw Malformed($"missing field '{name}'.");
    }

    public static JsonElement Array(JsonElement parent, string name)
    {
        var value = Required(parent, name);
        return value.ValueKind == JsonValueKind.Array ? value : throw Malformed($"'{name}' is not an array.");
    }

    public static MalformedResponseException Malformed(string message) => new($"Malformed exchange response: {message}");

    private static string Excerpt(string? text) => text is null ? "null" : text.Length <= 40 ? text : text[..40] + "…";
}
