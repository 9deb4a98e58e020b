namespace Genesis.Exchange.Binance.Signing;

/// <summary>Signs the Binance payload (percent-encoded query string concatenated with the body).</summary>
internal interface IRequestSigner
{
    /// <summary>The key scheme.</summary>
    SigningScheme Scheme { get; }

    /// <summary>Signs a payload.</summary>
    /// <param name="payload">The UTF-8 payload, already percent-encoded.</param>
    /// <returns>The signature as Binance expects it: lowercase hex for HMAC, base64 for RSA and Ed25519 (not yet URL-encoded).</returns>
    string Sign(ReadOnlySpan<byte> payload);
}

/// <summary>Binance API key types.</summary>
internal enum SigningScheme
{
    /// <summary>HMAC-SHA256 with a shared secret.</summary>
    HmacSha256,
    /// <summary>Ed25519 (recommended by Binance; required by WebSocket API session.logon).</summary>
    Ed25519,
    /// <summary>RSA PKCS#1 v1.5 with SHA-256.</summary>
    Rsa,
}
