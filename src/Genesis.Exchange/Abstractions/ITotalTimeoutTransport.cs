namespace Genesis.Exchange.Abstractions;

/// <summary>
/// A transport that enforces the options' total timeout itself (the resilience pipeline's timeout strategy) and reports
/// its expiry as <see cref="Errors.ExchangeTimeoutException"/>, so a caller need not arm a second timer per call.
/// </summary>
internal interface ITotalTimeoutTransport
{
    /// <summary>Whether every call through this transport is bounded by the total timeout.</summary>
    bool EnforcesTotalTimeout { get; }
}
