using Genesis.Exchange.Abstractions;
using Polly;

namespace Genesis.Exchange.Resilience;

/// <summary>The properties <see cref="ResiliencePipelineTransport"/> puts on a Polly <see cref="ResilienceContext"/> for the strategies.</summary>
internal static class ExchangeResilienceContext
{
    /// <summary>The request being sent.</summary>
    public static readonly ResiliencePropertyKey<ExchangeRequest> Request = new("Genesis.Exchange.Request");


    /// <summary>The request of a context the pipeline transport created.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The request.</returns>
    public static ExchangeRequest GetRequest(this ResilienceContext context) =>
        context.Properties.TryGetValue(Request, out var request)
            ? request
            : throw new InvalidOperationException("The resilience context carries no exchange request; execute the pipeline through ResiliencePipelineTransport.");

    /// <summary>The token the call runs under: the total timeout's (linked to the caller's) when there is one, else the caller's.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The token.</returns>
    public static CancellationToken CallToken(this ResilienceContext context) =>
        context.Properties.TryGetValue(Request, out var request) && request.CallToken.CanBeCanceled ? request.CallToken : context.CancellationToken;
}
