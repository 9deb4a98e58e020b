using Genesis.Exchange.Options;
using Genesis.Exchange.Samples.Quickstart;
using Xunit;

namespace Genesis.Exchange.Samples.Tests.Quickstart;

public sealed class QuickstartArgumentsTests
{
    [Fact]
    public void NoArguments_RunTheMockTour()
    {
        var parsed = QuickstartArguments.Parse([]);

        Assert.Equal(new QuickstartArguments(), parsed);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_AsksForUsage(string arg)
    {
        Assert.True(QuickstartArguments.Parse([arg]).ShowHelp);
    }

    [Fact]
    public void FakeServer_IsRecognised()
    {
        Assert.True(QuickstartArguments.Parse(["--fake-server"]).UseFakeServer);
    }

    [Theory]
    [InlineData("--fake")]
    [InlineData("--live")]
    [InlineData("fake-server")]
    public void UnknownArgument_IsRefused_NamingItAndTheValidOptions(string arg)
    {
        var parsed = QuickstartArguments.Parse(["--fake-server", arg]);

        Assert.Equal($"Unknown argument '{arg}'. Options: --fake-server, --help.", parsed.Error);
    }

    [Fact]
    public void Usage_NamesEveryOptionAndEnvironment()
    {
        Assert.Contains("--fake-server", QuickstartArguments.Usage, StringComparison.Ordinal);
        Assert.Contains("--help", QuickstartArguments.Usage, StringComparison.Ordinal);
        Assert.Contains("mock exchange (in memory, no network, no keys)", QuickstartArguments.Usage, StringComparison.Ordinal);
        Assert.Contains("GenesisExchange__Environment=Testnet", QuickstartArguments.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_SaysWhichEnvironmentRuns()
    {
        var fake = new GenesisExchangeOptions().UseCustomEndpoints(new Uri("http://127.0.0.1:5000"));

        Assert.Equal("mock exchange (in memory, no network, no real orders)", QuickstartArguments.Describe(new GenesisExchangeOptions(), fakeServer: false));
        Assert.StartsWith("fake Binance server at http://127.0.0.1:5000/", QuickstartArguments.Describe(fake, fakeServer: true), StringComparison.Ordinal);
        Assert.StartsWith("Binance Spot testnet at https://testnet.binance.vision/", QuickstartArguments.Describe(new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet }, fakeServer: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Live_IsRefused_BecauseTheTourPlacesOrders()
    {
        Assert.NotNull(QuickstartArguments.Refusal(new GenesisExchangeOptions { Environment = ExchangeEnvironment.Live }));
        Assert.Null(QuickstartArguments.Refusal(new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet }));
        Assert.Null(QuickstartArguments.Refusal(new GenesisExchangeOptions()));
    }
}
