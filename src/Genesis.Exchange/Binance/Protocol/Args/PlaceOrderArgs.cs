using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/order</c>: a prepared order (client order id set, symbol normalized).</summary>
/// <param name="Order">The order.</param>
internal sealed record PlaceOrderArgs(OrderRequest Order) : IEndpointArgs<PlaceOrderArgs>
{
    /// <inheritdoc />
    public static PlaceOrderArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) => new(OrderWire.Read(parameters));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => BinanceRestClient.BuildOrderParameters(Order, includeResponseType: true);
}
