using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Keeps requests within the exchange's rate limits: reserves each request in the <see cref="IRateLimitBudget"/>
/// before it goes out, reconciles with the server's <c>X-MBX-USED-WEIGHT-*</c> and <c>X-MBX-ORDER-COUNT-*</c>
/// headers, pauses after HTTP 429 and fails fast during an HTTP 418 ban.
/// </summary>
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

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that sends.</param>
    /// <param name="budget">The budget shared by every transport of the same IP and account.</param>
    /// <param name="timeProvider">The time source (for Retry-After dates).</param>
    /// <param name="logger">The logger.</param>
    public RateLimitingTransport(IExchangeTransport inner, IRateLimitBudget budget, TimeProvider timeProvider, ILogger<RateLimitingTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _budget = budget;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        DateTimeOffset grantedAt;
        try
        {
            grantedAt = await _budget.AcquireAsync(request.Weight, request.Endpoint.CountsAsOrder, cancellationToken);
        }
        catch (IpBannedException ex)
        {
            ex.CorrelationId ??= request.CorrelationId;
            throw;
        }

        ExchangeResponse response;
        try
        {
            response = await _inner.SendAsync(request, cancellationToken);
        }
        finally
        {
            _budget.Release(request.Weight, request.Endpoint.CountsAsOrder);
        }

        Reconcile(response, grantedAt);
        if (response.StatusCode == 429)
        {
            var retryAfter = response.GetRetryAfter(_timeProvider.GetUtcNow()) ?? DefaultRetryAfter;
            _budget.PauseFor(retryAfter);
            _logger.RateLimitBroken(request.CorrelationId, request.Endpoint.Name, retryAfter);
        }
        else if (response.StatusCode == 418)
        {
            var retryAfter = response.GetRetryAfter(_timeProvider.GetUtcNow()) ?? DefaultBanDuration;
            _budget.BanFor(retryAfter);
            _logger.IpBanned(request.CorrelationId, request.Endpoint.Name, retryAfter);
        }

        return response;
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
