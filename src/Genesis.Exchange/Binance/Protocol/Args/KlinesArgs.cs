using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/klines</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Interval">The interval.</param>
/// <param name="Limit">How many klines (documented default 500, maximum 1000).</param>
/// <param name="StartTime">The start time, or null.</param>
/// <param name="EndTime">The end time, or null.</param>
internal sealed record KlinesArgs(string Symbol, KlineInterval Interval, int Limit = 500, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null)
    : IEndpointArgs<KlinesArgs>
{
    /// <inheritdoc />
    public static KlinesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var interval = KlineIntervalExtensions.TryParse(Get(parameters, "interval"), out var parsed) ? parsed : default;
        return new(Get(parameters, "symbol") ?? string.Empty, interval, WireArgs.Limit(parameters, 500), Time(parameters, "startTime"), Time(parameters, "endTime"));
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(5) { P("symbol", Symbol), P("interval", Interval.ToWire()) };
        AddIf(p, "startTime", StartTime);
        AddIf(p, "endTime", EndTime);
        p.Add(P("limit", Limit));
        return p;
    }
}
