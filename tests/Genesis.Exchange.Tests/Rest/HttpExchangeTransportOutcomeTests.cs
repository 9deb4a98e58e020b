using System.Net.Sockets;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>
/// How the innermost HTTP transport classifies what the HTTP stack throws: "not sent" for failures to connect,
/// "may have been sent" for everything after, and never a raw <see cref="TaskCanceledException"/> the caller did not ask for.
/// The handler here raises exactly what <see cref="SocketsHttpHandler"/> raises; no sockets are opened.
/// </summary>
public sealed class HttpExchangeTransportOutcomeTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private HttpExchangeTransport Transport(HttpClient http, GenesisExchangeOptions? options = null) =>
        new(http, new Uri("http://exchange.test"), null, null, new ServerClock(_time), _time, options ?? new GenesisExchangeOptions(), NullLogger<HttpExchangeTransport>.Instance);

    private static HttpClient Client(HttpMessageHandler handler) => HttpHandlerFactory.CreateClient(handler);

    private static ExchangeRequest Ping() => new(BinanceEndpoints.Ping, [], 1);

    [Fact]
    public async Task ConnectionRefused_IsUnavailable_AndSaysNotSent()
    {
        using var http = Client(new ThrowingHandler(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (exchange.test:80)", new SocketException((int)SocketError.ConnectionRefused))));
        var request = Ping();

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => Transport(http).SendAsync(request).AsTask());

        Assert.True(ex.RequestNotSent);
        Assert.Equal(request.CorrelationId, ex.CorrelationId);
    }

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    public async Task OtherFailuresToConnect_SayNotSent(HttpRequestError error)
    {
        using var http = Client(new ThrowingHandler(new HttpRequestException(error, "connect failed")));

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => Transport(http).SendAsync(Ping()).AsTask());

        Assert.True(ex.RequestNotSent);
    }

    [Fact]
    public async Task ConnectTimeout_RaisedAsTaskCanceled_IsExchangeTimeout_AndSaysNotSent()
    {
        // SocketsHttpHandler.ConnectTimeout surfaces as TaskCanceledException wrapping a TimeoutException.
        using var http = Client(new ThrowingHandler(new TaskCanceledException("The operation was canceled.", new TimeoutException("A connection could not be established within the configured ConnectTimeout."))));

        var ex = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => Transport(http).SendAsync(Ping()).AsTask());

        Assert.True(ex.RequestNotSent);
        Assert.Contains("connect timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionDroppedAfterSending_IsUnavailable_AndMayHaveBeenSent()
    {
        using var http = Client(new ThrowingHandler(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")));
        var request = Ping();

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => Transport(http).SendAsync(request).AsTask());

        Assert.False(ex.RequestNotSent);
        Assert.True(request.MayHaveBeenSent);
    }

    [Fact]
    public async Task HttpClientDisposedBeforeTheRequest_SaysNotSent()
    {
        var http = Client(new ThrowingHandler(new InvalidOperationException("must not be called")));
        http.Dispose();

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => Transport(http).SendAsync(Ping()).AsTask());

        Assert.True(ex.RequestNotSent);
        Assert.IsType<ObjectDisposedException>(ex.InnerException);
    }

    [Fact]
    public async Task HttpClientDisposedMidRequest_IsUnavailable_NotARawCancellation()
    {
        var handler = new HangingHandler();
        var http = Client(handler);
        var request = Ping();

        var task = Transport(http).SendAsync(request).AsTask();
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        http.Dispose();
        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.False(ex.RequestNotSent);
        Assert.True(request.MayHaveBeenSent);
    }

    [Fact]
    public async Task PlaceOrder_HttpClientDisposedMidRequest_IsUnknownStatus_WithTheClientOrderId()
    {
        var handler = new HangingHandler(answerExchangeInfo: true);
        var http = Client(handler);
        var options = new GenesisExchangeOptions { ApiKey = new SecretString("key"), ApiSecret = new SecretString("secret") };
        options.Orders.ReconcileDelay = TimeSpan.Zero;
        var transport = new HttpExchangeTransport(http, new Uri("http://exchange.test"), Binance.Signing.SignerFactory.Create(options.ApiSecret, null), options.ApiKey, new ServerClock(_time), _time, options, NullLogger<HttpExchangeTransport>.Instance);
        using var client = new BinanceRestClient(transport, _time, options, NullLogger<BinanceRestClient>.Instance);

        var task = client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = "shutdown-1" });
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        http.Dispose();
        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("shutdown-1", ex.ClientOrderId);
        Assert.Contains("3 queries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not sent", ex.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingHandler(Exception failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(failure);
    }

    /// <summary>Answers exchange info (optionally) and holds every other request until it is cancelled.</summary>
    private sealed class HangingHandler(bool answerExchangeInfo = false) : HttpMessageHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (answerExchangeInfo && request.RequestUri!.AbsolutePath.EndsWith("/exchangeInfo", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(Support.TestData.ExchangeInfoJson) };
            }

            Entered.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
