namespace Genesis.Exchange.Abstractions;

/// <summary>The exchange's clock as this process estimates it: local time plus a measured offset.</summary>
public interface IServerClock
{
    /// <summary>Server time minus local time, as last measured.</summary>
    TimeSpan Offset { get; }

    /// <summary>When the offset was last measured (local time), or null before the first sync.</summary>
    DateTimeOffset? LastSync { get; }

    /// <summary>The estimated current server time.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Records a measured offset.</summary>
    /// <param name="offset">Server minus local.</param>
    /// <param name="measuredAt">Local time of the measurement.</param>
    void SetOffset(TimeSpan offset, DateTimeOffset measuredAt);

    /// <summary>
    /// When the last synchronization attempt failed (local time), or null when none failed since the last success.
    /// The default implementation tracks nothing and returns null.
    /// </summary>
    DateTimeOffset? LastSyncFailure => null;

    /// <summary>Records a failed synchronization attempt; the offset is kept. The default implementation does nothing.</summary>
    /// <param name="failedAt">Local time of the failure.</param>
    void RecordSyncFailure(DateTimeOffset failedAt)
    {
    }
}
