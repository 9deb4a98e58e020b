using BenchmarkDotNet.Running;

namespace Genesis.Exchange.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (e.g. <c>--filter '*MatchingEngine*'</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">BenchmarkDotNet arguments.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
