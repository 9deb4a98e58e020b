using System.Text.Json.Nodes;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.IntegrationTests.EndToEnd;

/// <summary>
/// <see cref="GenesisExchangeOptions.TimeUnit"/> = Microsecond end to end: the client asks, the fake Binance server
/// answers in microseconds (REST header, stream URL parameter), and a time with a sub-millisecond part survives the trip.
/// </summary>
public sealed class MicrosecondTimeEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // 123 µs and 4.567 µs past a millisecond: µs keep the 123 (and drop the 0.4567 µs below their unit), ms keep none.
    private static readonly DateTimeOffset SubMillisecond = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static DateTimeOffset ToMicrosecond(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));

    private static ServiceProvider Client(FakeBinanceServer server, ExchangeTimeUnit unit)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGenesisExchange(o =>
        {
            o.UseCustomEndpoints(server.RestBaseUrl, server.StreamBaseUrl);
            o.ReadCredentialsFromEnvironment = false;
            o.TimeUnit = unit;
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task ServerTime_KeepsItsMicroseconds_WhenAskedFor_AndIsMilliseconds_Otherwise()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { TimeProvider = new FakeTimeProvider(SubMillisecond) });
        await using var micro = Client(server, ExchangeTimeUnit.Microsecond);
        await using var milli = Client(server, ExchangeTimeUnit.Millisecond);

        var inMicroseconds = await micro.GetRequiredService<IBinanceRestClient>().GetServerTimeAsync().WaitAsync(Bound);
        var inMilliseconds = await milli.GetRequiredService<IBinanceRestClient>().GetServerTimeAsync().WaitAsync(Bound);

        Assert.Equal(ToMicrosecond(SubMillisecond), inMicroseconds);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(SubMillisecond.ToUnixTimeMilliseconds()), inMilliseconds);
    }

    [Fact]
    public async Task TradeStream_KeepsTheMicrosecondsOfTradeAndEventTimes()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions());
        await using var sp = Client(server, ExchangeTimeUnit.Microsecond);
        var streams = sp.GetRequiredService<IMarketStreamClient>();
        using var cts = new CancellationTokenSource(Bound);
        var trade = new TradeUpdate("BTCUSDT", 1, 100m, 1m, SubMillisecond, SubMillisecond.AddTicks(3_330), false);

        await using var trades = streams.SubscribeTradesAsync("BTCUSDT", cts.Token).GetAsyncEnumerator(cts.Token);
        var next = trades.MoveNextAsync().AsTask();
        while (!next.IsCompleted)
        {
            // Until the subscription is in place; a repeat of trade 1 is dropped as a duplicate once it arrived.
            server.Publish(trade);
            await Task.WhenAny(next, Task.Delay(50, cts.Token));
        }

        Assert.True(await next);
        Assert.Equal(ToMicrosecond(SubMillisecond), trades.Current.TradeTime);
        Assert.Equal(ToMicrosecond(SubMillisecond.AddTicks(3_330)), trades.Current.EventTime);
        Assert.NotEqual(0, trades.Current.TradeTime.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public async Task RelayedAnswers_CarryTheirTimesInMicroseconds_OnlyWhenTheHeaderAsks()
    {
        await using var h = await EndToEndHarness.StartAsync(client: o => o.TimeUnit = ExchangeTimeUnit.Microsecond);
        using var http = new HttpClient();
        var minute = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 * 60_000;
        var start = DateTimeOffset.FromUnixTimeMilliseconds(minute - (10 * 60_000));
        var klines = new Uri(h.Server.RestBaseUrl, $"/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1&startTime={start.ToUnixTimeMilliseconds()}");
        using var microRequest = new HttpRequestMessage(HttpMethod.Get, klines);
        microRequest.Headers.Add("X-MBX-TIME-UNIT", "MICROSECOND");

        var inMicroseconds = JsonNode.Parse(await (await http.SendAsync(microRequest).WaitAsync(Bound)).Content.ReadAsStringAsync())!.AsArray()[0]!.AsArray();
        var inMilliseconds = JsonNode.Parse(await http.GetStringAsync(klines).WaitAsync(Bound))!.AsArray()[0]!.AsArray();
        var parsed = await h.Services.GetRequiredService<IBinanceRestClient>().GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute, limit: 1, startTime: start).WaitAsync(Bound);

        // The mock keeps milliseconds: the same kline, open time ×1000, close time the last µs of its last ms.
        Assert.Equal(start.ToUnixTimeMilliseconds(), (long)inMilliseconds[0]!);
        Assert.Equal((long)inMilliseconds[0]! * 1000, (long)inMicroseconds[0]!);
        Assert.Equal(((long)inMilliseconds[6]! * 1000) + 999, (long)inMicroseconds[6]!);
        Assert.Equal(start, parsed[0].OpenTime);
        Assert.Equal(start.AddMinutes(1).AddTicks(-10), parsed[0].CloseTime);
    }
}
