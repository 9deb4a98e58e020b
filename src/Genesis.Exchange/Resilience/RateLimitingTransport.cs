using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Keeps requests within the exchange's rate limits: reserves each request in the <see cref="IRateLimitBudget"/>
/// before it goes out, reconciles with the server's <c>X-MBX-USED-WEIGHT-*</c> and <c>X-MBX-ORDER-COUNT-*</c>
/// headers, pauses after HTTP 429 and fails fast during an HTTP 418 ban. With client-side limiting off
/// (<c>enforceLimits: false</c>) nothing is counted, but 429 and 418 are still honoured: those are the exchange's orders.
/// </summary>
/// <remarks>
/// A request waits at most <c>maxWait</c> here (for a window to roll or a 429 pause to end); then it fails with
/// <see cref="ExchangeTimeoutException"/> whose <see cref="ExchangeException.RequestNotSent"/> is true: nothing was sent,
/// so an order that fails this way was certainly not placed. A wait the caller cancels ends in
/// <see cref="OperationCanceledException"/>, and nothing is sent either.
/// </remarks>
internal sealed class RateLimitingTransport : IExchangeTransport
{
    private const string UsedWeightPrefix = "X-MBX-USED-WEIGHT-";
    private const string OrderCountPrefix = "X-MBX-ORDER-COUNT-";

    /// <summary>Pause after a 429 without Retry-After.</summary>
    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>Ban assumed after a 418 without Retry-After (Binance's shortest ban).</summary>
    internal static readonly TimeSpan DefaultBanDuration = TimeSpan.FromMinutes(2);

    private readonly IExchangeTransport _inner;
    private readonly IRateLimitBudget _budget;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _maxWait;
    private readonly bool _enforceLimits;
    private long _pausedUntilTicks = long.MinValue;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that sends.</param>
    /// <param name="budget">The budget shared by every transport of the same IP and account.</param>
    /// <param name="timeProvider">The time source (for Retry-After dates and the wait limit).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="maxWait">The longest a request waits here before it fails unsent; <see cref="Timeout.InfiniteTimeSpan"/> (the default) for no limit.</param>
    /// <param name="enforceLimits">False to count nothing and honour only the exchange's 429 pauses and 418 bans.</param>
    public RateLimitingTransport(IExchangeTransport inner, IRateLimitBudget budget, TimeProvider timeProvider, ILogger<RateLimitingTransport> logger, TimeSpan? maxWait = null, bool enforceLimits = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var wait = maxWait ?? Timeout.InfiniteTimeSpan;
        if (wait != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(maxWait));
        }

        _inner = inner;
        _budget = budget;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxWait = wait;
        _enforceLimits = enforceLimits;
    }

    /// <inheritdoc />
    /// <exception cref="IpBannedException">The IP is banned; nothing was sent.</exception>
    /// <exception cref="ExchangeTimeoutException">The request waited longer than the wait limit; nothing was sent (<see cref="ExchangeException.RequestNotSent"/>).</exception>
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var grantedAt = await WaitForPermitAsync(request, cancellationToken).ConfigureAwait(false);

        ExchangeResponse response;
        try
        {
            response = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_enforceLimits)
            {
                _budget.Release(request.Weight, request.Endpoint.CountsAsOrder);
            }
        }

        if (_enforceLimits)
        {
            Reconcile(response, grantedAt);
        }

        if (response.Kind == ExchangeResponseKind.RateLimited)
        {
            var now = _timeProvider.GetUtcNow();
            var retryAfter = response.GetRetryAfter(now) ?? DefaultRetryAfter;
            _budget.PauseFor(retryAfter);
            var until = (now + retryAfter).UtcTicks;
            long seen;
            while ((seen = Interlocked.Read(ref _pausedUntilTicks)) < until && Interlocked.CompareExchange(ref _pausedUntilTicks, until, seen) != seen)
            {
            }

            _logger.RateLimitBroken(request.CorrelationId, request.Endpoint.Name, retryAfter);
        }
        else if (response.Kind == ExchangeResponseKind.Banned)
        {
            var retryAfter = response.GetRetryAfter(_timeProvider.GetUtcNow()) ?? DefaultBanDuration;
            _budget.BanFor(retryAfter);
            _logger.IpBanned(request.CorrelationId, request.Endpoint.Name, retryAfter);
        }

        return response;
    }

    /// <summary>
    /// Waits for the budget's permit (or, with limiting off, for a 429 pause to end), bounded by the wait limit.
    /// Returns when the permit was granted.
    /// </summary>
    private async ValueTask<DateTimeOffset> WaitForPermitAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        if (!_enforceLimits)
        {
            var now = _timeProvider.GetUtcNow();
            if (_budget.BannedUntil is { } until && until > now)
            {
                throw new IpBannedException($"The IP is banned by the exchange until {until:O}; the request was not sent.", until, until - now)
                {
                    CorrelationId = request.CorrelationId,
                    RequestNotSent = true,
                };
            }

            if (PauseRemaining() <= TimeSpan.Zero)
            {
                return default;
            }
        }

        if (_enforceLimits && !cancellationToken.IsCancellationRequested && _budget is IImmediatePermit immediate
            && immediate.TryAcquireNow(request.Weight, request.Endpoint.CountsAsOrder, out var granted))
        {
            // A permit available now: no wait, so no wait-limit timer and no linked token.
            return granted;
        }

        using var waitLimit = _maxWait == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_maxWait, _timeProvider);
        using var linked = waitLimit is not null && cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, waitLimit.Token)
            : null;
        var token = linked?.Token ?? waitLimit?.Token ?? cancellationToken;
        try
        {
            if (_enforceLimits)
            {
                return await _budget.AcquireAsync(request.Weight, request.Endpoint.CountsAsOrder, token).ConfigureAwait(false);
            }

            for (var pause = PauseRemaining(); pause > TimeSpan.Zero; pause = PauseRemaining())
            {
                await Task.Delay(pause, _timeProvider, token).ConfigureAwait(false);
            }

            return default;
        }
        catch (IpBannedException ex)
        {
            ex.CorrelationId ??= request.CorrelationId;
            throw;
        }
        catch (OperationCanceledException ex) when (waitLimit is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            _logger.RateLimitWaitExceeded(request.CorrelationId, request.Endpoint.Name, _maxWait);
            throw new ExchangeTimeoutException(
                $"{request.Endpoint.Name}: waited {_maxWait.TotalSeconds:0.#} s for the rate limits without getting a permit; the request was not sent.",
                correlationId: request.CorrelationId,
                innerException: ex)
            {
                RequestNotSent = true,
            };
        }
    }

    private TimeSpan PauseRemaining()
    {
        var until = Interlocked.Read(ref _pausedUntilTicks);
        var now = _timeProvider.GetUtcNow().UtcTicks;
        return until <= now ? TimeSpan.Zero : TimeSpan.FromTicks(until - now);
    }

    /// <summary>Parses a header suffix such as <c>1M</c>, <c>10S</c> or <c>1D</c> into a window length.</summary>
    /// <param name="suffix">The suffix: interval number then S, M, H or D (any case).</param>
    /// <param name="window">The window.</param>
    /// <returns>True when the suffix is well formed.</returns>
    internal static bool TryParseWindow(ReadOnlySpan<char> suffix, out TimeSpan window)
    {
        window = default;
        if (suffix.Length < 2
            || !int.TryParse(suffix[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number <= 0)
        {
            return false;
        }

        window = char.ToUpperInvariant(suffix[^1]) switch
        {
            'S' => TimeSpan.FromSeconds(number),
            'M' => TimeSpan.FromMinutes(number),
            'H' => TimeSpan.FromHours(number),
            'D' => TimeSpan.FromDays(number),
            _ => TimeSpan.Zero,
        };
        return window > TimeSpan.Zero;
    }

    private void Reconcile(ExchangeResponse response, DateTimeOffset grantedAt)
    {
        foreach (var (name, value) in response.Headers)
        {
            RateLimitType type;
            ReadOnlySpan<char> suffix;
            if (name.StartsWith(UsedWeightPrefix, StringComparison.OrdinalIgnoreCase))
            {
                type = RateLimitType.RequestWeight;
                suffix = name.AsSpan(UsedWeightPrefix.Length);
            }
            else if (name.StartsWith(OrderCountPrefix, StringComparison.OrdinalIgnoreCase))
            {
                type = RateLimitType.Orders;
                suffix = name.AsSpan(OrderCountPrefix.Length);
            }
            else
            {
                continue;
            }

            if (TryParseWindow(suffix, out var window)
                && long.TryParse(value.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var used))
            {
                _budget.ReconcileUsage(type, window, used, grantedAt);
            }
        }
    }
}
