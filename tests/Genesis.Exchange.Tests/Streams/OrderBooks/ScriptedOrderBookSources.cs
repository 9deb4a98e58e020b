using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams.OrderBooks;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Streams.OrderBooks;

/// <summary>A market stream client whose diff-depth subscriptions the test feeds event by event.</summary>
internal sealed class ScriptedDepthStreams : IMarketStreamClient
{
    private readonly Channel<Channel<DepthUpdate>> _subscriptions = Channel.CreateUnbounded<Channel<DepthUpdate>>();
    private Channel<DepthUpdate>? _current;

    public int SubscriptionCount { get; private set; }

    /// <summary>The symbols subscribed, in order.</summary>
    public List<string> Symbols { get; } = [];

    /// <summary>Waits for the next diff-depth subscription and makes it the one <see cref="Push"/> feeds.</summary>
    public async Task NextSubscriptionAsync() => _current = await _subscriptions.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    public void Push(DepthUpdate update) => Current.Writer.TryWrite(update);

    /// <summary>Ends the current subscription with an error (after the events already pushed).</summary>
    public void Fail(Exception error) => Current.Writer.TryComplete(error);

    /// <summary>Ends the current subscription normally (as when the stream client is disposed).</summary>
    public void Complete() => Current.Writer.TryComplete();

    public async IAsyncEnumerable<DepthUpdate> SubscribeDepthAsync(string symbol, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<DepthUpdate>();
        SubscriptionCount++;
        Symbols.Add(symbol);
        _subscriptions.Writer.TryWrite(channel);
        await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return update;
        }
    }

    public IAsyncEnumerable<TradeUpdate> SubscribeTradesAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<PartialDepthUpdate> SubscribePartialDepthAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<KlineUpdate> SubscribeKlinesAsync(string symbol, KlineInterval interval, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<TickerUpdate> SubscribeTickerAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<AggregateTradeUpdate> SubscribeAggregateTradesAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<BookTickerUpdate> SubscribeBookTickerAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<MiniTickerUpdate> SubscribeMiniTickerAsync(string symbol, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public event EventHandler<Genesis.Exchange.Binance.Streams.StreamConnectionEventArgs>? ConnectionEvent
    {
        add { }
        remove { }
    }

    public StreamSubscription<T> Subscribe<T>(MarketStream<T> stream, StreamRole role = StreamRole.Monitoring)
        where T : class => throw new NotSupportedException();

    public IReadOnlyList<Genesis.Exchange.Binance.Streams.StreamConnectionHealth> GetConnectionHealth() => [];

    private Channel<DepthUpdate> Current => _current ?? throw new InvalidOperationException("Await NextSubscriptionAsync first.");
}

/// <summary>A snapshot source whose requests the test answers one by one.</summary>
internal sealed class ScriptedSnapshots : IOrderBookSnapshotSource
{
    private readonly Channel<SnapshotRequest> _requests = Channel.CreateUnbounded<SnapshotRequest>();

    public int RequestCount { get; private set; }

    public Task<OrderBook> GetSnapshotAsync(string symbol, int limit, CancellationToken cancellationToken = default)
    {
        var request = new SnapshotRequest(symbol, limit);
        RequestCount++;
        _requests.Writer.TryWrite(request);
        return request.Response.Task.WaitAsync(cancellationToken);
    }

    public async Task<SnapshotRequest> NextRequestAsync() => await _requests.Reader.ReadAsync().AsTask().WaitAsync(Bound.Safety);

    public bool HasPendingRequest => _requests.Reader.Count > 0;

    /// <summary>Answers the next request with <paramref name="snapshot"/>.</summary>
    public async Task AnswerAsync(OrderBook snapshot) => (await NextRequestAsync()).Response.TrySetResult(snapshot);
}

internal sealed record SnapshotRequest(string Symbol, int Limit)
{
    public TaskCompletionSource<OrderBook> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
