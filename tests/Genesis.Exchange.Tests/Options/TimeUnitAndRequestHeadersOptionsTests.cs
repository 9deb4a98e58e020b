using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Tests.Options;

/// <summary>Start-up checks of TimeUnit, RequestHeaders and ConfigureHttpHandler, and the stream URL of each time unit.</summary>
public sealed class TimeUnitAndRequestHeadersOptionsTests
{
    private static readonly GenesisExchangeOptionsValidator Validator = new();

    [Fact]
    public void Defaults_AreMilliseconds_NoHeaders_NoHandlerHook_AndValid()
    {
        var options = new GenesisExchangeOptions();

        Assert.Equal(ExchangeTimeUnit.Millisecond, options.TimeUnit);
        Assert.Empty(options.RequestHeaders);
        Assert.Null(options.ConfigureHttpHandler);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("X-MBX-APIKEY")]
    [InlineData("x-mbx-apikey")]
    [InlineData("X-MBX-TIME-UNIT")]
    [InlineData("Content-Type")]
    [InlineData("Host")]
    public void RequestHeaders_NamingAHeaderTheClientSets_FailsAtStartUp(string name)
    {
        var options = new GenesisExchangeOptions();
        options.RequestHeaders[name] = "secret-value";

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"'{name}' is set by the client itself", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Name")]
    [InlineData("Bad:Name")]
    [InlineData("Content-Encoding")]
    public void RequestHeaders_WithAnInvalidName_FailsAtStartUp(string name)
    {
        var options = new GenesisExchangeOptions();
        options.RequestHeaders[name] = "v";

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("is not a valid request header name", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestHeaders_WithALineBreakInAValue_FailsWithoutQuotingTheValue()
    {
        var options = new GenesisExchangeOptions();
        options.RequestHeaders["X-Trace"] = "token-123\r\nX-Evil: 1";

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("'X-Trace' is null or holds a line break", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("token-123", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestHeaders_Null_FailsAtStartUp()
    {
        var result = Validator.Validate(null, new GenesisExchangeOptions { RequestHeaders = null! });

        Assert.True(result.Failed);
        Assert.Contains("RequestHeaders must not be null", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestHeaders_WithOrdinaryHeaders_AreValid()
    {
        var options = new GenesisExchangeOptions();
        options.RequestHeaders["X-Request-Source"] = "desk-7";
        options.RequestHeaders["Proxy-Authorization"] = "Basic abc";

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void TimeUnit_NotDefined_FailsAtStartUp()
    {
        var result = Validator.Validate(null, new GenesisExchangeOptions { TimeUnit = (ExchangeTimeUnit)7 });

        Assert.True(result.Failed);
        Assert.Contains("TimeUnit '7' is not valid", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamUrl_AsksForMicroseconds_OnlyWhenTheTimeUnitIsMicrosecond()
    {
        var milliseconds = new MarketStreamOptions { BaseUrl = new Uri("wss://stream.binance.com:9443") };
        var microseconds = new MarketStreamOptions { BaseUrl = new Uri("wss://stream.binance.com:9443/"), MicrosecondTimes = true };

        Assert.Equal("wss://stream.binance.com:9443/stream", BinanceMarketStreamClient.BuildUri(milliseconds).ToString());
        Assert.Equal("wss://stream.binance.com:9443/stream?timeUnit=MICROSECOND", BinanceMarketStreamClient.BuildUri(microseconds).ToString());
    }

    [Fact]
    public void HandlerPipeline_PassesThePooledHandlerToTheHook_AndUsesWhatItReturns()
    {
        SocketsHttpHandler? seen = null;
        using var wrapper = new PassThroughHandler();
        var options = new GenesisExchangeOptions
        {
            ConfigureHttpHandler = inner =>
            {
                seen = Assert.IsType<SocketsHttpHandler>(inner);
                wrapper.InnerHandler = inner;
                return wrapper;
            },
        };

        var pipeline = HttpHandlerFactory.CreatePipeline(options);

        Assert.Same(wrapper, pipeline);
        Assert.NotNull(seen);
        Assert.Equal(options.Timeouts.Connect, seen.ConnectTimeout);
    }

    [Fact]
    public void HandlerPipeline_HookReturningNull_FailsWithWhatToFix()
    {
        var options = new GenesisExchangeOptions { ConfigureHttpHandler = _ => null! };

        var ex = Assert.Throws<InvalidOperationException>(() => HttpHandlerFactory.CreatePipeline(options));

        Assert.Contains("ConfigureHttpHandler returned null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_BindsTimeUnitAndRequestHeaders()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenesisExchange:TimeUnit"] = "Microsecond",
            ["GenesisExchange:RequestHeaders:X-Request-Source"] = "desk-7",
        }).Build();

        using var sp = new ServiceCollection().AddGenesisExchange(config).Services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;
        Assert.Equal(ExchangeTimeUnit.Microsecond, options.TimeUnit);
        Assert.Equal("desk-7", options.RequestHeaders["x-request-source"]);
    }

    private sealed class PassThroughHandler : DelegatingHandler;
}
