using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.IntegrationTests.FakeServer;
using Genesis.Exchange.IntegrationTests.Rest;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.IntegrationTests.Protocol;

/// <summary>
/// The weight the fake server charges, read back from what went over HTTP (percent-encoded query or form body), is the
/// documented weight of the client's typed call, for the parameter-dependent weights.
/// </summary>
public sealed class ServerWeightOverHttpTests : IAsyncLifetime, IDisposable
{
    private readonly ScriptedBackend _backend = new();
    private FakeBinanceServer _server = null!;
    private RestStack _stack = null!;

    public async Task InitializeAsync()
    {
        _backend.Script = r => r.Endpoint.Name switch
        {
            "depth" => Json("""{"lastUpdateId":1,"bids":[],"asks":[]}"""),
            "ticker.24hr" or "openOrders" or "myTrades" => Json("[]"),
            _ => null,
        };
        _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = _backend,
            ApiKey = RestStack.ApiKey,
            ApiSecret = new SecretString(RestStack.Secret),
        });
        _stack = new RestStack(_server.RestBaseUrl.ToString(), NullLoggerFactory.Instance, o => o.Orders.ValidateBeforeSend = false);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _stack?.Dispose();

    private static ExchangeResponse Json(string body) => new(200, Encoding.UTF8.GetBytes(body));

    private int ServerWeightOf(string endpoint) => Assert.Single(_backend.Requests, r => r.Endpoint.Name == endpoint).Weight;

    [Fact]
    public async Task Tickers24h_For21Symbols_IsCharged40()
    {
        await _stack.Client.GetTickers24hAsync([.. Enumerable.Range(0, 21).Select(i => $"SYM{i}USDT")]).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(40, ServerWeightOf("ticker.24hr"));
    }

    [Fact]
    public async Task Depth5000_IsCharged250()
    {
        await _stack.Client.GetOrderBookAsync("BTCUSDT", 5000).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(250, ServerWeightOf("depth"));
    }

    [Fact]
    public async Task OpenOrdersOfAllSymbols_IsCharged80()
    {
        await _stack.Client.GetOpenOrdersAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(80, ServerWeightOf("openOrders"));
    }

    [Fact]
    public async Task MyTradesOfOneOrder_IsCharged5()
    {
        await _stack.Client.GetMyTradesAsync("BTCUSDT", exchangeOrderId: 9).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5, ServerWeightOf("myTrades"));
    }

    [Fact]
    public async Task TestOrderWithCommissionRates_IsCharged20()
    {
        await _stack.Client.TestOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, 50_000m), computeCommissionRates: true).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(20, ServerWeightOf("order.test"));
    }
}
