using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

public sealed class RequestSigningTests
{
    [Fact]
    public void BuildPayload_AppendsRecvWindowTimestampAndSignatureLast_MatchingBinanceVector()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Binance, "signatures.json")));
        var vector = doc.RootElement[0];
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559));
        var clock = new ServerClock(time);
        var request = new ExchangeRequest(BinanceEndpoints.PlaceOrder,
        [
            new("symbol", "LTCBTC"), new("side", "BUY"), new("type", "LIMIT"), new("timeInForce", "GTC"), new("quantity", "1"), new("price", "0.1"),
        ], 1);

        var payload = RequestSigning.BuildPayload(request, new HmacSha256Signer(new SecretString(vector.GetProperty("secret").GetString()!)), true, clock, TimeSpan.FromMilliseconds(5000));

        Assert.Equal(vector.GetProperty("payload").GetString() + "&signature=" + vector.GetProperty("signature_hex").GetString(), payload);
    }

    [Fact]
    public void BuildPayload_UsesServerClockOffset_ForTimestamp()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var clock = new ServerClock(time);
        clock.SetOffset(TimeSpan.FromSeconds(-10), time.GetUtcNow());
        var request = new ExchangeRequest(BinanceEndpoints.Account, [], 20);

        var payload = RequestSigning.BuildPayload(request, new HmacSha256Signer(new SecretString("k")), true, clock, TimeSpan.FromMilliseconds(5000));

        Assert.Contains("timestamp=1699999990000", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildPayload_Unsigned_HasNoTimestamp()
    {
        var request = new ExchangeRequest(BinanceEndpoints.Depth, [new("symbol", "BTCUSDT"), new("limit", "5000")], 250);

        var payload = RequestSigning.BuildPayload(request, null, false, new ServerClock(new FakeTimeProvider()), TimeSpan.FromSeconds(5));

        Assert.Equal("symbol=BTCUSDT&limit=5000", payload);
    }

    [Fact]
    public void BuildPayload_SignedWithoutCredentials_SaysWhatToSet()
    {
        var request = new ExchangeRequest(BinanceEndpoints.Account, [], 20);

        var ex = Assert.Throws<AuthenticationException>(() => RequestSigning.BuildPayload(request, null, false, new ServerClock(new FakeTimeProvider()), TimeSpan.FromSeconds(5)));

        Assert.Contains("BINANCE_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildPayload_Base64Signature_IsPercentEncoded()
    {
        var pem = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", "ed25519-test-key.pem"));
        var request = new ExchangeRequest(BinanceEndpoints.Account, [], 20);

        var payload = RequestSigning.BuildPayload(request, new Ed25519Signer(new SecretString(pem)), true, new ServerClock(new FakeTimeProvider()), TimeSpan.FromSeconds(5));

        var signature = payload[(payload.IndexOf("signature=", StringComparison.Ordinal) + 10)..];
        Assert.DoesNotContain("+", signature, StringComparison.Ordinal);
        Assert.DoesNotContain("/", signature, StringComparison.Ordinal);
        Assert.DoesNotContain("=", signature, StringComparison.Ordinal);
        Assert.Equal(64, Convert.FromBase64String(Uri.UnescapeDataString(signature)).Length);
    }

    [Theory]
    [InlineData(5000, "5000")]
    [InlineData(6000.346, "6000.346")]
    public void RecvWindow_FormatsUpToThreeDecimals(double ms, string expected)
    {
        Assert.Equal(expected, RequestSigning.FormatRecvWindow(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void Redact_HidesSignature()
    {
        Assert.Equal("a=1&signature=***", RequestSigning.Redact("a=1&signature=abcdef"));
    }
}
