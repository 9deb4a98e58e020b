using Genesis.Exchange.Binance.Signing;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>The API key and the signer of a WebSocket API connection.</summary>
/// <param name="ApiKey">The API key (sent as <c>apiKey</c>).</param>
/// <param name="Signer">The signer of the key (HMAC, RSA or Ed25519).</param>
internal sealed record WebSocketApiCredentials(SecretString ApiKey, IRequestSigner Signer)
{
    /// <summary>Whether the key can authenticate a session (<c>session.logon</c> accepts Ed25519 keys only).</summary>
    public bool CanLogOn => Signer.Scheme == SigningScheme.Ed25519;

    /// <inheritdoc />
    public override string ToString() => $"WebSocketApiCredentials({Signer.Scheme}, ***)";
}
