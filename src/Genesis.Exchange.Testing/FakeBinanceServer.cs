using System.Net;
using Genesis.Exchange.Models;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Testing.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Testing;

/// <summary>
/// A fake Binance Spot server on Kestrel, bound to 127.0.0.1 on a free port. It speaks Binance's REST wire
/// protocol (signatures, timestamps, weights, 429/418, headers) in front of a backend
/// <see cref="Abstractions.IExchangeTransport"/>, serves market data streams over WebSocket, and lets a test
/// inject faults (<see cref="Faults"/>) and read what happened (<see cref="Counters"/>).
/// </summary>
/// <example>
/// <code>
/// await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions { Backend = backend }, cancellationToken);
/// var http = new HttpClient { BaseAddress = server.RestBaseUrl };
/// </code>
/// </example>
public sealed class FakeBinanceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StreamHub _streams;
    private readonly WebSocketApiHub _webSocketApi;
    private readonly SignatureVerifier _verifier;
    private readonly IDisposable? _eventSubscription;
    private int _disposed;

    private FakeBinanceServer(WebApplication app, StreamHub streams, WebSocketApiHub webSocketApi, SignatureVerifier verifier, FakeServerFaults faults, FakeServerCounters counters, FakeBinanceServerOptions options, IMarketEventSource? source)
    {
        _app = app;
        _streams = streams;
        _webSocketApi = webSocketApi;
        _verifier = verifier;
        Faults = faults;
        Counters = counters;
        Options = options;
        _eventSubscription = source?.Subscribe(PublishEvent);
    }

    /// <summary>The REST base address, e.g. <c>http://127.0.0.1:54321</c> (paths start with <c>/api/v3/</c>).</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary>The stream base address, e.g. <c>ws://127.0.0.1:54321</c> (append <c>/ws/&lt;stream&gt;</c> or <c>/stream?streams=…</c>).</summary>
    public Uri StreamBaseUrl { get; private set; } = null!;

    /// <summary>
    /// The WebSocket API address, e.g. <c>ws://127.0.0.1:54321/ws-api/v3</c>: the REST-mirrored methods, <c>session.logon</c>,
    /// and the user data stream of a <see cref="Mock.MockExchangeTransport"/> backend's exchange.
    /// </summary>
    public Uri WebSocketApiUrl { get; private set; } = null!;

    /// <summary>Run-time fault knobs.</summary>
    public FakeServerFaults Faults { get; }

    /// <summary>What the server saw.</summary>
    public FakeServerCounters Counters { get; }

    /// <summary>The options the server was started with (do not change them after start).</summary>
    public FakeBinanceServerOptions Options { get; }

    /// <summary>The server's current time: the options' clock plus <see cref="FakeServerFaults.ClockSkew"/>.</summary>
    public DateTimeOffset ServerTime => Options.TimeProvider.GetUtcNow() + Faults.ClockSkew;

    /// <summary>
    /// Starts a server on 127.0.0.1 with a free port. It does not handle Ctrl+C or SIGTERM: the process that started it
    /// stops on them as it would without it; dispose the server to stop it.
    /// </summary>
    /// <param name="options">The configuration.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static async Task<FakeBinanceServer> StartAsync(FakeBinanceServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeBinanceServerOptions();
        Validate(options);

        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<FakeBinanceServer>();
        var faults = new FakeServerFaults();
        var weightLimit = options.RateLimits.FirstOrDefault(l => l.Type == FakeRateLimitType.RequestWeight)?.Limit ?? 0;
        var counters = new FakeServerCounters(weightLimit);
        // The same limiter as the in-memory Binance behind it, with this server's configured limits at its HTTP edge.
        var tracker = new ExchangeLimiter([.. options.RateLimits.Select(l => l.ToRateLimit())], options.BanDuration, options.BackoffViolationsBeforeBan)
        {
            WeightObserved = counters.ObserveWeight,
        };
        var verifier = new SignatureVerifier(options.ApiSecret, options.PublicKeyPem);
        var rest = new RestHandler(options, faults, counters, tracker, verifier, logger);
        var streams = new StreamHub(options, faults, counters, logger);
        var webSocketApi = new WebSocketApiHub(options, faults, counters, tracker, verifier, logger);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        // The default lifetime (ConsoleLifetime) would take over Ctrl+C and SIGTERM of the whole process, cancel them and
        // stop only this embedded app, so the process that started the server would not stop. The owner stops the
        // server by disposing it; signals stay with the process.
        builder.Services.AddSingleton<IHostLifetime, OwnerControlledLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });

        var app = builder.Build();
        app.UseWebSockets();
        app.Run(context => WebSocketApiHub.IsPath(context.Request.Path) ? webSocketApi.HandleAsync(context)
            : StreamHub.IsStreamPath(context.Request.Path) ? streams.HandleAsync(context)
            : rest.HandleAsync(context));

        var server = new FakeBinanceServer(app, streams, webSocketApi, verifier, faults, counters, options, options.EventSource);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            var port = new Uri(address).Port;
            server.RestBaseUrl = new Uri($"http://127.0.0.1:{port}");
            server.StreamBaseUrl = new Uri($"ws://127.0.0.1:{port}");
            server.WebSocketApiUrl = new Uri($"ws://127.0.0.1:{port}{WebSocketApiHub.Path}");
            Log.Started(logger, server.RestBaseUrl);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Publishes a trade on <c>&lt;symbol&gt;@trade</c>.</summary>
    /// <param name="trade">The trade.</param>
    public void Publish(TradeUpdate trade) => PublishChecked(trade);

    /// <summary>Publishes a diff-depth event on <c>&lt;symbol&gt;@depth</c> and <c>@depth@100ms</c>.</summary>
    /// <param name="depth">The event.</param>
    public void Publish(DepthUpdate depth) => PublishChecked(depth);

    /// <summary>Publishes a partial book on <c>&lt;symbol&gt;@depth5/10/20</c> (with and without <c>@100ms</c>), truncated to the level count.</summary>
    /// <param name="depth">The snapshot.</param>
    public void Publish(PartialDepthUpdate depth) => PublishChecked(depth);

    /// <summary>Publishes a kline update on <c>&lt;symbol&gt;@kline_&lt;interval&gt;</c>.</summary>
    /// <param name="kline">The update.</param>
    public void Publish(KlineUpdate kline) => PublishChecked(kline);

    /// <summary>Publishes a 24 h ticker on <c>&lt;symbol&gt;@ticker</c>.</summary>
    /// <param name="ticker">The update.</param>
    public void Publish(TickerUpdate ticker) => PublishChecked(ticker);

    /// <summary>WebSocket connections open right now (accepted and not yet ended).</summary>
    public int ActiveStreamConnections => _streams.ActiveConnections;

    /// <summary>Drops every open WebSocket connection now (no close frame), counted in <see cref="FakeServerCounters.StreamConnectionsDropped"/>.</summary>
    public void DropStreamConnections() => _streams.DropAll();

    /// <summary>Drops the stream connections subscribed to <paramref name="stream"/> (no close frame), as a network failure would.</summary>
    /// <param name="stream">The stream name, e.g. <c>btcusdt@trade</c>.</param>
    /// <returns>How many connections were dropped.</returns>
    public int DropStreamConnections(string stream) => _streams.DropCarrying(stream);

    /// <summary>
    /// Sends a <c>serverShutdown</c> event on the stream connections subscribed to <paramref name="stream"/> (every
    /// connection when null) and keeps them open, as Binance does shortly before it closes them.
    /// </summary>
    /// <param name="stream">The stream name, or null for every connection.</param>
    /// <returns>How many connections were told.</returns>
    public int AnnounceStreamShutdown(string? stream = null) => _streams.AnnounceShutdown(stream);


    /// <summary>WebSocket API connections open right now.</summary>
    public int ActiveWebSocketApiConnections => _webSocketApi.ActiveConnections;

    /// <summary>Ends every user data stream subscription on the WebSocket API with <c>eventStreamTerminated</c> (the connections stay open).</summary>
    public void TerminateUserDataStreams() => _webSocketApi.TerminateUserDataStreams();

    /// <summary>Sends the <c>serverShutdown</c> event on every WebSocket API connection (they stay open until the client leaves or the server stops).</summary>
    public void AnnounceWebSocketApiShutdown() => _webSocketApi.AnnounceShutdown();

    /// <summary>Drops every open WebSocket API connection now (no close frame).</summary>
    public void DropWebSocketApiConnections() => _webSocketApi.DropAll();

    /// <summary>Sends <c>serverShutdown</c> to every stream and WebSocket API connection, closes them, and stops the server.</summary>
    /// <returns>A task that completes when the server stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _eventSubscription?.Dispose();
        await _streams.ShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        await _webSocketApi.ShutdownAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _streams.Dispose();
        _webSocketApi.Dispose();
        _verifier.Dispose();
    }

    private void PublishChecked(object marketEvent)
    {
        ArgumentNullException.ThrowIfNull(marketEvent);
        _streams.Publish(marketEvent);
    }

    private void PublishEvent(object marketEvent)
    {
        if (marketEvent is not null)
        {
            _streams.Publish(marketEvent);
        }
    }

    /// <summary>A host lifetime that hooks no process signal: the server runs until its owner disposes it.</summary>
    private sealed class OwnerControlledLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static void Validate(FakeBinanceServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.RateLimits, nameof(options.RateLimits));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey, nameof(options.ApiKey));
        foreach (var limit in options.RateLimits)
        {
            if (limit.Limit <= 0 || limit.IntervalNum <= 0)
            {
                throw new ArgumentException($"Rate limit {limit} must have a positive limit and interval.", nameof(options));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.BanDuration, TimeSpan.Zero, nameof(options.BanDuration));
        ArgumentOutOfRangeException.ThrowIfNegative(options.BackoffViolationsBeforeBan, nameof(options.BackoffViolationsBeforeBan));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StreamPingInterval, TimeSpan.Zero, nameof(options.StreamPingInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StreamPongTimeout, TimeSpan.Zero, nameof(options.StreamPongTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StreamQueueCapacity, 1, nameof(options.StreamQueueCapacity));
    }
}
