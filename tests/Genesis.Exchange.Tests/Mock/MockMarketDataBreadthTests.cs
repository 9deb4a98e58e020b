using System.Text.Json;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>The mock's answers for the market-data endpoints added in issue 12 part 2 (uiKlines, …), from its own data.</summary>
public sealed class MockMarketDataBreadthTests
{
    private const long HourMs = 3_600_000;
    private readonly MockTestHarness _h = new();

    private static decimal Sum(JsonElement klines, int column) =>
        klines.EnumerateArray().Sum(k => decimal.Parse(k[column].GetString()!, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void UiKlines_WithoutTimeZone_MatchesKlines()
    {
        var klines = _h.Json("klines", ("symbol", "BTCUSDT"), ("interval", "1h"));
        var ui = _h.Json("uiKlines", ("symbol", "BTCUSDT"), ("interval", "1h"));

        Assert.NotEqual(0, ui.GetArrayLength());
        Assert.Equal(klines.GetRawText(), ui.GetRawText());
        Assert.All(ui.EnumerateArray(), k => Assert.Equal(0, k[0].GetInt64() % HourMs));
    }

    [Theory]
    [InlineData("5:45", 15)]
    [InlineData("-1:30", 30)]
    [InlineData("+05:45", 15)]
    [InlineData("8", 0)]
    public void UiKlines_WithTimeZone_AlignsIntervalsToTheOffset_AndKeepsEveryTrade(string timeZone, int minutePastUtcHour)
    {
        var minutes = _h.Json("klines", ("symbol", "BTCUSDT"), ("interval", "1m"), ("limit", "1000"));
        var ui = _h.Json("uiKlines", ("symbol", "BTCUSDT"), ("interval", "1h"), ("timeZone", timeZone), ("limit", "1000"));

        Assert.NotEqual(0, ui.GetArrayLength());
        Assert.All(ui.EnumerateArray(), k =>
        {
            Assert.Equal(minutePastUtcHour * 60_000L, k[0].GetInt64() % HourMs);
            Assert.Equal(k[0].GetInt64() + HourMs - 1, k[6].GetInt64());
        });
        Assert.Equal(Sum(minutes, 5), Sum(ui, 5));
        Assert.Equal(minutes.EnumerateArray().Sum(k => k[8].GetInt64()), ui.EnumerateArray().Sum(k => k[8].GetInt64()));
    }

    [Theory]
    [InlineData("14:01")]
    [InlineData("-12:30")]
    [InlineData("15")]
    [InlineData("5:7")]
    [InlineData("UTC")]
    public void UiKlines_TimeZoneOutsideDocumentedForms_ReturnsMinus1130(string timeZone)
    {
        var error = _h.Error("uiKlines", ("symbol", "BTCUSDT"), ("interval", "1h"), ("timeZone", timeZone));

        Assert.Equal((400, -1130, "Data sent for parameter 'timeZone' is not valid."), error);
    }

    [Fact]
    public void UiKlines_BadInterval_ReturnsMinus1120()
    {
        var error = _h.Error("uiKlines", ("symbol", "BTCUSDT"), ("interval", "7m"));

        Assert.Equal((400, -1120, "Invalid interval."), error);
    }

    [Fact]
    public void RollingTicker_OpensOnTheMinuteBeforeTheWindow_AndSumsTheEngineBars()
    {
        var now = MockTestHarness.Start.ToUnixTimeMilliseconds();
        var open = now - (15 * 60_000) - ((now - (15 * 60_000)) % 60_000);
        var bars = _h.Json("klines", ("symbol", "BTCUSDT"), ("interval", "1m"), ("startTime", open.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var t = _h.Json("ticker", ("symbol", "BTCUSDT"), ("windowSize", "15m"));

        Assert.Equal(open, t.GetProperty("openTime").GetInt64());
        Assert.Equal(now, t.GetProperty("closeTime").GetInt64());
        Assert.Equal(Sum(bars, 5), decimal.Parse(t.GetProperty("volume").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(bars.EnumerateArray().Sum(k => k[8].GetInt64()), t.GetProperty("count").GetInt64());
        Assert.Equal(bars[0][1].GetString(), t.GetProperty("openPrice").GetString());
        Assert.True(t.TryGetProperty("priceChange", out _));
        Assert.True(t.TryGetProperty("weightedAvgPrice", out _));
        Assert.False(t.TryGetProperty("prevClosePrice", out _));
        Assert.False(t.TryGetProperty("bidPrice", out _));
    }

    [Fact]
    public void RollingTicker_Mini_LeavesOutPriceChangeAndAverage()
    {
        var t = _h.Json("ticker", ("symbol", "BTCUSDT"), ("type", "MINI"));

        Assert.False(t.TryGetProperty("priceChange", out _));
        Assert.False(t.TryGetProperty("priceChangePercent", out _));
        Assert.False(t.TryGetProperty("weightedAvgPrice", out _));
        Assert.True(t.TryGetProperty("lastPrice", out _));
        Assert.Equal(MockTestHarness.Start.ToUnixTimeMilliseconds() - 86_400_000 - 30_000, t.GetProperty("openTime").GetInt64());
    }

    [Fact]
    public void RollingTicker_Symbols_AnswersOneTickerPerSymbolInOrder()
    {
        var json = _h.Json("ticker", ("symbols", "[\"ETHUSDT\",\"BTCUSDT\"]"), ("windowSize", "2h"));

        Assert.Equal(["ETHUSDT", "BTCUSDT"], json.EnumerateArray().Select(t => t.GetProperty("symbol").GetString()));
    }

    [Theory]
    [InlineData("windowSize", "60m")]
    [InlineData("windowSize", "1d2h")]
    [InlineData("windowSize", "8d")]
    [InlineData("windowSize", "0m")]
    [InlineData("type", "BIG")]
    public void RollingTicker_BadWindowOrType_ReturnsMinus1130(string name, string value)
    {
        var error = _h.Error("ticker", ("symbol", "BTCUSDT"), (name, value));

        Assert.Equal((400, -1130, $"Data sent for parameter '{name}' is not valid."), error);
    }

    [Fact]
    public void RollingTicker_WithoutSymbol_ReturnsMinus1102()
    {
        var error = _h.Error("ticker", ("windowSize", "1h"));

        Assert.Equal(-1102, error.Code);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("8", 8 * 60)]
    [InlineData("-5:30", -(5 * 60) - 30)]
    public void TradingDayTicker_CoversTodayInTheTimeZone_FromTheEngineBars(string? timeZone, int offsetMinutes)
    {
        const long DayMs = 86_400_000;
        var now = MockTestHarness.Start.ToUnixTimeMilliseconds();
        var offset = offsetMinutes * 60_000L;
        var dayOpen = now - ((((now + offset) % DayMs) + DayMs) % DayMs);
        var bars = _h.Json("klines", ("symbol", "BTCUSDT"), ("interval", "1m"), ("limit", "1000"), ("startTime", dayOpen.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        (string, string)[] query = timeZone is null ? [("symbol", "BTCUSDT")] : [("symbol", "BTCUSDT"), ("timeZone", timeZone)];

        var t = _h.Json("ticker.tradingDay", query);

        Assert.Equal(dayOpen, t.GetProperty("openTime").GetInt64());
        Assert.Equal(dayOpen + DayMs - 1, t.GetProperty("closeTime").GetInt64());
        Assert.Equal(Sum(bars, 5), decimal.Parse(t.GetProperty("volume").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(bars.EnumerateArray().Sum(k => k[8].GetInt64()), t.GetProperty("count").GetInt64());
        Assert.True(t.TryGetProperty("priceChange", out _));
    }

    [Fact]
    public void TradingDayTicker_SymbolsMini_AnswersOneMiniTickerPerSymbol()
    {
        var json = _h.Json("ticker.tradingDay", ("symbols", "[\"BTCUSDT\",\"ETHBTC\"]"), ("type", "MINI"));

        Assert.Equal(["BTCUSDT", "ETHBTC"], json.EnumerateArray().Select(t => t.GetProperty("symbol").GetString()));
        Assert.All(json.EnumerateArray(), t => Assert.False(t.TryGetProperty("weightedAvgPrice", out _)));
    }

    [Theory]
    [InlineData("timeZone", "15")]
    [InlineData("timeZone", "UTC")]
    [InlineData("type", "HALF")]
    public void TradingDayTicker_BadTimeZoneOrType_ReturnsMinus1130(string name, string value)
    {
        var error = _h.Error("ticker.tradingDay", ("symbol", "BTCUSDT"), (name, value));

        Assert.Equal((400, -1130, $"Data sent for parameter '{name}' is not valid."), error);
    }
}
