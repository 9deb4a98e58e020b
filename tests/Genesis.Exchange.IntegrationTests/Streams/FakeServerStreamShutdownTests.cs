using System.Net.WebSockets;
using Genesis.Exchange.Testing;

namespace Genesis.Exchange.IntegrationTests.Streams;

/// <summary>How the fake server's stream side ends (it hosts the in-memory stream server behind Kestrel).</summary>
public sealed class FakeServerStreamShutdownTests
{
    [Fact]
    public async Task Dispose_ClientNeverAnswersTheClose_IsCutOffWithoutCountingADrop()
    {
        var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions());
        using var socket = new ClientWebSocket(); // never receives: it cannot answer the close handshake
        await socket.ConnectAsync(new Uri(server.StreamBaseUrl, "/ws/btcusdt@trade"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)); // waits 2 s for the close, then aborts

        Assert.Equal(0, server.Counters.StreamConnectionsDropped);
        Assert.Equal(0, server.ActiveStreamConnections);
    }
}
