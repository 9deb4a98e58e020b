using System.Runtime.Versioning;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Health;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Tests.DependencyInjection;

/// <summary>What the library says about its configuration when the client is built.</summary>
public sealed class StartupAnnouncerTests
{
    [Fact]
    public async Task KeysWithoutEnvironment_RunMock_AndWarnOnce_NamingTheSettingToChange()
    {
        using var logs = new CapturingLoggerProvider();
        await using var sp = Build(logs, o =>
        {
            o.ApiKey = new SecretString("real-looking-key");
            o.ApiSecret = new SecretString("real-looking-secret");
        });

        var gateway = sp.GetRequiredService<IExchangeGateway>();
        await gateway.GetServerTimeAsync();
        _ = sp.GetRequiredService<IMarketStreamClient>();

        Assert.Equal(ExchangeEnvironment.Mock, sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value.Environment);
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("GenesisExchange:Environment", warning.Message, StringComparison.Ordinal);
        Assert.Contains("mock exchange", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("real-looking", string.Join('\n', logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void KeysWithMockChosenExplicitly_DoNotWarn()
    {
        using var logs = new CapturingLoggerProvider();
        using var sp = Build(logs, o =>
        {
            o.Environment = ExchangeEnvironment.Mock;
            o.ApiKey = new SecretString("key");
            o.ApiSecret = new SecretString("secret");
        });

        _ = sp.GetRequiredService<IExchangeGateway>();

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 7002);
    }

    [Fact]
    public void KeysWithEnvironmentFromConfiguration_DoNotWarn()
    {
        using var logs = new CapturingLoggerProvider();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["GenesisExchange:Environment"] = "mock" }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddGenesisExchange(config);
        services.Configure<GenesisExchangeOptions>(o =>
        {
            o.ReadCredentialsFromEnvironment = false;
            o.ApiKey = new SecretString("key");
            o.ApiSecret = new SecretString("secret");
        });
        using var sp = services.BuildServiceProvider();

        _ = sp.GetRequiredService<IExchangeGateway>();

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData(ExchangeEnvironment.Mock, "mock exchange in memory, no network")]
    [InlineData(ExchangeEnvironment.Testnet, "testnet at https://testnet.binance.vision/")]
    public async Task StartupLog_SaysWhichEnvironmentRuns(ExchangeEnvironment environment, string description)
    {
        using var logs = new CapturingLoggerProvider();
        await using var sp = Build(logs, o =>
        {
            o.Environment = environment;
            o.ApiKey = new SecretString("key");
            o.ApiSecret = new SecretString("secret");
        });

        _ = sp.GetRequiredService<IExchangeGateway>();

        var line = Assert.Single(logs.Entries, e => e.EventId.Id == 7000);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains(description, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ReportsTheEnvironment_AndThatCredentialsAreConfigured()
    {
        using var logs = new CapturingLoggerProvider();
        await using var sp = Build(logs, o =>
        {
            o.ApiKey = new SecretString("key");
            o.ApiSecret = new SecretString("secret");
        });

        var health = await sp.GetRequiredService<ExchangeHealthCheck>().CheckHealthAsync(new HealthCheckContext());

        Assert.Equal("Mock", health.Data["environment"]);
        Assert.Equal(true, health.Data["credentialsConfigured"]);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // Unix file modes; CI runs on Linux
    public async Task KeyFileReadableByOthers_LogsAWarningNamingTheFileAndTheFix()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.Copy(Path.Combine(TestPaths.Fixtures, "signing", "ed25519-test-key.pem"), path, overwrite: true);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            using var logs = new CapturingLoggerProvider();
            await using var sp = Build(logs, o =>
            {
                o.Environment = ExchangeEnvironment.Testnet;
                o.ApiKey = new SecretString("key");
                o.PrivateKeyFile = path;
            });

            _ = sp.GetRequiredService<IExchangeGateway>();

            var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
            Assert.Contains(path, warning.Message, StringComparison.Ordinal);
            Assert.Contains("0644", warning.Message, StringComparison.Ordinal);
            Assert.Contains("chmod 600", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // Unix file modes; CI runs on Linux
    public async Task KeyFileForOwnerOnly_LogsNoWarning()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.Copy(Path.Combine(TestPaths.Fixtures, "signing", "ed25519-test-key.pem"), path, overwrite: true);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var logs = new CapturingLoggerProvider();
            await using var sp = Build(logs, o =>
            {
                o.Environment = ExchangeEnvironment.Testnet;
                o.ApiKey = new SecretString("key");
                o.PrivateKeyFile = path;
            });

            _ = sp.GetRequiredService<IExchangeGateway>();

            Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task PublicKeyAsPrivateKey_FailsAtStartup_NamingTheAcceptedFormats()
    {
        using var logs = new CapturingLoggerProvider();
        await using var sp = Build(logs, o =>
        {
            o.Environment = ExchangeEnvironment.Testnet;
            o.ApiKey = new SecretString("key");
            o.PrivateKeyPem = new SecretString(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", "rsa-test-public-key.pem")));
        });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IExchangeGateway>());

        Assert.Contains("public key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PKCS#8", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(CapturingLoggerProvider logs, Action<GenesisExchangeOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddGenesisExchange(o =>
        {
            o.ReadCredentialsFromEnvironment = false;
            configure(o);
        });
        return services.BuildServiceProvider();
    }
}
