using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>A running local order book: the <see cref="OrderBookSynchronizer"/> of one symbol and thread-safe reads of its book.</summary>
internal sealed class LocalOrderBook : ILocalOrderBook
{
    private readonly OrderBookSynchronizer _sync;
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<LocalOrderBook>? _onDisposed;
    private readonly ILogger _logger;
    private readonly Lock _handlersGate = new();
    private Action<ILocalOrderBook>[] _handlers = [];
    private Task _run = Task.CompletedTask;
    private int _disposed;

    public LocalOrderBook(
        string symbol,
        IMarketStreamClient streams,
        IOrderBookSnapshotSource snapshots,
        LocalOrderBookOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        OrderBookMetrics metrics,
        Action<LocalOrderBook>? onDisposed = null)
    {
        Symbol = symbol;
        _onDisposed = onDisposed;
        _logger = logger;
        _sync = new OrderBookSynchronizer(symbol, streams, snapshots, options, timeProvider, logger, metrics, RaiseChanged);
    }

    /// <inheritdoc />
    public event Action<ILocalOrderBook>? Changed
    {
        add
        {
            if (value is not null)
            {
                lock (_handlersGate)
                {
                    _handlers = [.. _handlers, value];
                }
            }
        }

        remove
        {
            lock (_handlersGate)
            {
                var index = Array.LastIndexOf(_handlers, value);
                if (index >= 0)
                {
                    _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
                }
            }
        }
    }

    /// <inheritdoc />
    public string Symbol { get; }

    /// <inheritdoc />
    public LocalOrderBookState State => _sync.State;

    /// <inheritdoc />
    public Exception? Failure => _sync.Error;

    /// <inheritdoc />
    public long LastUpdateId
    {
        get
        {
            lock (_sync.Gate)
            {
                return _sync.Book.LastUpdateId;
            }
        }
    }

    /// <inheritdoc />
    public DateTimeOffset? EventTime
    {
        get
        {
            lock (_sync.Gate)
            {
                return _sync.Book.EventTime;
            }
        }
    }

    /// <inheritdoc />
    public OrderBookLevel? BestBid
    {
        get
        {
            lock (_sync.Gate)
            {
                return _sync.Book.Bids.Count > 0 ? _sync.Book.Bids.At(0) : null;
            }
        }
    }

    /// <inheritdoc />
    public OrderBookLevel? BestAsk
    {
        get
        {
            lock (_sync.Gate)
            {
                return _sync.Book.Asks.Count > 0 ? _sync.Book.Asks.At(0) : null;
            }
        }
    }

    /// <inheritdoc />
    public decimal? Spread
    {
        get
        {
            lock (_sync.Gate)
            {
                var book = _sync.Book;
                return book.Bids.Count > 0 && book.Asks.Count > 0 ? book.Asks.At(0).Price - book.Bids.At(0).Price : null;
            }
        }
    }

    /// <inheritdoc />
    public decimal? MidPrice
    {
        get
        {
            lock (_sync.Gate)
            {
                var book = _sync.Book;
                return book.Bids.Count > 0 && book.Asks.Count > 0 ? (book.Asks.At(0).Price + book.Bids.At(0).Price) / 2m : null;
            }
        }
    }

    /// <inheritdoc />
    public long Resyncs => _sync.Resyncs;

    /// <inheritdoc />
    public long CrossCheckMismatches => _sync.CrossCheckMismatches;

    /// <inheritdoc />
    public long CrossCheckMatches => _sync.CrossCheckMatches;

    /// <summary>Calls every handler, each on its own: one that throws is logged and the others still run. Allocates nothing.</summary>
    private void RaiseChanged()
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(this);
            }
            catch (Exception ex)
            {
                // A consumer's handler must not stop the book or the other handlers; recorded in the log.
                Log.HandlerFailed(_logger, ex, Symbol);
            }
        }
    }

    /// <summary>Starts the synchroniser in the background.</summary>
    /// <returns>This book.</returns>
    public LocalOrderBook Start()
    {
        _run = Task.Run(() => _sync.RunAsync(_stop.Token), CancellationToken.None);
        return this;
    }

    /// <inheritdoc />
    public IReadOnlyList<OrderBookLevel> GetBids(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        lock (_sync.Gate)
        {
            return _sync.Book.Bids.ToArray(levels);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<OrderBookLevel> GetAsks(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        lock (_sync.Gate)
        {
            return _sync.Book.Asks.ToArray(levels);
        }
    }

    /// <inheritdoc />
    public int CopyBids(Span<OrderBookLevel> destination)
    {
        lock (_sync.Gate)
        {
            return _sync.Book.Bids.CopyTo(destination);
        }
    }

    /// <inheritdoc />
    public int CopyAsks(Span<OrderBookLevel> destination)
    {
        lock (_sync.Gate)
        {
            return _sync.Book.Asks.CopyTo(destination);
        }
    }

    /// <inheritdoc />
    public decimal GetBidDepth(decimal price)
    {
        lock (_sync.Gate)
        {
            return _sync.Book.Bids.DepthTo(price);
        }
    }

    /// <inheritdoc />
    public decimal GetAskDepth(decimal price)
    {
        lock (_sync.Gate)
        {
            return _sync.Book.Asks.DepthTo(price);
        }
    }

    /// <inheritdoc />
    public OrderBook GetSnapshot(int maxLevels = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLevels);
        lock (_sync.Gate)
        {
            return _sync.Book.ToOrderBook(Symbol, maxLevels);
        }
    }

    /// <inheritdoc />
    public Task WaitUntilLiveAsync(CancellationToken cancellationToken = default) => _sync.LiveTask.WaitAsync(cancellationToken);

    /// <summary>Stops the book: unsubscribes its stream and ends its background work.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _onDisposed?.Invoke(this);
    }
}
