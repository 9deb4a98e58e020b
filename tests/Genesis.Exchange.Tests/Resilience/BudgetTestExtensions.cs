using Genesis.Exchange.Resilience;

namespace Genesis.Exchange.Tests.Resilience;

internal static class BudgetTestExtensions
{
    /// <summary>Acquires, then marks the request answered at once (as a request with an instant response would be).</summary>
    public static ValueTask<DateTimeOffset> AcquireAnswered(this IRateLimitBudget budget, int weight, bool countsAsOrder, CancellationToken cancellationToken = default)
    {
        var pending = budget.AcquireAsync(weight, countsAsOrder, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            budget.Release(weight, countsAsOrder);
            return pending;
        }

        return pending.IsCompleted ? pending : Slow(budget, pending, weight, countsAsOrder);

        static async ValueTask<DateTimeOffset> Slow(IRateLimitBudget budget, ValueTask<DateTimeOffset> pending, int weight, bool countsAsOrder)
        {
            var grantedAt = await pending;
            budget.Release(weight, countsAsOrder);
            return grantedAt;
        }
    }
}
