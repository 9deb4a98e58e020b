using System.Text.Json;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Tests.Streams;
using Genesis.Exchange.Tests.WebSocketApi;
using TestPaths = Genesis.Exchange.Tests.Support.TestPaths;

namespace Genesis.Exchange.Tests.UserData;

public sealed class UserDataSubscriptionTests
{
    private static readonly string ExecutionReportJson = EventOf("execution-report.json");
    private static readonly string BalanceUpdateJson = EventOf("balance-update.json");
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedApiSocketFactory _factory;

    public UserDataSubscriptionTests() => _factory = new ScriptedApiSocketFactory(_time);

    private static string EventOf(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "userdata", fixture)));
        return document.RootElement.GetProperty("event").GetRawText();
    }

    private static string Frame(int subscriptionId, string eventJson) => $"{{\"subscriptionId\":{subscriptionId},\"event\":{eventJson}}}";

    private WebSocketApiClient Client(WebSocketApiCredentials credentials) => new(ApiHarness.Connection(_factory, _time, credentials: credentials));

    private static async Task<List<UserDataEvent>> ReadAsync(UserDataSubscription subscription, int count)
    {
        var events = new List<UserDataEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await subscription.Events.ReadAsync().AsTask().WaitAsync(Bound.Safety));
        }

        return events;
    }

    [Fact]
    public async Task Subscribe_AfterLogon_UsesUserDataStreamSubscribe_AndDeliversItsEvents()
    {
        await using var client = Client(ApiHarness.Ed25519());

        var subscription = await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();
        Assert.Equal("session.logon", (await socket.NextSentAsync()).Method());
        var subscribe = await socket.NextSentAsync();
        socket.EnqueueText(Frame(subscription.SubscriptionId, ExecutionReportJson));
        socket.EnqueueText(Frame(subscription.SubscriptionId, BalanceUpdateJson));
        var events = await ReadAsync(subscription, 2);

        Assert.Equal("userDataStream.subscribe", subscribe.Method());
        Assert.False(subscribe.HasParam("signature"));
        var report = Assert.IsType<ExecutionReport>(events[0]);
        Assert.Equal(subscription.SubscriptionId, report.SubscriptionId);
        Assert.Equal(4293153, report.OrderId);
        Assert.IsType<BalanceUpdate>(events[1]);
        Assert.Equal(2, subscription.Received);
    }

    [Fact]
    public async Task Subscribe_WithoutLogon_UsesTheSignatureSubscription()
    {
        await using var client = Client(ApiHarness.Hmac());

        await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();
        var subscribe = await socket.NextSentAsync();

        Assert.Equal("userDataStream.subscribe.signature", subscribe.Method());
        Assert.True(subscribe.HasParam("apiKey") && subscribe.HasParam("timestamp") && subscribe.HasParam("signature"));
    }

    [Fact]
    public async Task Subscription_EndsLoudly_InsteadOfDroppingAnExecutionReport_WhenTheBufferIsFull()
    {
        await using var client = Client(ApiHarness.Ed25519());
        var subscription = await client.SubscribeUserDataAsync(capacity: 2).WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();

        for (var i = 0; i < 3; i++)
        {
            socket.EnqueueText(Frame(subscription.SubscriptionId, ExecutionReportJson));
        }

        await client.GetSessionStatusAsync().WaitAsync(Bound.Safety); // answered after the three events: all were handled

        // The two buffered events come first, then the error (the channel's completion waits for them to be read).
        Assert.Equal(2, (await ReadAsync(subscription, 2)).Count);
        await Assert.ThrowsAsync<StreamSubscriptionOverflowException>(() => subscription.Events.Completion.WaitAsync(Bound.Safety));
        Assert.True(subscription.IsEnded);
    }

    [Fact]
    public async Task Subscription_IsReestablished_AfterAReconnect_WithItsNewId()
    {
        await using var client = Client(ApiHarness.Ed25519());
        var subscription = await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var first = await _factory.NextConnectionAsync();
        var firstId = subscription.SubscriptionId;

        first.Drop();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(0.75));
        _time.Advance(TimeSpan.FromSeconds(0.75));
        var second = await _factory.NextConnectionAsync();
        Assert.Equal("session.logon", (await second.NextSentAsync()).Method());
        Assert.Equal("userDataStream.subscribe", (await second.NextSentAsync()).Method());
        await client.Connection.WaitReadyAsync().WaitAsync(Bound.Safety);
        second.EnqueueText(Frame(subscription.SubscriptionId, BalanceUpdateJson));

        Assert.IsType<BalanceUpdate>((await ReadAsync(subscription, 1))[0]);
        Assert.NotEqual(firstId, subscription.SubscriptionId);
        Assert.Equal(1, subscription.Resubscriptions);
    }

    [Fact]
    public async Task Subscription_KeepsEventsThatArriveRightBehindTheSubscribeResponse()
    {
        var socket = new ScriptedApiSocket();
        socket.Responder = request =>
        {
            if (request.Method() != "userDataStream.subscribe")
            {
                return ApiReplies.Default(request);
            }

            // The exchange may push events right behind the answer, before the client has recorded the new id.
            socket.EnqueueText(ApiReplies.Response(request.Id(), """{"subscriptionId":4242}"""));
            socket.EnqueueText(Frame(4242, ExecutionReportJson));
            socket.EnqueueText(Frame(4242, BalanceUpdateJson));
            return null;
        };
        _factory.Prepare(socket);
        await using var client = Client(ApiHarness.Ed25519());

        var subscription = await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var events = await ReadAsync(subscription, 2);

        Assert.Equal(4242, subscription.SubscriptionId);
        Assert.IsType<ExecutionReport>(events[0]);
        Assert.IsType<BalanceUpdate>(events[1]);
    }

    [Fact]
    public async Task Subscription_DeliversEventStreamTerminated_ThenCompletes()
    {
        await using var client = Client(ApiHarness.Ed25519());
        var subscription = await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();

        socket.EnqueueText(Frame(subscription.SubscriptionId, EventOf("event-stream-terminated.json")));

        Assert.IsType<EventStreamTerminated>((await ReadAsync(subscription, 1))[0]);
        await subscription.Events.Completion.WaitAsync(Bound.Safety);
    }

    [Fact]
    public async Task Subscription_EndsWithMalformed_WhenAnExecutionReportCannotBeRead()
    {
        await using var client = Client(ApiHarness.Ed25519());
        var subscription = await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();

        socket.EnqueueText(Frame(subscription.SubscriptionId, """{"e":"executionReport","E":1,"s":"ETHBTC","q":"1e3"}"""));

        await Assert.ThrowsAsync<MalformedResponseException>(() => subscription.Events.Completion.WaitAsync(Bound.Safety));
    }

    [Fact]
    public async Task Unsubscribe_SendsItsSubscriptionId_AndCompletesTheChannel()
    {
        await using var client = Client(ApiHarness.Ed25519());
        var subscription = await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();

        await client.UnsubscribeUserDataAsync(subscription).WaitAsync(Bound.Safety);
        var unsubscribe = await socket.NextSentAsync("userDataStream.unsubscribe");

        Assert.Equal(subscription.SubscriptionId.ToString(System.Globalization.CultureInfo.InvariantCulture), unsubscribe.GetProperty("params").GetProperty("subscriptionId").GetString());
        await subscription.Events.Completion.WaitAsync(Bound.Safety);
    }

    [Fact]
    public async Task GetSessionStatus_ReadsTheSessionStatusAnswer()
    {
        await using var client = Client(ApiHarness.Ed25519());

        var status = await client.GetSessionStatusAsync().WaitAsync(Bound.Safety);

        Assert.Equal("k", status.ApiKey);
        Assert.False(status.UserDataStream);
    }

    [Fact]
    public async Task Events_GoToTheirOwnSubscriptionOnly()
    {
        await using var client = Client(ApiHarness.Ed25519());
        var subscription = await client.SubscribeUserDataAsync().WaitAsync(Bound.Safety);
        var socket = await _factory.NextConnectionAsync();

        socket.EnqueueText(Frame(subscription.SubscriptionId + 1000, ExecutionReportJson));
        socket.EnqueueText("""{"event":{"e":"balanceUpdate","E":1,"a":"BTC","d":"1","T":1}}""");
        socket.EnqueueText(Frame(subscription.SubscriptionId, BalanceUpdateJson));
        var events = await ReadAsync(subscription, 2);

        // The id-less event goes to the connection's only subscription; the foreign id's event to nobody.
        Assert.Null(events[0].SubscriptionId);
        Assert.Equal(subscription.SubscriptionId, events[1].SubscriptionId);
        Assert.All(events, e => Assert.IsType<BalanceUpdate>(e));
        Assert.False(subscription.Events.TryRead(out _));
    }
}
