using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/order/cancelReplace</c>: the cancel, and a prepared new order (client order id set, symbol normalized).</summary>
/// <param name="Request">The request.</param>
internal sealed record CancelReplaceArgs(CancelReplaceRequest Request) : IEndpointArgs<CancelReplaceArgs>
{
    /// <inheritdoc />
    public static CancelReplaceArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(new CancelReplaceRequest(OrderWire.Read(parameters))
        {
            Mode = Get(parameters, "cancelReplaceMode") == "ALLOW_FAILURE" ? CancelReplaceMode.AllowFailure : CancelReplaceMode.StopOnFailure,
            CancelOrderId = Long(parameters, "cancelOrderId"),
            CancelOrigClientOrderId = Get(parameters, "cancelOrigClientOrderId"),
            CancelNewClientOrderId = Get(parameters, "cancelNewClientOrderId"),
            CancelRestrictions = Get(parameters, "cancelRestrictions") switch
            {
                "ONLY_NEW" => Models.CancelRestrictions.OnlyNew,
                "ONLY_PARTIALLY_FILLED" => Models.CancelRestrictions.OnlyPartiallyFilled,
                _ => null,
            },
            OrderRateLimitExceededMode = Get(parameters, "orderRateLimitExceededMode") switch
            {
                "DO_NOTHING" => Models.OrderRateLimitExceededMode.DoNothing,
                "CANCEL_ONLY" => Models.OrderRateLimitExceededMode.CancelOnly,
                _ => null,
            },
        });

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var r = Request;
        var p = BinanceRestClient.BuildOrderParameters(r.NewOrder, includeResponseType: true);
        p.Insert(3, P("cancelReplaceMode", r.Mode == CancelReplaceMode.AllowFailure ? "ALLOW_FAILURE" : "STOP_ON_FAILURE"));
        if (!string.IsNullOrEmpty(r.CancelNewClientOrderId))
        {
            p.Add(P("cancelNewClientOrderId", r.CancelNewClientOrderId));
        }

        if (!string.IsNullOrEmpty(r.CancelOrigClientOrderId))
        {
            p.Add(P("cancelOrigClientOrderId", r.CancelOrigClientOrderId));
        }

        AddIf(p, "cancelOrderId", r.CancelOrderId);
        if (r.CancelRestrictions is { } restrictions)
        {
            p.Add(P("cancelRestrictions", restrictions == Models.CancelRestrictions.OnlyNew ? "ONLY_NEW" : "ONLY_PARTIALLY_FILLED"));
        }

        if (r.OrderRateLimitExceededMode is { } mode)
        {
            p.Add(P("orderRateLimitExceededMode", mode == Models.OrderRateLimitExceededMode.CancelOnly ? "CANCEL_ONLY" : "DO_NOTHING"));
        }

        return p;
    }
}
