using Genesis.Exchange.Models;

namespace Genesis.Exchange.Abstractions;

/// <summary>
/// Market data streams. Each subscription is an async sequence that survives reconnects. Implemented by the live
/// WebSocket client and by the mock exchange, which end a subscription the same way:
/// <list type="bullet">
/// <item>canceling the token ends the enumeration with <see cref="OperationCanceledException"/> at once, even when
/// items are buffered;</item>
/// <item>disposing the client ends every enumeration normally, after the items already buffered; subscribing to a
/// disposed client throws <see cref="ObjectDisposedException"/>;</item>
/// <item>a subscription that cannot go on without losing data or that the exchange refuses ends with an
/// <see cref="Errors.ExchangeException"/> (for the live client
/// <see cref="Binance.Streams.StreamSubscriptionOverflowException"/> or
/// <see cref="Binance.Streams.StreamSubscriptionRejectedException"/>).</item>
/// </list>
/// </summary>
public interface IMarketStreamClient
{
    /// <summary>
    /// Subscribes a market stream (any of <see cref="MarketStreams"/>) and returns the subscription, which the caller
    /// holds and disposes. The SUBSCRIBE runs in the background; await <see cref="StreamSubscription{T}.Subscribed"/>
    /// for the exchange's confirmation.
    /// </summary>
    /// <typeparam name="T">The delivered record.</typeparam>
    /// <param name="stream">The stream.</param>
    /// <param name="role">The connections that carry it (a stream keeps the role of its first subscription).</param>
    /// <returns>The subscription.</returns>
    StreamSubscription<T> Subscribe<T>(MarketStream<T> stream, StreamRole role = StreamRole.Monitoring)
        where T : class;

    /// <summary>Connection events: connects, disconnects, server shutdowns, renewals, failovers, refused subscriptions.</summary>
    event EventHandler<Binance.Streams.StreamConnectionEventArgs>? ConnectionEvent;

    /// <summary>Health of every pooled connection now.</summary>
    /// <returns>One entry per connection.</returns>
    IReadOnlyList<Binance.Streams.StreamConnectionHealth> GetConnectionHealth();

    /// <summary>Trades of a symbol, each trade id once and in order.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The trades.</returns>
    IAsyncEnumerable<TradeUpdate> SubscribeTradesAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Diff-depth events of a symbol (for local order books).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<DepthUpdate> SubscribeDepthAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Top-20 book snapshots every 100 ms (<c>@depth20@100ms</c>).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The snapshots.</returns>
    IAsyncEnumerable<PartialDepthUpdate> SubscribePartialDepthAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Kline updates of a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The updates.</returns>
    IAsyncEnumerable<KlineUpdate> SubscribeKlinesAsync(string symbol, KlineInterval interval, CancellationToken cancellationToken = default);

    /// <summary>24 h ticker updates of a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The updates.</returns>
    IAsyncEnumerable<TickerUpdate> SubscribeTickerAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>
    /// Aggregate trades of a symbol (<c>&lt;symbol&gt;@aggTrade</c>). Never dropped: a consumer that falls behind the bounded
    /// buffer ends the subscription with an overflow error rather than miss one.
    /// </summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The aggregate trades, in the order received.</returns>
    IAsyncEnumerable<AggregateTradeUpdate> SubscribeAggregateTradesAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>
    /// Best bid and ask of a symbol (<c>&lt;symbol&gt;@bookTicker</c>), a latest-value stream: a consumer that falls behind
    /// gets the newest values (older ones are dropped).
    /// </summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The updates.</returns>
    IAsyncEnumerable<BookTickerUpdate> SubscribeBookTickerAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>24 h mini ticker of a symbol (<c>&lt;symbol&gt;@miniTicker</c>), a latest-value stream (older values dropped when behind).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The updates.</returns>
    IAsyncEnumerable<MiniTickerUpdate> SubscribeMiniTickerAsync(string symbol, CancellationToken cancellationToken = default);
}
