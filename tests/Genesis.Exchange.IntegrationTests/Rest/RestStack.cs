using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.IntegrationTests.Rest;

/// <summary>The real HTTP stack (handler, transport, client) pointed at a loopback server, without resilience decorators.</summary>
internal sealed class RestStack : IDisposable
{
    public const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    public const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    private readonly HttpClient _http;

    public RestStack(string baseUrl, ILoggerFactory loggerFactory, Action<GenesisExchangeOptions>? configure = null)
    {
        Options = new GenesisExchangeOptions { ApiKey = new SecretString(ApiKey), ApiSecret = new SecretString(Secret) }
            .UseCustomEndpoints(new Uri(baseUrl));
        Options.Orders.ReconcileDelay = TimeSpan.FromMilliseconds(50);
        configure?.Invoke(Options);
        _http = HttpHandlerFactory.CreateClient(HttpHandlerFactory.Create(Options));
        var clock = new ServerClock(TimeProvider.System);
        var transport = new HttpExchangeTransport(_http, new Uri(baseUrl), SignerFactory.Create(Options.ApiSecret, null), Options.ApiKey, clock, TimeProvider.System, Options, loggerFactory.CreateLogger<HttpExchangeTransport>());
        Client = new BinanceRestClient(transport, TimeProvider.System, Options, loggerFactory.CreateLogger<BinanceRestClient>());
    }

    public GenesisExchangeOptions Options { get; }

    public BinanceRestClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _http.Dispose();
    }
}
