using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>The placement guarantees through the gateway in mock mode (the mock transport stands for the wire).</summary>
public sealed class MockOrderOutcomeTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(MockTestHarness.Start);
    private readonly MockExchangeOptions _mock = new() { GenerateMarketData = false };
    private MockExchange? _exchange;

    public void Dispose() => _exchange?.Dispose();

    private (ExchangeGateway Gateway, Arrivals Arrivals) Gateway(Action<MockExchangeOptions> configure)
    {
        configure(_mock);
        _exchange = new MockExchange(_mock, _time);
        var arrivals = new Arrivals(new MockExchangeTransport(_exchange, _time));
        var options = new GenesisExchangeOptions();
        options.Orders.ReconcileDelay = TimeSpan.Zero;
        var rest = new BinanceRestClient(arrivals, _time, options, NullLogger<BinanceRestClient>.Instance);
        return (new ExchangeGateway(rest, Streams.InMemory.MockStreams.Create(new InMemoryStreamServer(_exchange), rest, _time), new ServerClock(_time), _time, options), arrivals);
    }

    [Fact]
    public async Task Gateway_MockLosesTheAnswerOfAnExecutedOrder_ReconcilesToTheFilledOrder()
    {
        var (gateway, _) = Gateway(o => o.Faults.UnknownStatusRate = 1.0);

        var order = await gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.01m) with { ClientOrderId = "mock-lost-1" }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal("mock-lost-1", order.ClientOrderId);
        Assert.Equal(1, _exchange!.GetOrdersCreated("mock-lost-1"));
    }

    [Fact]
    public async Task Gateway_CallerCancelsWhileTheMockIsAnswering_IsUnknownStatus_NotOperationCanceled()
    {
        var (gateway, arrivals) = Gateway(o => o.Latency.Fixed = TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource();

        var placing = gateway.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.01m) with { ClientOrderId = "mock-cancel-1" }, cts.Token);
        while (!arrivals.Placement.Task.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100)); // the exchange info load waits for the mock's latency
            await Task.Yield();
        }

        await cts.CancelAsync();

        // Bounded by wall time, not by a count of yields: on a loaded machine the continuations run late.
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (!placing.IsCompleted && bound.Elapsed < TimeSpan.FromSeconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100)); // each reconcile query waits for the mock's latency
            await Task.Yield();
        }

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => placing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("mock-cancel-1", ex.ClientOrderId);
        Assert.Equal(0, _exchange!.GetOrdersCreated("mock-cancel-1"));
    }

    /// <summary>Signals when a placement is handed to the mock.</summary>
    private sealed class Arrivals(IExchangeTransport inner) : IExchangeTransport
    {
        public TaskCompletionSource Placement { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
        {
            var sending = inner.SendAsync(request, cancellationToken);
            if (request.Endpoint.IsOrderPlacement)
            {
                Placement.TrySetResult();
            }

            return sending;
        }
    }
}
