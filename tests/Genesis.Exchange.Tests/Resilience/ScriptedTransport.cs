using System.Text;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;

namespace Genesis.Exchange.Tests.Resilience;

/// <summary>A fake inner transport that answers from a script, records every request and the time it arrived.</summary>
internal sealed class ScriptedTransport(TimeProvider time) : IExchangeTransport
{
    private readonly Queue<Func<ExchangeRequest, CancellationToken, ValueTask<ExchangeResponse>>> _script = new();
    private readonly Lock _gate = new();

    public List<ExchangeRequest> Requests { get; } = [];

    public List<DateTimeOffset> SentAt { get; } = [];

    /// <summary>Answers requests when the script is empty; 200 {} by default.</summary>
    public Func<ExchangeRequest, ExchangeResponse> Fallback { get; set; } = _ => Ok();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return Requests.Count;
            }
        }
    }

    public ScriptedTransport Then(ExchangeResponse response) => Then((_, _) => ValueTask.FromResult(response));

    public ScriptedTransport Then(Exception exception) => Then((_, _) => ValueTask.FromException<ExchangeResponse>(exception));

    public ScriptedTransport Then(Func<ExchangeRequest, ExchangeResponse> answer) => Then((r, _) => ValueTask.FromResult(answer(r)));

    public ScriptedTransport Then(Func<ExchangeRequest, CancellationToken, ValueTask<ExchangeResponse>> answer)
    {
        lock (_gate)
        {
            _script.Enqueue(answer);
        }

        return this;
    }

    public ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        Func<ExchangeRequest, CancellationToken, ValueTask<ExchangeResponse>>? answer;
        lock (_gate)
        {
            Requests.Add(request);
            SentAt.Add(time.GetUtcNow());
            _script.TryDequeue(out answer);
        }

        return answer is null ? ValueTask.FromResult(Fallback(request)) : answer(request, cancellationToken);
    }

    public static ExchangeResponse Ok(string body = "{}", params (string Name, string Value)[] headers) =>
        new(200, Encoding.UTF8.GetBytes(body), headers.ToDictionary(h => h.Name, h => h.Value));

    public static ExchangeResponse Status(int status, string body = "{}", TimeSpan? retryAfter = null) =>
        new(status, Encoding.UTF8.GetBytes(body), retryAfter is { } ra ? new Dictionary<string, string> { ["Retry-After"] = ((int)ra.TotalSeconds).ToString() } : null);

    public static ExchangeResponse Error(int status, int code, string msg = "error") =>
        Status(status, $"{{\"code\":{code},\"msg\":\"{msg}\"}}");
}

/// <summary>Requests for the tests.</summary>
internal static class TestRequests
{
    public static ExchangeRequest Market(int weight = 1) => new(BinanceEndpoints.Klines, [], weight);

    public static ExchangeRequest Account() => new(BinanceEndpoints.Account, [], 20);

    public static ExchangeRequest PlaceOrder() => new(BinanceEndpoints.PlaceOrder, [new("symbol", "BTCUSDT")], 1);

    public static ExchangeRequest Cancel() => new(BinanceEndpoints.CancelOrder, [new("symbol", "BTCUSDT")], 1);

    /// <summary>2026-01-01T00:00:00Z, the start of every window.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whether a permit was granted synchronously (the ValueTask is consumed here).</summary>
    public static bool CompletedNow<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully;

    /// <summary>Awaits a task with a bounded real-time guard (a signal, never a sleep).</summary>
    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Awaits a task with a bounded real-time guard (a signal, never a sleep).</summary>
    public static Task Within(this Task task) => task.WaitAsync(TimeSpan.FromSeconds(10));
}
