using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Streams.InMemory;

/// <summary>Mock mode's stream stack, as AddGenesisExchange builds it: the real client over the in-memory stream server, gap fill over the mock REST.</summary>
internal sealed class MockStreams : IAsyncDisposable
{
    public MockStreams(MockExchange exchange, TimeProvider time, ILoggerProvider? logs = null, Func<IWebSocketConnectionFactory, IWebSocketConnectionFactory>? wrap = null, MarketStreamOptions? options = null)
    {
        Server = new InMemoryStreamServer(exchange);
        Rest = new BinanceRestClient(new MockExchangeTransport(exchange, time), time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);
        _loggers = LoggerFactory.Create(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        Client = Create(wrap is null ? Server : wrap(Server), Rest, time, _loggers.CreateLogger<BinanceMarketStreamClient>(), options);
    }

    private readonly ILoggerFactory _loggers;

    public InMemoryStreamServer Server { get; }

    public BinanceRestClient Rest { get; }

    public BinanceMarketStreamClient Client { get; }

    /// <summary>The client mock mode registers (no control-message pacing: the in-memory server has no incoming limit).</summary>
    public static BinanceMarketStreamClient Create(IWebSocketConnectionFactory server, IBinanceRestClient rest, TimeProvider time, ILogger<BinanceMarketStreamClient>? logger = null, MarketStreamOptions? options = null) =>
        new(
            WithMockUrl(options ?? new MarketStreamOptions()),
            new RestTradeHistorySource(rest),
            server,
            time,
            logger ?? NullLogger<BinanceMarketStreamClient>.Instance,
            controlMessageInterval: TimeSpan.Zero);

    private static MarketStreamOptions WithMockUrl(MarketStreamOptions options)
    {
        options.BaseUrl = InMemoryStreamServer.BaseUrl;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        Server.Dispose();
        _loggers.Dispose();
    }
}
