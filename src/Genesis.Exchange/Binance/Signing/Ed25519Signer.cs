using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Genesis.Exchange.Binance.Signing;

/// <summary>Ed25519 signatures (RFC 8032, deterministic), base64. Keys are PKCS#8 PEM.</summary>
internal sealed class Ed25519Signer : IRequestSigner
{
    private readonly Ed25519PrivateKeyParameters _key;

    /// <summary>Creates a signer from a PEM private key.</summary>
    /// <param name="privateKeyPem">The PEM text (<c>BEGIN PRIVATE KEY</c>).</param>
    /// <exception cref="ArgumentException">The PEM is not an Ed25519 private key.</exception>
    public Ed25519Signer(Options.SecretString privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        if (PrivateKeyFormat.Detect(privateKeyPem.Reveal()) != SigningScheme.Ed25519)
        {
            throw new ArgumentException($"The private key is not an Ed25519 key. {PrivateKeyFormat.Accepted}", nameof(privateKeyPem));
        }

        _key = Parse(privateKeyPem.Reveal());
    }

    /// <inheritdoc />
    public SigningScheme Scheme => SigningScheme.Ed25519;

    /// <summary>Whether a PEM holds an Ed25519 private key.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>True for Ed25519.</returns>
    public static bool IsEd25519(string pem)
    {
        try
        {
            _ = Parse(pem);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public string Sign(ReadOnlySpan<byte> payload)
    {
        var signer = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(payload);
        return Convert.ToBase64String(signer.GenerateSignature());
    }

    /// <inheritdoc />
    public override string ToString() => "Ed25519Signer(***)";

    private static Ed25519PrivateKeyParameters Parse(string pem)
    {
        try
        {
            var der = PemBody(pem);
            return PrivateKeyFactory.CreateKey(der) as Ed25519PrivateKeyParameters
                ?? throw new ArgumentException("The private key is not an Ed25519 key.", nameof(pem));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or IOException or Org.BouncyCastle.Security.SecurityUtilityException or ArgumentOutOfRangeException or InvalidCastException)
        {
            throw new ArgumentException("The private key is not a valid Ed25519 PKCS#8 PEM key.", nameof(pem));
        }
    }

    private static byte[] PemBody(string pem)
    {
        var fields = System.Security.Cryptography.PemEncoding.Find(pem);
        var label = pem[fields.Label];
        if (!string.Equals(label, "PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected a PKCS#8 'PRIVATE KEY' PEM block.", nameof(pem));
        }

        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
