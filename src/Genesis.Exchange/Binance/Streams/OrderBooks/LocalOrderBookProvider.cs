using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Genesis.Exchange.Abstractions;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>Opens <see cref="LocalOrderBook"/>s over the market stream client and depth snapshots; disposing it stops every open book.</summary>
internal sealed class LocalOrderBookProvider : ILocalOrderBookProvider, IAsyncDisposable, IDisposable
{
    private readonly IMarketStreamClient _streams;
    private readonly IOrderBookSnapshotSource _snapshots;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly OrderBookMetrics _metrics;
    private readonly ConcurrentDictionary<LocalOrderBook, byte> _open = new();
    private int _disposed;

    public LocalOrderBookProvider(IMarketStreamClient streams, IOrderBookSnapshotSource snapshots, TimeProvider timeProvider, ILoggerFactory loggerFactory, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _streams = streams;
        _snapshots = snapshots;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<LocalOrderBookProvider>();
        _metrics = new OrderBookMetrics(meterFactory);
    }

    /// <inheritdoc />
    public ILocalOrderBook Open(string symbol, LocalOrderBookOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        foreach (var c in symbol)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                throw new ArgumentException($"Symbol '{symbol}' must be letters and digits only.", nameof(symbol));
            }
        }

        var copy = options?.Clone() ?? new LocalOrderBookOptions();
        copy.Validate();
        var book = new LocalOrderBook(symbol.ToUpperInvariant(), _streams, _snapshots, copy, _timeProvider, _logger, _metrics, b => _open.TryRemove(b, out _));
        _open[book] = 0;
        book.Start();
        if (Volatile.Read(ref _disposed) != 0)
        {
            // Disposed while opening: the dispose may have missed this book, so stop it here.
            book.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new ObjectDisposedException(GetType().FullName);
        }

        return book;
    }

    /// <summary>Stops every open book.</summary>
    /// <returns>A task that completes when they stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var book in _open.Keys)
        {
            await book.DisposeAsync().ConfigureAwait(false);
        }

        _metrics.Dispose();
    }

    /// <summary>Stops every open book, blocking until done; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
