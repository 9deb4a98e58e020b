using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Health;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.DependencyInjection;

/// <summary>Registers Genesis.Exchange in a host.</summary>
public static class GenesisExchangeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway and everything behind it. With no environment chosen it is the mock exchange (no network),
    /// even when keys are present. Options are validated at start-up. Safe to call more than once: services are added
    /// once, and every <paramref name="configure"/> delegate is applied in order.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder for optional pieces.</returns>
    public static GenesisExchangeBuilder AddGenesisExchange(this IServiceCollection services, Action<GenesisExchangeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Registers the gateway with options bound from configuration (the section <c>GenesisExchange</c> by default).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root or the section itself.</param>
    /// <param name="sectionName">The section name; null binds <paramref name="configuration"/> directly.</param>
    /// <returns>A builder for optional pieces.</returns>
    public static GenesisExchangeBuilder AddGenesisExchange(this IServiceCollection services, IConfiguration configuration, string? sectionName = GenesisExchangeOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);
        var section = sectionName is null ? configuration : configuration.GetSection(sectionName);
        services.AddSingleton<IOptionsChangeTokenSource<GenesisExchangeOptions>>(new ConfigurationChangeTokenSource<GenesisExchangeOptions>(section));
        services.AddSingleton<IConfigureOptions<GenesisExchangeOptions>>(new ConfigureNamedOptions<GenesisExchangeOptions>(
            Microsoft.Extensions.Options.Options.DefaultName, o => Bind(section, o)));
        return builder;
    }

    /// <summary>Binds the section; an unknown environment name fails with the valid names instead of the binder's conversion error.</summary>
    private static void Bind(IConfiguration section, GenesisExchangeOptions options)
    {
        var raw = section[nameof(GenesisExchangeOptions.Environment)];
        if (raw is not null && !Enum.GetNames<ExchangeEnvironment>().Contains(raw.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            var key = section is IConfigurationSection s ? $"{s.Path}:{nameof(GenesisExchangeOptions.Environment)}" : nameof(GenesisExchangeOptions.Environment);
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(GenesisExchangeOptions), [
                $"{key} '{raw}' is not a valid environment: use one of {string.Join(", ", Enum.GetNames<ExchangeEnvironment>())} " +
                "(Mock: the in-memory exchange, no network; Testnet and Live: Binance, with credentials; Custom: your own URLs, e.g. the fake server).",
            ]);
        }

        section.Bind(options);
    }

    private static GenesisExchangeBuilder AddCore(IServiceCollection services)
    {
        var builder = new GenesisExchangeBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(GenesisExchangeMarker)))
        {
            return builder;
        }

        services.AddSingleton<GenesisExchangeMarker>();
        services.AddOptions<GenesisExchangeOptions>()
            .PostConfigure(o => CredentialsLoader.Apply(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenesisExchangeOptions>, GenesisExchangeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenesisExchangeOptions>, StartupAnnouncer>());

        services.TryAddSingleton(TimeProvider.System);
        // The host's logging: AddLogging only TryAdds the LoggerFactory and ILogger<>, so a host that calls AddLogging (or
        // registers its own factory) before or after this call gets the library's log lines through its providers.
        services.AddLogging();
        services.TryAddSingleton<IServerClock>(sp => new ServerClock(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRateLimitBudget>(sp => new InMemoryRateLimitBudget(
            Options(sp).RateLimits, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IServerClock>(), sp.GetRequiredService<ILogger<InMemoryRateLimitBudget>>()));
        services.TryAddSingleton(sp => new CircuitBreaker(Options(sp).CircuitBreaker, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CircuitBreaker>>()));
        services.TryAddSingleton<ICircuitBreakerMonitor>(sp => sp.GetRequiredService<CircuitBreaker>());

        services.TryAddSingleton(sp =>
        {
            var mock = Options(sp).Mock;
            var exchange = new MockExchange(mock, sp.GetRequiredService<TimeProvider>());
            if (mock.GenerateMarketData)
            {
                exchange.Start();
            }

            return exchange;
        });
        services.TryAddSingleton(sp => new InMemoryStreamServer(sp.GetRequiredService<MockExchange>()));
        WebSocketApiRegistration.Add(services);
        services.TryAddSingleton<RestHttpClientHolder>(sp => new RestHttpClientHolder(Options(sp)));
        services.TryAddSingleton<IExchangeTransport>(CreateTransport);

        services.TryAddSingleton(sp =>
        {
            var client = new BinanceRestClient(sp.GetRequiredService<IExchangeTransport>(), sp.GetRequiredService<TimeProvider>(), Options(sp), sp.GetRequiredService<ILogger<BinanceRestClient>>());
            var budget = sp.GetRequiredService<IRateLimitBudget>();
            client.ExchangeInfoLoaded += info => budget.UpdateLimits(info.RateLimits);
            return client;
        });
        services.TryAddSingleton<IBinanceRestClient>(sp => sp.GetRequiredService<BinanceRestClient>());
        services.TryAddSingleton<IMarketStreamClient>(CreateStreams);
        services.TryAddSingleton<ILocalOrderBookProvider>(sp => new LocalOrderBookProvider(
            sp.GetRequiredService<IMarketStreamClient>(), new RestOrderBookSnapshotSource(sp.GetRequiredService<IBinanceRestClient>()), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<Tracking.IOrderTracker>(sp => new Tracking.OrderTracker(
            sp.GetRequiredService<IBinanceRestClient>(), sp.GetRequiredService<TimeProvider>(), Options(sp).Tracker, sp.GetRequiredService<ILogger<Tracking.OrderTracker>>()));
        services.TryAddSingleton<IExchangeGateway>(sp => new ExchangeGateway(
            sp.GetRequiredService<IBinanceRestClient>(), sp.GetRequiredService<IMarketStreamClient>(), sp.GetRequiredService<IServerClock>(), sp.GetRequiredService<TimeProvider>(), Options(sp),
            sp.GetRequiredService<WebSocketApiClientHolder>().Client, sp.GetRequiredService<ILogger<ExchangeGateway>>(), sp.GetRequiredService<Tracking.IOrderTracker>()));
        services.TryAddSingleton<RequestStatistics>();
        services.TryAddSingleton<ExchangeHealthCheck>();
        return builder;
    }

    private static GenesisExchangeOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;

    private static IExchangeTransport CreateTransport(IServiceProvider sp)
    {
        var options = Options(sp);
        var time = sp.GetRequiredService<TimeProvider>();
        var clock = sp.GetRequiredService<IServerClock>();
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        IExchangeTransport inner;
        if (options.Environment == ExchangeEnvironment.Mock)
        {
            inner = new MockExchangeTransport(sp.GetRequiredService<MockExchange>(), time);
        }
        else
        {
            var urls = ExchangeUrls.Resolve(options)!;
            inner = new HttpExchangeTransport(
                sp.GetRequiredService<RestHttpClientHolder>().Client, urls.Rest, SignerFactory.Create(options.ApiSecret, options.PrivateKeyPem), options.ApiKey, clock, time, options, loggers.CreateLogger<HttpExchangeTransport>());
        }

        // OrderTransport = WebSocketApi: order entry over the WebSocket API (REST while it is down), under the same pipeline.
        inner = WebSocketApiRegistration.Route(sp, inner);

        var breaker = options.CircuitBreaker.Enabled ? sp.GetRequiredService<CircuitBreaker>() : null;
        var budget = sp.GetRequiredService<IRateLimitBudget>();
        var meterFactory = sp.GetService<System.Diagnostics.Metrics.IMeterFactory>();

        // The factory hands out one Genesis.Exchange meter: the pipeline's events and the monitoring share it.
        var composed = ResilienceComposer.ComposeWithBreaker(inner, options, time, clock, budget, loggers, breaker, meter: meterFactory?.Create(new System.Diagnostics.Metrics.MeterOptions(MonitoringTransport.MeterName)));
        return new MonitoringTransport(composed, sp.GetRequiredService<RequestStatistics>(), time, budget, meterFactory);
    }

    private static IMarketStreamClient CreateStreams(IServiceProvider sp)
    {
        var options = Options(sp);
        var time = sp.GetRequiredService<TimeProvider>();
        var streams = options.Streams;
        var mock = options.Environment == ExchangeEnvironment.Mock;
        streams.BaseUrl = mock ? InMemoryStreamServer.BaseUrl : ExchangeUrls.Resolve(options)!.Streams;
        streams.MicrosecondTimes = options.TimeUnit == ExchangeTimeUnit.Microsecond;

        // Mock mode: the real client over in-memory connections to the mock exchange (no pacing: no incoming message limit).
        return new BinanceMarketStreamClient(
            streams,
            new RestTradeHistorySource(sp.GetRequiredService<IBinanceRestClient>()),
            mock ? sp.GetRequiredService<InMemoryStreamServer>() : new ClientWebSocketConnectionFactory(time, streams.ConnectTimeout, streams.KeepAliveInterval, streams.KeepAliveTimeout),
            time,
            sp.GetRequiredService<ILogger<BinanceMarketStreamClient>>(),
            meterFactory: sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            controlMessageInterval: mock ? TimeSpan.Zero : null,
            serverOffset: () => sp.GetRequiredService<IServerClock>().Offset,
            budget: sp.GetRequiredService<IRateLimitBudget>());
    }

    private sealed class GenesisExchangeMarker;
}

/// <summary>Owns the one pooled HttpClient of the REST transport (created only outside mock mode).</summary>
internal sealed class RestHttpClientHolder(GenesisExchangeOptions options) : IDisposable
{
    public HttpClient Client { get; } = HttpHandlerFactory.CreateClient(HttpHandlerFactory.CreatePipeline(options));

    public void Dispose() => Client.Dispose();
}
