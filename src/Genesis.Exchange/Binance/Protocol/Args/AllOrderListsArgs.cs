using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/allOrderList</c>: <c>fromId</c>, or a time range of at most 24 hours, and a limit.</summary>
/// <param name="FromId">The order list id to start from, or null (then neither time may be given).</param>
/// <param name="StartTime">The start of the range, or null.</param>
/// <param name="EndTime">The end of the range, or null.</param>
/// <param name="Limit">How many lists (documented default 500, maximum 1000).</param>
internal sealed record AllOrderListsArgs(long? FromId = null, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null, int Limit = 500) : IEndpointArgs<AllOrderListsArgs>
{
    /// <summary>The longest range Binance accepts between <c>startTime</c> and <c>endTime</c>.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromHours(24);

    /// <inheritdoc />
    public static AllOrderListsArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Long(parameters, "fromId"), Time(parameters, "startTime"), Time(parameters, "endTime"), WireArgs.Limit(parameters, 500));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(4);
        AddIf(p, "fromId", FromId);
        AddIf(p, "startTime", StartTime);
        AddIf(p, "endTime", EndTime);
        p.Add(P("limit", Limit));
        return p;
    }
}
