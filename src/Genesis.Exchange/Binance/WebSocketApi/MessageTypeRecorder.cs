using System.Net.WebSockets;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// Passes receives through to a connection and remembers the type of the last frame, so that the receive loop (which
/// reuses <see cref="WebSocketMessageReader"/>) can tell binary frames (SBE, not requested) from text ones.
/// </summary>
internal sealed class MessageTypeRecorder(IWebSocketConnection inner) : IWebSocketConnection
{
    /// <summary>The type of the last frame received.</summary>
    public WebSocketMessageType LastMessageType { get; private set; } = WebSocketMessageType.Text;

    public WebSocketState State => inner.State;

    public async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        LastMessageType = result.MessageType;
        return result;
    }

    public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) => inner.SendTextAsync(utf8, cancellationToken);

    public Task CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
