using System.Globalization;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/uiKlines</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Interval">The interval.</param>
/// <param name="Limit">How many klines (documented default 500, maximum 1000).</param>
/// <param name="StartTime">The start time (always UTC), or null.</param>
/// <param name="EndTime">The end time (always UTC), or null.</param>
/// <param name="TimeZone">The offset the intervals are aligned to, or null for UTC (sent as <c>timeZone</c>).</param>
internal sealed record UiKlinesArgs(
    string Symbol, KlineInterval Interval, int Limit = 500, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null, TimeSpan? TimeZone = null)
    : IEndpointArgs<UiKlinesArgs>
{
    /// <inheritdoc />
    public static UiKlinesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var interval = KlineIntervalExtensions.TryParse(Get(parameters, "interval"), out var parsed) ? parsed : default;
        TimeSpan? timeZone = KlineTimeZone.TryParse(Get(parameters, "timeZone"), out var offset) ? offset : null;
        return new(Get(parameters, "symbol") ?? string.Empty, interval, WireArgs.Limit(parameters, 500), Time(parameters, "startTime"), Time(parameters, "endTime"), timeZone);
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(6) { P("symbol", Symbol), P("interval", Interval.ToWire()) };
        AddIf(p, "startTime", StartTime);
        AddIf(p, "endTime", EndTime);
        if (TimeZone is { } offset)
        {
            p.Add(P("timeZone", KlineTimeZone.Format(offset)));
        }

        p.Add(P("limit", Limit));
        return p;
    }
}

/// <summary>
/// The <c>timeZone</c> parameter of <c>klines</c>/<c>uiKlines</c>: hours and minutes (<c>-1:00</c>, <c>05:45</c>) or
/// hours only (<c>0</c>, <c>8</c>), within [-12:00, +14:00] inclusive (<c>rest-api.md</c>).
/// </summary>
internal static class KlineTimeZone
{
    /// <summary>The lowest accepted offset.</summary>
    public static readonly TimeSpan Min = TimeSpan.FromHours(-12);

    /// <summary>The highest accepted offset.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(14);

    /// <summary>Whether an offset is one Binance accepts: whole minutes within [-12:00, +14:00].</summary>
    /// <param name="offset">The offset.</param>
    /// <returns>True when accepted.</returns>
    public static bool IsValid(TimeSpan offset) =>
        offset >= Min && offset <= Max && offset.Ticks % TimeSpan.TicksPerMinute == 0;

    /// <summary>Formats an offset the documented way (<c>-1:00</c>, <c>5:45</c>, <c>0:00</c>).</summary>
    /// <param name="offset">A valid offset.</param>
    /// <returns>The wire text.</returns>
    public static string Format(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : string.Empty;
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)abs.TotalHours}:{abs.Minutes:00}");
    }

    /// <summary>Parses <c>[+|-]H[H][:MM]</c> within the accepted range.</summary>
    /// <param name="text">The wire text, or null.</param>
    /// <param name="offset">The offset when accepted.</param>
    /// <returns>True when the text is an accepted offset.</returns>
    public static bool TryParse(string? text, out TimeSpan offset)
    {
        offset = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = span[0] == '-';
        if (span[0] is '-' or '+')
        {
            span = span[1..];
        }

        var colon = span.IndexOf(':');
        var hoursText = colon < 0 ? span : span[..colon];
        var minutesText = colon < 0 ? "0".AsSpan() : span[(colon + 1)..];
        if (hoursText.Length is < 1 or > 2 || (colon >= 0 && minutesText.Length != 2)
            || !int.TryParse(hoursText, NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(minutesText, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59)
        {
            return false;
        }

        var value = new TimeSpan(hours, minutes, 0);
        value = negative ? -value : value;
        if (!IsValid(value))
        {
            return false;
        }

        offset = value;
        return true;
    }
}
