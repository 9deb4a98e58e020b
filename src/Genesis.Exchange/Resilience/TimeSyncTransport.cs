using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Keeps <see cref="IServerClock"/> close to the exchange's clock so that signed timestamps pass recvWindow. Measures
/// the offset with <c>GET /api/v3/time</c> through the inner transport (so it counts in the rate limits) before the
/// first signed request, again in the background when the last sync is older than
/// <see cref="TimeSyncOptions.ResyncInterval"/>, and after a -1021 rejection, in which case the rejected request is sent
/// once more (safe even for orders: -1021 is decided before the matching engine).
/// </summary>
/// <remarks>
/// <para>
/// The offset comes from the time each <c>/api/v3/time</c> request spent on the wire, as the innermost transport
/// measured it (<see cref="ExchangeResponse.Latency"/>), never from time spent waiting in the rate limiter or anywhere
/// else: the request left at <c>received − latency</c> and the server read its clock half a round trip later. Of the
/// <see cref="TimeSyncOptions.SamplesPerSync"/> samples of a sync, the one with the smallest round trip wins.
/// </para>
/// <para>
/// A periodic resync that fails leaves the last good offset in place while it is younger than
/// <see cref="TimeSyncOptions.MaxOffsetAge"/>: the failure is logged and recorded on the clock (health reports Degraded)
/// and the next attempt waits <see cref="TimeSyncOptions.RetryInterval"/>. Without a usable offset, a signed request
/// first needs a successful sync and fails with <see cref="ExchangeException.RequestNotSent"/> without one.
/// </para>
/// </remarks>
internal sealed class TimeSyncTransport : IExchangeTransport, IDisposable
{
    /// <summary>Binance's code for a timestamp outside recvWindow.</summary>
    internal const int TimestampOutsideRecvWindow = ExchangeResponse.TimestampOutsideRecvWindow;

    private readonly IExchangeTransport _inner;
    private readonly IServerClock _clock;
    private readonly TimeSyncOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private long _syncGeneration;
    private long _lastFailureTicks = long.MinValue;
    private int _backgroundSyncRunning;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that sends (below it: rate limiting, then HTTP).</param>
    /// <param name="clock">The clock that receives the measured offset and that the signing transport reads.</param>
    /// <param name="options">Resync interval, samples, offset age and retry interval.</param>
    /// <param name="timeProvider">The local time source.</param>
    /// <param name="logger">The logger.</param>
    public TimeSyncTransport(IExchangeTransport inner, IServerClock clock, TimeSyncOptions options, TimeProvider timeProvider, ILogger<TimeSyncTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _clock = clock;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private enum SyncNeed
    {
        None,
        Background,
        Required,
    }

    /// <inheritdoc />
    /// <exception cref="ExchangeUnavailableException">No usable offset and the sync failed; the request was not sent (<see cref="ExchangeException.RequestNotSent"/>).</exception>
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Endpoint.IsSigned)
        {
            return await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        switch (GetSyncNeed())
        {
            case SyncNeed.Required:
                await SyncAsync(Interlocked.Read(ref _syncGeneration), required: true, cancellationToken).ConfigureAwait(false);
                break;
            case SyncNeed.Background:
                StartBackgroundSync();
                break;
        }

        var generation = Interlocked.Read(ref _syncGeneration);
        var response = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Kind != ExchangeResponseKind.Timestamp)
        {
            return response;
        }

        _logger.TimestampRejected(request.CorrelationId, request.Endpoint.Name);
        if (!await SyncAsync(generation, required: false, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }

        // Once only: a second -1021 is returned to the caller as it is.
        return await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops a background sync and disposes the sync gate.</summary>
    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _syncGate.Dispose();
    }

    /// <summary>Reads <c>serverTime</c> (ms since the Unix epoch) from a <c>/api/v3/time</c> body.</summary>
    /// <param name="body">The body.</param>
    /// <param name="serverTime">The server time.</param>
    /// <returns>True when the body holds a valid server time.</returns>
    internal static bool TryParseServerTime(ReadOnlySpan<byte> body, out DateTimeOffset serverTime)
    {
        serverTime = default;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isServerTime = reader.ValueTextEquals("serverTime"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isServerTime)
                {
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms > 0 && ms < 253_402_300_799_999)
                    {
                        serverTime = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                        return true;
                    }

                    return false;
                }

                reader.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private SyncNeed GetSyncNeed()
    {
        if (_clock.LastSync is not { } lastSync)
        {
            return SyncNeed.Required;
        }

        var now = _timeProvider.GetUtcNow();
        var age = now - lastSync;
        if (age >= _options.MaxOffsetAge)
        {
            return SyncNeed.Required;
        }

        if (age < _options.ResyncInterval)
        {
            return SyncNeed.None;
        }

        var lastFailure = Interlocked.Read(ref _lastFailureTicks);
        return lastFailure > lastSync.UtcTicks && now.UtcTicks - lastFailure < _options.RetryInterval.Ticks
            ? SyncNeed.None
            : SyncNeed.Background;
    }

    /// <summary>Starts a resync that the signed request does not wait for (at most one at a time).</summary>
    private void StartBackgroundSync()
    {
        if (Interlocked.CompareExchange(ref _backgroundSyncRunning, 1, 0) != 0)
        {
            return;
        }

        _ = BackgroundSyncAsync();
    }

    private async Task BackgroundSyncAsync()
    {
        try
        {
            // Not the caller's token: the caller does not wait for this sync, and its cancellation must not cut it short.
            await SyncAsync(Interlocked.Read(ref _syncGeneration), required: false, _disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposed while syncing: nothing to record.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while syncing: nothing to record.
        }
        finally
        {
            Volatile.Write(ref _backgroundSyncRunning, 0);
        }
    }

    /// <summary>Measures the offset unless another caller did since <paramref name="seenGeneration"/>.</summary>
    /// <returns>True when the clock holds a measurement newer than <paramref name="seenGeneration"/>.</returns>
    private async ValueTask<bool> SyncAsync(long seenGeneration, bool required, CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _syncGeneration) != seenGeneration)
            {
                return true;
            }

            var samples = Math.Max(1, _options.SamplesPerSync);
            (TimeSpan Offset, TimeSpan RoundTrip)? best = null;
            ExchangeRequest? request = null;
            ExchangeException? error = null;
            ExchangeResponse? failed = null;
            for (var i = 0; i < samples; i++)
            {
                request = new ExchangeRequest(BinanceEndpoints.ServerTime, [], weight: 1);
                ExchangeResponse response;
                try
                {
                    response = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (ExchangeException ex)
                {
                    error = ex;
                    break;
                }

                var receivedAt = _timeProvider.GetUtcNow();
                if (!response.IsSuccess || !TryParseServerTime(response.Body.Span, out var serverTime))
                {
                    failed = response;
                    break;
                }

                // The round trip is the time on the wire as the innermost transport measured it; the request left
                // that long before it came back, and the server read its clock about half a round trip after it left.
                var roundTrip = response.Latency > TimeSpan.Zero ? response.Latency : TimeSpan.Zero;
                var offset = serverTime - (receivedAt - roundTrip + (roundTrip / 2));
                if (best is null || roundTrip < best.Value.RoundTrip)
                {
                    best = (offset, roundTrip);
                }
            }

            if (best is { } sample)
            {
                _clock.SetOffset(sample.Offset, _timeProvider.GetUtcNow());
                Interlocked.Increment(ref _syncGeneration);
                _logger.TimeSynchronized(sample.Offset, sample.RoundTrip);
                return true;
            }

            var failedAt = _timeProvider.GetUtcNow();
            Interlocked.Exchange(ref _lastFailureTicks, failedAt.UtcTicks);
            _clock.RecordSyncFailure(failedAt);
            var reason = error is not null ? error.GetType().Name : "HTTP " + failed!.StatusCode.ToString(CultureInfo.InvariantCulture);
            _logger.TimeSyncFailed(reason, _clock.Offset, _clock.LastSync, _options.RetryInterval);
            if (!required)
            {
                return false;
            }

            if (error is not null)
            {
                throw new ExchangeUnavailableException(
                    $"Server time synchronization failed ({error.Message}); the signed request was not sent.", error.BinanceCode, error.HttpStatus, request!.CorrelationId, error)
                {
                    RequestNotSent = true,
                };
            }

            throw new ExchangeUnavailableException(
                $"Server time synchronization failed (HTTP {failed!.StatusCode}); the signed request was not sent.",
                failed.ErrorCode,
                failed.StatusCode,
                request!.CorrelationId)
            {
                RequestNotSent = true,
            };
        }
        finally
        {
            _syncGate.Release();
        }
    }
}
