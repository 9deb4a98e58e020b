// README.md, "Testing your trading code": the lines between "#region readme" and "#endregion", and the using lines of
// this file, are that snippet verbatim (ReadmeSnippetsTests checks it). Change both together.
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Genesis.Exchange.Samples.Tests.Readme;

public sealed class FakeServerSnippet
{
    [Fact]
    public async Task RunsAsWritten_AndEveryStepStartsWithAUsableClient()
    {
        #region readme
        // A fake Binance on 127.0.0.1, in front of the in-memory matching engine.
        using var engine = new MockExchange(new MockExchangeOptions(), TimeProvider.System);
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new MockExchangeTransport(engine, TimeProvider.System),
            EventSource = new MockExchangeEventSource(engine),
            ApiKey = "test-key",
            ApiSecret = new SecretString("test-secret"),
        });

        // The client under test, on the live code path (HTTP, signing, rate-limit headers, WebSocket streams).
        // One provider per test step: the circuit breaker, rate-limit budget and clock live in it, so a step that
        // opens the breaker does not leak into the next one.
        ServiceProvider NewClient() => new ServiceCollection()
            .AddGenesisExchange(o =>
            {
                o.UseCustomEndpoints(server.RestBaseUrl, server.StreamBaseUrl);
                o.ApiKey = new SecretString("test-key");
                o.ApiSecret = new SecretString("test-secret");
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);   // fast retries in tests
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            })
            .Services.BuildServiceProvider();

        // Step 1: two 502s on a GET. The client retries and succeeds. Other faults: Latency, MalformNextResponses,
        // DelayNextOrderResponses, KillSocketAfterNextOrders, StreamDropInterval, ClockSkew, Maintenance.
        await using (var client = NewClient())
        {
            server.Faults.InjectServerErrors(2, 502);
            var book = await client.GetRequiredService<IExchangeGateway>().GetOrderBookAsync("BTCUSDT", limit: 5);
            Assert.NotEmpty(book.Bids);
        }

        // Step 2: the exchange keeps failing. Calls fail once their retries run out, until the circuit breaker opens;
        // then calls fail fast without reaching the exchange.
        await using (var client = NewClient())
        {
            server.Faults.InjectServerErrors(100, 503);
            var gateway = client.GetRequiredService<IExchangeGateway>();
            var breaker = client.GetRequiredService<ICircuitBreakerMonitor>();
            for (var call = 0; call < 10 && breaker.State != CircuitState.Open; call++)
            {
                await Assert.ThrowsAnyAsync<ExchangeUnavailableException>(() => gateway.GetOrderBookAsync("BTCUSDT", limit: 5));
            }

            Assert.Equal(CircuitState.Open, breaker.State);
            await Assert.ThrowsAsync<CircuitOpenException>(() => gateway.GetServerTimeAsync());
        }

        // Between steps: switch every fault off. The next step's fresh client starts with a closed breaker.
        server.Faults.Reset();

        // Step 3: business as usual.
        await using (var client = NewClient())
        {
            var gateway = client.GetRequiredService<IExchangeGateway>();
            var rules = await gateway.GetSymbolRulesAsync("BTCUSDT");
            var order = await gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, rules.RoundQuantity(0.001m)));
            Assert.Equal(OrderStatus.Filled, order.Status);
            Assert.Equal(0, server.Counters.RateLimitedResponses);
        }
        #endregion
    }
}
