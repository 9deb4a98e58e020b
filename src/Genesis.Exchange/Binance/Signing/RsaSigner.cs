using System.Security.Cryptography;

namespace Genesis.Exchange.Binance.Signing;

/// <summary>RSA PKCS#1 v1.5 SHA-256 signatures, base64. Keys are PKCS#8 PEM, as Binance requires.</summary>
internal sealed class RsaSigner : IRequestSigner, IDisposable
{
    private readonly RSA _rsa;

    /// <summary>Creates a signer from a PEM private key.</summary>
    /// <param name="privateKeyPem">The PEM text.</param>
    /// <exception cref="ArgumentException">The PEM is not an unencrypted RSA private key (PKCS#8 or PKCS#1).</exception>
    public RsaSigner(Options.SecretString privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        if (PrivateKeyFormat.Detect(privateKeyPem.Reveal()) != SigningScheme.Rsa)
        {
            throw new ArgumentException($"The private key is not an RSA key. {PrivateKeyFormat.Accepted}", nameof(privateKeyPem));
        }

        _rsa = RSA.Create();
        try
        {
            _rsa.ImportFromPem(privateKeyPem.Reveal());
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            _rsa.Dispose();
            throw new ArgumentException($"The private key is not a valid RSA private key. {PrivateKeyFormat.Accepted}", nameof(privateKeyPem));
        }
    }

    /// <inheritdoc />
    public SigningScheme Scheme => SigningScheme.Rsa;

    /// <inheritdoc />
    public string Sign(ReadOnlySpan<byte> payload)
    {
        var signature = _rsa.SignData(payload.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Convert.ToBase64String(signature);
    }

    /// <inheritdoc />
    public void Dispose() => _rsa.Dispose();

    /// <inheritdoc />
    public override string ToString() => "RsaSigner(***)";
}
