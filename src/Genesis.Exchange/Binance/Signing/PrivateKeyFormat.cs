using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;

namespace Genesis.Exchange.Binance.Signing;

/// <summary>
/// Tells which signing scheme a private key text is for, or why it cannot sign (a public key, an OpenSSH or
/// encrypted key, another algorithm), with a message that names the accepted formats and never echoes key material.
/// </summary>
internal static class PrivateKeyFormat
{
    /// <summary>The formats the signers accept, for error messages.</summary>
    public const string Accepted =
        "Accepted: an unencrypted Ed25519 or RSA private key in PKCS#8 PEM ('-----BEGIN PRIVATE KEY-----', e.g. from `openssl genpkey -algorithm ed25519`), " +
        "or an RSA private key in PKCS#1 PEM ('-----BEGIN RSA PRIVATE KEY-----'); or an HMAC secret in ApiSecret.";

    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Detects the scheme of a PEM private key.</summary>
    /// <param name="pem">The key text.</param>
    /// <returns><see cref="SigningScheme.Ed25519"/> or <see cref="SigningScheme.Rsa"/>.</returns>
    /// <exception cref="ArgumentException">The text is not a private key the signers accept; the message says what it is and what is accepted.</exception>
    public static SigningScheme Detect(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var text = pem.AsSpan().Trim();
        if (text.StartsWith("ssh-", StringComparison.Ordinal) || text.StartsWith("ecdsa-sha2-", StringComparison.Ordinal))
        {
            throw Bad("The private key is an OpenSSH public key line ('ssh-…'): the client signs with the private key; the public key is what you register with Binance.");
        }

        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw Bad("The private key is not PEM text (no '-----BEGIN …-----' / '-----END …-----' block).");
        }

        var label = text[fields.Label].ToString();
        return label switch
        {
            "PRIVATE KEY" => Pkcs8Scheme(text[fields.Base64Data]),
            "RSA PRIVATE KEY" when text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.OrdinalIgnoreCase) => throw Encrypted(),
            "RSA PRIVATE KEY" => SigningScheme.Rsa,
            "ENCRYPTED PRIVATE KEY" => throw Encrypted(),
            "OPENSSH PRIVATE KEY" => throw Bad(
                "The private key is in OpenSSH format ('-----BEGIN OPENSSH PRIVATE KEY-----'), which the client does not read. Convert it to PKCS#8 PEM " +
                "(for RSA: `ssh-keygen -p -m PKCS8 -f <file>`), or create the key with `openssl genpkey -algorithm ed25519 -out key.pem`."),
            "PUBLIC KEY" or "RSA PUBLIC KEY" or "SSH2 PUBLIC KEY" or "CERTIFICATE" => throw Bad(
                $"The private key is a public key or certificate ('-----BEGIN {label}-----'): the client signs with the private key; the public key is what you register with Binance."),
            "EC PRIVATE KEY" or "DSA PRIVATE KEY" => throw Bad($"The private key is an {label[..label.IndexOf(' ', StringComparison.Ordinal)]} key: Binance accepts Ed25519 or RSA keys."),
            _ => throw Bad($"The PEM block '-----BEGIN {label}-----' is not a private key."),
        };
    }

    private static SigningScheme Pkcs8Scheme(ReadOnlySpan<char> base64)
    {
        string algorithm;
        try
        {
            var der = Convert.FromBase64String(base64.ToString());
            algorithm = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der)).PrivateKeyAlgorithm.Algorithm.Id;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or InvalidCastException or InvalidOperationException)
        {
            throw Bad("The private key is not a valid PKCS#8 key (its base64 body is not a PKCS#8 structure).");
        }

        return algorithm switch
        {
            Ed25519Oid => SigningScheme.Ed25519,
            var rsa when rsa == PkcsObjectIdentifiers.RsaEncryption.Id => SigningScheme.Rsa,
            "1.3.101.113" => throw Bad("The private key is an Ed448 key: Binance accepts Ed25519 or RSA keys."),
            "1.2.840.10045.2.1" => throw Bad("The private key is an EC (ECDSA) key: Binance accepts Ed25519 or RSA keys."),
            _ => throw Bad($"The private key's algorithm (OID {algorithm}) is not supported: Binance accepts Ed25519 or RSA keys."),
        };
    }

    private static ArgumentException Encrypted() => Bad(
        "The private key is encrypted (password-protected), and the client cannot prompt for the password. Decrypt it once, " +
        "e.g. `openssl pkey -in encrypted.pem -out key.pem`, keep that file readable only by its owner (chmod 600), and use it.");

    private static ArgumentException Bad(string what) => new($"{what} {Accepted}");
}
