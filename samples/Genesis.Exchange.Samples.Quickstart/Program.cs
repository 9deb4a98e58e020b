// Genesis.Exchange quickstart. Run with --help for the options.
//   dotnet run --project samples/Genesis.Exchange.Samples.Quickstart                  -> embedded mock exchange (default, no keys, no network)
//   dotnet run --project samples/Genesis.Exchange.Samples.Quickstart -- --fake-server -> the live code path (HTTP, signing, WebSocket) against a fake Binance on loopback
//   GenesisExchange__Environment=Testnet BINANCE_API_KEY=... BINANCE_API_SECRET=... dotnet run --project samples/Genesis.Exchange.Samples.Quickstart
// Ctrl+C or SIGTERM stops it at once (the fake server never holds the process).
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.DependencyInjection;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Samples.Quickstart;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog;

var arguments = QuickstartArguments.Parse(args);
if (arguments.Error is { } argumentError)
{
    await Console.Error.WriteLineAsync(argumentError);
    await Console.Error.WriteLineAsync("Run with --help for usage.");
    return 2;
}

if (arguments.ShowHelp)
{
    Console.WriteLine(QuickstartArguments.Usage);
    return 0;
}

Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
    .CreateLogger();

const string Symbol = "BTCUSDT";
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var useFakeServer = arguments.UseFakeServer;

FakeBinanceServer? fake = null;
MockExchange? fakeBackend = null;
if (useFakeServer)
{
    // A fake Binance on 127.0.0.1 backed by the same matching engine: the client below takes the real HTTP + WebSocket path.
    fakeBackend = new MockExchange(new MockExchangeOptions(), TimeProvider.System);
    fake = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
    {
        Backend = new MockExchangeTransport(fakeBackend, TimeProvider.System),
        EventSource = new MockExchangeEventSource(fakeBackend),
        ApiKey = "sample-api-key",
        ApiSecret = new SecretString("sample-api-secret"),
    }, stop.Token);
    fakeBackend.Start();
}

try
{
    // The command line was read above; configuration comes from environment variables (GenesisExchange__Environment…).
    var builder = Host.CreateApplicationBuilder();
    builder.Services.AddSerilog();
    builder.Services.AddGenesisExchange(builder.Configuration);
    if (fake is not null)
    {
        builder.Services.Configure<GenesisExchangeOptions>(o =>
        {
            o.UseCustomEndpoints(fake.RestBaseUrl, fake.StreamBaseUrl);
            o.ApiKey = new SecretString("sample-api-key");
            o.ApiSecret = new SecretString("sample-api-secret");
        });
    }

    using var host = builder.Build();
    var options = host.Services.GetRequiredService<IOptions<GenesisExchangeOptions>>().Value;
    Log.Information("Quickstart on the {Where}", QuickstartArguments.Describe(options, fake is not null));
    if (QuickstartArguments.Refusal(options) is { } refusal)
    {
        Log.Error("{Refusal}", refusal);
        return 2;
    }

    var gateway = host.Services.GetRequiredService<IExchangeGateway>();

    var serverTime = await gateway.GetServerTimeAsync(stop.Token);
    Log.Information("Connected: server time {ServerTime:O}", serverTime);

    var rules = await gateway.GetSymbolRulesAsync(Symbol, stop.Token);
    Log.Information("{Symbol}: status {Status}, tick {Tick}, step {Step}", rules.Symbol, rules.RawStatus, rules.GetFilter<PriceFilter>()?.TickSize, rules.GetFilter<LotSizeFilter>()?.StepSize);

    var book = await gateway.GetOrderBookAsync(Symbol, 5, stop.Token);
    Log.Information("Book: best bid {Bid} / best ask {Ask}", book.BestBid?.Price, book.BestAsk?.Price);

    var state = await gateway.GetMarketStateAsync(Symbol, stop.Token);
    Log.Information("Market state {State}: ATR {Atr}%, spread {Spread} bps, 24h quote volume {Volume} ({Reason})", state.State, state.AtrPercent, state.SpreadBasisPoints, state.QuoteVolume24h, state.Reason);

    // A resting limit order 2 % below the best bid, rounded to the symbol's tick and step.
    var price = rules.RoundPrice(book.BestBid!.Value.Price * 0.98m, RoundingMode.Down);
    var quantity = rules.RoundQuantity(25m / price, RoundingMode.Up);
    var limit = await gateway.PlaceOrderAsync(OrderRequest.Limit(Symbol, OrderSide.Buy, quantity, price), stop.Token);
    Log.Information("Placed {ClientOrderId}: {Status} {Quantity} @ {Price} in {Latency:0.0} ms", limit.ClientOrderId, limit.Status, limit.Quantity, limit.Price, limit.LatencyMs);

    var canceled = await gateway.CancelOrderAsync(Symbol, limit.ClientOrderId, stop.Token);
    Log.Information("Canceled {ClientOrderId}: {Status}", canceled.ClientOrderId, canceled.Status);

    // A market order, with slippage against the mid price.
    var ticker = await gateway.GetBookTickerAsync(Symbol, stop.Token);
    var market = await gateway.PlaceOrderAsync(OrderRequest.Market(Symbol, OrderSide.Buy, rules.RoundQuantity(0.001m)) with { ReferencePrice = ticker.MidPrice }, stop.Token);
    Log.Information("Market buy {ClientOrderId}: {Status}, filled {Filled} @ avg {Average}, slippage {Slippage}%", market.ClientOrderId, market.Status, market.FilledQuantity, market.AveragePrice, market.SlippagePercent);

    // Validation happens before anything leaves the process.
    try
    {
        await gateway.PlaceOrderAsync(OrderRequest.Limit(Symbol, OrderSide.Buy, 0.000000001m, price), stop.Token);
    }
    catch (FilterViolationException ex)
    {
        Log.Information("Rejected locally by {Filter} (bound {Bound}): {Message}", ex.FilterType, ex.Bound, ex.Message);
    }

    var account = await gateway.GetAccountAsync(stop.Token);
    foreach (var balance in account.Balances.Where(b => b.Total > 0))
    {
        Log.Information("Balance {Asset}: free {Free}, locked {Locked}", balance.Asset, balance.Free, balance.Locked);
    }

    // A few live trades from the stream.
    using var streamWindow = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
    streamWindow.CancelAfter(TimeSpan.FromSeconds(3));
    var received = 0;
    try
    {
        await foreach (var trade in gateway.Streams.SubscribeTradesAsync(Symbol, streamWindow.Token))
        {
            if (received++ < 5)
            {
                Log.Information("Trade {Id}: {Quantity} @ {Price}", trade.TradeId, trade.Quantity, trade.Price);
            }
        }
    }
    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
    {
        // The three-second window ended.
    }

    Log.Information("Received {Count} trades in 3 s. Done.", received);
    return 0;
}
catch (ExchangeException ex)
{
    Log.Error(ex, "Exchange error (correlation {CorrelationId})", ex.CorrelationId);
    return 1;
}
catch (OptionsValidationException ex)
{
    Log.Error("Configuration is invalid: {Errors}", string.Join(" ", ex.Failures));
    return 2;
}
finally
{
    if (fake is not null)
    {
        await fake.DisposeAsync();
    }

    fakeBackend?.Dispose();
    await Log.CloseAndFlushAsync();
}
