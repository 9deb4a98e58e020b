using System.Security.Cryptography;
using System.Text;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Options;
using Genesis.Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using static Genesis.Exchange.IntegrationTests.FakeServer.FakeServerClient;

namespace Genesis.Exchange.IntegrationTests.FakeServer;

public sealed class FakeServerSigningTests : IAsyncLifetime, IDisposable
{
    // The docs' vectors are signed at this timestamp; the server's clock is set to it.
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeMilliseconds(1499827319559);
    private readonly FakeTimeProvider _time = new(VectorTime);
    private readonly ScriptedBackend _backend = new();
    private readonly HttpClient _http = new();
    private FakeBinanceServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
    {
        Backend = _backend,
        ApiKey = ApiKey,
        ApiSecret = new SecretString(Secret),
        TimeProvider = _time,
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "LTCBTC")]
    [InlineData("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3", "１２３４５６")]
    public async Task SignedOrder_IsAccepted_WithDocumentedHmacVector(string payload, string signature, string symbol)
    {
        var request = Signed(HttpMethod.Post, _server.RestBaseUrl, "/api/v3/order", payload + "&signature=" + signature);

        var (status, _, _) = await SendAsync(_http, request);

        Assert.Equal(200, status);
        var received = Assert.Single(_backend.Requests);
        Assert.Equal("order.place", received.Endpoint.Name);
        Assert.Equal(symbol, received.GetParameter("symbol"));
        Assert.Null(received.GetParameter("timestamp"));
        Assert.Null(received.GetParameter("recvWindow"));
        Assert.Null(received.GetParameter("signature"));
        Assert.Equal(0, _server.Counters.SignatureFailures);
    }

    [Fact]
    public async Task SignedOrder_IsAccepted_WithUppercaseHexAndParametersSplitBetweenQueryAndBody()
    {
        const string query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
        const string body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.RestBaseUrl, "/api/v3/order?" + query))
        {
            Content = new StringContent(body + "&signature=" + Hmac(query + body).ToUpperInvariant(), Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-MBX-APIKEY", ApiKey);

        var (status, _, _) = await SendAsync(_http, request);

        Assert.Equal(200, status);
        var received = Assert.Single(_backend.Requests);
        Assert.Equal("1", received.GetParameter("quantity"));
        Assert.Equal("GTC", received.GetParameter("timeInForce"));
    }

    [Fact]
    public async Task SignedOrder_IsRejectedWith1022_WhenSignatureDoesNotMatch()
    {
        const string payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        var request = Signed(HttpMethod.Post, _server.RestBaseUrl, "/api/v3/order", payload + "&signature=d8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");

        var (status, body, _) = await SendAsync(_http, request);

        Assert.Equal(400, status);
        Assert.Equal(-1022, (int)body!["code"]!);
        Assert.Equal("Signature for this request is not valid.", (string)body["msg"]!);
        Assert.Empty(_backend.Requests);
        Assert.Equal(1, _server.Counters.SignatureFailures);
    }

    [Theory]
    [InlineData(null, -2014)]
    [InlineData("wrong-key", -2015)]
    public async Task SignedRequest_IsRejectedWith401_WhenApiKeyIsMissingOrWrong(string? apiKey, int expectedCode)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.RestBaseUrl, "/api/v3/account?" + SignedQuery(string.Empty, _time.GetUtcNow())));
        if (apiKey is not null)
        {
            request.Headers.Add("X-MBX-APIKEY", apiKey);
        }

        var (status, body, _) = await SendAsync(_http, request);

        Assert.Equal(401, status);
        Assert.Equal(expectedCode, (int)body!["code"]!);
        Assert.Empty(_backend.Requests);
    }

    [Theory]
    [InlineData(-5001, null)]
    [InlineData(-1001, 1000L)]
    [InlineData(1000, null)]
    public async Task SignedRequest_IsRejectedWith1021_WhenTimestampIsOutsideTheWindow(long offsetMs, long? recvWindow)
    {
        var query = SignedQuery("symbol=LTCBTC", _time.GetUtcNow().AddMilliseconds(offsetMs), recvWindow);

        var (status, body, _) = await SendAsync(_http, Signed(HttpMethod.Get, _server.RestBaseUrl, "/api/v3/openOrders", query));

        Assert.Equal(400, status);
        Assert.Equal(-1021, (int)body!["code"]!);
        Assert.Equal(1, _server.Counters.TimestampRejections);
        Assert.Empty(_backend.Requests);
    }

    [Theory]
    [InlineData(-5000, null)]
    [InlineData(999, null)]
    [InlineData(-59_000, 60_000L)]
    public async Task SignedRequest_IsAccepted_AtTheEdgesOfTheWindow(long offsetMs, long? recvWindow)
    {
        var query = SignedQuery("symbol=LTCBTC", _time.GetUtcNow().AddMilliseconds(offsetMs), recvWindow);

        var (status, _, _) = await SendAsync(_http, Signed(HttpMethod.Get, _server.RestBaseUrl, "/api/v3/openOrders", query));

        Assert.Equal(200, status);
        Assert.Equal(0, _server.Counters.TimestampRejections);
    }

    [Fact]
    public async Task SignedRequest_IsRejected_WhenRecvWindowExceedsTheMaximum()
    {
        var query = SignedQuery("symbol=LTCBTC", _time.GetUtcNow(), 60_001);

        var (status, body, _) = await SendAsync(_http, Signed(HttpMethod.Get, _server.RestBaseUrl, "/api/v3/openOrders", query));

        Assert.Equal(400, status);
        Assert.Equal(-1131, (int)body!["code"]!);
    }

    [Fact]
    public async Task ClockSkew_ShiftsServerTimeAndTheTimestampCheck()
    {
        _server.Faults.ClockSkew = TimeSpan.FromSeconds(10);

        var (_, time, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/time");
        var (stale, staleBody, _) = await SendAsync(_http, Signed(HttpMethod.Get, _server.RestBaseUrl, "/api/v3/account", SignedQuery(string.Empty, _time.GetUtcNow())));
        var (synced, _, _) = await SendAsync(_http, Signed(HttpMethod.Get, _server.RestBaseUrl, "/api/v3/account", SignedQuery(string.Empty, _time.GetUtcNow().AddSeconds(10))));

        var (_, info, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/exchangeInfo");
        Assert.Equal(VectorTime.AddSeconds(10).ToUnixTimeMilliseconds(), (long)time!["serverTime"]!);
        Assert.Equal(VectorTime.AddSeconds(10).ToUnixTimeMilliseconds(), (long)info!["serverTime"]!);
        Assert.Equal(400, stale);
        Assert.Equal(-1021, (int)staleBody!["code"]!);
        Assert.Equal(200, synced);
    }

    [Fact]
    public async Task PublicEndpoint_NeedsNoSignature_AndHistoricalTradesReachTheBackend()
    {
        var (status, body, response) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/historicalTrades?symbol=BNBBTC&fromId=28457&limit=1");

        Assert.Equal(200, status);
        Assert.Equal(28457, (long)body![0]!["id"]!);
        var received = Assert.Single(_backend.Requests);
        Assert.Equal("historicalTrades", received.Endpoint.Name);
        Assert.Equal("28457", received.GetParameter("fromId"));
        Assert.Equal("25", Header(response, "X-MBX-USED-WEIGHT-1M"));
    }

    [Fact]
    public async Task UnknownPath_Answers404_WithoutReachingTheBackend()
    {
        var (status, _, _) = await GetAsync(_http, _server.RestBaseUrl, "/api/v3/nope");

        Assert.Equal(404, status);
        Assert.Empty(_backend.Requests);
    }

    public static TheoryData<string> AsymmetricSchemes => new() { "Ed25519", "RSA" };

    [Theory]
    [MemberData(nameof(AsymmetricSchemes))]
    public async Task AsymmetricSignature_IsVerifiedWithThePublicKey(string scheme)
    {
        var (privatePem, publicPem) = scheme == "RSA" ? RsaKeys() : Ed25519Keys();
        var time = new FakeTimeProvider(VectorTime);
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceServerOptions
        {
            Backend = _backend,
            ApiKey = ApiKey,
            PublicKeyPem = publicPem,
            TimeProvider = time,
        });
        var signer = SignerFactory.Create(null, new SecretString(privatePem))!;
        const string payload = "symbol=BTCUSDT&timestamp=1499827319559";
        var good = Uri.EscapeDataString(signer.Sign(Encoding.UTF8.GetBytes(payload)));
        var bad = Uri.EscapeDataString(signer.Sign(Encoding.UTF8.GetBytes(payload + "0")));

        var (accepted, _, _) = await SendAsync(_http, Signed(HttpMethod.Get, server.RestBaseUrl, "/api/v3/openOrders", payload + "&signature=" + good));
        var (rejected, body, _) = await SendAsync(_http, Signed(HttpMethod.Get, server.RestBaseUrl, "/api/v3/openOrders", payload + "&signature=" + bad));

        Assert.Equal(200, accepted);
        Assert.Equal(400, rejected);
        Assert.Equal(-1022, (int)body!["code"]!);
        (signer as IDisposable)?.Dispose();
    }

    private static (string PrivatePem, string PublicPem) RsaKeys()
    {
        using var rsa = RSA.Create(2048);
        return (rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }

    private static (string PrivatePem, string PublicPem) Ed25519Keys()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var privateDer = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded();
        var publicDer = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        return (new string(System.Security.Cryptography.PemEncoding.Write("PRIVATE KEY", privateDer)), new string(System.Security.Cryptography.PemEncoding.Write("PUBLIC KEY", publicDer)));
    }
}
