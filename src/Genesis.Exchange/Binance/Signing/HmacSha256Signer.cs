using System.Security.Cryptography;
using System.Text;

namespace Genesis.Exchange.Binance.Signing;

/// <summary>HMAC-SHA256 signatures, lowercase hex.</summary>
internal sealed class HmacSha256Signer : IRequestSigner
{
    private readonly byte[] _key;

    /// <summary>Creates a signer.</summary>
    /// <param name="secret">The API secret.</param>
    public HmacSha256Signer(Options.SecretString secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _key = Encoding.UTF8.GetBytes(secret.Reveal());
    }

    /// <inheritdoc />
    public SigningScheme Scheme => SigningScheme.HmacSha256;

    /// <inheritdoc />
    public string Sign(ReadOnlySpan<byte> payload)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <inheritdoc />
    public override string ToString() => "HmacSha256Signer(***)";
}
