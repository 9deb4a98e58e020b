using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/order/test</c>; asking for commission rates makes it heavier.</summary>
/// <param name="Order">The prepared order.</param>
/// <param name="ComputeCommissionRates">Whether to ask for the commission rates the order would pay.</param>
internal sealed record TestOrderArgs(OrderRequest Order, bool ComputeCommissionRates) : IEndpointArgs<TestOrderArgs>
{
    /// <inheritdoc />
    public static TestOrderArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(OrderWire.Read(parameters), Flag(parameters, "computeCommissionRates"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = BinanceRestClient.BuildOrderParameters(Order, includeResponseType: false);
        if (ComputeCommissionRates)
        {
            p.Add(P("computeCommissionRates", "true"));
        }

        return p;
    }
}
