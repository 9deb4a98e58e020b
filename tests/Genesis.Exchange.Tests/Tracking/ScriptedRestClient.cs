using System.Reflection;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Tracking;

/// <summary>
/// A scripted <see cref="IBinanceRestClient"/> for the tracker's reconciliation: the exchange's account, open orders,
/// orders (by exchange or client order id) and trades, answered synchronously; every call recorded. Other methods throw.
/// </summary>
public class ScriptedRestClient : DispatchProxy
{
    public List<Balance> Balances { get; } = [];

    public DateTimeOffset? AccountUpdateTime { get; set; }

    /// <summary>Every order of the exchange; open orders are those with an open status.</summary>
    public List<Order> Orders { get; } = [];

    public List<AccountTrade> Trades { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>When set, the next calls fail with it (the exchange is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>Called at the start of every call (a test's signal).</summary>
    public Action<string>? OnCall { get; set; }

    public static (IBinanceRestClient Client, ScriptedRestClient Script) Create()
    {
        var client = DispatchProxy.Create<IBinanceRestClient, ScriptedRestClient>();
        return (client, (ScriptedRestClient)(object)client);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        OnCall?.Invoke(targetMethod.Name);
        if (Failure is { } failure)
        {
            Calls.Add("failed " + targetMethod.Name);
            return typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
                .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [failure]);
        }

        switch (targetMethod.Name)
        {
            case nameof(IBinanceRestClient.GetAccountAsync):
                Calls.Add("account");
                return Task.FromResult(new AccountInfo(0.001m, 0.001m, true, true, true, AccountUpdateTime, "SPOT", [.. Balances], ["SPOT"]));
            case nameof(IBinanceRestClient.GetOpenOrdersAsync):
                Calls.Add("openOrders");
                return Task.FromResult<IReadOnlyList<Order>>([.. Orders.Where(o => o.IsOpen && (args[0] is null || o.Symbol == (string)args[0]!))]);
            case nameof(IBinanceRestClient.GetOrderAsync):
            {
                var symbol = (string)args[0]!;
                var id = (long?)args[1];
                var clientOrderId = (string?)args[2];
                Calls.Add($"order {symbol} {id?.ToString() ?? clientOrderId}");
                var order = Orders.LastOrDefault(o => o.Symbol == symbol && (id is { } i ? o.ExchangeOrderId == i : o.ClientOrderId == clientOrderId));
                return order is null
                    ? Task.FromException<Order>(new OrderNotFoundException("Order does not exist."))
                    : Task.FromResult(order);
            }

            case nameof(IBinanceRestClient.GetMyTradesAsync):
            {
                var symbol = (string)args[0]!;
                var orderId = (long?)args[1];
                var fromId = (long?)args[2];
                var limit = (int)args[3]!;
                Calls.Add(orderId is { } o ? $"myTrades {symbol} order {o}" : $"myTrades {symbol} from {fromId}");
                var trades = Trades.Where(t => t.Symbol == symbol && (orderId is null || t.OrderId == orderId) && (fromId is null || t.Id >= fromId))
                    .OrderBy(t => t.Id).Take(limit).ToList();
                return Task.FromResult<IReadOnlyList<AccountTrade>>(trades);
            }

            default:
                throw new NotSupportedException($"The scripted REST client does not answer {targetMethod.Name}.");
        }
    }
}
