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
/// first signed request, lazily again when the last sync is older than <see cref="TimeSyncOptions.ResyncInterval"/>,
/// and after a -1021 rejection, in which case the rejected request is sent once more (safe even for orders: -1021 is
/// decided before the matching engine).
/// </summary>
internal sealed class TimeSyncTransport : IExchangeTransport, IDisposable
{
    /// <summary>Binance's code for a timestamp outside recvWindow.</summary>
    internal const int TimestampOutsideRecvWindow = -1021;

    private readonly IExchangeTransport _inner;
    private readonly IServerClock _clock;
    private readonly TimeSyncOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private long _syncGeneration;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that sends (below it: rate limiting, then HTTP).</param>
    /// <param name="clock">The clock that receives the measured offset and that the signing transport reads.</param>
    /// <param name="options">Resync interval.</param>
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

    /// <inheritdoc />
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Endpoint.IsSigned)
        {
            return await _inner.SendAsync(request, cancellationToken);
        }

        if (IsSyncDue())
        {
            await SyncAsync(Interlocked.Read(ref _syncGeneration), required: _clock.LastSync is null, cancellationToken);
        }

        var generation = Interlocked.Read(ref _syncGeneration);
        var response = await _inner.SendAsync(request, cancellationToken);
        if (!response.TryGetError(out var code, out _) || code != TimestampOutsideRecvWindow)
        {
            return response;
        }

        _logger.TimestampRejected(request.CorrelationId, request.Endpoint.Name);
        if (!await SyncAsync(generation, required: false, cancellationToken))
        {
            return response;
        }

        // Once only: a second -1021 is returned to the caller as it is.
        return await _inner.SendAsync(request, cancellationToken);
    }

    /// <summary>Disposes the sync gate.</summary>
    public void Dispose() => _syncGate.Dispose();

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

    private bool IsSyncDue()
    {
        var lastSync = _clock.LastSync;
        return lastSync is null || _timeProvider.GetUtcNow() - lastSync.Value >= _options.ResyncInterval;
    }

    /// <summary>Measures the offset unless another caller did since <paramref name="seenGeneration"/>.</summary>
    /// <returns>True when the clock holds a measurement newer than <paramref name="seenGeneration"/>.</returns>
    private async ValueTask<bool> SyncAsync(long seenGeneration, bool required, CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken);
        try
        {
            if (Interlocked.Read(ref _syncGeneration) != seenGeneration)
            {
                return true;
            }

            var request = new ExchangeRequest(BinanceEndpoints.ServerTime, [], weight: 1);
            var sentAt = _timeProvider.GetUtcNow();
            var started = _timeProvider.GetTimestamp();
            ExchangeResponse response;
            try
            {
                response = await _inner.SendAsync(request, cancellationToken);
            }
            catch (ExchangeException ex) when (required)
            {
                throw new ExchangeUnavailableException(
                    $"Server time synchronization failed ({ex.Message}); the signed request was not sent.", ex.BinanceCode, ex.HttpStatus, request.CorrelationId, ex)
                {
                    RequestNotSent = true,
                };
            }

            var roundTrip = _timeProvider.GetElapsedTime(started);
            if (!response.IsSuccess || !TryParseServerTime(response.Body.Span, out var serverTime))
            {
                _logger.TimeSyncFailed(response.StatusCode, _clock.Offset);
                if (!required)
                {
                    return false;
                }

                response.TryGetError(out var code, out _);
                throw new ExchangeUnavailableException(
                    $"Server time synchronization failed (HTTP {response.StatusCode}); the signed request was not sent.",
                    code == 0 ? null : code,
                    response.StatusCode,
                    request.CorrelationId)
                {
                    RequestNotSent = true,
                };
            }

            // The server read its clock about half a round trip after we sent.
            var offset = serverTime - (sentAt + (roundTrip / 2));
            _clock.SetOffset(offset, _timeProvider.GetUtcNow());
            Interlocked.Increment(ref _syncGeneration);
            _logger.TimeSynchronized(offset, roundTrip);
            return true;
        }
        finally
        {
            _syncGate.Release();
        }
    }
}
