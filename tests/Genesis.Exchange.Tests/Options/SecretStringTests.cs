using System.ComponentModel;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Configuration;

namespace Genesis.Exchange.Tests.Options;

public sealed class SecretStringTests
{
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    [Fact]
    public void ToStringAndFormatting_NeverReveal()
    {
        var secret = new SecretString(Secret);

        Assert.Equal("***", secret.ToString());
        Assert.Equal("***", $"{secret}");
        Assert.Equal("***", string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:G}", secret));
        Assert.Equal("***", TypeDescriptor.GetConverter(typeof(SecretString)).ConvertToString(secret));
    }

    [Fact]
    public void BindsFromConfiguration_AndStaysHidden()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenesisExchange:Environment"] = "Testnet",
            ["GenesisExchange:ApiKey"] = "my-key",
            ["GenesisExchange:ApiSecret"] = Secret,
            ["GenesisExchange:RateLimits:MaxUtilization"] = "0.7",
        }).Build();
        var options = new GenesisExchangeOptions();

        config.GetSection("GenesisExchange").Bind(options);

        Assert.Equal(ExchangeEnvironment.Testnet, options.Environment);
        Assert.Equal(new SecretString(Secret), options.ApiSecret);
        Assert.Equal(0.7m, options.RateLimits.MaxUtilization);
        Assert.DoesNotContain(Secret, options.ApiSecret!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_ComparesValues()
    {
        Assert.Equal(new SecretString("a"), new SecretString("a"));
        Assert.NotEqual(new SecretString("a"), new SecretString("b"));
    }
}
