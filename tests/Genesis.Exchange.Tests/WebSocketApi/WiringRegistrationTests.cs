using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Mock.WebSocketApi;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Tests.WebSocketApi;

/// <summary>The WebSocket API in <c>AddGenesisExchange</c>: options, their validation, the credentials and the one connection.</summary>
public sealed class WiringRegistrationTests
{
    private static readonly GenesisExchangeOptionsValidator Validator = new();

    [Fact]
    public void Options_DefaultToRestOrderEntry_AndAreValid()
    {
        var options = new GenesisExchangeOptions();

        Assert.Equal(OrderTransport.Rest, options.OrderTransport);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(ExchangeEnvironment.Live)]
    [InlineData(ExchangeEnvironment.Testnet)]
    public void Validate_Fails_WhenTheWebSocketApiUrlIsNotTls_OnLiveOrTestnet(ExchangeEnvironment env)
    {
        var options = new GenesisExchangeOptions
        {
            Environment = env, ApiKey = new SecretString("k"), ApiSecret = new SecretString("s"), OrderTransport = OrderTransport.WebSocketApi,
            WebSocketApiBaseUrl = new Uri("ws://ws-api.example.com/ws-api/v3"),
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("WebSocketApiBaseUrl", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("wss://", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Fails_WhenCustomSendsOrdersOverTheWebSocketApiWithoutItsUrl()
    {
        var options = new GenesisExchangeOptions { OrderTransport = OrderTransport.WebSocketApi }.UseCustomEndpoints(new Uri("http://127.0.0.1:5000"));

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("OrderTransport WebSocketApi with Environment Custom needs WebSocketApiBaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Fails_WhenCustomSendsOrdersOverTheWebSocketApiWithoutCredentials()
    {
        var options = new GenesisExchangeOptions { OrderTransport = OrderTransport.WebSocketApi, ReadCredentialsFromEnvironment = false }
            .UseCustomEndpoints(new Uri("http://127.0.0.1:5000"), webSocketApiBaseUrl: new Uri("ws://127.0.0.1:5000/ws-api/v3"));

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("OrderTransport WebSocketApi needs credentials", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExplainsEveryBadWebSocketApiSetting()
    {
        var options = new GenesisExchangeOptions { OrderTransport = (OrderTransport)7 };
        options.WebSocketApi.RequestTimeout = TimeSpan.Zero;
        options.WebSocketApi.MaxInFlight = 0;
        options.WebSocketApi.ReconnectMaxDelay = TimeSpan.FromMilliseconds(1);
        options.WebSocketApi.MaxConnectionAge = TimeSpan.FromHours(25);
        options.WebSocketApi.UserDataBufferCapacity = 0;

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        foreach (var expected in new[]
        {
            "OrderTransport '7'", "WebSocketApi.RequestTimeout", "WebSocketApi.MaxInFlight", "WebSocketApi.ReconnectMaxDelay", "WebSocketApi.MaxConnectionAge",
            "WebSocketApi.UserDataBufferCapacity",
        })
        {
            Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Credentials_AnEd25519Key_AuthenticatesTheSessionWithLogon()
    {
        var pem = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", "ed25519-test-key.pem"));
        var options = new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet, ApiKey = new SecretString("k"), PrivateKeyPem = new SecretString(pem) };

        var credentials = WebSocketApiRegistration.Credentials(options);

        Assert.NotNull(credentials);
        Assert.True(credentials.CanLogOn);
        Assert.Equal(SigningScheme.Ed25519, credentials.Signer.Scheme);
    }

    [Fact]
    public void Credentials_AnHmacKey_SignsEveryRequest()
    {
        var options = new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet, ApiKey = new SecretString("k"), ApiSecret = new SecretString("s") };

        var credentials = WebSocketApiRegistration.Credentials(options);

        Assert.NotNull(credentials);
        Assert.False(credentials.CanLogOn);
        Assert.Equal(SigningScheme.HmacSha256, credentials.Signer.Scheme);
    }

    [Fact]
    public void Credentials_MockModeWithoutKeys_UsesThePlaceholderKey_AndCustomWithoutKeysHasNone()
    {
        var mock = WebSocketApiRegistration.Credentials(new GenesisExchangeOptions { ReadCredentialsFromEnvironment = false });
        var custom = WebSocketApiRegistration.Credentials(new GenesisExchangeOptions { ReadCredentialsFromEnvironment = false }.UseCustomEndpoints(new Uri("http://127.0.0.1:1")));

        Assert.Equal(WebSocketApiRegistration.MockApiKey, mock?.ApiKey.Reveal());
        Assert.Null(custom);
    }

    [Fact]
    public async Task AddGenesisExchange_MockMode_ConnectsOneWebSocketApiConnectionToTheInMemoryExchange_AndRegistersItOnce()
    {
        var services = new ServiceCollection();
        services.AddGenesisExchange(o =>
        {
            o.ReadCredentialsFromEnvironment = false;
            o.Mock.GenerateMarketData = false;
        });
        services.AddGenesisExchange();
        await using var provider = services.BuildServiceProvider();

        var holder = provider.GetRequiredService<WebSocketApiClientHolder>();
        var session = await holder.Client.Connection.WaitReadyAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var status = await holder.Client.GetSessionStatusAsync();

        Assert.Single(services, d => d.ServiceType == typeof(WebSocketApiClientHolder));
        Assert.Single(provider.GetRequiredService<InMemoryWebSocketApiServer>().Connections);
        Assert.False(session.IsClosed);
        Assert.Null(status.ApiKey);
        Assert.Equal(provider.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value.RecvWindow, provider.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value.WebSocketApi.RecvWindow);
    }

    [Fact]
    public async Task SubscribeUserData_InMockModeWithoutKeys_DeliversTheExecutionReportsOfOrdersPlacedOverRest()
    {
        var services = new ServiceCollection();
        services.AddGenesisExchange(o =>
        {
            o.ReadCredentialsFromEnvironment = false;
            o.Mock.GenerateMarketData = false;
        });
        await using var provider = services.BuildServiceProvider();
        var gateway = provider.GetRequiredService<IExchangeGateway>();
        var bid = (await gateway.GetBookTickerAsync("BTCUSDT")).BidPrice;
        await using var userData = await gateway.SubscribeUserDataAsync();

        var placed = await gateway.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.01m, decimal.Round(bid * 0.9m, 2)));
        ExecutionReport? report = null;
        while (report is null)
        {
            report = await userData.Events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)) as ExecutionReport;
        }

        Assert.Equal(placed.ClientOrderId, report.ClientOrderId);
        Assert.Equal(ExecutionType.New, report.ExecutionType);
        Assert.True(userData.SubscriptionId >= 0);
    }

    [Fact]
    public void Configuration_BindsTheOrderTransportAndTheWebSocketApiSettings()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenesisExchange:OrderTransport"] = "WebSocketApi",
            ["GenesisExchange:WebSocketApi:RequestTimeout"] = "00:00:03",
            ["GenesisExchange:WebSocketApi:UserDataBufferCapacity"] = "500",
        }).Build();
        var services = new ServiceCollection();
        services.AddGenesisExchange(config);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;

        Assert.Equal(OrderTransport.WebSocketApi, options.OrderTransport);
        Assert.Equal(TimeSpan.FromSeconds(3), options.WebSocketApi.RequestTimeout);
        Assert.Equal(500, options.WebSocketApi.UserDataBufferCapacity);
    }
}
