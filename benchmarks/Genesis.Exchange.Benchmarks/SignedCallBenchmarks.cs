using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.Benchmarks;

/// <summary>
/// One signed REST call on loopback against the fake Binance server (Kestrel, mock backend): a raw
/// <see cref="HttpClient"/> that builds the query, signs it with HMAC-SHA256 and reads the body (baseline), against
/// the full client (DI, every resilience layer, permit, signing, typed parsing). Both call the same endpoint,
/// <c>GET /api/v3/openOrders?symbol=BTCUSDT</c> (weight 6) on a server whose backend answers <c>[]</c> at once (the
/// server still verifies the signature and counts limits), so the server's cost is the same and the ratio is the
/// client's overhead. Limits are set so high that nothing ever waits.
/// </summary>
[MemoryDiagnoser]
public class SignedCallBenchmarks
{
    private const string Key = "bench-key";
    private const string Secret = "bench-secret";
    private FakeBinanceServer _server = null!;
    private ServiceProvider _provider = null!;
    private IBinanceRestClient _client = null!;
    private HttpClient _raw = null!;
    private byte[] _secret = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = new EmptyListBackend(),
            ApiKey = Key,
            ApiSecret = new SecretString(Secret),
            RateLimits =
            [
                new FakeRateLimit(FakeRateLimitType.RequestWeight, FakeRateLimitInterval.Minute, 1, int.MaxValue),
                new FakeRateLimit(FakeRateLimitType.RawRequests, FakeRateLimitInterval.Minute, 5, int.MaxValue),
                new FakeRateLimit(FakeRateLimitType.Orders, FakeRateLimitInterval.Second, 10, int.MaxValue),
            ],
        }).GetAwaiter().GetResult();

        var services = new ServiceCollection();
        services.AddGenesisExchange(o =>
        {
            o.UseCustomEndpoints(_server.RestBaseUrl, _server.StreamBaseUrl);
            o.ApiKey = new SecretString(Key);
            o.ApiSecret = new SecretString(Secret);
            o.ReadCredentialsFromEnvironment = false;
            o.RateLimits.DefaultRequestWeightPerMinute = int.MaxValue / 4;
            o.RateLimits.DefaultRawRequestsPerFiveMinutes = int.MaxValue / 4;
        });
        _provider = services.BuildServiceProvider();
        _client = _provider.GetRequiredService<IBinanceRestClient>();
        _client.GetOpenOrdersAsync("BTCUSDT").GetAwaiter().GetResult();

        _raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = _server.RestBaseUrl };
        _raw.DefaultRequestHeaders.Add("X-MBX-APIKEY", Key);
        _secret = Encoding.UTF8.GetBytes(Secret);
        RawHttpClient().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _provider.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The floor: build, sign and send the same request with a bare <see cref="HttpClient"/>.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient()
    {
        var query = "symbol=BTCUSDT&recvWindow=5000&timestamp=" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(query)));
        using var response = await _raw.GetAsync("/api/v3/openOrders?" + query + "&signature=" + signature);
        var body = await response.Content.ReadAsByteArrayAsync();
        return body.Length + (int)response.StatusCode;
    }

    /// <summary>The same call through the full client: permit, time sync, breaker, retry policy, signing, parsing.</summary>
    [Benchmark]
    public async Task<int> GenesisClient() => (await _client.GetOpenOrdersAsync("BTCUSDT")).Count;
}

/// <summary>A backend that answers every request with an empty JSON array (and the server time for <c>/time</c>).</summary>
internal sealed class EmptyListBackend : IExchangeTransport
{
    private static readonly Dictionary<string, string> Headers = new() { ["Content-Type"] = "application/json;charset=UTF-8" };

    public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        var body = request.Endpoint.Path.EndsWith("/time", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes("{\"serverTime\":" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "}")
            : "[]"u8.ToArray();
        return ValueTask.FromResult(new ExchangeResponse(200, body, Headers));
    }
}
