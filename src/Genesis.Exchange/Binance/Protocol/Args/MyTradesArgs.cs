using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/myTrades</c>; the weight is lower when <see cref="OrderId"/> is given.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="OrderId">Only the trades of this exchange order, or null.</param>
/// <param name="FromId">The trade id to start from, or null.</param>
/// <param name="Limit">How many trades (documented default 500, maximum 1000).</param>
/// <param name="StartTime">Only trades at or after this time (always UTC), or null.</param>
/// <param name="EndTime">Only trades at or before this time (always UTC), or null.</param>
internal sealed record MyTradesArgs(string Symbol, long? OrderId = null, long? FromId = null, int Limit = 500, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null)
    : IEndpointArgs<MyTradesArgs>
{
    /// <inheritdoc />
    public static MyTradesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "orderId"), Long(parameters, "fromId"), WireArgs.Limit(parameters, 500), Time(parameters, "startTime"), Time(parameters, "endTime"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(6) { P("symbol", Symbol) };
        AddIf(p, "orderId", OrderId);
        AddIf(p, "fromId", FromId);
        AddIf(p, "startTime", StartTime);
        AddIf(p, "endTime", EndTime);
        p.Add(P("limit", Limit));
        return p;
    }
}
