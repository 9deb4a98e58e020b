using Xunit;

namespace Genesis.Exchange.Samples.Tests.Quickstart;

/// <summary>The quickstart as a user runs it: a separate process.</summary>
public sealed class QuickstartProcessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Help_PrintsUsage_AndExitsZero()
    {
        using var quickstart = QuickstartProcess.Start("--help");

        Assert.True(await quickstart.WaitForExitAsync(Bound));
        Assert.Equal(0, quickstart.ExitCode);
        Assert.Contains("Usage: dotnet run --project samples/Genesis.Exchange.Samples.Quickstart", quickstart.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownArgument_ExitsTwo_NamingTheArgument()
    {
        using var quickstart = QuickstartProcess.Start("--tesnet");

        Assert.True(await quickstart.WaitForExitAsync(Bound));
        Assert.Equal(2, quickstart.ExitCode);
        Assert.Contains("Unknown argument '--tesnet'", quickstart.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Connected", quickstart.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_RunsTheTourOnTheMockExchange_AndSaysSo()
    {
        using var quickstart = QuickstartProcess.Start();

        Assert.True(await quickstart.WaitForExitAsync(Bound), quickstart.Output);
        Assert.Equal(0, quickstart.ExitCode);
        Assert.Contains("Quickstart on the mock exchange (in memory, no network, no real orders)", quickstart.Output, StringComparison.Ordinal);
        Assert.Contains("Done.", quickstart.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeServerHost_StopsOnSigterm_WithoutHanging()
    {
        using var quickstart = QuickstartProcess.Start("--fake-server");
        await quickstart.WaitForOutputAsync("Connected: server time", Bound);

        quickstart.Terminate();

        Assert.True(await quickstart.WaitForExitAsync(TimeSpan.FromSeconds(10)), "still running 10 s after SIGTERM:\n" + quickstart.Output);
        Assert.Equal(128 + 15, quickstart.ExitCode);
        Assert.Contains("Quickstart on the fake Binance server at http://127.0.0.1:", quickstart.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Done.", quickstart.Output, StringComparison.Ordinal);
    }
}
