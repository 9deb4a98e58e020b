using System.Diagnostics.Metrics;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>Counters of the market stream client, on the <c>Genesis.Exchange</c> meter.</summary>
internal sealed class MarketStreamMetrics : IDisposable
{
    public const string MeterName = "Genesis.Exchange";
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public MarketStreamMetrics(IMeterFactory? meterFactory = null, BinanceMarketStreamClient? pool = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        MessagesReceived = _meter.CreateCounter<long>("genesis.exchange.stream.messages_received", "{message}", "Stream messages received.");
        Reconnects = _meter.CreateCounter<long>("genesis.exchange.stream.reconnects", "{reconnect}", "Stream connections re-established.");
        ParseErrors = _meter.CreateCounter<long>("genesis.exchange.stream.parse_errors", "{message}", "Stream messages rejected (malformed, NaN/negative price, oversized).");
        SupervisorFaults = _meter.CreateCounter<long>("genesis.exchange.stream.supervisor_faults", "{fault}", "Unexpected faults the stream connection supervisor recovered from.");
        LivenessProbes = _meter.CreateCounter<long>("genesis.exchange.stream.liveness_probes", "{probe}", "Quiet stream connections that answered a LIST_SUBSCRIPTIONS probe and were kept.");
        GapFills = _meter.CreateCounter<long>("genesis.exchange.stream.gap_fill_trades", "{trade}", "Trades recovered over REST after a trade-id gap.");
        Failovers = _meter.CreateCounter<long>("genesis.exchange.stream.failovers", "{failover}", "Stream connections whose streams moved to the backup connection.");
        Renewals = _meter.CreateCounter<long>("genesis.exchange.stream.renewals", "{renewal}", "Stream connections replaced make-before-break (lifetime or serverShutdown).");
        if (pool is not null)
        {
            _meter.CreateObservableGauge("genesis.exchange.stream.connections", () => pool.GetConnectionHealth().Select(h => new Measurement<int>(1, new KeyValuePair<string, object?>("connection", h.Name), new KeyValuePair<string, object?>("role", h.Role.ToString()), new KeyValuePair<string, object?>("state", h.State.ToString()))), "{connection}", "Pooled stream connections by role and state.");
            _meter.CreateObservableGauge("genesis.exchange.stream.latency", () => pool.GetConnectionHealth().Where(h => h.Latency is not null).Select(h => new Measurement<double>(h.Latency!.Value.TotalMilliseconds, new KeyValuePair<string, object?>("connection", h.Name))), "ms", "Event time to receive time per stream connection (server-offset corrected moving average).");
            _meter.CreateObservableGauge("genesis.exchange.stream.last_message_age", () => pool.GetConnectionHealth().Where(h => h.LastMessageAge is not null).Select(h => new Measurement<double>(h.LastMessageAge!.Value.TotalSeconds, new KeyValuePair<string, object?>("connection", h.Name))), "s", "Time since each stream connection's last message.");
        }
    }

    public Counter<long> MessagesReceived { get; }

    public Counter<long> Reconnects { get; }

    public Counter<long> ParseErrors { get; }

    public Counter<long> GapFills { get; }

    public Counter<long> SupervisorFaults { get; }

    public Counter<long> Failovers { get; }

    public Counter<long> Renewals { get; }

    public Counter<long> LivenessProbes { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
