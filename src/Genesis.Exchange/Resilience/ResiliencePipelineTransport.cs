using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Polly;
using Polly.Timeout;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Runs every request through one Polly <see cref="ResiliencePipeline{T}"/> (total timeout → retry → count circuit
/// breaker) around the inner steps (time sync → rate limiting → the transport that sends). The request travels in the
/// <see cref="ResilienceContext"/>; the strategies read its endpoint and the response's classification.
/// </summary>
internal sealed class ResiliencePipelineTransport : IExchangeTransport, ITotalTimeoutTransport
{
    private readonly IExchangeTransport _inner;
    private readonly ResiliencePipeline<ExchangeResponse> _pipeline;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the transport.</summary>
    /// <param name="inner">The inner steps (time sync, rate limiting, then the transport that sends).</param>
    /// <param name="pipeline">The pipeline of strategies.</param>
    /// <param name="timeProvider">The time source (the pipeline's), for the call's start.</param>
    /// <param name="layers">The strategies in the pipeline, outermost first (for diagnostics and tests).</param>
    public ResiliencePipelineTransport(IExchangeTransport inner, ResiliencePipeline<ExchangeResponse> pipeline, TimeProvider timeProvider, IReadOnlyList<string> layers)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(layers);
        _inner = inner;
        _pipeline = pipeline;
        _timeProvider = timeProvider;
        Layers = layers;
    }

    /// <summary>The strategies in the pipeline, outermost first, e.g. <c>timeout, retry, circuit-breaker</c>.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <inheritdoc />
    public bool EnforcesTotalTimeout => Layers.Contains(ResilienceComposer.TimeoutLayer);

    private static ValueTask<Outcome<ExchangeResponse>> Attempt(ResilienceContext context, (IExchangeTransport Inner, ExchangeRequest Request) state)
    {
        state.Request.Attempt++;
        var call = state.Request.CallToken;
        ValueTask<ExchangeResponse> pending;
        try
        {
            pending = state.Inner.SendAsync(state.Request, call.CanBeCanceled ? call : context.CancellationToken);
        }
#pragma warning disable CA1031 // The attempt's failure is its outcome; the strategies decide on it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new(Outcome.FromException<ExchangeResponse>(ex));
        }

        return pending.IsCompletedSuccessfully ? new(Outcome.FromResult(pending.Result)) : AwaitAttemptAsync(pending);
    }

    private static async ValueTask<Outcome<ExchangeResponse>> AwaitAttemptAsync(ValueTask<ExchangeResponse> pending)
    {
        try
        {
            return Outcome.FromResult(await pending.ConfigureAwait(false));
        }
#pragma warning disable CA1031 // As above.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<ExchangeResponse>(ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ExchangeTimeoutException">The pipeline's total timeout expired (<see cref="ExchangeException.RequestNotSent"/> when nothing left).</exception>
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Attempt = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(ExchangeResilienceContext.Request, request);
            request.PipelineStartedAt = _timeProvider.GetTimestamp();
            // Outcomes, not exceptions, cross the pipeline: an attempt answered at once costs no async frame of Polly's.
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (ctx, state) => Attempt(ctx, state), context, (Inner: _inner, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ExchangeTimeoutException(
                $"{request.Endpoint.Name}: no answer within the total timeout of {ex.Timeout.TotalSeconds:0.#} s.",
                correlationId: request.CorrelationId,
                innerException: ex)
            {
                RequestNotSent = !request.MayHaveBeenSent,
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
