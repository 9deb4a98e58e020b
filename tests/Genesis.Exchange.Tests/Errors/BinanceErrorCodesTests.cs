using System.Text.RegularExpressions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Errors;

public sealed partial class BinanceErrorCodesTests
{
    [Fact]
    public void EveryCodeInErrorsMd_IsMappedExplicitly()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Binance, "docs", "errors.md"));
        var codes = CodePattern().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();

        Assert.True(codes.Count > 100, $"only {codes.Count} codes found in errors.md");
        var missing = codes.Where(c => !BinanceErrorCodes.IsKnown(c) || BinanceErrorCodes.Categorize(c) == BinanceErrorCategory.Unknown).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(-1002, typeof(AuthenticationException))]
    [InlineData(-1022, typeof(AuthenticationException))]
    [InlineData(-2014, typeof(AuthenticationException))]
    [InlineData(-2015, typeof(AuthenticationException))]
    [InlineData(-1021, typeof(TimestampException))]
    [InlineData(-1003, typeof(RateLimitExceededException))]
    [InlineData(-1015, typeof(RateLimitExceededException))]
    [InlineData(-1100, typeof(ExchangeValidationException))]
    [InlineData(-1121, typeof(ExchangeValidationException))]
    [InlineData(-2013, typeof(OrderNotFoundException))]
    [InlineData(-2026, typeof(OrderNotFoundException))]
    [InlineData(-2011, typeof(OrderRejectedException))]
    [InlineData(-1007, typeof(ExchangeTimeoutException))]
    [InlineData(-1006, typeof(ExchangeUnavailableException))]
    [InlineData(-1008, typeof(ExchangeUnavailableException))]
    [InlineData(-1016, typeof(ExchangeUnavailableException))]
    public void ToException_MapsCodeToType(int code, Type expected)
    {
        var ex = BinanceErrorCodes.ToException(code, "message", 400, "corr-1");

        Assert.IsType(expected, ex);
        Assert.Equal(code, ex.BinanceCode);
        Assert.Equal(400, ex.HttpStatus);
        Assert.Equal("corr-1", ex.CorrelationId);
    }

    [Fact]
    public void NewOrderRejected_InsufficientBalance_IsTyped()
    {
        Assert.IsType<InsufficientBalanceException>(BinanceErrorCodes.ToException(-2010, "Account has insufficient balance for requested action."));
    }

    [Fact]
    public void CancelRejected_UnknownOrder_IsOrderNotFound()
    {
        Assert.IsType<OrderNotFoundException>(BinanceErrorCodes.ToException(-2011, "Unknown order sent."));
    }

    [Fact]
    public void FilterFailure_NamesTheFilter()
    {
        var ex = Assert.IsType<FilterViolationException>(BinanceErrorCodes.ToException(-1013, "Filter failure: LOT_SIZE"));

        Assert.Equal("LOT_SIZE", ex.FilterType);
    }

    [Theory]
    [InlineData(-1099, BinanceErrorCategory.ExchangeUnavailable)]
    [InlineData(-1299, BinanceErrorCategory.Validation)]
    [InlineData(-2099, BinanceErrorCategory.OrderRejected)]
    [InlineData(-9999, BinanceErrorCategory.Unknown)]
    public void UnlistedCodes_FallBackByRange(int code, BinanceErrorCategory category)
    {
        Assert.Equal(category, BinanceErrorCodes.Categorize(code));
        Assert.IsAssignableFrom<ExchangeException>(BinanceErrorCodes.ToException(code, null));
    }

    [Fact]
    public void TransientFlags_FollowIntent()
    {
        Assert.True(new ExchangeUnavailableException("x").IsTransient);
        Assert.True(new RateLimitExceededException("x").IsTransient);
        Assert.False(new IpBannedException("x", DateTimeOffset.UnixEpoch).IsTransient);
        Assert.False(new CircuitOpenException("x").IsTransient);
        Assert.False(new ExchangeValidationException("x").IsTransient);
    }

    [GeneratedRegex(@"^### (-\d{4})", RegexOptions.Multiline)]
    private static partial Regex CodePattern();
}
