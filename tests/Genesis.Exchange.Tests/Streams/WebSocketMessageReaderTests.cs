using System.Text;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Tests.Streams;

public sealed class WebSocketMessageReaderTests
{
    [Fact]
    public async Task ReadAsync_ReassemblesFragmentedMessage()
    {
        var socket = new ScriptedWebSocketConnection();
        socket.EnqueueFragments("{\"a\":", "\"hello\"", "}");
        using var reader = new WebSocketMessageReader(1024);

        var status = await reader.ReadAsync(socket, CancellationToken.None);

        Assert.Equal(MessageReadStatus.Message, status);
        Assert.Equal("{\"a\":\"hello\"}", Encoding.UTF8.GetString(reader.Message.Span));
    }

    [Fact]
    public async Task ReadAsync_GrowsBeyondInitialBuffer_UpToLimit()
    {
        var socket = new ScriptedWebSocketConnection();
        var big = new string('x', 100_000);
        socket.EnqueueFragments(big[..40_000], big[40_000..]);
        using var reader = new WebSocketMessageReader(200_000);

        var status = await reader.ReadAsync(socket, CancellationToken.None);

        Assert.Equal(MessageReadStatus.Message, status);
        Assert.Equal(100_000, reader.Message.Length);
    }

    [Fact]
    public async Task ReadAsync_OversizedMessage_IsDroppedAndNextMessageStillRead()
    {
        var socket = new ScriptedWebSocketConnection();
        socket.EnqueueFragments(new string('x', 3000), new string('y', 3000));
        socket.EnqueueMessage("{}");
        using var reader = new WebSocketMessageReader(4096);

        var first = await reader.ReadAsync(socket, CancellationToken.None);
        var second = await reader.ReadAsync(socket, CancellationToken.None);

        Assert.Equal((MessageReadStatus.Oversized, 6000L), (first, reader.DroppedBytes));
        Assert.Equal(MessageReadStatus.Message, second);
        Assert.Equal("{}", Encoding.UTF8.GetString(reader.Message.Span));
    }

    [Fact]
    public async Task ReadAsync_CloseFrame_ReportsClosed()
    {
        var socket = new ScriptedWebSocketConnection();
        socket.EnqueueClose();
        using var reader = new WebSocketMessageReader(1024);

        Assert.Equal(MessageReadStatus.Closed, await reader.ReadAsync(socket, CancellationToken.None));
    }
}
