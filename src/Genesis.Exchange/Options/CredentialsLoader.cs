namespace Genesis.Exchange.Options;

/// <summary>Fills credentials missing from options from environment variables, and reads the private key file.</summary>
internal static class CredentialsLoader
{
    /// <summary>The API key variable.</summary>
    public const string ApiKeyVariable = "BINANCE_API_KEY";

    /// <summary>The HMAC secret variable.</summary>
    public const string ApiSecretVariable = "BINANCE_API_SECRET";

    /// <summary>The PEM private key variable.</summary>
    public const string PrivateKeyVariable = "BINANCE_PRIVATE_KEY";

    /// <summary>The PEM private key file variable.</summary>
    public const string PrivateKeyFileVariable = "BINANCE_PRIVATE_KEY_FILE";

    /// <summary>Largest private key file read, in bytes (64 KiB; an RSA-4096 PEM is about 3.3 KB, Ed25519 about 120 bytes).</summary>
    public const int MaxKeyFileBytes = 64 * 1024;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Applies environment variables to options where the options have no value (options win), then reads
    /// <see cref="GenesisExchangeOptions.PrivateKeyFile"/> when no PEM is set. A missing, unreadable, empty or oversized
    /// (above <see cref="MaxKeyFileBytes"/>) file gives no key; validation then explains what to fix.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="getVariable">Reads a variable (defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="readFile">Reads a file (defaults to reading at most <see cref="MaxKeyFileBytes"/> from the file system and checking its permissions).</param>
    public static void Apply(GenesisExchangeOptions options, Func<string, string?>? getVariable = null, Func<string, string>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        getVariable ??= System.Environment.GetEnvironmentVariable;
        if (options.ReadCredentialsFromEnvironment)
        {
            options.ApiKey ??= SecretString.FromNullable(getVariable(ApiKeyVariable));
            options.ApiSecret ??= SecretString.FromNullable(getVariable(ApiSecretVariable));
            options.PrivateKeyPem ??= SecretString.FromNullable(getVariable(PrivateKeyVariable));
            options.PrivateKeyFile ??= NullIfEmpty(getVariable(PrivateKeyFileVariable));
        }

        if (options.PrivateKeyPem is not null || options.PrivateKeyFile is not { } file)
        {
            return;
        }

        var tooLarge = $"PrivateKeyFile '{file}' is larger than {MaxKeyFileBytes / 1024} KiB, so it is not a private key (a PEM key is a few KB at most): check the path.";
        try
        {
            string? text;
            if (readFile is null)
            {
                options.PrivateKeyFileLooseMode = LooseMode(file);
                text = ReadCapped(file);
            }
            else
            {
                text = readFile(file);
                text = text.Length > MaxKeyFileBytes ? null : text;
            }

            options.PrivateKeyPem = SecretString.FromNullable(text);
            options.PrivateKeyReadFromFile = options.PrivateKeyPem is not null;
            options.PrivateKeyFileProblem = text is null ? tooLarge
                : options.PrivateKeyPem is null ? $"PrivateKeyFile '{file}' is empty: it must hold the PEM private key."
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => "I/O error",
            };
            options.PrivateKeyFileProblem = $"PrivateKeyFile '{file}' could not be read ({reason}): check the path and its permissions.";
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

    /// <summary>Reads a key file, or returns null when it is larger than <see cref="MaxKeyFileBytes"/> (read one byte past the cap, so a growing file is refused too).</summary>
    private static string? ReadCapped(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        if (stream.CanSeek && stream.Length > MaxKeyFileBytes)
        {
            return null;
        }

        var buffer = new byte[MaxKeyFileBytes + 1];
        try
        {
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }

            return read > MaxKeyFileBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            Array.Clear(buffer);
        }
    }

    private static UnixFileMode? LooseMode(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & GroupOrOthers) != 0 ? mode : null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
