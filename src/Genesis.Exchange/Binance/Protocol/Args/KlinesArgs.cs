using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/klines</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Interval">The interval.</param>
/// <param name="Limit">How many klines (documented default 500, maximum 1000).</param>
/// <param name="StartTime">The start time, or null.</param>
/// <param name="EndTime">The end time, or null.</param>
/// <param name="TimeZone">The offset the intervals are aligned to, or null for UTC (sent as <c>timeZone</c>).</param>
internal sealed record KlinesArgs(string Symbol, KlineInterval Interval, int Limit = 500, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null, TimeSpan? TimeZone = null)
    : IEndpointArgs<KlinesArgs>
{
    /// <inheritdoc />
    public static KlinesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters)
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
