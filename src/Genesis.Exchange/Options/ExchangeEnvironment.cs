namespace Genesis.Exchange.Options;

/// <summary>Which exchange the library talks to.</summary>
public enum ExchangeEnvironment
{
    /// <summary>The in-memory mock exchange: no network at all. The default, even when keys are present.</summary>
    Mock = 0,
    /// <summary>Binance Spot Testnet (TLS, credentials required).</summary>
    Testnet,
    /// <summary>Binance Spot production (TLS, credentials required). Only ever chosen explicitly.</summary>
    Live,
    /// <summary>Custom base URLs, e.g. the fake Binance server on loopback. Plain HTTP is allowed only on loopback.</summary>
    Custom,
}
