using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Internal;

/// <summary>The one clock of the library: local <see cref="TimeProvider"/> time plus the measured server offset.</summary>
internal sealed class ServerClock(TimeProvider timeProvider) : IServerClock
{
    private long _offsetTicks;
    private long _lastSyncTicks = long.MinValue;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public DateTimeOffset? LastSync
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSyncTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public DateTimeOffset UtcNow => timeProvider.GetUtcNow() + Offset;

    public void SetOffset(TimeSpan offset, DateTimeOffset measuredAt)
    {
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        Interlocked.Exchange(ref _lastSyncTicks, measuredAt.UtcTicks);
    }
}
