using System.Net;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>The one pooled <see cref="SocketsHttpHandler"/> of the REST client.</summary>
internal static class HttpHandlerFactory
{
    /// <summary>Creates the handler: pooled connections recycled every 5 minutes (DNS changes), the configured connect timeout, no redirects, compression on.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler Create(GenesisExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.Timeouts.Connect,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            UseCookies = false,
            MaxConnectionsPerServer = 64,
        };
    }

    /// <summary>
    /// The handler the REST client sends through: the pooled handler of <see cref="Create"/>, passed to
    /// <see cref="GenesisExchangeOptions.ConfigureHttpHandler"/> when set (which may configure it or wrap it).
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The handler.</returns>
    internal static HttpMessageHandler CreatePipeline(GenesisExchangeOptions options)
    {
        var pooled = Create(options);
        if (options.ConfigureHttpHandler is not { } configure)
        {
            return pooled;
        }

        try
        {
            return configure(pooled) ?? throw new InvalidOperationException("GenesisExchangeOptions.ConfigureHttpHandler returned null: return the handler it was given, or a DelegatingHandler around it.");
        }
        catch
        {
            pooled.Dispose();
            throw;
        }
    }

    /// <summary>Creates an <see cref="HttpClient"/> over a handler, with no client-wide timeout (the library enforces its own read and total timeouts).</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The client.</returns>
    public static HttpClient CreateClient(HttpMessageHandler handler) => new(handler, disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestVersion = HttpVersion.Version11,
    };
}
