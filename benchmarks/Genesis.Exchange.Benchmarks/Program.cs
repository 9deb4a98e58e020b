using BenchmarkDotNet.Running;

namespace Genesis.Exchange.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["redis-latency", ..])
        {
            RedisBudgetLatency.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
