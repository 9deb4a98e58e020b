using Genesis.Exchange.Options;

namespace Genesis.Exchange.Binance.Signing;

/// <summary>Chooses the signer for the configured credentials.</summary>
internal static class SignerFactory
{
    /// <summary>Creates the signer: HMAC when a secret is set, else Ed25519 or RSA by the PEM's key type; null without credentials.</summary>
    /// <param name="apiSecret">HMAC secret.</param>
    /// <param name="privateKeyPem">PEM private key.</param>
    /// <returns>The signer or null.</returns>
    /// <exception cref="ArgumentException">
    /// The PEM is not an unencrypted Ed25519 or RSA private key (e.g. a public key, an OpenSSH or an encrypted key); the
    /// message says what it is and names the accepted formats, and never contains key material.
    /// </exception>
    public static IRequestSigner? Create(SecretString? apiSecret, SecretString? privateKeyPem)
    {
        if (apiSecret is { IsEmpty: false })
        {
            return new HmacSha256Signer(apiSecret);
        }

        if (privateKeyPem is { IsEmpty: false })
        {
            return PrivateKeyFormat.Detect(privateKeyPem.Reveal()) == SigningScheme.Ed25519
                ? new Ed25519Signer(privateKeyPem)
                : new RsaSigner(privateKeyPem);
        }

        return null;
    }
}
