namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>How a request proves who sends it.</summary>
internal enum WebSocketApiSigningMode
{
    /// <summary>Not signed: the parameters as given.</summary>
    None = 0,

    /// <summary>Signed per request: <c>apiKey</c>, <c>recvWindow</c>, <c>timestamp</c> and <c>signature</c> in the params.</summary>
    Signature,

    /// <summary>On an authenticated session (<c>session.logon</c>): <c>recvWindow</c> and <c>timestamp</c> only.</summary>
    Session,
}
