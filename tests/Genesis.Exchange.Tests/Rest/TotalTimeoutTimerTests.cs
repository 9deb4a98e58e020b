using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>
/// One total-timeout timer per call: when the transport below enforces the total timeout (the resilience pipeline's
/// timeout strategy), the client does not arm a second one.
/// </summary>
public sealed class TotalTimeoutTimerTests
{
    [Fact]
    public async Task Call_ArmsNoTimerOfItsOwn_WhenTheTransportEnforcesTheTotalTimeout()
    {
        var time = new CountingTimeProvider();
        var client = new BinanceRestClient(new EnforcingTransport(new ScriptedTransport(time), enforces: true), time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

        await client.PingAsync();

        Assert.Equal(0, time.TimersCreated);
    }

    [Fact]
    public async Task Call_ArmsItsOwnTotalTimeout_WhenTheTransportDoesNotEnforceOne()
    {
        var time = new CountingTimeProvider();
        var client = new BinanceRestClient(new EnforcingTransport(new ScriptedTransport(time), enforces: false), time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

        await client.PingAsync();

        Assert.Equal(1, time.TimersCreated);
    }

    private sealed class EnforcingTransport(IExchangeTransport inner, bool enforces) : IExchangeTransport, ITotalTimeoutTransport
    {
        public bool EnforcesTotalTimeout => enforces;

        public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default) =>
            inner.SendAsync(request, cancellationToken);
    }

    private sealed class CountingTimeProvider : TimeProvider
    {
        private readonly FakeTimeProvider _inner = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

        public int TimersCreated { get; private set; }

        public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

        public override long GetTimestamp() => _inner.GetTimestamp();

        public override long TimestampFrequency => _inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return _inner.CreateTimer(callback, state, dueTime, period);
        }
    }
}
