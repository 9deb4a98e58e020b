namespace Genesis.Exchange.Models;

/// <summary>The window of a rolling-window statistics stream (<c>&lt;symbol&gt;@ticker_&lt;window&gt;</c>).</summary>
public enum RollingWindow
{
    /// <summary>A window this version does not know (Binance added one).</summary>
    Unknown,

    /// <summary>1h (event type <c>1hTicker</c>).</summary>
    OneHour,

    /// <summary>4h (event type <c>4hTicker</c>).</summary>
    FourHours,

    /// <summary>1d (event type <c>1dTicker</c>).</summary>
    OneDay,
}

/// <summary>Wire names of <see cref="RollingWindow"/> values.</summary>
public static class RollingWindowExtensions
{
    /// <summary>The window as Binance writes it in stream names (<c>1h</c>, <c>4h</c>, <c>1d</c>).</summary>
    /// <param name="window">The window.</param>
    /// <returns>The wire name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RollingWindow.Unknown"/> or an undefined value.</exception>
    public static string ToWire(this RollingWindow window) => window switch
    {
        RollingWindow.OneHour => "1h",
        RollingWindow.FourHours => "4h",
        RollingWindow.OneDay => "1d",
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Rolling windows are 1h, 4h and 1d."),
    };

    /// <summary>The window's length.</summary>
    /// <param name="window">The window.</param>
    /// <returns>The length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RollingWindow.Unknown"/> or an undefined value.</exception>
    public static TimeSpan ToTimeSpan(this RollingWindow window) => window switch
    {
        RollingWindow.OneHour => TimeSpan.FromHours(1),
        RollingWindow.FourHours => TimeSpan.FromHours(4),
        RollingWindow.OneDay => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Rolling windows are 1h, 4h and 1d."),
    };
}
