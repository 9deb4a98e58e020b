using System.Net.WebSockets;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>One open WebSocket; the seam that lets unit tests run without sockets.</summary>
internal interface IWebSocketConnection : IAsyncDisposable
{
    /// <summary>The socket state.</summary>
    WebSocketState State { get; }

    /// <summary>Receives the next frame (or part of it) into <paramref name="buffer"/>.</summary>
    ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends one complete UTF-8 text message. Callers serialize sends.</summary>
    ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken);

    /// <summary>Closes the socket politely, or aborts it when that fails.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}

/// <summary>Opens WebSockets.</summary>
internal interface IWebSocketConnectionFactory
{
    /// <summary>Opens a connection to <paramref name="uri"/>.</summary>
    Task<IWebSocketConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken);
}
