using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>
/// Turns the millisecond times of a back end's JSON answer into microseconds, for a request that sent
/// <c>X-MBX-TIME-UNIT: MICROSECOND</c>. The mock exchange keeps milliseconds, so the microsecond part is zero.
/// </summary>
internal static class ResponseTimes
{
    // Every time field of the REST answers the fake server relays (orders, trades, tickers, account, exchange info).
    private static readonly HashSet<string> TimeFields = new(StringComparer.Ordinal)
    {
        "serverTime", "time", "transactTime", "updateTime", "workingTime", "openTime", "closeTime", "T",
    };

    /// <summary>The body with its times in microseconds; a body that is not JSON is returned unchanged.</summary>
    /// <param name="body">The back end's answer.</param>
    /// <param name="isKlines">Whether the body is a kline list (open and close times at indexes 0 and 6).</param>
    /// <returns>The rewritten body.</returns>
    public static ReadOnlyMemory<byte> ToMicroseconds(ReadOnlyMemory<byte> body, bool isKlines)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span);
        }
        catch (JsonException)
        {
            return body;
        }

        if (isKlines && root is JsonArray klines)
        {
            foreach (var kline in klines)
            {
                if (kline is JsonArray k && k.Count > 6)
                {
                    // A kline closes one unit before the next opens: ...59999 ms is ...59999999 µs.
                    k[0] = Scale(k[0]);
                    k[6] = Scale(k[6], lastOfMillisecond: true);
                }
            }
        }
        else if (root is not null)
        {
            Rewrite(root);
        }

        return root is null ? body : Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (obj[name] is { } child)
                    {
                        if (TimeFields.Contains(name) && child is JsonValue)
                        {
                            obj[name] = Scale(child);
                        }
                        else
                        {
                            Rewrite(child);
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Rewrite(item);
                    }
                }

                break;
        }
    }

    // -1 ("not working yet") stays -1, as Binance writes it in either unit.
    private static JsonNode? Scale(JsonNode? value, bool lastOfMillisecond = false) =>
        value is JsonValue v && v.TryGetValue<long>(out var ms) ? JsonValue.Create(ms < 0 ? ms : (ms * 1000) + (lastOfMillisecond ? 999 : 0)) : value?.DeepClone();
}
