namespace Genesis.Exchange.Abstractions;

/// <summary>
/// One request to the exchange, before signing. Parameters keep their order; <c>timestamp</c>, <c>recvWindow</c>
/// and <c>signature</c> are added by the transport immediately before the bytes go out (after every wait).
/// </summary>
public sealed class ExchangeRequest
{
    private bool _mayHaveBeenSent;
    private bool _earlierAttemptOutcomeUnknown;

    /// <summary>Creates a request.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="parameters">Parameters in order (unsigned).</param>
    /// <param name="weight">REQUEST_WEIGHT cost, from the endpoint's documented weight for these parameters.</param>
    /// <param name="correlationId">The correlation id; generated when null.</param>
    public ExchangeRequest(ExchangeEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> parameters, int weight, string? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        Endpoint = endpoint;
        Parameters = parameters;
        Weight = weight;
        CorrelationId = correlationId ?? Internal.CorrelationIds.Next();
    }

    /// <summary>The endpoint.</summary>
    public ExchangeEndpoint Endpoint { get; }

    /// <summary>Unsigned parameters, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The request weight.</summary>
    public int Weight { get; }

    /// <summary>The correlation id carried in log scopes and exceptions.</summary>
    public string CorrelationId { get; }

    /// <summary>How many times this request has been attempted (set by retry decorators, for logs).</summary>
    public int Attempt { get; set; }

    /// <summary>When the call entered the resilience pipeline (a <see cref="TimeProvider.GetTimestamp"/> value; 0 = not through it), for the total time budget of its retries.</summary>
    internal long PipelineStartedAt { get; set; }

    /// <summary>
    /// The token of the call inside the resilience pipeline (cancelled when its total time budget ends or when the caller's
    /// token is); none outside it. The steps below the pipeline send with it.
    /// </summary>
    internal CancellationToken CallToken { get; set; }

    /// <summary>
    /// Whether the request's bytes may have left the process: set by the innermost transport (see
    /// <see cref="MarkMayHaveBeenSent"/>) and never cleared. While it is false, a failure is certain to have
    /// happened before anything was sent (waiting in the rate limiter, time sync, an open circuit, signing), so an
    /// order that fails that way was not placed; once it is true, the exchange may have received the request.
    /// </summary>
    public bool MayHaveBeenSent => Volatile.Read(ref _mayHaveBeenSent);

    /// <summary>
    /// Whether an earlier attempt of this request ended without a clear answer (a 5xx, a timeout or a broken
    /// connection after the bytes may have left) before it was retried: the exchange may have executed it already.
    /// Set by the retry decorator; a cancel that then answers "unknown order" is checked against the order's state.
    /// </summary>
    public bool EarlierAttemptOutcomeUnknown
    {
        get => Volatile.Read(ref _earlierAttemptOutcomeUnknown);
        internal set => Volatile.Write(ref _earlierAttemptOutcomeUnknown, value);
    }

    /// <summary>
    /// Records that the request's bytes may leave the process from now on. A transport that puts requests on a wire
    /// (or hands them to anything that may execute them) must call this immediately before doing so: callers read
    /// <see cref="MayHaveBeenSent"/> after a failure to tell "certainly not sent" from "outcome unknown".
    /// </summary>
    public void MarkMayHaveBeenSent() => Volatile.Write(ref _mayHaveBeenSent, true);

    /// <summary>The value of a parameter, or null.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value or null.</returns>
    public string? GetParameter(string name)
    {
        foreach (var (key, value) in Parameters)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint.HttpMethod} {Endpoint.Path} (weight {Weight}, correlation {CorrelationId})";
}
