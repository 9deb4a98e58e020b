using System.Text;
using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Tests.Resilience;

/// <summary>The one classification of a response (<see cref="ExchangeResponse.Kind"/>) that every strategy reads.</summary>
public sealed class ExchangeResponseClassificationTests
{
    [Theory]
    [InlineData(200, "{\"orderId\":1}", ExchangeResponseKind.Success)]
    [InlineData(200, "[]", ExchangeResponseKind.Success)]
    [InlineData(200, " \n{\"serverTime\":1}", ExchangeResponseKind.Success)]
    [InlineData(200, "", ExchangeResponseKind.Malformed)]
    [InlineData(200, "<html>gateway</html>", ExchangeResponseKind.Malformed)]
    [InlineData(200, "{\"code\":-2010,\"msg\":\"Account has insufficient balance for requested action.\"}", ExchangeResponseKind.ExchangeError)]
    [InlineData(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", ExchangeResponseKind.ExchangeError)]
    [InlineData(400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}", ExchangeResponseKind.Timestamp)]
    [InlineData(400, "{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server. Send status unknown; execution status unknown.\"}", ExchangeResponseKind.OutcomeUnknown)]
    [InlineData(400, "{\"code\":-1006,\"msg\":\"An unexpected response was received from the message bus. Execution status unknown.\"}", ExchangeResponseKind.OutcomeUnknown)]
    [InlineData(408, "", ExchangeResponseKind.OutcomeUnknown)]
    [InlineData(302, "", ExchangeResponseKind.OutcomeUnknown)]
    [InlineData(500, "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request. Please try again.\"}", ExchangeResponseKind.Transient)]
    [InlineData(503, "<html>Service Unavailable</html>", ExchangeResponseKind.Transient)]
    [InlineData(429, "{\"code\":-1003,\"msg\":\"Too many requests.\"}", ExchangeResponseKind.RateLimited)]
    [InlineData(418, "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}", ExchangeResponseKind.Banned)]
    [InlineData(401, "", ExchangeResponseKind.ExchangeError)]
    [InlineData(403, "<html>WAF</html>", ExchangeResponseKind.ExchangeError)]
    [InlineData(404, "<html>Not Found</html>", ExchangeResponseKind.Malformed)]
    public void Kind_ClassifiesTheResponseOnceWhenItIsCreated(int status, string body, ExchangeResponseKind expected)
    {
        var response = new ExchangeResponse(status, Encoding.UTF8.GetBytes(body));

        Assert.Equal(expected, response.Kind);
    }

    [Fact]
    public void ErrorCode_CarriesTheBinanceCode_OfAnErrorObject()
    {
        var response = new ExchangeResponse(400, "{\"code\":-1013,\"msg\":\"Filter failure: LOT_SIZE\"}"u8.ToArray());

        Assert.Equal(-1013, response.ErrorCode);
        Assert.True(response.TryGetError(out var code, out var message));
        Assert.Equal(-1013, code);
        Assert.Equal("Filter failure: LOT_SIZE", message);
    }

    [Theory]
    [InlineData(200, "{\"orderId\":1,\"code\":-5}")]
    [InlineData(503, "<html>Service Unavailable</html>")]
    public void ErrorCode_IsNull_WhenTheBodyIsNotAnErrorObject(int status, string body)
    {
        var response = new ExchangeResponse(status, Encoding.UTF8.GetBytes(body));

        Assert.Null(response.ErrorCode);
        Assert.False(response.TryGetError(out _, out _));
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(408, true)]
    [InlineData(429, false)]
    [InlineData(400, false)]
    [InlineData(200, false)]
    public void IsOutcomeUnknown_IsTrueOnlyWhenTheExchangeMayHaveExecutedTheRequest(int status, bool expected)
    {
        var response = new ExchangeResponse(status, "{\"orderId\":1}"u8.ToArray());

        Assert.Equal(expected, response.IsOutcomeUnknown);
    }
}
