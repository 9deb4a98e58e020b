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
/// <para>Subscriptions end like the live client's: cancelling the token ends the enumeration with
/// <see cref="OperationCanceledException"/>; disposing the client ends every enumeration normally, after the events
/// already buffered; subscribing to a disposed client throws <see cref="ObjectDisposedException"/>.</para>
/// </summary>
public sealed class MockMarketStreamClient : IMarketStreamClient, IAsyncDisposable, IDisposable
{
    /// <summary>Events buffered per subscription before the oldest are dropped.</summary>
    public const int ChannelCapacity = 10_000;

    private readonly MockExchange _exchange;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly HashSet<IEndable> _active = [];
    private long _dropped;
    private long _reconnects;
    private bool _disposed;

    /// <summary>Creates the client; stream drops are scheduled on the exchange's <see cref="TimeProvider"/>.</summary>
    /// <param name="exchange">The exchange whose events are streamed.</param>
    public MockMarketStreamClient(MockExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        _exchange = exchange;
        _time = exchange.TimeProvider;
    }

    /// <summary>Ends every subscription (normally, after the events already buffered).</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends every subscription (normally, after the events already buffered).</summary>
    public void Dispose()
    {
        IEndable[] active;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            active = [.. _active];
            _active.Clear();
        }

        foreach (var observer in active)
        {
            observer.End();
        }
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
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            _active.Add(observer);
        }

        try
        {
            using var subscription = _exchange.Subscribe(observer);
            var interval = _exchange.Options.Faults.StreamDropInterval;
            using var timer = interval > TimeSpan.Zero
                ? _time.CreateTimer(static state => ((ChannelObserver<T>)state!).Drop(), observer, interval, interval)
                : null;
            while (true)
            {
                var reader = observer.Reader;
                while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (reader.TryRead(out var item))
                    {
                        yield return item;
                        cancellationToken.ThrowIfCancellationRequested(); // canceled: nothing more, even if buffered
                    }
                }

                if (observer.Ended)
                {
                    yield break; // the client was disposed
                }

                Interlocked.Increment(ref _reconnects);
            }
        }
        finally
        {
            lock (_gate)
            {
                _active.Remove(observer);
            }
        }
    }

    /// <summary>A subscription the client can end at dispose.</summary>
    private interface IEndable
    {
        void End();
    }

    private sealed class ChannelObserver<T>(Func<T, bool> filter, MockMarketStreamClient owner) : IMockMarketObserver, IEndable
        where T : class
    {
        private Channel<T> _channel = Create(owner);
        private volatile bool _ended;

        public ChannelReader<T> Reader => Volatile.Read(ref _channel).Reader;

        public bool Ended => _ended;

        public void End()
        {
            _ended = true;
            Volatile.Read(ref _channel).Writer.TryComplete();
        }

        public void Drop()
        {
            if (_ended)
            {
                return;
            }

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
