using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Telemetry;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// A custom Polly strategy around the count-based <see cref="CircuitBreaker"/> ("5 failures in 30 s, half-open after
/// 60 s"), which Polly's ratio-based breaker cannot express. Fails fast with <see cref="CircuitOpenException"/> while
/// the circuit is open; counts what <see cref="ExchangeFailures.CountsAgainstExchange(ExchangeResponse)"/> says
/// (5xx, network failures, timeouts); 4xx answers (validation, 429, 418) are not failures: the exchange answered.
/// </summary>
internal sealed class CountCircuitBreakerStrategy : ResilienceStrategy<ExchangeResponse>
{
    /// <summary>The telemetry event of a call the open circuit refused.</summary>
    internal static readonly ResilienceEvent CircuitRejected = new(ResilienceEventSeverity.Warning, "OnCircuitRejected");

    private readonly CircuitBreaker _breaker;
    private readonly ResilienceStrategyTelemetry _telemetry;
    private readonly ILogger _logger;

    /// <summary>Creates the strategy.</summary>
    /// <param name="breaker">The breaker state (shared with its monitor).</param>
    /// <param name="telemetry">The pipeline's telemetry (from <see cref="StrategyBuilderContext.Telemetry"/>).</param>
    /// <param name="logger">The logger.</param>
    public CountCircuitBreakerStrategy(CircuitBreaker breaker, ResilienceStrategyTelemetry telemetry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        _breaker = breaker;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override ValueTask<Outcome<ExchangeResponse>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<ExchangeResponse>>> callback, ResilienceContext context, TState state)
    {
        bool isTrial;
        try
        {
            // A closed circuit admits without the lock; a call racing the opening counts as entered just before it.
            isTrial = !_breaker.IsClosed && _breaker.Enter(context.GetRequest().CorrelationId);
        }
        catch (CircuitOpenException ex)
        {
            var request = context.GetRequest();
            _logger.CircuitRejected(CircuitState.Open, request.CorrelationId, request.Endpoint.Name);
            _telemetry.Report(CircuitRejected, context, ex.RetryAfter);
            return new(Outcome.FromException<ExchangeResponse>(ex));
        }

        ValueTask<Outcome<ExchangeResponse>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch
        {
            // Polly hands strategies callbacks that return outcomes; should one throw anyway, the trial is not lost.
            _breaker.OnAbandoned(isTrial);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            // No async frame when the attempt is already answered.
            Record(pending.Result, isTrial, context);
            return pending;
        }

        return AwaitAndRecordAsync(pending, isTrial, context);
    }

    private async ValueTask<Outcome<ExchangeResponse>> AwaitAndRecordAsync(ValueTask<Outcome<ExchangeResponse>> pending, bool isTrial, ResilienceContext context)
    {
        Outcome<ExchangeResponse> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch
        {
            _breaker.OnAbandoned(isTrial);
            throw;
        }

        Record(outcome, isTrial, context);
        return outcome;
    }

    private void Record(Outcome<ExchangeResponse> outcome, bool isTrial, ResilienceContext context)
    {
        if (outcome.Exception is { } exception)
        {
            if (ExchangeFailures.CountsAgainstExchange(exception, context.CallToken()))
            {
                _breaker.OnFailure(isTrial);
            }
            else
            {
                _breaker.OnAbandoned(isTrial);
            }
        }
        else if (ExchangeFailures.CountsAgainstExchange(outcome.Result!))
        {
            _breaker.OnFailure(isTrial);
        }
        else
        {
            _breaker.OnSuccess(isTrial);
        }
    }
}
