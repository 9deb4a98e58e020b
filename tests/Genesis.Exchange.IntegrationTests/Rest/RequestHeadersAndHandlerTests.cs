using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Options;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Genesis.Exchange.IntegrationTests.Rest;

/// <summary>
/// Custom request headers, the HTTP handler hook and the microsecond time unit, registered through AddGenesisExchange
/// and sent over real loopback HTTP to WireMock.Net.
/// </summary>
public sealed class RequestHeadersAndHandlerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly WireMockServer _server = WireMockServer.Start();

    public RequestHeadersAndHandlerTests()
    {
        // 2017-07-12T02:41:59.559123Z in microseconds.
        _server.Given(Request.Create().WithPath("/api/v3/time").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"serverTime":1499827319559123}"""));
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    private ServiceProvider Services(Action<GenesisExchangeOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGenesisExchange(o =>
        {
            o.UseCustomEndpoints(new Uri(_server.Url!));
            o.ReadCredentialsFromEnvironment = false;
            configure(o);
        });
        return services.BuildServiceProvider();
    }

    private string? HeaderOfTimeRequest(string name) =>
        _server.LogEntries.Single(e => e.RequestMessage.Path == "/api/v3/time").RequestMessage.Headers is { } headers && headers.TryGetValue(name, out var values)
            ? string.Join(",", values)
            : null;

    [Fact]
    public async Task DelegatingHandlerFromTheHook_SeesEveryRequest_AndCustomHeadersArrive()
    {
        var recorder = new RecordingHandler();
        await using var sp = Services(o =>
        {
            o.RequestHeaders["X-Request-Source"] = "desk-7";
            o.ConfigureHttpHandler = pooled =>
            {
                recorder.InnerHandler = pooled;
                return recorder;
            };
        });

        await sp.GetRequiredService<IBinanceRestClient>().GetServerTimeAsync().WaitAsync(Bound);

        var seen = Assert.Single(recorder.Requests);
        Assert.Equal("/api/v3/time", seen.AbsolutePath);
        Assert.Equal("desk-7", HeaderOfTimeRequest("X-Request-Source"));
        Assert.Null(HeaderOfTimeRequest("X-MBX-TIME-UNIT")); // milliseconds, Binance's default, ask for nothing
    }

    [Fact]
    public async Task MicrosecondTimeUnit_SendsTheHeader_AndKeepsTheMicrosecondsOfTheAnswer()
    {
        await using var sp = Services(o => o.TimeUnit = ExchangeTimeUnit.Microsecond);

        var serverTime = await sp.GetRequiredService<IBinanceRestClient>().GetServerTimeAsync().WaitAsync(Bound);

        Assert.Equal("MICROSECOND", HeaderOfTimeRequest("X-MBX-TIME-UNIT"));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1_499_827_319_559_123 * 10), serverTime);
    }

    [Fact]
    public async Task ReservedHeaderInRequestHeaders_FailsWhenTheClientIsResolved_WithoutSending()
    {
        await using var sp = Services(o => o.RequestHeaders["X-MBX-APIKEY"] = "another-key");

        var ex = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => sp.GetRequiredService<IBinanceRestClient>());

        Assert.Contains("'X-MBX-APIKEY' is set by the client itself", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("another-key", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request.RequestUri!);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
