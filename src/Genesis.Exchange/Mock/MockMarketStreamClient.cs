using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// <see cref="IMarketStreamClient"/> over a <see cref="MockExchange"/>'s event feed. Each subscription owns a bounded
/// channel of <see cref="ChannelCapacity"/> events; when a consumer falls that far behind, the OLDEST buffered event
/// is dropped (<see cref="BoundedChannelFullMode.DropOldest"/>) and counted in <see cref="DroppedEvents"/>, so the
/// producer (the exchange, under its lock) never waits. Trades therefore arrive each id at most once and in
/// increasing order; a gap means the consumer was too slow (or the stream dropped), just like a live socket.
/// When <see cref="Options.MockExchangeOptions.Faults"/>.StreamDropInterval is positive, every subscription's
/// simulated connection drops on that period (on the exchange's <see cref="TimeProvider"/>): the events still
/// buffered are lost, and the subscription reconnects at once and goes on with the events published after that
/// (counted in <see cref="Reconnects"/>). Depth consumers see the gap as <c>U</c> &gt; previous <c>u</c> + 1 and must resync.
/// </summary>
public sealed class MockMarketStreamClient : IMarketStreamClient
{
    /// <summary>Events buffered per subscription before the oldest are dropped.</summary>
    public const int ChannelCapacity = 10_000;

    private readonly MockExchange _exchange;
    private readonly TimeProvider _time;
    private long _dropped;
    private long _reconnects;

    /// <summary>Creates the client; stream drops are scheduled on the exchange's <see cref="TimeProvider"/>.</summary>
    /// <param name="exchange">The exchange whose events are streamed.</param>
    public MockMarketStreamClient(MockExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        _exchange = exchange;
        _time = exchange.TimeProvider;
    }

    /// <summary>Events dropped because a consumer was too slow (all subscriptions).</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Simulated reconnects after stream drops (all subscriptions).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <inheritdoc />
    public IAsyncEnumerable<TradeUpdate> SubscribeTradesAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var name = CheckSymbol(symbol);
        return RunAsync<TradeUpdate>(u => Is(u.Symbol, name), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<DepthUpdate> SubscribeDepthAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var name = CheckSymbol(symbol);
        return RunAsync<DepthUpdate>(u => Is(u.Symbol, name), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<PartialDepthUpdate> SubscribePartialDepthAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var name = CheckSymbol(symbol);
        return RunAsync<PartialDepthUpdate>(u => Is(u.Symbol, name), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The interval is not 1m (the mock builds 1m klines only; use REST klines for others).</exception>
    public IAsyncEnumerable<KlineUpdate> SubscribeKlinesAsync(string symbol, KlineInterval interval, CancellationToken cancellationToken = default)
    {
        var name = CheckSymbol(symbol);
        if (interval != KlineInterval.OneMinute)
        {
            throw new NotSupportedException($"The mock exchange streams 1m klines only, not {interval.ToWire()}.");
        }

        return RunAsync<KlineUpdate>(u => Is(u.Symbol, name), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TickerUpdate> SubscribeTickerAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var name = CheckSymbol(symbol);
        return RunAsync<TickerUpdate>(u => Is(u.Ticker.Symbol, name), cancellationToken);
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private string CheckSymbol(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        foreach (var listed in _exchange.Symbols)
        {
            if (Is(listed, symbol))
            {
                return listed;
            }
        }

        throw new ArgumentException($"Symbol '{symbol}' is not listed on the mock exchange.", nameof(symbol));
    }

    private async IAsyncEnumerable<T> RunAsync<T>(Func<T, bool> filter, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var observer = new ChannelObserver<T>(filter, this);
        using var subscription = _exchange.Subscribe(observer);
        var interval = _exchange.Options.Faults.StreamDropInterval;
        using var timer = interval > TimeSpan.Zero
            ? _time.CreateTimer(static state => ((ChannelObserver<T>)state!).Drop(), observer, interval, interval)
            : null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var reader = observer.Reader;
            while (true)
            {
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var item))
                {
                    yield return item;
                }
            }

            Interlocked.Increment(ref _reconnects);
        }
    }

    private sealed class ChannelObserver<T>(Func<T, bool> filter, MockMarketStreamClient owner) : IMockMarketObserver
        where T : class
    {
        private Channel<T> _channel = Create(owner);

        public ChannelReader<T> Reader => Volatile.Read(ref _channel).Reader;

        public void Drop()
        {
            var old = Interlocked.Exchange(ref _channel, Create(owner));
            old.Writer.TryComplete();
            while (old.Reader.TryRead(out _))
            {
                // Frames in flight when a socket dies are lost.
            }
        }

        public void OnTrade(TradeUpdate update) => Write(update);

        public void OnDepth(DepthUpdate update) => Write(update);

        public void OnPartialDepth(PartialDepthUpdate update) => Write(update);

        public void OnKline(KlineUpdate update) => Write(update);

        public void OnTicker(TickerUpdate update) => Write(update);

        private void Write(object update)
        {
            if (update is T item && filter(item))
            {
                Volatile.Read(ref _channel).Writer.TryWrite(item);
            }
        }

        private static Channel<T> Create(MockMarketStreamClient owner) => Channel.CreateBounded<T>(
            new BoundedChannelOptions(ChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref owner._dropped));
    }
}
