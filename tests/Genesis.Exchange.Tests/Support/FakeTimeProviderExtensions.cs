using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Support;

/// <summary>Advancing fake time the way production code experiences it.</summary>
internal static class FakeTimeProviderExtensions
{
    /// <summary>
    /// Advances <paramref name="time"/> with no <see cref="SynchronizationContext"/> on the thread, as in a library
    /// host. The library awaits with <c>ConfigureAwait(false)</c>; .NET runs such a continuation inline only when the
    /// completing thread has no synchronization context, and xunit's test threads have one. Without this, timers fired
    /// by <see cref="FakeTimeProvider.Advance"/> resume the code under test later on the thread pool, and an assertion
    /// made right after the advance races it.
    /// </summary>
    /// <param name="time">The fake clock.</param>
    /// <param name="delta">How far to advance.</param>
    public static void AdvanceInline(this FakeTimeProvider time, TimeSpan delta)
    {
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            time.Advance(delta);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }
}
