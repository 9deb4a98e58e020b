using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>The simulated market moves enough for MarketState to follow its volatility (gateway → mock transport → engine).</summary>
public sealed class MockMarketStateTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.000002, MarketState.Normal)]
    [InlineData(0.002, MarketState.Panic)]
    public async Task MarketState_FollowsTheSimulatedVolatility(double volatility, MarketState expected)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddGenesisExchange(o =>
        {
            o.Mock.Volatility = (decimal)volatility;
            o.Mock.TickInterval = TimeSpan.FromSeconds(1);
            o.ReadCredentialsFromEnvironment = false;
        });
        using var sp = services.BuildServiceProvider();
        var exchange = sp.GetRequiredService<MockExchange>();
        var gateway = sp.GetRequiredService<IExchangeGateway>();

        // 16 simulated minutes at one step per second (the DI-started market timer runs on the fake clock),
        // so that the 14-period ATR only sees simulated klines.
        Assert.True(exchange.IsRunning);
        var before = exchange.TradesPublished;
        for (var i = 0; i < 16 * 60; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(exchange.TradesPublished - before >= 16 * 60);

        var report = await gateway.GetMarketStateAsync("BTCUSDT");

        output.WriteLine($"{report.State}: ATR {report.AtrPercent}%, spread {report.SpreadBasisPoints} bps, volume {report.QuoteVolume24h}");
        Assert.Equal(expected, report.State);
    }
}
