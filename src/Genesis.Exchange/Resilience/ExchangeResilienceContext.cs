using Genesis.Exchange.Abstractions;
using Polly;

namespace Genesis.Exchange.Resilience;

/// <summary>The properties <see cref="ResiliencePipelineTransport"/> puts on a Polly <see cref="ResilienceContext"/> for the strategies.</summary>
internal static class ExchangeResilienceContext
{
    /// <summary>The request being sent.</summary>
    public static readonly ResiliencePropertyKey<ExchangeRequest> Request = new("Genesis.Exchange.Request");

    /// <summary>When the call entered the pipeline (a <see cref="TimeProvider.GetTimestamp"/> value), for the total time budget.</summary>
    public static readonly ResiliencePropertyKey<long> StartedAt = new("Genesis.Exchange.StartedAt");

    /// <summary>The wait before the next attempt, decided with the decision to retry (so it is checked against the total budget once).</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> NextDelay = new("Genesis.Exchange.NextDelay");

    /// <summary>The request of a context the pipeline transport created.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The request.</returns>
    public static ExchangeRequest GetRequest(this ResilienceContext context) =>
        context.Properties.TryGetValue(Request, out var request)
            ? request
            : throw new InvalidOperationException("The resilience context carries no exchange request; execute the pipeline through ResiliencePipelineTransport.");
}
