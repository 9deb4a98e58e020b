using System.Text;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Mock.WebSocketApi;

namespace Genesis.Exchange.Tests.Mock.WebSocketApi;

public sealed class WebSocketApiSessionFailureTests : IAsyncDisposable
{
    private readonly WebSocketApiHarness _h = new();

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task FailingExchange_IsAnsweredWithAnUnknownError_AndLaterEventsAreNotHeld()
    {
        var output = new RecordingOutput();
        var session = new WebSocketApiSession(new FailingHost(_h.Server), output);
        await session.HandleAsync(Encoding.UTF8.GetBytes(_h.Request("l", "session.logon", signed: true)), CancellationToken.None);
        await session.HandleAsync(Encoding.UTF8.GetBytes("""{"id":"s","method":"userDataStream.subscribe"}"""), CancellationToken.None);

        await session.HandleAsync(Encoding.UTF8.GetBytes("""{"id":"d","method":"depth","params":{"symbol":"BTCUSDT"}}"""), CancellationToken.None);
        session.TerminateSubscriptions();

        var failed = JsonDocument.Parse(output.Frames[2]).RootElement;
        Assert.Equal("d", failed.GetProperty("id").GetString());
        Assert.Equal(500, failed.GetProperty("status").GetInt32());
        Assert.Equal(-1000, failed.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(4, output.Frames.Count); // the eventStreamTerminated went out at once
        Assert.Equal("eventStreamTerminated", JsonDocument.Parse(output.Frames[3]).RootElement.GetProperty("event").GetProperty("e").GetString());
        session.Dispose();
    }

    private sealed class RecordingOutput : IWebSocketApiOutput
    {
        public List<byte[]> Frames { get; } = [];

        public void Send(ReadOnlyMemory<byte> frame) => Frames.Add(frame.ToArray());

        public void Drop()
        {
        }
    }

    /// <summary>The in-memory server, except that its exchange throws on every REST-mirrored call.</summary>
    private sealed class FailingHost(InMemoryWebSocketApiServer inner) : IWebSocketApiHost
    {
        public TimeProvider TimeProvider => inner.TimeProvider;

        public DateTimeOffset ServerNow => inner.ServerNow;

        public ExchangeLimiter Limits => inner.Limits;

        public string? ApiKey => inner.ApiKey;

        public bool IsEd25519Key => inner.IsEd25519Key;

        public WebSocketApiFaults Faults => inner.Faults;

        public UserDataFeed? UserData => inner.UserData;

        public bool VerifySignature(string payload, string signature) => inner.VerifySignature(payload, signature);

        public ValueTask<ExchangeResponse> ExecuteAsync(ExchangeRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The exchange failed.");
    }
}
