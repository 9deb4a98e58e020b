using Genesis.Exchange.Options;

namespace Genesis.Exchange.Tests.Options;

/// <summary>The connection-attempt budget settings of <see cref="RateLimitOptions"/> are checked at start-up.</summary>
public sealed class ConnectionAttemptOptionsValidationTests
{
    private static readonly GenesisExchangeOptionsValidator Validator = new();

    [Fact]
    public void Validate_RejectsConnectionAttemptLimitBelowOne_NamingTheSetting()
    {
        var options = new GenesisExchangeOptions();
        options.RateLimits.ConnectionAttemptLimit = 0;

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("RateLimits.ConnectionAttemptLimit", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsNonPositiveConnectionAttemptWindow_NamingTheSetting()
    {
        var options = new GenesisExchangeOptions();
        options.RateLimits.ConnectionAttemptWindow = TimeSpan.Zero;

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("RateLimits.ConnectionAttemptWindow", result.FailureMessage, StringComparison.Ordinal);
    }
}
