using System.Globalization;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/ticker</c> (rolling window): one symbol or several, a window and FULL or MINI.</summary>
/// <param name="Symbol">One symbol, or null.</param>
/// <param name="Symbols">Several symbols (at most 100), or null.</param>
/// <param name="WindowSize">The window (1–59 minutes, 1–23 hours or 1–7 days), or null for Binance's default of one day.</param>
/// <param name="Mini">Whether to ask for <c>type=MINI</c> (no price change, average or previous close).</param>
internal sealed record RollingTickerArgs(string? Symbol = null, IReadOnlyList<string>? Symbols = null, TimeSpan? WindowSize = null, bool Mini = false)
    : IEndpointArgs<RollingTickerArgs>
{
    /// <summary>The most symbols one request may name.</summary>
    public const int MaxSymbols = 100;

    /// <summary>How many symbols the request names (1 for <see cref="Symbol"/>).</summary>
    public int SymbolCount => Symbol is not null ? 1 : Symbols?.Count ?? 0;

    /// <inheritdoc />
    public static RollingTickerArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        TimeSpan? window = TickerWindow.TryParse(Get(parameters, "windowSize"), out var parsed) ? parsed : null;
        return new(Get(parameters, "symbol"), WireArgs.Symbols(parameters), window, string.Equals(Get(parameters, "type"), "MINI", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(4);
        if (Symbol is not null)
        {
            p.Add(P("symbol", Symbol));
        }

        if (Symbols is not null)
        {
            p.Add(P("symbols", SymbolList(Symbols)));
        }

        if (WindowSize is { } window)
        {
            p.Add(P("windowSize", TickerWindow.Format(window)));
        }

        if (Mini)
        {
            p.Add(P("type", "MINI"));
        }

        return p;
    }
}

/// <summary>The <c>windowSize</c> of the rolling-window ticker: <c>1m</c>…<c>59m</c>, <c>1h</c>…<c>23h</c>, <c>1d</c>…<c>7d</c>; units never combined.</summary>
internal static class TickerWindow
{
    /// <summary>Whether a window is one Binance accepts.</summary>
    /// <param name="window">The window.</param>
    /// <returns>True when accepted.</returns>
    public static bool IsValid(TimeSpan window) => TryUnit(window, out _, out _);

    /// <summary>Formats an accepted window in its largest whole unit (<c>90m</c> is not accepted; <c>60m</c> is sent as <c>1h</c>).</summary>
    /// <param name="window">An accepted window.</param>
    /// <returns>The wire text.</returns>
    public static string Format(TimeSpan window) =>
        TryUnit(window, out var count, out var unit)
            ? count.ToString(CultureInfo.InvariantCulture) + unit
            : throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be 1–59 minutes, 1–23 hours or 1–7 days.");

    /// <summary>Parses <c>Nm</c>, <c>Nh</c> or <c>Nd</c> within the accepted ranges.</summary>
    /// <param name="text">The wire text, or null.</param>
    /// <param name="window">The window when accepted.</param>
    /// <returns>True when accepted.</returns>
    public static bool TryParse(string? text, out TimeSpan window)
    {
        window = default;
        if (text is not { Length: >= 2 and <= 3 }
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || text[0] == '0')
        {
            return false;
        }

        (TimeSpan value, var max) = text[^1] switch
        {
            'm' => (TimeSpan.FromMinutes(count), 59),
            'h' => (TimeSpan.FromHours(count), 23),
            'd' => (TimeSpan.FromDays(count), 7),
            _ => (TimeSpan.Zero, 0),
        };
        if (count < 1 || count > max)
        {
            return false;
        }

        window = value;
        return true;
    }

    private static bool TryUnit(TimeSpan window, out int count, out char unit)
    {
        (count, unit) = (0, ' ');
        if (window <= TimeSpan.Zero || window.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return false;
        }

        if (window.Ticks % TimeSpan.TicksPerDay == 0 && window.Days <= 7)
        {
            (count, unit) = (window.Days, 'd');
            return true;
        }

        if (window.Ticks % TimeSpan.TicksPerHour == 0 && window.TotalHours < 24)
        {
            (count, unit) = ((int)window.TotalHours, 'h');
            return true;
        }

        if (window.TotalMinutes < 60)
        {
            (count, unit) = ((int)window.TotalMinutes, 'm');
            return true;
        }

        return false;
    }
}
