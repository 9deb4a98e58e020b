using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Streams.Continuity;

/// <summary>The REST side of gap filling: the documented requests and their weights.</summary>
public sealed class RestTradeHistorySourceTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private BinanceRestClient Client(ScriptedTransport transport) =>
        new(transport, _time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

    [Fact]
    public async Task GetAggregateTradesFromId_SendsAggTradesWithFromIdAndLimit_AndSortsById()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(
            """[{"a":27,"p":"1.5","q":"2","f":270,"l":271,"T":1700000000027,"m":true,"M":true},{"a":26,"p":"1.4","q":"1","f":260,"l":260,"T":1700000000026,"m":false,"M":true}]"""));
        using var client = Client(transport);
        var source = new RestTradeHistorySource(client);

        var trades = await source.GetAggregateTradesFromIdAsync("btcusdt", 26, 5000);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("/api/v3/aggTrades", request.Endpoint.Path);
        Assert.Equal("symbol=BTCUSDT&fromId=26&limit=1000", QueryString.Build(request.Parameters));
        Assert.Equal(4, request.Weight);
        Assert.Equal([26L, 27], trades.Select(t => t.Id));
        Assert.Equal(270, trades[1].FirstTradeId);
    }

    [Theory]
    [InlineData(null, "symbol=BTCUSDT&interval=1m&startTime=1700000000000&endTime=1700000600000&limit=1000")]
    [InlineData("8", "symbol=BTCUSDT&interval=1m&startTime=1700000000000&endTime=1700000600000&timeZone=8%3A00&limit=1000")]
    [InlineData("-5:30", "symbol=BTCUSDT&interval=1m&startTime=1700000000000&endTime=1700000600000&timeZone=-5%3A30&limit=1000")]
    public async Task GetKlines_SendsKlinesWithTheRange_AndTimeZoneForTheTimeZoneVariant(string? timeZone, string query)
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json("[]"));
        using var client = Client(transport);
        var source = new RestTradeHistorySource(client);
        TimeSpan? offset = timeZone is null ? null : TimeSpan.Parse(timeZone.TrimStart('-').Contains(':', StringComparison.Ordinal) ? timeZone.TrimStart('-') : timeZone + ":00", System.Globalization.CultureInfo.InvariantCulture) * (timeZone.StartsWith('-') ? -1 : 1);

        await source.GetKlinesAsync(
            "BTCUSDT", Genesis.Exchange.Models.KlineInterval.OneMinute, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_600_000), offset, 5000);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("/api/v3/klines", request.Endpoint.Path);
        Assert.Equal(query, QueryString.Build(request.Parameters));
        Assert.Equal(2, request.Weight);
    }
}
