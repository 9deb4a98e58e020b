using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Binance.WebSocketApi;

/// <summary>
/// Writes one WebSocket API request frame, <c>{"id":…,"method":…,"params":{…}}</c>, and signs it as
/// <c>web-socket-api.md</c> documents: every param but <c>signature</c> (including <c>apiKey</c>) sorted by name,
/// formatted <c>name=value</c> joined by <c>&amp;</c> with no percent-encoding, the UTF-8 bytes signed by the key's signer.
/// <c>timestamp</c> comes from the server clock at the moment of writing (after every wait) and is written as a number,
/// as is <c>recvWindow</c>; other values are written as the strings the endpoint's arguments produced (a JSON array
/// value such as <c>symbols</c> is written as an array).
/// </summary>
internal static class WebSocketApiRequestWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    /// <summary>Writes a request frame.</summary>
    /// <param name="id">The request id (echoed in the response).</param>
    /// <param name="method">The method, e.g. <c>order.place</c>.</param>
    /// <param name="parameters">The unsigned parameters.</param>
    /// <param name="mode">How the request is signed.</param>
    /// <param name="credentials">The key and signer (needed unless <paramref name="mode"/> is None).</param>
    /// <param name="clock">The server clock, for <c>timestamp</c>.</param>
    /// <param name="recvWindow">The <c>recvWindow</c>.</param>
    /// <returns>The UTF-8 frame.</returns>
    /// <exception cref="AuthenticationException">The request must be signed but no credentials are configured.</exception>
    public static byte[] Write(string id, string method, IReadOnlyList<KeyValuePair<string, string>> parameters, WebSocketApiSigningMode mode, WebSocketApiCredentials? credentials, IServerClock clock, TimeSpan recvWindow)
    {
        var all = BuildParams(method, parameters, mode, credentials, clock, recvWindow);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, id);
            writer.WriteString("method"u8, method);
            if (all.Count > 0)
            {
                writer.WritePropertyName("params"u8);
                writer.WriteStartObject();
                foreach (var (key, value) in all)
                {
                    WriteValue(writer, key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The params as sent: the given ones, then for signed modes <c>apiKey</c>, <c>recvWindow</c>, <c>timestamp</c>, sorted, and <c>signature</c> last.</summary>
    /// <param name="method">The method (for error messages).</param>
    /// <param name="parameters">The unsigned parameters.</param>
    /// <param name="mode">How the request is signed.</param>
    /// <param name="credentials">The key and signer.</param>
    /// <param name="clock">The server clock.</param>
    /// <param name="recvWindow">The <c>recvWindow</c>.</param>
    /// <returns>The parameters in the order they are written.</returns>
    public static List<KeyValuePair<string, string>> BuildParams(string method, IReadOnlyList<KeyValuePair<string, string>> parameters, WebSocketApiSigningMode mode, WebSocketApiCredentials? credentials, IServerClock clock, TimeSpan recvWindow)
    {
        var all = new List<KeyValuePair<string, string>>(parameters.Count + 4);
        all.AddRange(parameters);
        if (mode == WebSocketApiSigningMode.None)
        {
            return all;
        }

        if (credentials is null)
        {
            throw new AuthenticationException(
                $"{method} is a signed method but no credentials are configured: set BINANCE_API_KEY and BINANCE_API_SECRET (HMAC) or BINANCE_PRIVATE_KEY / BINANCE_PRIVATE_KEY_FILE (Ed25519 or RSA).");
        }

        if (mode == WebSocketApiSigningMode.Signature)
        {
            all.Add(new("apiKey", credentials.ApiKey.Reveal()));
        }

        all.Add(new("recvWindow", RequestSigning.FormatRecvWindow(recvWindow)));
        all.Add(new("timestamp", clock.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        all.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (mode == WebSocketApiSigningMode.Signature)
        {
            all.Add(new("signature", credentials.Signer.Sign(Encoding.UTF8.GetBytes(SignaturePayload(all)))));
        }

        return all;
    }

    /// <summary>The signature payload of sorted parameters: <c>name=value</c> joined by <c>&amp;</c>, not percent-encoded.</summary>
    /// <param name="sorted">The parameters, sorted by name, without <c>signature</c>.</param>
    /// <returns>The payload.</returns>
    public static string SignaturePayload(IEnumerable<KeyValuePair<string, string>> sorted)
    {
        var builder = new StringBuilder(256);
        foreach (var (key, value) in sorted)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(key).Append('=').Append(value);
        }

        return builder.ToString();
    }

    /// <summary>The frame with the values of <c>apiKey</c> and <c>signature</c> replaced, for logs.</summary>
    /// <param name="frame">The frame text.</param>
    /// <returns>The redacted text.</returns>
    public static string Redact(string frame)
    {
        foreach (var name in (ReadOnlySpan<string>)["\"apiKey\":\"", "\"signature\":\""])
        {
            var start = frame.IndexOf(name, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            start += name.Length;
            var end = frame.IndexOf('"', start);
            frame = end < 0 ? frame[..start] + "***" : frame[..start] + "***" + frame[end..];
        }

        return frame;
    }

    private static void WriteValue(Utf8JsonWriter writer, string key, string value)
    {
        if (key is "timestamp" or "recvWindow"
            && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            writer.WriteNumber(key, number);
            return;
        }

        if (value.Length > 1 && value[0] == '[' && value[^1] == ']' && IsJsonArray(value))
        {
            writer.WritePropertyName(key);
            writer.WriteRawValue(value, skipInputValidation: true);
            return;
        }

        writer.WriteString(key, value);
    }

    private static bool IsJsonArray(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
