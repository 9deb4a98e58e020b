using Genesis.Exchange.Options;

namespace Genesis.Exchange.Binance.Signing;

/// <summary>Chooses the signer for the configured credentials.</summary>
public static class SignerFactory
{
    /// <summary>Creates the signer: HMAC when a secret is set, else Ed25519 or RSA by the PEM's key type; null without credentials.</summary>
    /// <param name="apiSecret">HMAC secret.</param>
    /// <param name="privateKeyPem">PEM private key.</param>
    /// <returns>The signer or null.</returns>
    /// <exception cref="ArgumentException">The PEM is neither an Ed25519 nor an RSA private key.</exception>
    public static IRequestSigner? Create(SecretString? apiSecret, SecretString? privateKeyPem)
    {
        if (apiSecret is { IsEmpty: false })
        {
            return new HmacSha256Signer(apiSecret);
        }

        if (privateKeyPem is { IsEmpty: false })
        {
            return Ed25519Signer.IsEd25519(privateKeyPem.Reveal())
                ? new Ed25519Signer(privateKeyPem)
                : new RsaSigner(privateKeyPem);
        }

        return null;
    }
}
