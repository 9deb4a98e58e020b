using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Mock;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>allOrders and myTrades by time range (issue 12, account): the documented combinations and the 24-hour rule, in the client and in the mock.</summary>
public sealed class HistoryRangeTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private readonly FakeTimeProvider _time = new(T0);

    private BinanceRestClient Client(ScriptedTransport transport) =>
        new(transport, _time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

    private static ScriptedTransport Answering(string json) => new(_ => ScriptedTransport.Json(json));

    [Fact]
    public async Task GetMyTrades_ByTimeRange_SendsStartAndEndTime_WithWeight20()
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.GetMyTradesAsync("btcusdt", limit: 100, startTime: T0, endTime: T0.AddHours(24));

        var request = Assert.Single(transport.Requests);
        Assert.Equal("/api/v3/myTrades", request.Endpoint.Path);
        Assert.Equal("symbol=BTCUSDT&startTime=1700000000000&endTime=1700086400000&limit=100", QueryString.Build(request.Parameters.Where(p => p.Key is not ("timestamp" or "recvWindow" or "signature"))));
        Assert.Equal(20, request.Weight);
    }

    [Fact]
    public async Task GetAllOrders_ByTimeRange_SendsStartAndEndTime()
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.GetAllOrdersAsync("BTCUSDT", startTime: T0.AddHours(-1));

        var request = Assert.Single(transport.Requests);
        Assert.Equal("symbol=BTCUSDT&startTime=1699996400000&limit=500", QueryString.Build(request.Parameters.Where(p => p.Key is not ("timestamp" or "recvWindow" or "signature"))));
    }

    [Theory]
    [InlineData(9L, null, true, false)]
    [InlineData(9L, null, false, true)]
    [InlineData(null, 100L, true, false)]
    [InlineData(null, 100L, true, true)]
    public async Task GetMyTrades_TimeRangeWithOrderIdOrFromId_IsRefused_WithoutSending(long? orderId, long? fromId, bool start, bool end)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetMyTradesAsync("BTCUSDT", orderId, fromId, startTime: start ? T0 : null, endTime: end ? T0.AddHours(1) : null));

        Assert.Contains("-1128", error.Message, StringComparison.Ordinal);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task HistoryQueries_RangeLongerThan24Hours_OrReversed_AreRefused_WithoutSending()
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentException>("endTime", () => client.GetMyTradesAsync("BTCUSDT", startTime: T0, endTime: T0.AddHours(24).AddMilliseconds(1)));
        await Assert.ThrowsAsync<ArgumentException>("endTime", () => client.GetAllOrdersAsync("BTCUSDT", startTime: T0, endTime: T0.AddHours(25)));
        await Assert.ThrowsAsync<ArgumentException>("endTime", () => client.GetAllOrdersAsync("BTCUSDT", startTime: T0, endTime: T0.AddMilliseconds(-1)));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public void Mock_MyTrades_TimeRangeWithOrderId_ReturnsMinus1128()
    {
        var h = new MockTestHarness();
        var start = MockTestHarness.Start.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal((400, -1128, "Combination of optional parameters invalid."), h.Error("myTrades", ("symbol", "BTCUSDT"), ("orderId", "1"), ("startTime", start)));
        Assert.Equal((400, -1128, "Combination of optional parameters invalid."), h.Error("myTrades", ("symbol", "BTCUSDT"), ("fromId", "1"), ("endTime", start)));
    }

    [Theory]
    [InlineData("myTrades")]
    [InlineData("allOrders")]
    public void Mock_HistoryRangeOver24Hours_ReturnsMinus1127(string endpoint)
    {
        var h = new MockTestHarness();
        var start = MockTestHarness.Start.ToUnixTimeMilliseconds();

        var error = h.Error(endpoint, ("symbol", "BTCUSDT"), ("startTime", Ms(start)), ("endTime", Ms(start + (24 * 3_600_000L) + 1)));

        Assert.Equal((400, -1127, "More than 24 hours between startTime and endTime."), error);
    }

    [Fact]
    public void Mock_MyTradesAndAllOrders_FilterByTime()
    {
        var h = new MockTestHarness();
        h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "early"));
        var early = h.Time.GetUtcNow().ToUnixTimeMilliseconds();
        h.Time.Advance(TimeSpan.FromHours(2));
        h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "late"));
        var late = h.Time.GetUtcNow().ToUnixTimeMilliseconds();

        var lateTrades = h.Json("myTrades", ("symbol", "BTCUSDT"), ("startTime", Ms(early + 1)));
        var earlyOrders = h.Json("allOrders", ("symbol", "BTCUSDT"), ("startTime", Ms(early)), ("endTime", Ms(late - 1)));
        var all = h.Json("myTrades", ("symbol", "BTCUSDT"));

        Assert.NotEqual(0, lateTrades.GetArrayLength());
        Assert.All(lateTrades.EnumerateArray(), t => Assert.Equal(late, t.GetProperty("time").GetInt64()));
        Assert.True(all.GetArrayLength() > lateTrades.GetArrayLength());
        Assert.Equal("early", Assert.Single(earlyOrders.EnumerateArray()).GetProperty("clientOrderId").GetString());
    }

    private static string Ms(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
