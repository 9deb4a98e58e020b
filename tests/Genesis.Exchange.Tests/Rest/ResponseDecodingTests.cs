using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>Bodies with a byte order mark or invalid UTF-8 reach the caller as data or as the typed error, never as a decoding crash.</summary>
public sealed class ResponseDecodingTests
{
    private static BinanceRestClient Client(Func<ExchangeRequest, ExchangeResponse> answer) =>
        new(new ScriptedTransport(answer), new FakeTimeProvider(), new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

    [Fact]
    public async Task ErrorWithInvalidUtf8InItsMessage_BecomesTheTypedErrorWithItsCode()
    {
        byte[] body = [.. "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'symbol'; legal range is '"u8, 0xC3, 0x28, 0xFF, .. "'.\"}"u8];
        using var client = Client(_ => new ExchangeResponse(400, body));

        var ex = await Assert.ThrowsAsync<ExchangeValidationException>(() => client.GetServerTimeAsync());

        Assert.Equal(-1100, ex.BinanceCode);
        Assert.Equal(400, ex.HttpStatus);
        Assert.Contains("Illegal characters found in parameter 'symbol'", ex.Message, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', ex.Message);
    }

    [Fact]
    public async Task SuccessBodyWithUtf8ByteOrderMark_Parses()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"serverTime\":1499827319559}"u8];
        using var client = Client(_ => new ExchangeResponse(200, body));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559), await client.GetServerTimeAsync());
    }

    [Fact]
    public async Task ErrorBodyWithUtf8ByteOrderMark_BecomesTheTypedError()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"u8];
        using var client = Client(_ => new ExchangeResponse(400, body));

        var ex = await Assert.ThrowsAsync<ExchangeValidationException>(() => client.GetPriceAsync("NOPE"));

        Assert.Equal(-1121, ex.BinanceCode);
    }
}
