using System.Text;
using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Tests.Rest;

public sealed class ExchangeResponseTests
{
    // {"code":-1100,"msg":"Illegal characters found in parameter 'x' <FF FE>."}: the message is not valid UTF-8.
    private static readonly byte[] InvalidUtf8Error =
        [.. "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'x' "u8, 0xFF, 0xFE, .. ".\"}"u8];

    [Fact]
    public void TryGetError_MessageWithInvalidUtf8_ReturnsCodeAndSafelyDecodedMessage()
    {
        var response = new ExchangeResponse(400, InvalidUtf8Error);

        Assert.True(response.TryGetError(out var code, out var message));
        Assert.Equal(-1100, code);
        Assert.StartsWith("Illegal characters found in parameter 'x' ", message, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', message!);
    }

    [Fact]
    public void BodyExcerpt_InvalidUtf8_DoesNotThrow()
    {
        var excerpt = new ExchangeResponse(400, InvalidUtf8Error).BodyExcerpt();

        Assert.Contains("-1100", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetError_BodyWithUtf8ByteOrderMark_ReadsTheError()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}")];
        var response = new ExchangeResponse(400, body);

        Assert.True(response.TryGetError(out var code, out var message));
        Assert.Equal(-1121, code);
        Assert.Equal("Invalid symbol.", message);
    }
}
