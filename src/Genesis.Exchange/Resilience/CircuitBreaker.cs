using System.Collections.Concurrent;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// A count-based circuit breaker: opens after <see cref="CircuitBreakerOptions.FailureThreshold"/> transient failures
/// within <see cref="CircuitBreakerOptions.SamplingDuration"/>, stays open for
/// <see cref="CircuitBreakerOptions.BreakDuration"/>, then lets one trial call through (half-open) whose outcome closes
/// or reopens it. Polly's breaker is ratio-based (failure ratio over a minimum throughput) and cannot express
/// "5 failures in 30 s" exactly, hence this small state machine, which <see cref="CountCircuitBreakerStrategy"/> runs
/// as a custom Polly strategy.
/// </summary>
/// <remarks>
/// <see cref="StateChanged"/> handlers run off the request path: changes are queued and delivered in order by one
/// thread-pool work item at a time, so a slow or throwing handler (an alert, a page) never delays or changes the call
/// that changed the state.
/// </remarks>
internal sealed class CircuitBreaker : ICircuitBreakerMonitor
{
    private readonly Lock _gate = new();
    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Queue<long> _failureTimes = new();
    private readonly ConcurrentQueue<CircuitStateChangedEventArgs> _pendingEvents = new();
    private readonly bool _inlineEvents;
    private int _deliveringEvents;
    // Volatile: the request path reads it without the lock to admit calls while the circuit is closed (see IsClosed).
    private volatile CircuitState _state = CircuitState.Closed;
    private long _openUntilTicks;
    private bool _trialInFlight;

    /// <summary>Creates a closed breaker.</summary>
    /// <param name="options">Threshold, sampling and break durations.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="inlineEvents">
    /// True to run <see cref="StateChanged"/> handlers synchronously on the thread that changed the state (for tests of
    /// the state machine); by default they run off the request path.
    /// </param>
    public CircuitBreaker(CircuitBreakerOptions options, TimeProvider timeProvider, ILogger<CircuitBreaker> logger, bool inlineEvents = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FailureThreshold, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SamplingDuration, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BreakDuration, TimeSpan.Zero, nameof(options));
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _inlineEvents = inlineEvents;
    }

    /// <inheritdoc />
    public event EventHandler<CircuitStateChangedEventArgs>? StateChanged;

    /// <inheritdoc />
    public CircuitState State
    {
        get
        {
            var now = _timeProvider.GetUtcNow();
            CircuitState state;
            CircuitState? previous;
            lock (_gate)
            {
                previous = HalfOpenIfDueLocked(now.UtcTicks);
                state = _state;
            }

            Raise(previous, state, now);
            return state;
        }
    }

    /// <summary>Whether the circuit is closed, read without the lock (a hint for the request path; <see cref="Enter"/> decides).</summary>
    internal bool IsClosed => _state == CircuitState.Closed;

    /// <summary>Admits a call or throws when the circuit is open.</summary>
    /// <param name="correlationId">The request's correlation id, for the exception.</param>
    /// <returns>True when the call is the half-open trial.</returns>
    /// <exception cref="CircuitOpenException">The circuit is open, or half-open with a trial in flight.</exception>
    public bool Enter(string? correlationId)
    {
        if (_state == CircuitState.Closed)
        {
            // The common case takes neither the lock nor the clock: only an open circuit can become half-open by time.
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        CircuitState? previous;
        CircuitState state;
        TimeSpan? rejectRetryAfter = null;
        var isTrial = false;
        lock (_gate)
        {
            previous = HalfOpenIfDueLocked(now.UtcTicks);
            state = _state;
            switch (_state)
            {
                case CircuitState.Open:
                    rejectRetryAfter = TimeSpan.FromTicks(_openUntilTicks - now.UtcTicks);
                    break;
                case CircuitState.HalfOpen when _trialInFlight:
                    rejectRetryAfter = TimeSpan.Zero;
                    break;
                case CircuitState.HalfOpen:
                    _trialInFlight = true;
                    isTrial = true;
                    break;
            }
        }

        Raise(previous, state, now);
        if (rejectRetryAfter is { } retryAfter)
        {
            throw new CircuitOpenException(
                state == CircuitState.Open
                    ? $"The circuit breaker is open after repeated exchange failures; calls fail fast for {retryAfter}."
                    : "The circuit breaker is half-open and a trial call is in flight; calls fail fast until it ends.",
                retryAfter)
            {
                CorrelationId = correlationId,
            };
        }

        return isTrial;
    }

    /// <summary>Records a call that reached the exchange and got an answer that is not a transient failure.</summary>
    /// <param name="isTrial">Whether the call was the half-open trial.</param>
    public void OnSuccess(bool isTrial)
    {
        if (!isTrial)
        {
            // Only the half-open trial's success changes the state; any other success leaves the failure window as it is.
            return;
        }

        var now = _timeProvider.GetUtcNow();
        CircuitState? previous = null;
        lock (_gate)
        {
            if (isTrial)
            {
                _trialInFlight = false;
                if (_state == CircuitState.HalfOpen)
                {
                    previous = _state;
                    _state = CircuitState.Closed;
                    _failureTimes.Clear();
                }
            }
        }

        Raise(previous, CircuitState.Closed, now);
    }

    /// <summary>Records a transient failure (5xx, network failure, timeout).</summary>
    /// <param name="isTrial">Whether the call was the half-open trial.</param>
    public void OnFailure(bool isTrial)
    {
        var now = _timeProvider.GetUtcNow();
        var nowTicks = now.UtcTicks;
        CircuitState? previous = null;
        lock (_gate)
        {
            if (isTrial)
            {
                _trialInFlight = false;
            }

            if (_state == CircuitState.HalfOpen && isTrial)
            {
                previous = _state;
                OpenLocked(nowTicks);
            }
            else if (_state == CircuitState.Closed)
            {
                var horizon = nowTicks - _options.SamplingDuration.Ticks;
                while (_failureTimes.TryPeek(out var oldest) && oldest <= horizon)
                {
                    _failureTimes.Dequeue();
                }

                _failureTimes.Enqueue(nowTicks);
                if (_failureTimes.Count >= _options.FailureThreshold)
                {
                    previous = _state;
                    OpenLocked(nowTicks);
                }
            }
        }

        Raise(previous, CircuitState.Open, now);
    }

    /// <summary>Records a call whose outcome says nothing about the exchange (canceled by the caller, refused locally).</summary>
    /// <param name="isTrial">Whether the call was the half-open trial; the next call becomes the trial.</param>
    public void OnAbandoned(bool isTrial)
    {
        if (!isTrial)
        {
            return;
        }

        lock (_gate)
        {
            _trialInFlight = false;
        }
    }

    private void OpenLocked(long nowTicks)
    {
        _state = CircuitState.Open;
        _openUntilTicks = nowTicks + _options.BreakDuration.Ticks;
        _failureTimes.Clear();
    }

    private CircuitState? HalfOpenIfDueLocked(long nowTicks)
    {
        if (_state != CircuitState.Open || nowTicks < _openUntilTicks)
        {
            return null;
        }

        _state = CircuitState.HalfOpen;
        _trialInFlight = false;
        return CircuitState.Open;
    }

    private void Raise(CircuitState? previous, CircuitState newState, DateTimeOffset now)
    {
        if (previous is not { } old || old == newState)
        {
            return;
        }

        _logger.CircuitStateChanged(old, newState);
        if (StateChanged is null)
        {
            return;
        }

        var args = new CircuitStateChangedEventArgs(old, newState, now);
        if (_inlineEvents)
        {
            Deliver(args);
            return;
        }

        _pendingEvents.Enqueue(args);
        if (Interlocked.CompareExchange(ref _deliveringEvents, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static breaker => breaker.DeliverPending(), this, preferLocal: false);
        }
    }

    /// <summary>Delivers queued changes in order; one work item at a time, so handlers never see them reordered.</summary>
    private void DeliverPending()
    {
        while (true)
        {
            while (_pendingEvents.TryDequeue(out var args))
            {
                Deliver(args);
            }

            Volatile.Write(ref _deliveringEvents, 0);
            if (_pendingEvents.IsEmpty || Interlocked.CompareExchange(ref _deliveringEvents, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void Deliver(CircuitStateChangedEventArgs args)
    {
        if (StateChanged is not { } handlers)
        {
            return;
        }

        // A throwing handler must not keep the other handlers from running (nor, inline, change the outcome of the call
        // that changed the state): its exception is logged.
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<CircuitStateChangedEventArgs>)handler).Invoke(this, args);
            }
            catch (Exception ex)
            {
                _logger.CircuitStateChangedHandlerFailed(ex, args.PreviousState, args.NewState);
            }
        }
    }
}
