namespace Genesis.Exchange.Options;

/// <summary>The unit the exchange writes times in (<see cref="GenesisExchangeOptions.TimeUnit"/>).</summary>
public enum ExchangeTimeUnit
{
    /// <summary>Milliseconds, Binance's default.</summary>
    Millisecond = 0,

    /// <summary>
    /// Microseconds: REST requests send <c>X-MBX-TIME-UNIT: MICROSECOND</c> and stream URLs carry
    /// <c>timeUnit=MICROSECOND</c>, so every time in a response or event keeps its microseconds.
    /// </summary>
    Microsecond = 1,
}
