using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Options;

public sealed class GenesisExchangeOptionsValidatorTests
{
    private static readonly GenesisExchangeOptionsValidator Validator = new();

    private static GenesisExchangeOptions WithKeys(ExchangeEnvironment env) => new()
    {
        Environment = env,
        ApiKey = new SecretString("key"),
        ApiSecret = new SecretString("secret"),
    };

    [Fact]
    public void Default_IsMock_AndValid_EvenWithKeysPresent()
    {
        var options = new GenesisExchangeOptions { ApiKey = new SecretString("k"), ApiSecret = new SecretString("s") };

        Assert.Equal(ExchangeEnvironment.Mock, options.Environment);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(ExchangeEnvironment.Live)]
    [InlineData(ExchangeEnvironment.Testnet)]
    public void LiveOrTestnet_WithoutCredentials_FailsWithWhatToFix(ExchangeEnvironment env)
    {
        var result = Validator.Validate(null, new GenesisExchangeOptions { Environment = env });

        Assert.True(result.Failed);
        Assert.Contains("BINANCE_API_KEY", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mock", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExchangeEnvironment.Live)]
    [InlineData(ExchangeEnvironment.Testnet)]
    public void LiveOrTestnet_WithCredentials_IsValid(ExchangeEnvironment env)
    {
        Assert.True(Validator.Validate(null, WithKeys(env)).Succeeded);
    }

    [Theory]
    [InlineData(ExchangeEnvironment.Live, "http://api.binance.com")]
    [InlineData(ExchangeEnvironment.Testnet, "http://127.0.0.1:5000")]
    public void LiveOrTestnet_RefuseNonTls(ExchangeEnvironment env, string url)
    {
        var options = WithKeys(env);
        options.RestBaseUrl = new Uri(url);

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("not TLS", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_AllowsPlainHttpOnLoopbackOnly()
    {
        var loopback = new GenesisExchangeOptions().UseCustomEndpoints(new Uri("http://127.0.0.1:5123"), new Uri("ws://127.0.0.1:5123"), new Uri("ws://localhost:5123"));
        var remote = new GenesisExchangeOptions().UseCustomEndpoints(new Uri("http://10.1.2.3:5123"), new Uri("wss://10.1.2.3"), new Uri("wss://10.1.2.3"));

        Assert.True(Validator.Validate(null, loopback).Succeeded);
        Assert.Contains("not TLS and not loopback", Validator.Validate(null, remote).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_WithoutRestUrl_Fails()
    {
        Assert.Contains("RestBaseUrl", Validator.Validate(null, new GenesisExchangeOptions { Environment = ExchangeEnvironment.Custom }).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60_001)]
    public void RecvWindow_OutOfRange_Fails(int ms)
    {
        var options = new GenesisExchangeOptions { RecvWindow = TimeSpan.FromMilliseconds(ms) };

        Assert.Contains("RecvWindow", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void BadNumbers_AreEachExplained()
    {
        var options = new GenesisExchangeOptions();
        options.RateLimits.MaxUtilization = 1.5m;
        options.CircuitBreaker.FailureThreshold = 0;
        options.Retry.MaxRetries = -1;
        options.Timeouts.Total = TimeSpan.FromSeconds(1);

        var message = Validator.Validate(null, options).FailureMessage;

        Assert.Contains("MaxUtilization", message, StringComparison.Ordinal);
        Assert.Contains("FailureThreshold", message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries", message, StringComparison.Ordinal);
        Assert.Contains("Timeouts.Total", message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidPem_IsExplained_WithoutEchoingTheKey()
    {
        var options = new GenesisExchangeOptions
        {
            Environment = ExchangeEnvironment.Live,
            ApiKey = new SecretString("key"),
            PrivateKeyPem = new SecretString("-----BEGIN PRIVATE KEY-----\nSUPERSECRETMATERIAL\n-----END PRIVATE KEY-----"),
        };

        var message = Validator.Validate(null, options).FailureMessage;

        Assert.Contains("PKCS#8", message, StringComparison.Ordinal);
        Assert.DoesNotContain("SUPERSECRETMATERIAL", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ed25519KeyFile_IsLoadedAndAccepted()
    {
        var options = new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet };
        var env = new Dictionary<string, string?>
        {
            ["BINANCE_API_KEY"] = "key",
            ["BINANCE_PRIVATE_KEY_FILE"] = Path.Combine(TestPaths.Fixtures, "signing", "ed25519-test-key.pem"),
        };

        CredentialsLoader.Apply(options, n => env.GetValueOrDefault(n));

        Assert.NotNull(options.PrivateKeyPem);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void UnreadableKeyFile_IsExplained()
    {
        var options = new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet, PrivateKeyFile = "/nonexistent/key.pem", ApiKey = new SecretString("k") };

        CredentialsLoader.Apply(options, _ => null);

        Assert.Contains("could not be read", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ReconcileTimeout_MustBePositive()
    {
        var options = new GenesisExchangeOptions();
        options.Orders.ReconcileTimeout = TimeSpan.Zero;

        var message = Validator.Validate(null, options).FailureMessage;

        Assert.Contains("Orders.ReconcileTimeout", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsa-test-public-key.pem", "public key")]
    [InlineData("openssh-ed25519-test-key", "OpenSSH format")]
    [InlineData("ed25519-test-key-encrypted.pem", "encrypted")]
    public void KeyThatCannotSign_FailsAtStartup_NamingWhatItIsAndTheAcceptedFormats(string file, string what)
    {
        var options = new GenesisExchangeOptions
        {
            Environment = ExchangeEnvironment.Testnet,
            ApiKey = new SecretString("key"),
            PrivateKeyPem = new SecretString(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", file))),
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(what, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PKCS#8 PEM ('-----BEGIN PRIVATE KEY-----'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFileOfTheWrongKind_IsNamedInTheMessage()
    {
        var path = Path.Combine(TestPaths.Fixtures, "signing", "rsa-test-public-key.pem");
        var options = new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet, ApiKey = new SecretString("key"), PrivateKeyFile = path, ReadCredentialsFromEnvironment = false };

        CredentialsLoader.Apply(options);

        Assert.Contains($"PrivateKeyFile '{path}'", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedKeyFile_FailsAtStartup_WithoutBeingLoaded()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", "ed25519-test-key.pem")) + new string('\n', 70 * 1024));
            var options = new GenesisExchangeOptions { Environment = ExchangeEnvironment.Testnet, ApiKey = new SecretString("key"), PrivateKeyFile = path, ReadCredentialsFromEnvironment = false };

            CredentialsLoader.Apply(options);

            Assert.Null(options.PrivateKeyPem);
            Assert.Contains("larger than 64 KiB", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0, 24 * 60)]
    [InlineData(-1, 24 * 60)]
    [InlineData(25 * 60, 24 * 60)]
    public void SymbolStatusRefreshInterval_NotPositiveOrLongerThanTheInfoCache_FailsWithWhatToFix(int minutes, int cacheMinutes)
    {
        var options = new GenesisExchangeOptions
        {
            SymbolStatusRefreshInterval = TimeSpan.FromMinutes(minutes),
            ExchangeInfoCacheDuration = TimeSpan.FromMinutes(cacheMinutes),
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("SymbolStatusRefreshInterval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ExchangeInfoCacheDuration_NotPositive_FailsWithWhatToFix()
    {
        var result = Validator.Validate(null, new GenesisExchangeOptions { ExchangeInfoCacheDuration = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("ExchangeInfoCacheDuration", result.FailureMessage, StringComparison.Ordinal);
    }
}
