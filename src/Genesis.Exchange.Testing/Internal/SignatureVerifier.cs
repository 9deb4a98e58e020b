using System.Security.Cryptography;
using System.Text;
using Genesis.Exchange.Options;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// Verifies Binance request signatures: HMAC-SHA256 by recomputing with the secret (hex compared case-insensitively),
/// Ed25519 and RSA PKCS#1 v1.5 SHA-256 with the public key (base64 signatures).
/// </summary>
internal sealed class SignatureVerifier : IDisposable
{
    private readonly byte[]? _hmacKey;
    private readonly Ed25519PublicKeyParameters? _ed25519;
    private readonly RSA? _rsa;

    public SignatureVerifier(SecretString? apiSecret, string? publicKeyPem)
    {
        if (apiSecret is { IsEmpty: false })
        {
            _hmacKey = Encoding.UTF8.GetBytes(apiSecret.Reveal());
            return;
        }

        if (string.IsNullOrWhiteSpace(publicKeyPem))
        {
            return;
        }

        var fields = PemEncoding.Find(publicKeyPem);
        var der = Convert.FromBase64String(publicKeyPem[fields.Base64Data]);
        try
        {
            if (PublicKeyFactory.CreateKey(der) is Ed25519PublicKeyParameters ed)
            {
                _ed25519 = ed;
                return;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or SecurityUtilityException or InvalidCastException)
        {
            // Not a key BouncyCastle knows as a public key: fall through to RSA, which reports its own error.
        }

        _rsa = RSA.Create();
        _rsa.ImportFromPem(publicKeyPem);
    }

    /// <summary>Whether the key is an Ed25519 public key (the only kind <c>session.logon</c> accepts).</summary>
    public bool IsEd25519 => _ed25519 is not null;

    /// <summary>Whether a key is configured.</summary>
    public bool IsConfigured => _hmacKey is not null || _ed25519 is not null || _rsa is not null;

    /// <summary>Checks <paramref name="signature"/> (already percent-decoded) over <paramref name="payload"/>.</summary>
    /// <param name="payload">The signed payload: query string then body, as sent, without the signature parameter.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>True when valid.</returns>
    public bool Verify(string payload, string signature)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        if (_hmacKey is not null)
        {
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(_hmacKey, data));
            var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), actual);
        }

        var bytes = TryBase64(signature);
        if (bytes is null)
        {
            return false;
        }

        if (_ed25519 is not null)
        {
            var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
            verifier.Init(false, _ed25519);
            verifier.BlockUpdate(data, 0, data.Length);
            return verifier.VerifySignature(bytes);
        }

        return _rsa is not null && _rsa.VerifyData(data, bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public void Dispose() => _rsa?.Dispose();

    private static byte[]? TryBase64(string value)
    {
        // A client that forgot to percent-encode '+' has it turned into a space by form decoding.
        var text = value.Replace(' ', '+');
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
