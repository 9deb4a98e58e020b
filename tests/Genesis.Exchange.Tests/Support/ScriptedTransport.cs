using System.Text;
using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Tests.Support;

/// <summary>A transport that answers from a script and records what it was sent; it stands for the wire, so it marks every request as possibly sent.</summary>
internal sealed class ScriptedTransport : IExchangeTransport
{
    private readonly Queue<Func<ExchangeRequest, ExchangeResponse>> _script = new();
    private readonly Func<ExchangeRequest, ExchangeResponse>? _fallback;

    public ScriptedTransport(Func<ExchangeRequest, ExchangeResponse>? fallback = null) => _fallback = fallback;

    public List<ExchangeRequest> Requests { get; } = [];

    public ScriptedTransport Then(Func<ExchangeRequest, ExchangeResponse> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public ScriptedTransport ThenJson(string json, int status = 200, Dictionary<string, string>? headers = null) =>
        Then(_ => Json(json, status, headers));

    public ScriptedTransport ThenThrow(Exception ex) => Then(_ => throw ex);

    public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        // Like a real innermost transport: from here on the exchange may have the request.
        request.MarkMayHaveBeenSent();
        Requests.Add(request);
        if (_script.TryDequeue(out var step))
        {
            return ValueTask.FromResult(step(request));
        }

        return _fallback is not null
            ? ValueTask.FromResult(_fallback(request))
            : throw new InvalidOperationException($"No scripted response for {request}.");
    }

    public static ExchangeResponse Json(string json, int status = 200, Dictionary<string, string>? headers = null) =>
        new(status, Encoding.UTF8.GetBytes(json), headers);
}
