using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/myAllocations</c> (documented combinations: time range, from an allocation id, by order).</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="StartTime">From this time, or null.</param>
/// <param name="EndTime">Until this time, or null (at most 24 h after <paramref name="StartTime"/>).</param>
/// <param name="FromAllocationId">From this allocation id, or null.</param>
/// <param name="OrderId">Only this order's allocations, or null.</param>
/// <param name="Limit">How many (documented default 500, maximum 1000).</param>
internal sealed record AllocationsArgs(string Symbol, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null, long? FromAllocationId = null, long? OrderId = null, int Limit = 500)
    : IEndpointArgs<AllocationsArgs>
{
    /// <inheritdoc />
    public static AllocationsArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Time(parameters, "startTime"), Time(parameters, "endTime"), Long(parameters, "fromAllocationId"), Long(parameters, "orderId"), WireArgs.Limit(parameters, 500));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(6) { P("symbol", Symbol) };
        AddIf(p, "startTime", StartTime);
        AddIf(p, "endTime", EndTime);
        AddIf(p, "fromAllocationId", FromAllocationId);
        AddIf(p, "orderId", OrderId);
        p.Add(P("limit", Limit));
        return p;
    }
}
