// README.md, "What you get": the lines between "#region readme" and "#endregion", and the using lines of this file,
// are that snippet verbatim (ReadmeSnippetsTests checks it). Change both together.
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.Samples.Tests.Readme;

public sealed class QuickTourSnippet
{
    [Xunit.Fact]
    public async Task RunsAsWritten_OnTheDefaultMockExchange_WithoutKeys()
    {
        #region readme
        var services = new ServiceCollection();
        services.AddGenesisExchange(o => o.RateLimits.MaxUtilization = 0.8m);   // no environment chosen: Mock (in memory, no network, no keys)
        // Testnet or Live: o.Environment = ExchangeEnvironment.Testnet (namespace Genesis.Exchange.Options), plus keys;
        // or bind configuration: services.AddGenesisExchange(configuration), section "GenesisExchange".
        await using var provider = services.BuildServiceProvider();

        var gateway = provider.GetRequiredService<IExchangeGateway>();
        var rules = await gateway.GetSymbolRulesAsync("BTCUSDT");
        var book = await gateway.GetOrderBookAsync("BTCUSDT", limit: 5);
        var order = await gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy,
            rules.RoundQuantity(0.0123456m), rules.RoundPrice(book.BestBid!.Value.Price * 0.98m)));   // rounded to the symbol's step and tick
        var state = await gateway.GetMarketStateAsync("BTCUSDT");   // Dead | Normal | Volatile | Panic | Maintenance
        Console.WriteLine($"{order.ClientOrderId} {order.Status}; market {state.State} ({state.Reason})");

        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = 0;
        await foreach (var trade in gateway.Streams.SubscribeTradesAsync("BTCUSDT", window.Token))   // every trade id once, in order
        {
            Console.WriteLine($"trade {trade.TradeId}: {trade.Quantity} @ {trade.Price}");
            if (++received == 3)
            {
                break;
            }
        }
        #endregion

        Xunit.Assert.Equal(OrderStatus.New, order.Status);
        Xunit.Assert.Equal(3, received);
        Xunit.Assert.Equal("Mock", (await provider.GetRequiredService<Genesis.Exchange.Health.ExchangeHealthCheck>()
            .CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext())).Data["environment"]);
    }
}
