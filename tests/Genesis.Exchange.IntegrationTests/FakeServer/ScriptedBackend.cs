using System.Collections.Concurrent;
using System.Text;
using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.IntegrationTests.FakeServer;

/// <summary>A backend double: records every request and answers with canned Binance JSON (or a script).</summary>
internal sealed class ScriptedBackend : IExchangeTransport
{
    private long _nextOrderId;

    public ConcurrentQueue<ExchangeRequest> Requests { get; } = new();

    /// <summary>When set, answers instead of the defaults.</summary>
    public Func<ExchangeRequest, ExchangeResponse?>? Script { get; set; }

    public int CountOf(string endpointName) => Requests.Count(r => r.Endpoint.Name == endpointName);

    public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        if (Script?.Invoke(request) is { } scripted)
        {
            return ValueTask.FromResult(scripted);
        }

        var body = request.Endpoint.Name switch
        {
            "exchangeInfo" => """{"timezone":"UTC","serverTime":1565246363776,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":1}],"exchangeFilters":[],"symbols":[]}""",
            "order.place" => $$"""{"symbol":"{{request.GetParameter("symbol")}}","orderId":{{Interlocked.Increment(ref _nextOrderId)}},"orderListId":-1,"clientOrderId":"{{request.GetParameter("newClientOrderId") ?? "generated"}}","transactTime":1507725176595}""",
            "historicalTrades" => """[{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,"isBuyerMaker":true,"isBestMatch":true}]""",
            _ => "{}",
        };
        return ValueTask.FromResult(new ExchangeResponse(200, Encoding.UTF8.GetBytes(body)));
    }
}
