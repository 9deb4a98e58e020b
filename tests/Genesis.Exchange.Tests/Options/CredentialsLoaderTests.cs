using System.Runtime.Versioning;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Tests.Options;

public sealed class CredentialsLoaderTests
{
    [Fact]
    public void Environment_FillsMissingCredentials()
    {
        var options = new GenesisExchangeOptions();
        var env = new Dictionary<string, string?> { ["BINANCE_API_KEY"] = " key ", ["BINANCE_API_SECRET"] = "secret" };

        CredentialsLoader.Apply(options, n => env.GetValueOrDefault(n));

        Assert.True(CredentialsLoader.HasCredentials(options));
        Assert.Equal(new SecretString("key"), options.ApiKey);
    }

    [Fact]
    public void Options_WinOverEnvironment()
    {
        var options = new GenesisExchangeOptions { ApiKey = new SecretString("from-options") };

        CredentialsLoader.Apply(options, _ => "from-env");

        Assert.Equal(new SecretString("from-options"), options.ApiKey);
    }

    [Fact]
    public void Environment_Ignored_WhenDisabled()
    {
        var options = new GenesisExchangeOptions { ReadCredentialsFromEnvironment = false };

        CredentialsLoader.Apply(options, _ => "x");

        Assert.Null(options.ApiKey);
        Assert.False(CredentialsLoader.HasCredentials(options));
    }

    [Fact]
    public void KeyFile_IsRead()
    {
        var options = new GenesisExchangeOptions { PrivateKeyFile = "key.pem" };

        CredentialsLoader.Apply(options, _ => null, path => path == "key.pem" ? "PEM" : throw new FileNotFoundException());

        Assert.Equal(new SecretString("PEM"), options.PrivateKeyPem);
    }

    [Fact]
    public void KeyFile_AtTheSizeCap_IsRead_AndOneByteMoreIsNot()
    {
        var options = new GenesisExchangeOptions { PrivateKeyFile = "key.pem", ReadCredentialsFromEnvironment = false };
        var tooBig = new GenesisExchangeOptions { PrivateKeyFile = "key.pem", ReadCredentialsFromEnvironment = false };

        CredentialsLoader.Apply(options, _ => null, _ => new string('k', CredentialsLoader.MaxKeyFileBytes));
        CredentialsLoader.Apply(tooBig, _ => null, _ => new string('k', CredentialsLoader.MaxKeyFileBytes + 1));

        Assert.NotNull(options.PrivateKeyPem);
        Assert.Null(tooBig.PrivateKeyPem);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // Unix file modes; CI runs on Linux
    public void KeyFile_ReadableByGroupOrOthers_IsRecordedForTheStartupWarning()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var open = new GenesisExchangeOptions { PrivateKeyFile = path, ReadCredentialsFromEnvironment = false };
            CredentialsLoader.Apply(open);

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var closed = new GenesisExchangeOptions { PrivateKeyFile = path, ReadCredentialsFromEnvironment = false };
            CredentialsLoader.Apply(closed);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, open.PrivateKeyFileLooseMode);
            Assert.Null(closed.PrivateKeyFileLooseMode);
            Assert.NotNull(closed.PrivateKeyPem);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
