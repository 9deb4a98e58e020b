namespace Genesis.Exchange.Options;

/// <summary>Settings of the in-memory mock exchange.</summary>
public sealed class MockExchangeOptions
{
    /// <summary>Seed of every random choice (prices, latency, faults), so runs repeat. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>A market data fixture (symbols, rules, a starting book, trades, klines), e.g. <c>tests/fixtures/market_data.json</c>. Null uses the built-in set.</summary>
    public string? MarketDataFile { get; set; }

    /// <summary>Whether prices move by a seeded random walk. Default true.</summary>
    public bool GenerateMarketData { get; set; } = true;

    /// <summary>
    /// Random walk volatility per step, as a fraction of price. Default 0.00005 (0.5 bp per 100 ms step, about 0.12 % per
    /// minute: a NORMAL market). Raise it to simulate VOLATILE or PANIC markets.
    /// </summary>
    public decimal Volatility { get; set; } = 0.00005m;

    /// <summary>Interval between simulated market steps. Default 100 ms.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Starting balances of the simulated account (asset → free amount).</summary>
    public Dictionary<string, decimal> InitialBalances { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USDT"] = 100_000m,
        ["BTC"] = 1m,
        ["ETH"] = 10m,
    };

    /// <summary>Maker commission rate. Default 0.001.</summary>
    public decimal MakerCommissionRate { get; set; } = 0.001m;

    /// <summary>Taker commission rate. Default 0.001.</summary>
    public decimal TakerCommissionRate { get; set; } = 0.001m;

    /// <summary>Simulated latency.</summary>
    public MockLatencyOptions Latency { get; set; } = new();

    /// <summary>Fault injection.</summary>
    public MockFaultOptions Faults { get; set; } = new();
}

/// <summary>Simulated latency of the mock exchange.</summary>
public sealed class MockLatencyOptions
{
    /// <summary>Fixed part of the latency. Default zero.</summary>
    public TimeSpan Fixed { get; set; } = TimeSpan.Zero;

    /// <summary>Upper bound of a uniformly distributed extra latency (seeded). Default zero.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.Zero;
}

/// <summary>Fault injection of the mock exchange (rates are fractions from 0 to 1).</summary>
public sealed class MockFaultOptions
{
    /// <summary>Fraction of requests answered with HTTP 503. Default 0.</summary>
    public double ErrorRate { get; set; }

    /// <summary>Fraction of requests that time out. Default 0.</summary>
    public double TimeoutRate { get; set; }

    /// <summary>Fraction of order placements that execute but whose response is lost (unknown status). Default 0.</summary>
    public double UnknownStatusRate { get; set; }

    /// <summary>Interval after which simulated streams drop (zero: never). Default zero.</summary>
    public TimeSpan StreamDropInterval { get; set; } = TimeSpan.Zero;
}
