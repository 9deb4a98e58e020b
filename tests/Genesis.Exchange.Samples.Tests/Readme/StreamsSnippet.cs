// README.md, "Market streams": the lines between "#region readme" and "#endregion", and the using lines of this file,
// are that snippet verbatim (ReadmeSnippetsTests checks it). Change both together.
using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Samples.Tests.Readme;

public sealed class StreamsSnippet
{
    [Xunit.Fact]
    public async Task RunsAsWritten_OnTheDefaultMockExchange()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Genesis.Exchange.DependencyInjection.GenesisExchangeServiceCollectionExtensions.AddGenesisExchange(services, o => o.ReadCredentialsFromEnvironment = false);
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var gateway = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IExchangeGateway>(provider);
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        long? first = null;

        #region readme
        await using var trades = gateway.Streams.Subscribe(MarketStreams.Trade("BTCUSDT"), StreamRole.Execution);
        await trades.Subscribed;   // faults with StreamSubscriptionRejectedException (and Binance's code) when refused
        await foreach (var trade in trades.WithCancellation(window.Token))
        {
            Console.WriteLine($"trade {trade.TradeId}: {trade.Quantity} @ {trade.Price}");   // each id once, in order, across failover and renewal
            first ??= trade.TradeId;
            if (trade.TradeId >= first + 2)
            {
                break;
            }
        }

        Console.WriteLine($"{trades.State}: {trades.Counters}");   // Live: received, delivered, malformed, duplicates, gaps, dropped
        #endregion

        Xunit.Assert.Equal(StreamSubscriptionState.Live, trades.State);
        Xunit.Assert.True(trades.Counters.Delivered >= 3);
    }
}
