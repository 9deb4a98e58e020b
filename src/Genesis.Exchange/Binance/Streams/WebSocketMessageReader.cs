using System.Buffers;
using System.Net.WebSockets;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>What <see cref="WebSocketMessageReader.ReadAsync"/> produced.</summary>
internal enum MessageReadStatus
{
    /// <summary>A complete message is in <see cref="WebSocketMessageReader.Message"/>.</summary>
    Message,

    /// <summary>A message larger than the limit was read and thrown away; <see cref="WebSocketMessageReader.DroppedBytes"/> says how big.</summary>
    Oversized,

    /// <summary>The server closed the connection.</summary>
    Closed,
}

/// <summary>
/// Reassembles WebSocket frames into whole messages in a buffer rented from <see cref="ArrayPool{T}"/>, growing
/// it up to the message limit. A larger message is drained and reported, never buffered. The message is valid
/// until the next read. Not thread-safe: one receive loop owns it.
/// </summary>
internal sealed class WebSocketMessageReader : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private readonly int _maxMessageBytes;
    private byte[] _buffer;
    private int _length;

    public WebSocketMessageReader(int maxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1);
        _maxMessageBytes = maxMessageBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, maxMessageBytes + 1));
    }

    /// <summary>The last complete message.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _length);

    /// <summary>The size of the last oversized message (as much as was read of it).</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>Reads frames until a message is complete, an oversized message has been drained, or the server closes.</summary>
    public async ValueTask<MessageReadStatus> ReadAsync(IWebSocketConnection connection, CancellationToken cancellationToken)
    {
        ShrinkIfLarge();
        _length = 0;
        long total = 0;
        var oversized = false;
        while (true)
        {
            if (!oversized && _length == _buffer.Length)
            {
                Grow();
            }

            var target = oversized ? _buffer.AsMemory() : _buffer.AsMemory(_length);
            var result = await connection.ReceiveAsync(target, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _length = 0;
                return MessageReadStatus.Closed;
            }

            total += result.Count;
            if (!oversized)
            {
                _length += result.Count;
                if (_length > _maxMessageBytes)
                {
                    oversized = true;
                }
            }

            if (result.EndOfMessage)
            {
                if (oversized)
                {
                    _length = 0;
                    DroppedBytes = total;
                    return MessageReadStatus.Oversized;
                }

                return MessageReadStatus.Message;
            }
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow()
    {
        // One byte beyond the limit is enough to know a message is too big.
        var size = (int)Math.Min((long)_buffer.Length * 2, (long)_maxMessageBytes + 1);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void ShrinkIfLarge()
    {
        // Give a big buffer back after a big message so a long-running process does not keep it.
        if (_buffer.Length > 4 * InitialSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, _maxMessageBytes + 1));
        }
    }
}
