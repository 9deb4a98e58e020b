using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Internal;

/// <summary>The one clock of the library: local <see cref="TimeProvider"/> time plus the measured server offset.</summary>
internal sealed class ServerClock(TimeProvider timeProvider) : IServerClock
{
    private long _offsetTicks;
    private long _lastSyncTicks = long.MinValue;
    private long _lastFailureTicks = long.MinValue;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public DateTimeOffset? LastSync => FromTicks(Interlocked.Read(ref _lastSyncTicks));

    public DateTimeOffset? LastSyncFailure => FromTicks(Interlocked.Read(ref _lastFailureTicks));

    public DateTimeOffset UtcNow => timeProvider.GetUtcNow() + Offset;

    public void SetOffset(TimeSpan offset, DateTimeOffset measuredAt)
    {
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        Interlocked.Exchange(ref _lastSyncTicks, measuredAt.UtcTicks);
        Interlocked.Exchange(ref _lastFailureTicks, long.MinValue);
    }

    public void RecordSyncFailure(DateTimeOffset failedAt) => Interlocked.Exchange(ref _lastFailureTicks, failedAt.UtcTicks);

    private static DateTimeOffset? FromTicks(long ticks) => ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
