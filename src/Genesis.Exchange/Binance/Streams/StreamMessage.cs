using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>What a stream message turned out to be.</summary>
internal enum StreamMessageKind
{
    /// <summary>A well-formed message we do not handle (unknown event, LIST_SUBSCRIPTIONS answer…).</summary>
    Ignored,

    /// <summary>The message could not be trusted; see <see cref="StreamMessage.Error"/>.</summary>
    Malformed,

    /// <summary>An answer to a control request (SUBSCRIBE…), success or error.</summary>
    ControlResponse,

    /// <summary>The server announced a shutdown: reconnect.</summary>
    ServerShutdown,

    /// <summary>A <see cref="TradeUpdate"/>.</summary>
    Trade,

    /// <summary>A <see cref="DepthUpdate"/>.</summary>
    Depth,

    /// <summary>A <see cref="PartialDepthUpdate"/>.</summary>
    PartialDepth,

    /// <summary>A <see cref="KlineUpdate"/>.</summary>
    Kline,

    /// <summary>A <see cref="TickerUpdate"/>.</summary>
    Ticker,

    /// <summary>An <see cref="AggregateTradeUpdate"/>.</summary>
    AggregateTrade,

    /// <summary>A <see cref="BookTickerUpdate"/>.</summary>
    BookTicker,

    /// <summary>A <see cref="MiniTickerUpdate"/>.</summary>
    MiniTicker,

    /// <summary>A <see cref="BlockTradeUpdate"/>.</summary>
    BlockTrade,

    /// <summary>An <see cref="AveragePriceUpdate"/>.</summary>
    AveragePrice,

    /// <summary>A <see cref="ReferencePriceUpdate"/>.</summary>
    ReferencePrice,

    /// <summary>A <see cref="RollingWindowTickerUpdate"/>.</summary>
    RollingWindowTicker,

    /// <summary>A <see cref="MiniTickerBatch"/> (<c>!miniTicker@arr</c>).</summary>
    MiniTickerArray,

    /// <summary>A <see cref="RollingWindowTickerBatch"/> (<c>!ticker_&lt;window&gt;@arr</c>).</summary>
    RollingWindowTickerArray,

    /// <summary>A combined-stream frame whose stream the resolver does not know: skipped without reading its data.</summary>
    Unroutable,
}

/// <summary>One parsed message. <see cref="Payload"/> holds the model record for data kinds.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="StreamName">The combined-stream name, when wrapped.</param>
/// <param name="Payload">The delivered record for data kinds; the <c>string[]</c> result of a control response that lists streams.</param>
/// <param name="ControlId">The request id of a control response.</param>
/// <param name="Error">Why a message is malformed, or the error text of a failed control request.</param>
/// <param name="ErrorCode">The <c>code</c> of a failed control request's error reply.</param>
/// <param name="Route">The resolved stream of a combined frame (<see cref="StreamMessageParser.Parse(ReadOnlySpan{byte}, IStreamNameResolver)"/>).</param>
internal readonly record struct StreamMessage(StreamMessageKind Kind, string? StreamName, object? Payload, long? ControlId, string? Error, int? ErrorCode = null, StreamRoute? Route = null)
{
    public static StreamMessage Malformed(string error, string? streamName = null) => new(StreamMessageKind.Malformed, streamName, null, null, error);

    public static StreamMessage Ignored(string? streamName) => new(StreamMessageKind.Ignored, streamName, null, null, null);
}
