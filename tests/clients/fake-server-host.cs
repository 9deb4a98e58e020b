#:project ../../src/Genesis.Exchange.Testing/Genesis.Exchange.Testing.csproj
// A fake Binance (REST, streams, WebSocket API) on 127.0.0.1 backed by the mock exchange, for real third-party clients.
// Usage: dotnet run tests/clients/fake-server-host.cs -- <api-key> (--hmac <secret> | --public-key <pem-file>)
// Prints "REST <url>", "WSAPI <url>" and "READY", then runs until stdin closes.
using Genesis.Exchange.Mock;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;

if (args.Length != 3 || args[1] is not ("--hmac" or "--public-key"))
{
    Console.Error.WriteLine("usage: fake-server-host.cs <api-key> (--hmac <secret> | --public-key <pem-file>)");
    return 2;
}

var exchange = new MockExchange(new MockExchangeOptions(), TimeProvider.System);
var options = new FakeBinanceServerOptions
{
    Backend = new MockExchangeTransport(exchange, TimeProvider.System),
    EventSource = new MockExchangeEventSource(exchange),
    ApiKey = args[0],
};
if (args[1] == "--hmac")
{
    options.ApiSecret = new SecretString(args[2]);
}
else
{
    options.PublicKeyPem = await File.ReadAllTextAsync(args[2]).ConfigureAwait(false);
}

await using var server = await FakeBinanceServer.StartAsync(options).ConfigureAwait(false);
exchange.Start();
Console.WriteLine("REST " + server.RestBaseUrl);
Console.WriteLine("STREAMS " + server.StreamBaseUrl);
Console.WriteLine("WSAPI " + server.WebSocketApiUrl);
Console.WriteLine("READY");
await Console.In.ReadToEndAsync().ConfigureAwait(false);
exchange.Dispose();
return 0;
