using Genesis.Exchange.Mock.WebSocketApi;

namespace Genesis.Exchange.Mock;

/// <summary>The account's user data stream: events the WebSocket API's subscriptions receive.</summary>
public sealed partial class MockExchange
{
    private UserDataFeed? _userData;

    /// <summary>
    /// The account's user data events (executionReport, outboundAccountPosition, listStatus), generated from the engine's
    /// state after every operation, in engine order. Created on first use; from then on every operation is followed.
    /// </summary>
    internal UserDataFeed UserData
    {
        get
        {
            lock (_gate)
            {
                return _userData ??= new UserDataFeed(this);
            }
        }
    }

    /// <summary>Hands what the last operation did to the user data feed. Caller holds the lock.</summary>
    /// <param name="now">The time of the operation (ms).</param>
    private void CollectUserData(long now) => _userData?.Collect(now);
}
