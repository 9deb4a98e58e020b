using System.Diagnostics;
using System.Diagnostics.Metrics;
using Polly.Telemetry;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Routes the resilience pipeline's events into the <c>Genesis.Exchange</c> meter (no second meter; Polly's own
/// metering lives in Polly.Extensions, which this library does not reference): the counter
/// <c>genesis.exchange.resilience.events</c>, tagged with the strategy and the event (<c>OnRetry</c>, <c>OnTimeout</c>,
/// <c>OnCircuitRejected</c>, <c>OnCircuitOpen</c>, <c>OnCircuitHalfOpen</c>, <c>OnCircuitClosed</c>). Attempts that need
/// nothing are not counted here: requests are counted once, by the monitoring transport.
/// </summary>
internal sealed class ResilienceTelemetry : TelemetryListener
{
    /// <summary>The instrument name.</summary>
    public const string EventsInstrument = "genesis.exchange.resilience.events";

    /// <summary>The event a strategy reports when it runs an attempt (not counted).</summary>
    private const string ExecutionAttempt = "ExecutionAttempt";

    private readonly Counter<long> _events;

    /// <summary>Creates the listener on the library's meter.</summary>
    /// <param name="meter">The <c>Genesis.Exchange</c> meter.</param>
    public ResilienceTelemetry(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _events = meter.CreateCounter<long>(EventsInstrument, description: "Resilience events by strategy and event: retries, timeouts, circuit breaker rejections and state changes");
    }

    /// <inheritdoc />
    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        if (args.Event.Severity < ResilienceEventSeverity.Warning || args.Event.EventName == ExecutionAttempt)
        {
            return;
        }

        Record(args.Source.StrategyName, args.Event.EventName);
    }

    /// <summary>Counts one event.</summary>
    /// <param name="strategy">The strategy's name.</param>
    /// <param name="eventName">The event's name.</param>
    public void Record(string? strategy, string eventName)
    {
        if (!_events.Enabled)
        {
            return;
        }

        _events.Add(1, new TagList { { "strategy", strategy }, { "event", eventName } });
    }
}
