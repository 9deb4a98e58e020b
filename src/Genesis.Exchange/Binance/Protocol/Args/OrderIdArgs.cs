using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments that name one order (query and cancel): the exchange order id, the client order id, or both.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="OrderId">The exchange order id, or null.</param>
/// <param name="OrigClientOrderId">The client order id, or null.</param>
internal sealed record OrderIdArgs(string Symbol, long? OrderId, string? OrigClientOrderId) : IEndpointArgs<OrderIdArgs>
{
    /// <inheritdoc />
    public static OrderIdArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "orderId"), Get(parameters, "origClientOrderId"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(3) { P("symbol", Symbol) };
        AddIf(p, "orderId", OrderId);
        if (!string.IsNullOrEmpty(OrigClientOrderId))
        {
            p.Add(P("origClientOrderId", OrigClientOrderId));
        }

        return p;
    }
}
