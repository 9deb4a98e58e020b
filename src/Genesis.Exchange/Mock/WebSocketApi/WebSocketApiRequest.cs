using System.Text;
using System.Text.Json;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// One WebSocket API request as sent (web-socket-api.md, "Request format"): its id as raw JSON (echoed byte for byte),
/// its method, and its parameters as REST would receive them (strings as they are, numbers and booleans as their JSON
/// text, arrays as JSON text, as REST's <c>symbols=["A","B"]</c>).
/// </summary>
internal sealed class WebSocketApiRequest
{
    private WebSocketApiRequest(byte[] id, string? method, List<KeyValuePair<string, string>> parameters, bool? returnRateLimits)
    {
        Id = id;
        Method = method;
        Parameters = parameters;
        ReturnRateLimits = returnRateLimits;
    }

    /// <summary>The id as raw JSON (a string, a number or <c>null</c>).</summary>
    public byte[] Id { get; }

    /// <summary>The method, or null when missing.</summary>
    public string? Method { get; }

    /// <summary>The parameters, in the order sent.</summary>
    public List<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The request's <c>returnRateLimits</c>, or null when not sent.</summary>
    public bool? ReturnRateLimits { get; }

    /// <summary>Reads a request.</summary>
    /// <param name="message">The UTF-8 JSON text.</param>
    /// <returns>The request.</returns>
    /// <exception cref="JsonException">Not a JSON object, or <c>params</c> is not an object.</exception>
    public static WebSocketApiRequest Parse(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A request is a JSON object.");
        }

        var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null
            ? Encoding.UTF8.GetBytes(idElement.GetRawText())
            : WebSocketApiResponseWriter.NullId;
        var method = root.TryGetProperty("method", out var methodElement) && methodElement.ValueKind == JsonValueKind.String ? methodElement.GetString() : null;
        var parameters = new List<KeyValuePair<string, string>>();
        bool? returnRateLimits = null;
        if (root.TryGetProperty("params", out var paramsElement) && paramsElement.ValueKind != JsonValueKind.Null)
        {
            if (paramsElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("params is a JSON object.");
            }

            foreach (var property in paramsElement.EnumerateObject())
            {
                var value = property.Value;
                if (property.Name == "returnRateLimits" && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    returnRateLimits = value.GetBoolean();
                }

                string? text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => Compact(value),
                };
                if (text is not null)
                {
                    parameters.Add(new(property.Name, text));
                }
            }
        }

        return new WebSocketApiRequest(id, method, parameters, returnRateLimits);
    }

    private static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A parameter's value, or null.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public string? Get(string name)
    {
        foreach (var pair in Parameters)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>The signed payload: every parameter but <c>signature</c>, sorted by name, <c>name=value</c> joined by <c>&amp;</c>.</summary>
    /// <returns>The payload.</returns>
    public string SignaturePayload() => string.Join('&', Parameters
        .Where(p => p.Key != "signature")
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => p.Key + "=" + p.Value));
}
