using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Mock;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>Exchange info filtered by symbols, permissions, status and showPermissionSets (issue 12, market data): the wire, the refusals, the mock.</summary>
public sealed class ExchangeInfoQueryTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private BinanceRestClient Client(ScriptedTransport transport) =>
        new(transport, _time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

    private static ScriptedTransport Answering() => new(_ => ScriptedTransport.Json(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "responses", "rest-api__Exchange-information.json"))));

    public static TheoryData<ExchangeInfoQuery, string> Queries() => new()
    {
        { ExchangeInfoQuery.ForSymbols("bnbbtc"), "symbol=BNBBTC" },
        { ExchangeInfoQuery.ForSymbols("BTCUSDT", "BNBBTC"), "symbols=%5B%22BTCUSDT%22%2C%22BNBBTC%22%5D" },
        { new ExchangeInfoQuery { Permissions = ["spot"] }, "permissions=SPOT" },
        { new ExchangeInfoQuery { Permissions = ["MARGIN", "LEVERAGED"] }, "permissions=%5B%22MARGIN%22%2C%22LEVERAGED%22%5D" },
        { new ExchangeInfoQuery { Status = SymbolStatus.Halt, ShowPermissionSets = false }, "showPermissionSets=false&symbolStatus=HALT" },
        { new ExchangeInfoQuery { Permissions = ["SPOT"], Status = SymbolStatus.Trading }, "permissions=SPOT&symbolStatus=TRADING" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task GetExchangeInfo_WithQuery_SendsTheDocumentedParameters_Weight20_NotCached(ExchangeInfoQuery query, string wire)
    {
        var transport = Answering();
        using var client = Client(transport);

        await client.GetExchangeInfoAsync(query);
        await client.GetExchangeInfoAsync(query);

        Assert.Equal(2, transport.Requests.Count);
        Assert.All(transport.Requests, r =>
        {
            Assert.Equal("/api/v3/exchangeInfo", r.Endpoint.Path);
            Assert.Equal(wire, QueryString.Build(r.Parameters));
            Assert.Equal(20, r.Weight);
        });
    }

    public static TheoryData<ExchangeInfoQuery> Refused() => new()
    {
        new ExchangeInfoQuery { Symbols = ["BTCUSDT"], Permissions = ["SPOT"] },
        new ExchangeInfoQuery { Symbols = ["BTCUSDT"], Status = SymbolStatus.Trading },
        new ExchangeInfoQuery { Symbols = [] },
        new ExchangeInfoQuery { Permissions = [] },
        new ExchangeInfoQuery { Status = SymbolStatus.PreTrading },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task GetExchangeInfo_CombinationBinanceRefuses_IsRefusedWithoutSending(ExchangeInfoQuery query)
    {
        var transport = Answering();
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentException>(nameof(query), () => client.GetExchangeInfoAsync(query));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public void Mock_FiltersByPermissionAndStatus_AndEmptiesPermissionSetsOnRequest()
    {
        var h = new MockTestHarness();

        var all = h.Json("exchangeInfo").GetProperty("symbols").GetArrayLength();
        var spot = h.Json("exchangeInfo", ("permissions", "SPOT")).GetProperty("symbols").GetArrayLength();
        var margin = h.Json("exchangeInfo", ("permissions", "[\"MARGIN\",\"LEVERAGED\"]")).GetProperty("symbols").GetArrayLength();
        var trading = h.Json("exchangeInfo", ("symbolStatus", "TRADING")).GetProperty("symbols").GetArrayLength();
        var halted = h.Json("exchangeInfo", ("symbolStatus", "HALT")).GetProperty("symbols").GetArrayLength();
        var bare = h.Json("exchangeInfo", ("symbol", "BTCUSDT"), ("showPermissionSets", "false")).GetProperty("symbols")[0];

        Assert.True(all >= 2);
        Assert.Equal(all, spot);
        Assert.Equal(0, margin);
        Assert.Equal(all, trading);
        Assert.Equal(0, halted);
        Assert.Equal(0, bare.GetProperty("permissionSets").GetArrayLength());
    }

    [Fact]
    public void Mock_RefusesWhatBinanceRefuses()
    {
        var h = new MockTestHarness();

        Assert.Equal((400, -1128, "Combination of optional parameters invalid."), h.Error("exchangeInfo", ("symbol", "BTCUSDT"), ("permissions", "SPOT")));
        Assert.Equal((400, -1128, "Combination of optional parameters invalid."), h.Error("exchangeInfo", ("symbols", "[\"BTCUSDT\"]"), ("symbolStatus", "TRADING")));
        Assert.Equal((400, -1122, "Invalid symbolStatus."), h.Error("exchangeInfo", ("symbolStatus", "PAUSED")));
    }

    [Fact]
    public async Task Client_OverTheMock_ReadsOnlyTheSelectedSymbols()
    {
        var h = new MockTestHarness();
        using var client = new BinanceRestClient(h.Transport, h.Time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

        var two = await client.GetExchangeInfoAsync(ExchangeInfoQuery.ForSymbols("BTCUSDT", "ETHUSDT"));
        var none = await client.GetExchangeInfoAsync(new ExchangeInfoQuery { Status = SymbolStatus.Break });

        Assert.Equal(["BTCUSDT", "ETHUSDT"], two.Symbols.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(none.Symbols);
    }
}
