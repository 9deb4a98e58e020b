using System.Diagnostics.Metrics;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>Counters of the local order books, on the <c>Genesis.Exchange</c> meter (tagged with the symbol).</summary>
internal sealed class OrderBookMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public OrderBookMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MarketStreamMetrics.MeterName) ?? new Meter(MarketStreamMetrics.MeterName);
        Resyncs = _meter.CreateCounter<long>("genesis.exchange.orderbook.resyncs", "{resync}", "Local order books discarded and resynchronised from a new snapshot.");
        CrossCheckMismatches = _meter.CreateCounter<long>("genesis.exchange.orderbook.cross_check_mismatches", "{check}", "Cross-checks that found a local order book different from the REST snapshot.");
        Snapshots = _meter.CreateCounter<long>("genesis.exchange.orderbook.snapshots", "{request}", "REST depth snapshots requested by local order books.");
    }

    public Counter<long> Resyncs { get; }

    public Counter<long> CrossCheckMismatches { get; }

    public Counter<long> Snapshots { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
