using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Signing;

public sealed class SignerTests
{
    public static TheoryData<int> HmacVectors() => [0, 1];

    [Theory]
    [MemberData(nameof(HmacVectors))]
    public void Hmac_ReproducesBinanceVectors_BitForBit(int index)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Binance, "signatures.json")));
        var vector = doc.RootElement[index];
        var signer = new HmacSha256Signer(new SecretString(vector.GetProperty("secret").GetString()!));
        var parameters = vector.GetProperty("parameters").EnumerateArray()
            .Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!)).ToList();

        var payload = Genesis.Exchange.Binance.Rest.QueryString.Build(parameters);

        Assert.Equal(vector.GetProperty("payload").GetString(), payload);
        Assert.Equal(vector.GetProperty("signature_hex").GetString(), signer.Sign(Encoding.UTF8.GetBytes(payload)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ed25519_MatchesOpenSsl_ForSameKeyAndPayload(int payload)
    {
        var signer = new Ed25519Signer(new SecretString(Fixture("ed25519-test-key.pem")));

        var signature = signer.Sign(File.ReadAllBytes(FixturePath($"payload{payload}.txt")));

        Assert.Equal(Fixture($"ed25519-payload{payload}.sig").Trim(), signature);
    }

    [Fact]
    public void Ed25519_SignatureVerifies_WithThePublicKey()
    {
        var pem = Fixture("ed25519-test-key.pem");
        var signer = new Ed25519Signer(new SecretString(pem));
        var payload = File.ReadAllBytes(FixturePath("payload1.txt"));

        var signature = Convert.FromBase64String(signer.Sign(payload));

        var fields = PemEncoding.Find(pem);
        var key = (Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters)Org.BouncyCastle.Security.PrivateKeyFactory.CreateKey(Convert.FromBase64String(pem[fields.Base64Data]));
        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(false, key.GeneratePublicKey());
        verifier.BlockUpdate(payload, 0, payload.Length);
        Assert.True(verifier.VerifySignature(signature));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Rsa_MatchesOpenSsl_AndVerifies(int payload)
    {
        var pem = Fixture("rsa-test-key.pem");
        using var signer = new RsaSigner(new SecretString(pem));
        var bytes = File.ReadAllBytes(FixturePath($"payload{payload}.txt"));

        var signature = signer.Sign(bytes);

        Assert.Equal(Fixture($"rsa-payload{payload}.sig").Trim(), signature);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        Assert.True(rsa.VerifyData(bytes, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Factory_PicksSchemeFromKeyType()
    {
        Assert.Equal(SigningScheme.HmacSha256, SignerFactory.Create(new SecretString("s"), null)!.Scheme);
        Assert.Equal(SigningScheme.Ed25519, SignerFactory.Create(null, new SecretString(Fixture("ed25519-test-key.pem")))!.Scheme);
        Assert.Equal(SigningScheme.Rsa, SignerFactory.Create(null, new SecretString(Fixture("rsa-test-key.pem")))!.Scheme);
        Assert.Null(SignerFactory.Create(null, null));
    }

    [Fact]
    public void Factory_RejectsGarbagePem_WithoutEchoingIt()
    {
        const string garbage = "-----BEGIN PRIVATE KEY-----\nTOPSECRETTOPSECRET\n-----END PRIVATE KEY-----";

        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString(garbage)));

        Assert.DoesNotContain("TOPSECRET", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Signers_ToString_HideKeys()
    {
        var secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
        Assert.DoesNotContain(secret, new HmacSha256Signer(new SecretString(secret)).ToString(), StringComparison.Ordinal);
    }

    private static string FixturePath(string name) => Path.Combine(TestPaths.Fixtures, "signing", name);

    private static string Fixture(string name) => File.ReadAllText(FixturePath(name));
}
