using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Rest;

namespace Genesis.Exchange.Tests.Protocol;

public sealed class SpotRestEndpointsTests
{
    [Fact]
    public void Samples_CoverEveryEndpoint()
    {
        var sampled = EndpointSamples.All.Select(s => s.Endpoint).ToHashSet();

        Assert.Empty(SpotRestEndpoints.All.Where(d => !sampled.Contains(d)).Select(d => d.Name));
    }

    [Theory]
    [MemberData(nameof(EndpointSamples.Cases), MemberType = typeof(EndpointSamples))]
    public void Weight_FromTypedArguments_IsTheDocumentedWeight(string sample)
    {
        var s = EndpointSamples.Get(sample);

        Assert.Equal(s.DocumentedWeight, s.TypedWeight());
    }

    [Theory]
    [MemberData(nameof(EndpointSamples.Cases), MemberType = typeof(EndpointSamples))]
    public void WeightOf_WireParameters_EqualsTheClientsWeight(string sample)
    {
        var s = EndpointSamples.Get(sample);

        Assert.Equal(s.TypedWeight(), s.Endpoint.WeightOf(s.ToWire()));
    }

    [Theory]
    [MemberData(nameof(EndpointSamples.Cases), MemberType = typeof(EndpointSamples))]
    public void FromWire_ReadsBackWhatToWireWrote(string sample)
    {
        var s = EndpointSamples.Get(sample);
        var wire = s.ToWire();

        Assert.Equal(wire, s.RoundTrip(wire));
    }

    [Fact]
    public void WeightOf_UsesDocumentedDefaultLimit_WhenDepthLimitIsMissingOrMalformed()
    {
        Assert.Equal(5, SpotRestEndpoints.Depth.WeightOf([new("symbol", "BTCUSDT")]));
        Assert.Equal(5, SpotRestEndpoints.Depth.WeightOf([new("symbol", "BTCUSDT"), new("limit", "lots")]));
    }

    [Fact]
    public void WeightOf_CountsSymbolsInTheList_ForTicker24h()
    {
        var list = "[" + string.Join(',', Enumerable.Range(0, 21).Select(i => $"\"S{i}\"")) + "]";

        Assert.Equal(40, SpotRestEndpoints.Ticker24h.WeightOf([new("symbols", list)]));
    }

    [Fact]
    public void WeightOf_IgnoresSignatureFields()
    {
        Assert.Equal(5, SpotRestEndpoints.MyTrades.WeightOf([new("symbol", "BTCUSDT"), new("orderId", "9"), new("timestamp", "1700000000000"), new("signature", "ab")]));
    }

    [Fact]
    public void Routes_AndNames_AreUnique()
    {
        Assert.Equal(SpotRestEndpoints.All.Count, SpotRestEndpoints.All.Select(d => (d.Endpoint.HttpMethod.Method, d.Endpoint.Path)).Distinct().Count());
        Assert.Equal(SpotRestEndpoints.All.Count, SpotRestEndpoints.All.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public void OnlyOrderPlacement_CountsAgainstTheOrdersLimit()
    {
        var counting = SpotRestEndpoints.All.Where(d => (d.CountsAgainst & RateLimitKinds.Orders) != 0).ToList();

        Assert.Equal(OrderPlacements.OrderBy(d => d.Name, StringComparer.Ordinal), counting.OrderBy(d => d.Name, StringComparer.Ordinal));
        Assert.All(OrderPlacements, d => Assert.True(d.Endpoint.CountsAsOrder && d.Endpoint.IsOrderPlacement, d.Name));
        Assert.All(SpotRestEndpoints.All.Except(OrderPlacements), d => Assert.False(d.Endpoint.CountsAsOrder, d.Name));
    }

    [Fact]
    public void EveryEndpoint_CountsAgainstRequestWeightAndRawRequests()
    {
        Assert.All(SpotRestEndpoints.All, d => Assert.Equal(RateLimitKinds.Request, d.CountsAgainst & RateLimitKinds.Request));
    }

    [Fact]
    public void OnlyTheOrderPlacement_IsNotIdempotent()
    {
        // An amend is not an order placement, but once applied a second attempt is refused: never retried either.
        Assert.Equal(
            OrderPlacements.Append(SpotRestEndpoints.AmendOrder).OrderBy(d => d.Name, StringComparer.Ordinal),
            SpotRestEndpoints.All.Where(d => !d.Endpoint.IsIdempotent).OrderBy(d => d.Name, StringComparer.Ordinal));
    }

    /// <summary>The endpoints that may create an order (one unfilled order each): never retried blindly.</summary>
    private static readonly EndpointDescriptor[] OrderPlacements =
    [
        SpotRestEndpoints.PlaceOrder, SpotRestEndpoints.CancelReplace, SpotRestEndpoints.SorOrder, SpotRestEndpoints.PlaceOcoOrderList, SpotRestEndpoints.PlaceOtoOrderList,
        SpotRestEndpoints.PlaceOtocoOrderList, SpotRestEndpoints.PlaceOpoOrderList, SpotRestEndpoints.PlaceOpocoOrderList,
    ];

    [Fact]
    public void MarketDataEndpoints_AreUnsignedIdempotentGets_AndTradeEndpointsAreNotGets()
    {
        Assert.All(SpotRestEndpoints.All.Where(d => !d.Endpoint.IsSigned), d => Assert.True(d.Endpoint.HttpMethod == HttpMethod.Get && d.Endpoint.IsIdempotent, d.Name));
        Assert.All(SpotRestEndpoints.All.Where(d => d.Endpoint.Security == EndpointSecurity.Trade), d => Assert.NotEqual(HttpMethod.Get, d.Endpoint.HttpMethod));
    }

    [Fact]
    public void CreateRequest_CarriesTheDescriptorsEndpointParametersAndWeight()
    {
        var request = SpotRestEndpoints.Depth.CreateRequest(new(Symbol: "BTCUSDT", Limit: 1000));

        Assert.Same(SpotRestEndpoints.Depth.Endpoint, request.Endpoint);
        Assert.Equal("symbol=BTCUSDT&limit=1000", QueryString.Build(request.Parameters));
        Assert.Equal(50, request.Weight);
    }

    [Fact]
    public void Find_ByMethodAndPath_ReturnsTheDescriptor()
    {
        Assert.Same(SpotRestEndpoints.CancelOrder, SpotRestEndpoints.Find(HttpMethod.Delete, "/api/v3/order"));
        Assert.Same(SpotRestEndpoints.QueryOrder, SpotRestEndpoints.Find(HttpMethod.Get, "/api/v3/order"));
        Assert.Null(SpotRestEndpoints.Find(HttpMethod.Put, "/api/v3/order"));
    }

    [Fact]
    public void BinanceEndpoints_AreTheDescriptorsEndpoints()
    {
        Assert.Equal(SpotRestEndpoints.All.Select(d => d.Endpoint), BinanceEndpoints.All);
        Assert.Same(SpotRestEndpoints.ServerTime.Endpoint, BinanceEndpoints.ServerTime);
    }

    [Fact]
    public void Read_DelegatesToTheParser_WithTheTypedArguments()
    {
        var response = new ExchangeResponse(200, """{"lastUpdateId":7,"bids":[["1.5","2"]],"asks":[]}"""u8.ToArray());

        var book = SpotRestEndpoints.Depth.Read(new("ETHUSDT", 5), response);

        Assert.Equal("ETHUSDT", book.Symbol);
        Assert.Equal(7, book.LastUpdateId);
    }
}
