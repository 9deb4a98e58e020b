using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>Builds a mock exchange on a fake clock and sends requests to it.</summary>
internal sealed class MockTestHarness
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 30, TimeSpan.Zero);

    public MockTestHarness(Action<MockExchangeOptions>? configure = null)
    {
        Options = new MockExchangeOptions { GenerateMarketData = false };
        configure?.Invoke(Options);
        Time = new FakeTimeProvider(Start);
        Exchange = new MockExchange(Options, Time);
        Transport = new MockExchangeTransport(Exchange, Time);
    }

    public MockExchangeOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public MockExchange Exchange { get; }

    public MockExchangeTransport Transport { get; }

    public static ExchangeRequest Request(string endpoint, params (string Key, string Value)[] parameters)
    {
        var ep = BinanceEndpoints.All.Single(e => e.Name == endpoint);
        return new ExchangeRequest(ep, parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList(), weight: 1);
    }

    public ExchangeResponse Send(string endpoint, params (string Key, string Value)[] parameters)
    {
        var task = Transport.SendAsync(Request(endpoint, parameters)).AsTask();
        Assert.True(task.IsCompleted, "Without latency the mock answers synchronously.");
        return task.GetAwaiter().GetResult();
    }

    public JsonElement Json(string endpoint, params (string Key, string Value)[] parameters)
    {
        var response = Send(endpoint, parameters);
        Assert.True(response.StatusCode == 200, response.BodyExcerpt());
        return JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    public (int Status, int Code, string Msg) Error(string endpoint, params (string Key, string Value)[] parameters)
    {
        var response = Send(endpoint, parameters);
        using var doc = JsonDocument.Parse(response.Body);
        return (response.StatusCode, doc.RootElement.GetProperty("code").GetInt32(), doc.RootElement.GetProperty("msg").GetString()!);
    }
}
