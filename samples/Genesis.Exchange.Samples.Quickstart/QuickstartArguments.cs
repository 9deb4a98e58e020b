using Genesis.Exchange.Options;

namespace Genesis.Exchange.Samples.Quickstart;

/// <summary>The quickstart's command line: <c>--fake-server</c> and <c>--help</c>; anything else is refused with a message.</summary>
public sealed record QuickstartArguments
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Genesis.Exchange quickstart: a tour of the gateway (server time, symbol rules, order book, market state,
        a limit order and its cancel, a market order, balances, a few live trades).

        Usage: dotnet run --project samples/Genesis.Exchange.Samples.Quickstart [-- <option>]

        Options:
          --fake-server   run against a fake Binance server on 127.0.0.1 (the real HTTP, signing and WebSocket
                          code path; no network, no keys)
          -h, --help      show this help

        Without options it runs on the mock exchange (in memory, no network, no keys).
        Testnet (network, testnet keys from https://testnet.binance.vision):
          GenesisExchange__Environment=Testnet BINANCE_API_KEY=... BINANCE_API_SECRET=... dotnet run --project samples/Genesis.Exchange.Samples.Quickstart
        Live is refused: the quickstart places orders.
        """;

    /// <summary>Whether to start a fake Binance server on loopback and run against it.</summary>
    public bool UseFakeServer { get; init; }

    /// <summary>Whether to print <see cref="Usage"/> and stop.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Why the command line was refused, or null.</summary>
    public string? Error { get; init; }

    /// <summary>Reads the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The parsed arguments; <see cref="Error"/> is set for an unknown argument.</returns>
    public static QuickstartArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new QuickstartArguments();
        foreach (var arg in args)
        {
            result = arg switch
            {
                "--fake-server" => result with { UseFakeServer = true },
                "-h" or "--help" or "-?" or "/?" => result with { ShowHelp = true },
                _ => result with { Error = $"Unknown argument '{arg}'. Options: --fake-server, --help." },
            };
            if (result.Error is not null)
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>Says where the tour runs, for the first line it prints.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="fakeServer">Whether the client points at the quickstart's own fake server.</param>
    /// <returns>A short description, e.g. "mock exchange (in memory, no network, no real orders)".</returns>
    public static string Describe(GenesisExchangeOptions options, bool fakeServer)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Environment switch
        {
            ExchangeEnvironment.Mock => "mock exchange (in memory, no network, no real orders)",
            ExchangeEnvironment.Custom when fakeServer => $"fake Binance server at {options.RestBaseUrl} (loopback: real HTTP, signing and WebSocket; no network)",
            ExchangeEnvironment.Custom => $"custom endpoints at {options.RestBaseUrl}",
            ExchangeEnvironment.Testnet => $"Binance Spot testnet at {ExchangeUrls.Testnet.Rest} (network, testnet keys, no real money)",
            ExchangeEnvironment.Live => $"Binance Spot LIVE at {ExchangeUrls.Live.Rest} (real money)",
            _ => $"environment {options.Environment}",
        };
    }

    /// <summary>Whether the tour may run there: it places orders, so never on Live.</summary>
    /// <param name="options">The client's options.</param>
    /// <returns>Null when allowed, else why not.</returns>
    public static string? Refusal(GenesisExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Environment == ExchangeEnvironment.Live
            ? "The quickstart places orders, so it does not run on Live. Use the mock exchange (default), --fake-server, or GenesisExchange__Environment=Testnet."
            : null;
    }
}
