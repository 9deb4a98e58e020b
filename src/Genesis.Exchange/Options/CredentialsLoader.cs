namespace Genesis.Exchange.Options;

/// <summary>Fills credentials missing from options from environment variables.</summary>
public static class CredentialsLoader
{
    /// <summary>The API key variable.</summary>
    public const string ApiKeyVariable = "BINANCE_API_KEY";

    /// <summary>The HMAC secret variable.</summary>
    public const string ApiSecretVariable = "BINANCE_API_SECRET";

    /// <summary>The PEM private key variable.</summary>
    public const string PrivateKeyVariable = "BINANCE_PRIVATE_KEY";

    /// <summary>The PEM private key file variable.</summary>
    public const string PrivateKeyFileVariable = "BINANCE_PRIVATE_KEY_FILE";

    /// <summary>Applies environment variables to options where the options have no value. Options win.</summary>
    /// <param name="options">The options.</param>
    /// <param name="getVariable">Reads a variable (defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="readFile">Reads a file (defaults to <see cref="File.ReadAllText(string)"/>).</param>
    public static void Apply(GenesisExchangeOptions options, Func<string, string?>? getVariable = null, Func<string, string>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        getVariable ??= System.Environment.GetEnvironmentVariable;
        readFile ??= File.ReadAllText;
        if (options.ReadCredentialsFromEnvironment)
        {
            options.ApiKey ??= SecretString.FromNullable(getVariable(ApiKeyVariable));
            options.ApiSecret ??= SecretString.FromNullable(getVariable(ApiSecretVariable));
            options.PrivateKeyPem ??= SecretString.FromNullable(getVariable(PrivateKeyVariable));
            options.PrivateKeyFile ??= NullIfEmpty(getVariable(PrivateKeyFileVariable));
        }

        if (options.PrivateKeyPem is null && options.PrivateKeyFile is { } file)
        {
            try
            {
                options.PrivateKeyPem = SecretString.FromNullable(readFile(file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Validation reports the unreadable file with a message that says what to fix.
                options.PrivateKeyPem = null;
            }
        }
    }

    /// <summary>Whether any credential is configured.</summary>
    /// <param name="options">The options.</param>
    /// <returns>True when an API key is present.</returns>
    public static bool HasCredentials(GenesisExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ApiKey is { IsEmpty: false } && (options.ApiSecret is { IsEmpty: false } || options.PrivateKeyPem is { IsEmpty: false });
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
