using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.DependencyInjection;

/// <summary>Log messages of start-up and configuration (event ids 7000–7099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Genesis.Exchange runs on {Environment}: {Description}")]
    public static partial void Environment(ILogger logger, string environment, string description);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
        Message = "Binance credentials are configured but no environment was chosen, so Genesis.Exchange runs on the mock exchange (no network, no real orders). " +
                  "To use the keys, set {Setting} to Testnet or Live (environment variable GenesisExchange__Environment, or GenesisExchangeOptions.Environment in code).")]
    public static partial void CredentialsIgnoredNoEnvironment(ILogger logger, string setting);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Environment Mock was chosen explicitly: the configured Binance credentials are not used.")]
    public static partial void CredentialsIgnoredMock(ILogger logger);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning,
        Message = "Private key file {Path} can be accessed by group or others (mode {Mode}): restrict it to its owner, e.g. chmod 600 {Path}")]
    public static partial void KeyFileTooOpen(ILogger logger, string path, string mode);
}
