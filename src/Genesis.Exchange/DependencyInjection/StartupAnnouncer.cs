using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.DependencyInjection;

/// <summary>
/// Logs, once per service provider, which environment runs and what in the configuration deserves a warning (keys
/// present with no environment chosen, a key file open to group or others). It rides on options validation, so it runs
/// at host start (<c>ValidateOnStart</c>) or, without a host, when the client is first built. It never fails validation.
/// </summary>
internal sealed class StartupAnnouncer(ILogger<StartupAnnouncer> logger) : IValidateOptions<GenesisExchangeOptions>
{
    /// <summary>The configuration key of the environment setting.</summary>
    public const string EnvironmentSetting = GenesisExchangeOptions.SectionName + ":" + nameof(GenesisExchangeOptions.Environment);

    private int _announced;

    public ValidateOptionsResult Validate(string? name, GenesisExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name == Microsoft.Extensions.Options.Options.DefaultName && Interlocked.Exchange(ref _announced, 1) == 0)
        {
            Announce(options);
        }

        return ValidateOptionsResult.Skip;
    }

    private void Announce(GenesisExchangeOptions options)
    {
        var urls = Enum.IsDefined(options.Environment) ? ExchangeUrls.Resolve(options) : null;
        var description = options.Environment switch
        {
            ExchangeEnvironment.Mock => "mock exchange in memory, no network",
            ExchangeEnvironment.Testnet => $"Binance Spot testnet at {urls?.Rest}",
            ExchangeEnvironment.Live => $"Binance Spot LIVE at {urls?.Rest} (real money)",
            ExchangeEnvironment.Custom => $"custom endpoints at {urls?.Rest}",
            _ => "an invalid environment (validation fails)",
        };
        Log.Environment(logger, options.Environment.ToString(), description);

        if (options.Environment == ExchangeEnvironment.Mock && CredentialsLoader.HasCredentials(options))
        {
            if (options.EnvironmentChosen)
            {
                Log.CredentialsIgnoredMock(logger);
            }
            else
            {
                Log.CredentialsIgnoredNoEnvironment(logger, EnvironmentSetting);
            }
        }

        if (options.PrivateKeyFile is { } file && options.PrivateKeyFileLooseMode is { } mode)
        {
            Log.KeyFileTooOpen(logger, file, "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0'));
        }
    }
}
