using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Streams;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Genesis.Exchange.Health;

/// <summary>
/// Health of the market stream connections: Degraded while a connection is (re)connecting, when a live one has been
/// silent past twice <see cref="MarketStreamOptions.NoDataTimeout"/>, or when its measured latency is above
/// <see cref="MarketStreamOptions.DegradedLatency"/>; Healthy otherwise (also with no connection open). The data holds,
/// per connection, its role, state, streams, last message age, message rate, reconnects, failovers and latency.
/// Register with <c>services.AddHealthChecks().AddCheck&lt;MarketStreamHealthCheck&gt;("genesis-streams")</c>.
/// </summary>
public sealed class MarketStreamHealthCheck : IHealthCheck
{
    private readonly IMarketStreamClient _streams;
    private readonly MarketStreamOptions _options;

    /// <summary>Creates the health check.</summary>
    /// <param name="streams">The stream client.</param>
    /// <param name="options">Options (their <see cref="GenesisExchangeOptions.Streams"/> thresholds).</param>
    public MarketStreamHealthCheck(IMarketStreamClient streams, IOptions<GenesisExchangeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(options);
        _streams = streams;
        _options = options.Value.Streams;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connections = _streams.GetConnectionHealth();
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        foreach (var c in connections)
        {
            var prefix = "connection." + c.Name + ".";
            data[prefix + "role"] = c.Role.ToString();
            data[prefix + "state"] = c.State.ToString();
            data[prefix + "streams"] = c.Streams;
            data[prefix + "messagesPerSecond"] = Math.Round(c.MessagesPerSecond, 1);
            data[prefix + "reconnects"] = c.Reconnects;
            data[prefix + "failovers"] = c.Failovers;
            if (c.LastMessageAge is { } age)
            {
                data[prefix + "lastMessageAgeMs"] = Math.Round(age.TotalMilliseconds);
            }

            if (c.Latency is { } latency)
            {
                data[prefix + "latencyMs"] = Math.Round(latency.TotalMilliseconds, 1);
            }

            if (c.State is StreamConnectionState.Connecting or StreamConnectionState.Reconnecting or StreamConnectionState.Subscribing && c.Streams > 0)
            {
                problems.Add($"{c.Name} is {c.State.ToString().ToLowerInvariant()}");
            }
            else if (c.State == StreamConnectionState.Live && c.LastMessageAge > _options.NoDataTimeout * 2)
            {
                problems.Add($"{c.Name} silent for {c.LastMessageAge.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
            }
            else if (c.State == StreamConnectionState.Live && c.Latency > _options.DegradedLatency)
            {
                problems.Add($"{c.Name} latency {c.Latency.Value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");
            }
        }

        var result = problems.Count == 0
            ? HealthCheckResult.Healthy(connections.Count == 0 ? "No stream connection open." : $"{connections.Count} stream connections live.", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data);
        return Task.FromResult(result);
    }
}
