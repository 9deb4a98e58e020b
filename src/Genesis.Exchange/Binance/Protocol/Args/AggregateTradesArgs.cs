using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/aggTrades</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="FromId">The aggregate trade id to start from (inclusive), or null.</param>
/// <param name="StartTime">The start time (inclusive), or null.</param>
/// <param name="EndTime">The end time (inclusive), or null.</param>
/// <param name="Limit">How many trades (documented default 500, maximum 1000).</param>
internal sealed record AggregateTradesArgs(string Symbol, long? FromId = null, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null, int Limit = 500)
    : IEndpointArgs<AggregateTradesArgs>
{
    /// <inheritdoc />
    public static AggregateTradesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "fromId"), Time(parameters, "startTime"), Time(parameters, "endTime"), WireArgs.Limit(parameters, 500));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(5) { P("symbol", Symbol) };
        AddIf(p, "fromId", FromId);
        AddIf(p, "startTime", StartTime);
        AddIf(p, "endTime", EndTime);
        p.Add(P("limit", Limit));
        return p;
    }
}
