using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Protocol.Args;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Protocol;

public sealed class MockHandlerCompletenessTests
{
    private static MockExchange Exchange() => new(new MockExchangeOptions { GenerateMarketData = false }, new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void MockExchange_HasAHandler_ForEveryEndpointInTheCatalogue()
    {
        var api = new MockRestApi(Exchange());

        Assert.Equal(SpotRestEndpoints.All.Count, api.ServedEndpoints);
    }

    [Theory]
    [MemberData(nameof(EndpointSamples.Cases), MemberType = typeof(EndpointSamples))]
    public void MockExchange_AnswersEverySample_WithoutAnUnservedEndpointError(string sample)
    {
        var s = EndpointSamples.Get(sample);
        var api = new MockRestApi(Exchange());

        var (status, body) = api.Handle(new ExchangeRequest(s.Endpoint.Endpoint, s.ToWire(), s.TypedWeight()));

        // Business errors (unknown symbol, unknown order) are fine here; -1000 "does not serve" is not.
        using var doc = JsonDocument.Parse(body);
        var code = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("code", out var c) ? c.GetInt32() : 0;
        Assert.True(code != -1000, $"{s.Endpoint}: HTTP {status}, {System.Text.Encoding.UTF8.GetString(body)}");
    }

    [Fact]
    public void MockExchange_FailsAtConstruction_NamingAnEndpointWithoutAHandler()
    {
        var unserved = new Endpoint<NoArgs, bool>(
            "test.unserved", HttpMethod.Get, "/api/v3/unserved", EndpointSecurity.None, isIdempotent: true, RateLimitKinds.Request, "test.unserved",
            static _ => 1, static (_, _) => true);

        var ex = Assert.Throws<MissingEndpointHandlerException>(() => new MockRestApi(Exchange(), [.. SpotRestEndpoints.All, unserved]));

        Assert.Equal([unserved], ex.Missing);
        Assert.Contains("test.unserved (GET /api/v3/unserved)", ex.Message, StringComparison.Ordinal);
    }
}
