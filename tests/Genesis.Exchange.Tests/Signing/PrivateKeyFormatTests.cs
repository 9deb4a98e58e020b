using System.Security.Cryptography;
using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Signing;

public sealed class PrivateKeyFormatTests
{
    [Theory]
    [InlineData("ed25519-test-key.pem", nameof(SigningScheme.Ed25519))]
    [InlineData("rsa-test-key.pem", nameof(SigningScheme.Rsa))]
    public void Detect_ReadsTheSchemeOfAPkcs8Key(string file, string expected)
    {
        // SigningScheme is internal, so the public theory takes its name.
        Assert.Equal(Enum.Parse<SigningScheme>(expected), PrivateKeyFormat.Detect(Fixture(file)));
    }

    [Fact]
    public void Detect_AcceptsAnRsaPkcs1Key()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Fixture("rsa-test-key.pem"));

        Assert.Equal(SigningScheme.Rsa, PrivateKeyFormat.Detect(rsa.ExportRSAPrivateKeyPem()));
    }

    [Fact]
    public void Factory_RefusesAnRsaPublicKey_NamingTheAcceptedFormats()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString(Fixture("rsa-test-public-key.pem"))));

        Assert.Contains("public key", ex.Message, StringComparison.Ordinal);
        AssertNamesAcceptedFormats(ex.Message);
    }

    [Fact]
    public void Factory_RefusesAPkcs1RsaPublicKey_NamingTheAcceptedFormats()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Fixture("rsa-test-key.pem"));

        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString(rsa.ExportRSAPublicKeyPem())));

        Assert.Contains("public key", ex.Message, StringComparison.Ordinal);
        AssertNamesAcceptedFormats(ex.Message);
    }

    [Fact]
    public void Factory_RefusesAnOpenSshKey_NamingTheAcceptedFormats()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString(Fixture("openssh-ed25519-test-key"))));

        Assert.Contains("OpenSSH format", ex.Message, StringComparison.Ordinal);
        AssertNamesAcceptedFormats(ex.Message);
    }

    [Fact]
    public void Factory_RefusesAnOpenSshPublicKeyLine()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZXN0a2V5bWF0ZXJpYWxub3RyZWFsMDEyMzQ1Njc4 user@host")));

        Assert.Contains("OpenSSH public key", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAC3Nza", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_RefusesAnEncryptedPkcs8Key_NamingTheAcceptedFormats()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString(Fixture("ed25519-test-key-encrypted.pem"))));

        Assert.Contains("encrypted", ex.Message, StringComparison.Ordinal);
        AssertNamesAcceptedFormats(ex.Message);
    }

    [Fact]
    public void Factory_RefusesALegacyEncryptedRsaKey()
    {
        const string legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nTOPSECRETbase64==\n-----END RSA PRIVATE KEY-----";

        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString(legacy)));

        Assert.Contains("encrypted", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_RefusesAnEcKey_NamingTheSupportedAlgorithms()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var ex = Assert.ThrowsAny<ArgumentException>(() => SignerFactory.Create(null, new SecretString(ec.ExportPkcs8PrivateKeyPem())));

        Assert.Contains("EC (ECDSA)", ex.Message, StringComparison.Ordinal);
        AssertNamesAcceptedFormats(ex.Message);
    }

    [Fact]
    public void Signers_RefuseTheOtherScheme()
    {
        Assert.ThrowsAny<ArgumentException>(() => new RsaSigner(new SecretString(Fixture("ed25519-test-key.pem"))));
        Assert.ThrowsAny<ArgumentException>(() => new Ed25519Signer(new SecretString(Fixture("rsa-test-key.pem"))));
        Assert.ThrowsAny<ArgumentException>(() => new RsaSigner(new SecretString(Fixture("rsa-test-public-key.pem"))));
    }

    private static void AssertNamesAcceptedFormats(string message)
    {
        Assert.Contains("PKCS#8", message, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PRIVATE KEY-----", message, StringComparison.Ordinal);
        Assert.Contains("Ed25519", message, StringComparison.Ordinal);
        Assert.Contains("RSA", message, StringComparison.Ordinal);
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "signing", name));
}
