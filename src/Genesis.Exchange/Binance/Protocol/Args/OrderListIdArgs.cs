using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>
/// The arguments that name one order list. Query (<c>GET /api/v3/orderList</c>): <c>orderListId</c> or
/// <c>origClientOrderId</c> (the list client id), no symbol. Cancel (<c>DELETE /api/v3/orderList</c>): <c>symbol</c> and
/// <c>orderListId</c> or <c>listClientOrderId</c>, and optionally the cancel's own <c>newClientOrderId</c>.
/// </summary>
/// <param name="Symbol">The symbol (cancel only), or null.</param>
/// <param name="OrderListId">The exchange's list id, or null.</param>
/// <param name="ListClientOrderId">The list client id, or null.</param>
/// <param name="NewClientOrderId">The cancel's own client id (cancel only), or null.</param>
internal sealed record OrderListIdArgs(string? Symbol, long? OrderListId, string? ListClientOrderId, string? NewClientOrderId = null) : IEndpointArgs<OrderListIdArgs>
{
    /// <summary>The wire name of the list client id: the query calls it <c>origClientOrderId</c>, the cancel <c>listClientOrderId</c>.</summary>
    private string ClientIdName => Symbol is null ? "origClientOrderId" : "listClientOrderId";

    /// <inheritdoc />
    public static OrderListIdArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        Get(parameters, "symbol") is { } symbol
            ? new(symbol, Long(parameters, "orderListId"), Get(parameters, "listClientOrderId"), Get(parameters, "newClientOrderId"))
            : new(null, Long(parameters, "orderListId"), Get(parameters, "origClientOrderId"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(4);
        if (Symbol is not null)
        {
            p.Add(P("symbol", Symbol));
        }

        AddIf(p, "orderListId", OrderListId);
        if (!string.IsNullOrEmpty(ListClientOrderId))
        {
            p.Add(P(ClientIdName, ListClientOrderId));
        }

        if (!string.IsNullOrEmpty(NewClientOrderId))
        {
            p.Add(P("newClientOrderId", NewClientOrderId));
        }

        return p;
    }
}
