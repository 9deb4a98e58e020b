using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Models;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.DependencyInjection;

/// <summary>AddGenesisExchange never replaces or shadows the host's logging, whatever the registration order.</summary>
public sealed class HostLoggingTests
{
    [Fact]
    public async Task AddLoggingAfterAddGenesisExchange_ReceivesTheLibrarysLogLines()
    {
        using var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddGenesisExchange(o => o.ReadCredentialsFromEnvironment = false);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(capture));
        using var sp = services.BuildServiceProvider();

        await PlaceOneOrderAsync(sp.GetRequiredService<IExchangeGateway>());

        Assert.Contains(capture.Entries, e => e.Category == typeof(BinanceRestClient).FullName && e.Message.Contains(" placed: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLoggingBeforeAddGenesisExchange_ReceivesTheLibrarysLogLines()
    {
        using var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(capture));
        services.AddGenesisExchange(o => o.ReadCredentialsFromEnvironment = false);
        using var sp = services.BuildServiceProvider();

        await PlaceOneOrderAsync(sp.GetRequiredService<IExchangeGateway>());

        Assert.Contains(capture.Entries, e => e.Category == typeof(BinanceRestClient).FullName && e.Message.Contains(" placed: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AddGenesisExchange_RegistersNoNullLoggerFactory()
    {
        var services = new ServiceCollection();

        services.AddGenesisExchange();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ILoggerFactory) && (d.ImplementationInstance is NullLoggerFactory || d.ImplementationType == typeof(NullLoggerFactory)));
    }

    private static async Task PlaceOneOrderAsync(IExchangeGateway gateway)
    {
        var rules = await gateway.GetSymbolRulesAsync("BTCUSDT");
        var book = await gateway.GetOrderBookAsync("BTCUSDT", 5);
        await gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, rules.RoundQuantity(0.01m), rules.RoundPrice(book.BestBid!.Value.Price * 0.99m)));
    }
}
