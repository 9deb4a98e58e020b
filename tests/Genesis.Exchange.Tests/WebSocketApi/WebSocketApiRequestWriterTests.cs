using System.Text;
using System.Text.Json;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Internal;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Time.Testing;
using TestPaths = Genesis.Exchange.Tests.Support.TestPaths;

namespace Genesis.Exchange.Tests.WebSocketApi;

public sealed class WebSocketApiRequestWriterTests
{
    private const long DocsTimestamp = 1645423376532;

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "wsapi", name));

    private static ServerClock ClockAt(long ms) => new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(ms)));

    private static KeyValuePair<string, string>[] OrderParams(string symbol, string side, string quantity, string price) =>
        [new("symbol", symbol), new("side", side), new("type", "LIMIT"), new("timeInForce", "GTC"), new("quantity", quantity), new("price", price)];

    [Theory]
    [InlineData("hmac-signed-request-ascii.json", "BTCUSDT", "SELL", "0.01000000", "52000.00", 100)]
    [InlineData("hmac-signed-request-non-ascii.json", "１２３４５６", "BUY", "1.00000000", "0.10000000", 5000)]
    public void Write_ProducesTheDocsHmacExampleRequest_ByteForByteSignature(string fixture, string symbol, string side, string quantity, string price, int recvWindowMs)
    {
        using var expected = JsonDocument.Parse(Fixture(fixture));
        var credentials = new WebSocketApiCredentials(new SecretString(ApiHarness.HmacApiKey), new HmacSha256Signer(new SecretString(ApiHarness.HmacSecret)));

        var frame = WebSocketApiRequestWriter.Write(
            expected.RootElement.GetProperty("id").GetString()!,
            "order.place",
            OrderParams(symbol, side, quantity, price),
            WebSocketApiSigningMode.Signature,
            credentials,
            ClockAt(DocsTimestamp),
            TimeSpan.FromMilliseconds(recvWindowMs));

        using var actual = JsonDocument.Parse(frame);
        Assert.Equal(expected.RootElement.GetProperty("id").GetString(), actual.RootElement.GetProperty("id").GetString());
        Assert.Equal("order.place", actual.RootElement.GetProperty("method").GetString());
        Assert.Equal(Params(expected.RootElement), Params(actual.RootElement));
    }

    [Fact]
    public void BuildParams_SignsTheDocsRsaPayload_AsOpenSslDoes()
    {
        var signer = new RsaSigner(new SecretString(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", "rsa-test-key.pem"))));
        AssertSignatureOverDocsPayload("CAvIjXy3F44yW6Pou5k8Dy1swsYDWJZLeoK2r8G4cFDnE9nosRppc2eKc1T8TRTQ", signer, "rsa-payload-ascii");
    }

    [Fact]
    public void BuildParams_SignsTheDocsEd25519Payload_AsOpenSslDoes()
    {
        var signer = new Ed25519Signer(new SecretString(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", "ed25519-test-key.pem"))));
        AssertSignatureOverDocsPayload(ApiHarness.Ed25519ApiKey, signer, "ed25519-payload-ascii");
    }

    [Theory]
    [InlineData("rsa-signed-request-ascii.json")]
    [InlineData("ed25519-signed-request-ascii.json")]
    public void BuildParams_SendsTheDocsParameterSet_ForRsaAndEd25519Examples(string fixture)
    {
        using var expected = JsonDocument.Parse(Fixture(fixture));
        var docsParams = expected.RootElement.GetProperty("params");
        var apiKey = docsParams.GetProperty("apiKey").GetString()!;
        var given = docsParams.EnumerateObject()
            .Where(p => p.Name is not ("apiKey" or "recvWindow" or "timestamp" or "signature"))
            .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))
            .ToArray();
        var credentials = new WebSocketApiCredentials(new SecretString(apiKey), new FixedSigner(docsParams.GetProperty("signature").GetString()!));

        var frame = WebSocketApiRequestWriter.Write("4885f793-e5ad-4c3b-8f6c-55d891472b71", "order.place", given, WebSocketApiSigningMode.Signature, credentials, ClockAt(DocsTimestamp), TimeSpan.FromMilliseconds(100));

        using var actual = JsonDocument.Parse(frame);
        Assert.Equal(Params(expected.RootElement), Params(actual.RootElement));
    }

    [Fact]
    public void Write_SendsTimestampAndRecvWindowOnly_OnAnAuthenticatedSession()
    {
        var frame = WebSocketApiRequestWriter.Write("id-1", "order.place", OrderParams("BTCUSDT", "BUY", "1", "1"), WebSocketApiSigningMode.Session, ApiHarness.Hmac(), ClockAt(DocsTimestamp), TimeSpan.FromMilliseconds(5000));

        using var actual = JsonDocument.Parse(frame);
        var parameters = actual.RootElement.GetProperty("params");
        Assert.Equal(DocsTimestamp, parameters.GetProperty("timestamp").GetInt64());
        Assert.Equal(5000, parameters.GetProperty("recvWindow").GetInt32());
        Assert.False(parameters.TryGetProperty("apiKey", out _));
        Assert.False(parameters.TryGetProperty("signature", out _));
    }

    [Fact]
    public void Write_OmitsParams_ForAnUnsignedRequestWithoutParameters()
    {
        var frame = WebSocketApiRequestWriter.Write("t", "time", [], WebSocketApiSigningMode.None, null, ClockAt(DocsTimestamp), TimeSpan.FromSeconds(5));

        Assert.Equal("""{"id":"t","method":"time"}""", Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void Write_WritesAJsonArrayValueAsAnArray()
    {
        var frame = WebSocketApiRequestWriter.Write("t", "ticker.price", [new("symbols", """["BTCUSDT","BNBUSDT"]""")], WebSocketApiSigningMode.None, null, ClockAt(DocsTimestamp), TimeSpan.FromSeconds(5));

        Assert.Equal("""{"id":"t","method":"ticker.price","params":{"symbols":["BTCUSDT","BNBUSDT"]}}""", Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void Write_ThrowsAuthentication_WhenASignedRequestHasNoCredentials()
    {
        Assert.Throws<AuthenticationException>(() =>
            WebSocketApiRequestWriter.Write("t", "order.place", OrderParams("BTCUSDT", "BUY", "1", "1"), WebSocketApiSigningMode.Signature, null, ClockAt(DocsTimestamp), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Redact_HidesTheApiKeyAndTheSignature()
    {
        var text = Encoding.UTF8.GetString(WebSocketApiRequestWriter.Write("t", "order.place", OrderParams("BTCUSDT", "BUY", "1", "1"), WebSocketApiSigningMode.Signature, ApiHarness.Hmac(), ClockAt(DocsTimestamp), TimeSpan.FromSeconds(5)));

        var redacted = WebSocketApiRequestWriter.Redact(text);

        Assert.DoesNotContain(ApiHarness.HmacApiKey, redacted, StringComparison.Ordinal);
        Assert.Contains("\"signature\":\"***\"", redacted, StringComparison.Ordinal);
        Assert.Contains("\"apiKey\":\"***\"", redacted, StringComparison.Ordinal);
    }

    private static void AssertSignatureOverDocsPayload(string apiKey, IRequestSigner signer, string fixture)
    {
        var all = WebSocketApiRequestWriter.BuildParams("order.place", OrderParams("BTCUSDT", "SELL", "0.01000000", "52000.00"), WebSocketApiSigningMode.Signature, new WebSocketApiCredentials(new SecretString(apiKey), signer), ClockAt(DocsTimestamp), TimeSpan.FromMilliseconds(100));

        var payload = WebSocketApiRequestWriter.SignaturePayload(all.Where(p => p.Key != "signature"));
        Assert.Equal(Fixture(fixture + ".txt"), payload);
        Assert.Equal("signature", all[^1].Key);
        Assert.Equal(Fixture(fixture + ".sig").Trim(), all[^1].Value);
    }

    /// <summary>The params of a request as name → raw JSON text, sorted (the order of params is not significant).</summary>
    private static SortedDictionary<string, string> Params(JsonElement request)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in request.GetProperty("params").EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return result;
    }

    /// <summary>Returns the docs' own signature (their private keys are not published), to compare everything else.</summary>
    private sealed class FixedSigner(string signature) : IRequestSigner
    {
        public SigningScheme Scheme => SigningScheme.Rsa;

        public string Sign(ReadOnlySpan<byte> payload) => signature;
    }
}
