using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Protocol.Args;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>The trading calls added in issue 12 part 2: cancel all, cancel-replace, amend keep-priority, SOR, allocations.</summary>
public sealed partial class BinanceRestClient
{
    /// <inheritdoc />
    public async Task<CancelOpenOrdersResult> CancelOpenOrdersAsync(string symbol, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendAsync(SpotRestEndpoints.CancelOpenOrders, new SymbolArgs(Symbol(symbol)), cancellationToken).ConfigureAwait(false);
        }
        catch (OrderRejectedException ex) when (ex.BinanceCode == -2011)
        {
            // Binance's answer when nothing is open on the symbol: the goal of the call (nothing open) holds.
            return CancelOpenOrdersResult.None;
        }
    }
}
