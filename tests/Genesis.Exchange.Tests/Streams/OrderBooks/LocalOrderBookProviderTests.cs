using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Genesis.Exchange.Tests.Streams.OrderBooks.OrderBookTestData;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

public sealed class LocalOrderBookProviderTests
{
    private readonly ScriptedDepthStreams _streams = new();
    private readonly ScriptedSnapshots _snapshots = new();

    private LocalOrderBookProvider Provider() => new(_streams, _snapshots, new FakeTimeProvider(), NullLoggerFactory.Instance);

    [Fact]
    public async Task Open_KeepsOneIndependentBookPerSymbol()
    {
        await using var provider = Provider();

        await using var btc = provider.Open("btcusdt");
        await _streams.NextSubscriptionAsync();
        await using var eth = provider.Open("ETHUSDT");
        await _streams.NextSubscriptionAsync();
        _streams.Push(Diff(101, 105, bids: [(2000m, 1m)]) with { Symbol = "ETHUSDT" });
        await _snapshots.AnswerAsync(Snapshot(103) with { Symbol = "ETHUSDT" });
        await eth.WaitUntilLiveAsync().WaitAsync(Bound.Safety);

        Assert.Equal(["BTCUSDT", "ETHUSDT"], _streams.Symbols);
        Assert.Equal(("BTCUSDT", LocalOrderBookState.Synchronizing), (btc.Symbol, btc.State));
        Assert.Equal(("ETHUSDT", LocalOrderBookState.Live), (eth.Symbol, eth.State));
        Assert.Equal(new Genesis.Exchange.Models.OrderBookLevel(2000m, 1m), eth.BestBid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("BTC/USDT")]
    public async Task Open_RejectsASymbolThatIsNotLettersAndDigits(string symbol)
    {
        await using var provider = Provider();

        Assert.ThrowsAny<ArgumentException>(() => provider.Open(symbol));
        Assert.Equal(0, _streams.SubscriptionCount);
    }

    [Theory]
    [InlineData(0, 1, 1.0, nameof(LocalOrderBookOptions.SnapshotDepth))]
    [InlineData(5001, 1, 1.0, nameof(LocalOrderBookOptions.SnapshotDepth))]
    [InlineData(100, 0, 1.0, nameof(LocalOrderBookOptions.MaxBufferedEvents))]
    [InlineData(100, 1, -1.0, nameof(LocalOrderBookOptions.RetryDelay))]
    public async Task Open_RejectsOptionsOutOfRange_NamingTheOption(int depth, int buffered, double retrySeconds, string name)
    {
        await using var provider = Provider();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => provider.Open(Symbol, new LocalOrderBookOptions
        {
            SnapshotDepth = depth,
            MaxBufferedEvents = buffered,
            RetryDelay = TimeSpan.FromSeconds(retrySeconds),
        }));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public async Task Open_RejectsANonPositiveCrossCheckInterval()
    {
        await using var provider = Provider();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => provider.Open(Symbol, new LocalOrderBookOptions { CrossCheckInterval = TimeSpan.Zero }));

        Assert.Equal(nameof(LocalOrderBookOptions.CrossCheckInterval), error.ParamName);
    }

    [Fact]
    public async Task Dispose_StopsEveryOpenBook()
    {
        var provider = Provider();
        var book = provider.Open(Symbol);
        await _streams.NextSubscriptionAsync();

        await provider.DisposeAsync();

        Assert.Equal(LocalOrderBookState.Stopped, book.State);
        Assert.Throws<ObjectDisposedException>(() => provider.Open(Symbol));
    }

    [Fact]
    public void AddGenesisExchange_RegistersOneProvider_EvenWhenCalledTwice()
    {
        var services = new ServiceCollection();
        services.AddGenesisExchange(o => o.ReadCredentialsFromEnvironment = false);
        services.AddGenesisExchange();

        Assert.Single(services, d => d.ServiceType == typeof(ILocalOrderBookProvider));
        using var sp = services.BuildServiceProvider();
        Assert.Same(sp.GetRequiredService<ILocalOrderBookProvider>(), sp.GetRequiredService<ILocalOrderBookProvider>());
    }
}
