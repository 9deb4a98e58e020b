using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>
/// A scripted transport routed by endpoint name, whose steps say whether the request reached the wire before they
/// answer or fail (as the real innermost transport does with <see cref="ExchangeRequest.MarkMayHaveBeenSent"/>), so a
/// test can put a failure before or after the point where the exchange may have received the request.
/// Exchange info is always answered. The last step of an endpoint repeats.
/// </summary>
internal sealed class OrderWire : IExchangeTransport
{
    private readonly Dictionary<string, Queue<Step>> _steps = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public delegate ValueTask<ExchangeResponse> Step(ExchangeRequest request, CancellationToken cancellationToken);

    public List<ExchangeRequest> Requests { get; } = [];

    /// <summary>Signalled when a placement reaches this transport.</summary>
    public TaskCompletionSource PlacementArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count(string endpoint)
    {
        lock (_gate)
        {
            return Requests.Count(r => r.Endpoint.Name == endpoint);
        }
    }

    public OrderWire On(string endpoint, params Step[] steps)
    {
        lock (_gate)
        {
            if (!_steps.TryGetValue(endpoint, out var queue))
            {
                _steps[endpoint] = queue = new Queue<Step>();
            }

            foreach (var step in steps)
            {
                queue.Enqueue(step);
            }
        }

        return this;
    }

    public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        Step step;
        lock (_gate)
        {
            Requests.Add(request);
            if (request.Endpoint.Name == "exchangeInfo")
            {
                step = Answer(200, TestData.ExchangeInfoJson);
            }
            else if (!_steps.TryGetValue(request.Endpoint.Name, out var queue) || queue.Count == 0)
            {
                throw new InvalidOperationException($"No scripted step for {request.Endpoint.Name}.");
            }
            else
            {
                step = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            }
        }

        if (request.Endpoint.IsOrderPlacement)
        {
            PlacementArrived.TrySetResult();
        }

        return step(request, cancellationToken);
    }

    /// <summary>The request went out and the exchange answered.</summary>
    public static Step Answer(int status, string body, Dictionary<string, string>? headers = null) => (request, _) =>
    {
        request.MarkMayHaveBeenSent();
        return ValueTask.FromResult(new ExchangeResponse(status, Encoding.UTF8.GetBytes(body), headers));
    };

    /// <summary>The request went out and the order query finds the order in <paramref name="status"/>.</summary>
    public static Step Found(string status) => (request, cancellationToken) =>
        Answer(200, TestData.Order(request.GetParameter("origClientOrderId") ?? "by-id", status))(request, cancellationToken);

    /// <summary>The request went out; the order query answers "does not exist".</summary>
    public static Step NotFound() => Answer(400, """{"code":-2013,"msg":"Order does not exist."}""");

    /// <summary>The request may have gone out, then <paramref name="failure"/> happened.</summary>
    public static Step FailAfterSend(Exception failure) => (request, _) =>
    {
        request.MarkMayHaveBeenSent();
        return ValueTask.FromException<ExchangeResponse>(failure);
    };

    /// <summary>A layer above the wire failed before anything was sent.</summary>
    public static Step FailBeforeSend(Exception failure) => (_, _) => ValueTask.FromException<ExchangeResponse>(failure);

    /// <summary>The request went out and no answer comes until the token fires.</summary>
    public static Step HangAfterSend() => async (request, cancellationToken) =>
    {
        request.MarkMayHaveBeenSent();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };

    /// <summary>The request waits above the wire (e.g. in the rate limiter) until the token fires.</summary>
    public static Step HangBeforeSend() => async (_, cancellationToken) =>
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };
}
