using Genesis.Exchange.Abstractions;
using Polly;
using Polly.Telemetry;
using Polly.Timeout;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// The total timeout of a call (all its attempts and waits), a custom Polly strategy with Polly's timeout semantics: the
/// strategies and steps below run under a token (<see cref="ExchangeRequest.CallToken"/>, read with
/// <see cref="ExchangeResilienceContext.CallToken"/>) that is cancelled when the call's time budget ends or when the
/// caller's own token is cancelled; an attempt that ends in <see cref="OperationCanceledException"/> because the budget ended becomes
/// <see cref="TimeoutRejectedException"/>, reported as Polly's <c>OnTimeout</c> event.
/// </summary>
/// <remarks>
/// Polly's own timeout strategy arms and disarms one timer per call. Every call here has the same budget, so deadlines
/// arrive in order: the calls in flight wait in one <see cref="DeadlineQueue"/> served by a single timer that is only
/// re-armed when the earliest deadline passes, and cancellation sources are pooled. A call pays a lock and two list
/// operations instead of a timer.
/// </remarks>
internal sealed class TotalTimeoutStrategy : ResilienceStrategy<ExchangeResponse>, IDisposable
{
    /// <summary>The strategy's name in telemetry.</summary>
    internal const string StrategyName = "Genesis.Exchange.Timeout";

    /// <summary>The telemetry event of a call whose budget ended (Polly's name for it).</summary>
    internal static readonly ResilienceEvent TimeoutEvent = new(ResilienceEventSeverity.Error, "OnTimeout");

    private readonly TimeSpan _timeout;
    private readonly DeadlineQueue _deadlines;
    private readonly ResilienceStrategyTelemetry _telemetry;

    private TotalTimeoutStrategy(TimeSpan timeout, TimeProvider timeProvider, ResilienceStrategyTelemetry telemetry)
    {
        _timeout = timeout;
        _deadlines = new DeadlineQueue(timeout, timeProvider);
        _telemetry = telemetry;
    }

    /// <summary>Adds the total timeout to a pipeline.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="timeout">The budget of every call, positive and finite.</param>
    /// <param name="timeProvider">The time source of the deadlines.</param>
    /// <returns>The builder.</returns>
    public static ResiliencePipelineBuilder<ExchangeResponse> AddTo(ResiliencePipelineBuilder<ExchangeResponse> builder, TimeSpan timeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return builder.AddStrategy(context => new TotalTimeoutStrategy(timeout, timeProvider, context.Telemetry), new StrategyOptions());
    }

    /// <inheritdoc />
    public void Dispose() => _deadlines.Dispose();

    /// <inheritdoc />
    protected override ValueTask<Outcome<ExchangeResponse>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<ExchangeResponse>>> callback, ResilienceContext context, TState state)
    {
        var caller = context.CancellationToken;
        if (caller.IsCancellationRequested)
        {
            return new(Outcome.FromException<ExchangeResponse>(new OperationCanceledException(caller)));
        }

        var request = context.GetRequest();
        var entry = _deadlines.Start(caller);
        request.CallToken = entry.Token;
        ValueTask<Outcome<ExchangeResponse>> pending;
        try
        {
            pending = callback(context, state);
        }
#pragma warning disable CA1031 // The attempt's failure is its outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            pending = new(Outcome.FromException<ExchangeResponse>(ex));
        }

        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitAsync(pending, entry, request, context, caller);
        }

        return new(Finish(pending.Result, entry, request, context, caller));
    }

    private async ValueTask<Outcome<ExchangeResponse>> AwaitAsync(ValueTask<Outcome<ExchangeResponse>> pending, DeadlineQueue.Entry entry, ExchangeRequest request, ResilienceContext context, CancellationToken caller)
    {
        Outcome<ExchangeResponse> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(context.ContinueOnCapturedContext);
        }
#pragma warning disable CA1031 // As above.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = Outcome.FromException<ExchangeResponse>(ex);
        }

        return Finish(outcome, entry, request, context, caller);
    }

    private Outcome<ExchangeResponse> Finish(Outcome<ExchangeResponse> outcome, DeadlineQueue.Entry entry, ExchangeRequest request, ResilienceContext context, CancellationToken caller)
    {
        request.CallToken = default;
        var expired = _deadlines.Complete(entry);
        if (expired && !caller.IsCancellationRequested && outcome.Exception is OperationCanceledException cancelled)
        {
            _telemetry.Report(TimeoutEvent, context, _timeout);
            return Outcome.FromException<ExchangeResponse>(
                new TimeoutRejectedException($"The operation didn't complete within the allowed timeout of '{_timeout}'.", _timeout, cancelled));
        }

        return outcome;
    }

    /// <summary>The strategy's options for Polly's builder: its name only.</summary>
    private sealed class StrategyOptions : ResilienceStrategyOptions
    {
        public StrategyOptions() => Name = StrategyName;
    }
}

/// <summary>
/// The deadlines of the calls in flight, all with the same budget and so in arrival order: one intrusive list under one
/// lock, one timer armed for the earliest deadline, pooled entries and cancellation sources. An expired call's source is
/// cancelled from the timer (outside the lock) and never reused.
/// </summary>
internal sealed class DeadlineQueue : IDisposable
{
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;
    private readonly long _budgetTicks;
    private readonly Lock _gate = new();
    private readonly Stack<Entry> _pool = new();
    private Entry? _head;
    private Entry? _tail;
    private ITimer? _timer;
    private bool _armed;
    private bool _disposed;

    /// <summary>Creates the queue.</summary>
    /// <param name="budget">Every call's budget.</param>
    /// <param name="timeProvider">The time source.</param>
    public DeadlineQueue(TimeSpan budget, TimeProvider timeProvider)
    {
        _budget = budget;
        _time = timeProvider;
        _budgetTicks = (long)(budget.Ticks * (timeProvider.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
    }

    /// <summary>Starts a call: its token is cancelled at its deadline or when <paramref name="caller"/> is.</summary>
    /// <param name="caller">The caller's token.</param>
    /// <returns>The call's entry.</returns>
    public Entry Start(CancellationToken caller)
    {
        Entry entry;
        lock (_gate)
        {
            entry = _pool.Count > 0 ? _pool.Pop() : new Entry();
            entry.Deadline = _time.GetTimestamp() + _budgetTicks;
            entry.Expired = false;
            entry.Prev = _tail;
            entry.Next = null;
            if (_tail is null)
            {
                _head = entry;
            }
            else
            {
                _tail.Next = entry;
            }

            _tail = entry;
            if (!_armed && !_disposed)
            {
                // Deadlines arrive in order: an armed timer is already due no later than this one.
                _armed = true;
                _timer ??= _time.CreateTimer(static s => ((DeadlineQueue)s!).Expire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(_budget, Timeout.InfiniteTimeSpan);
            }
        }

        if (caller.CanBeCanceled)
        {
            entry.CallerRegistration = caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), entry.Source);
        }

        return entry;
    }

    /// <summary>Ends a call.</summary>
    /// <param name="entry">Its entry.</param>
    /// <returns>Whether its deadline had passed (its token was cancelled by the budget).</returns>
    public bool Complete(Entry entry)
    {
        entry.CallerRegistration.Dispose();
        entry.CallerRegistration = default;
        bool expired;
        lock (_gate)
        {
            expired = entry.Expired;
            if (!expired)
            {
                Unlink(entry);
            }
        }

        if (expired || !entry.Source.TryReset())
        {
            // Cancelled (by the budget or the caller): a source that fired is never handed out again.
            entry.Source = new CancellationTokenSource();
        }

        lock (_gate)
        {
            _pool.Push(entry);
        }

        return expired;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _armed = false;
        }

        _timer?.Dispose();
    }

    private void Expire()
    {
        List<CancellationTokenSource>? due = null;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            while (_head is { } head && head.Deadline <= now)
            {
                Unlink(head);
                head.Expired = true;
                (due ??= []).Add(head.Source);
            }

            if (_head is { } next && !_disposed)
            {
                _timer!.Change(Until(now, next.Deadline), Timeout.InfiniteTimeSpan);
            }
            else
            {
                _armed = false;
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var source in due)
        {
            try
            {
                source.Cancel();
            }
#pragma warning disable CA1031 // A callback of one call must not keep the others from being cancelled.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>The time from one timestamp to a later one, rounded up to whole ticks (a timer is never due before the deadline).</summary>
    private TimeSpan Until(long now, long deadline)
    {
        var frequency = (decimal)_time.TimestampFrequency;
        return TimeSpan.FromTicks((long)Math.Ceiling((deadline - now) * TimeSpan.TicksPerSecond / frequency));
    }

    private void Unlink(Entry entry)
    {
        if (entry.Prev is null)
        {
            _head = entry.Next;
        }
        else
        {
            entry.Prev.Next = entry.Next;
        }

        if (entry.Next is null)
        {
            _tail = entry.Prev;
        }
        else
        {
            entry.Next.Prev = entry.Prev;
        }

        entry.Prev = null;
        entry.Next = null;
    }

    /// <summary>A call in flight (pooled).</summary>
    internal sealed class Entry
    {
        /// <summary>The call's source (cancelled at the deadline or by the caller).</summary>
        public CancellationTokenSource Source { get; set; } = new();

        /// <summary>The call's token.</summary>
        public CancellationToken Token => Source.Token;

        /// <summary>The deadline, a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
        public long Deadline { get; set; }

        /// <summary>Whether the deadline passed.</summary>
        public bool Expired { get; set; }

        /// <summary>The link from the caller's token.</summary>
        public CancellationTokenRegistration CallerRegistration { get; set; }

        /// <summary>The previous call in the queue.</summary>
        public Entry? Prev { get; set; }

        /// <summary>The next call in the queue.</summary>
        public Entry? Next { get; set; }
    }
}
