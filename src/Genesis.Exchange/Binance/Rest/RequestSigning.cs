using System.Globalization;
using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>
/// Produces the exact bytes Binance receives: the encoded parameters, then for signed endpoints
/// <c>recvWindow</c>, <c>timestamp</c> (taken now, after every wait) and <c>signature</c> last.
/// </summary>
internal static class RequestSigning
{
    public static string BuildPayload(ExchangeRequest request, IRequestSigner? signer, bool hasApiKey, IServerClock clock, TimeSpan recvWindow)
    {
        var builder = new StringBuilder(256);
        foreach (var (key, value) in request.Parameters)
        {
            QueryString.Append(builder, key, value);
        }

        if (!request.Endpoint.IsSigned)
        {
            return builder.ToString();
        }

        if (signer is null || !hasApiKey)
        {
            throw new AuthenticationException(
                $"{request.Endpoint.Name} is a signed endpoint but no credentials are configured: set BINANCE_API_KEY and BINANCE_API_SECRET (HMAC) or BINANCE_PRIVATE_KEY / BINANCE_PRIVATE_KEY_FILE (Ed25519 or RSA), or GenesisExchangeOptions.ApiKey/ApiSecret/PrivateKeyPem.")
            {
                CorrelationId = request.CorrelationId,
            };
        }

        QueryString.Append(builder, "recvWindow", FormatRecvWindow(recvWindow));
        QueryString.Append(builder, "timestamp", clock.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        var signature = signer.Sign(Encoding.UTF8.GetBytes(builder.ToString()));
        QueryString.Append(builder, "signature", signature);
        return builder.ToString();
    }

    public static string FormatRecvWindow(TimeSpan recvWindow) =>
        decimal.Round((decimal)recvWindow.TotalMilliseconds, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The payload with the signature value replaced, for logs.</summary>
    public static string Redact(string payload)
    {
        var index = payload.IndexOf("signature=", StringComparison.Ordinal);
        return index < 0 ? payload : payload[..(index + 10)] + "***";
    }
}
