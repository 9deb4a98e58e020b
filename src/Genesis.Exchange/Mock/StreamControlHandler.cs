using System.Buffers;
using System.Text.Json;

namespace Genesis.Exchange.Mock;

/// <summary>
/// Answers the stream control messages (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY)
/// with <c>{"result":…,"id":N}</c>, and bad requests with the documented <c>{"code":…,"msg":…}</c> errors, wrapped
/// as the stream server sends them: <c>{"error":{"code":2,"msg":"…"},"id":N}</c>. A SUBSCRIBE naming a stream this
/// server cannot publish (<see cref="StreamSession.CanServe"/>) is refused as a whole with
/// <c>Invalid request: invalid stream</c>, never acknowledged. Shared by the mock's in-memory stream server and the
/// fake server.
/// </summary>
internal static class StreamControlHandler
{
    /// <summary>Handles one control message of a connection and returns the frame to send back.</summary>
    /// <param name="message">The UTF-8 JSON message the client sent.</param>
    /// <param name="connection">The connection's subscription state.</param>
    /// <returns>The answer frame.</returns>
    public static ReadOnlyMemory<byte> Handle(ReadOnlySpan<byte> message, StreamSession connection)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            return Error(3, $"Invalid JSON: expected value at line {line} column {column}", null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Error(3, "Invalid JSON: expected value at line 1 column 1", null);
            }

            ulong? id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetUInt64(out var parsed)
                ? parsed
                : null;
            if (!root.TryGetProperty("method", out var methodElement))
            {
                return Error(2, "Invalid request: missing field `method` at line 1 column 1", id);
            }

            if (id is null)
            {
                return Error(2, "Invalid request: request ID must be an unsigned integer", null);
            }

            var method = methodElement.ValueKind == JsonValueKind.String ? methodElement.GetString() : methodElement.GetRawText();
            var hasParams = root.TryGetProperty("params", out var parameters);
            return method switch
            {
                "SUBSCRIBE" or "UNSUBSCRIBE" => Subscribe(connection, method == "SUBSCRIBE", hasParams ? parameters : default, id!.Value),
                "LIST_SUBSCRIPTIONS" => Result(id!.Value, w =>
                {
                    w.WriteStartArray();
                    foreach (var stream in connection.ListStreams())
                    {
                        w.WriteStringValue(stream);
                    }

                    w.WriteEndArray();
                }),
                "SET_PROPERTY" => SetProperty(connection, hasParams ? parameters : default, id!.Value),
                "GET_PROPERTY" => GetProperty(connection, hasParams ? parameters : default, id!.Value),
                _ => Error(2, $"Invalid request: unknown variant `{method}`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28", id),
            };
        }
    }

    private static ReadOnlyMemory<byte> Subscribe(StreamSession connection, bool subscribe, JsonElement parameters, ulong id)
    {
        if (parameters.ValueKind != JsonValueKind.Array)
        {
            return Error(2, "Invalid request: missing field `params`", id);
        }

        var streams = new List<string>();
        foreach (var item in parameters.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
            {
                return Error(2, "Invalid request: stream name must be a string", id);
            }

            streams.Add(item.GetString()!);
        }

        if (subscribe && !streams.TrueForAll(connection.CanServe))
        {
            return Error(2, "Invalid request: invalid stream", id);
        }

        foreach (var stream in streams)
        {
            if (subscribe)
            {
                connection.AddStream(stream);
            }
            else
            {
                connection.RemoveStream(stream);
            }
        }

        return Result(id, w => w.WriteNullValue());
    }

    private static ReadOnlyMemory<byte> SetProperty(StreamSession connection, JsonElement parameters, ulong id)
    {
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() == 0 || parameters[0].ValueKind != JsonValueKind.String)
        {
            return Error(2, "Invalid request: property name must be a string", id);
        }

        if (parameters.GetArrayLength() > 2)
        {
            return Error(2, "Invalid request: too many parameters", id);
        }

        if (parameters[0].GetString() != "combined")
        {
            return Error(0, "Unknown property", id);
        }

        if (parameters.GetArrayLength() < 2 || parameters[1].ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Error(1, "Invalid value type: expected Boolean", id);
        }

        connection.Combined = parameters[1].GetBoolean();
        return Result(id, w => w.WriteNullValue());
    }

    private static ReadOnlyMemory<byte> GetProperty(StreamSession connection, JsonElement parameters, ulong id)
    {
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() == 0 || parameters[0].ValueKind != JsonValueKind.String)
        {
            return Error(2, "Invalid request: property name must be a string", id);
        }

        if (parameters.GetArrayLength() > 1)
        {
            return Error(2, "Invalid request: too many parameters", id);
        }

        if (parameters[0].GetString() != "combined")
        {
            return Error(0, "Unknown property", id);
        }

        var combined = connection.Combined;
        return Result(id, w => w.WriteBooleanValue(combined));
    }

    private static ReadOnlyMemory<byte> Result(ulong id, Action<Utf8JsonWriter> writeResult) => Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("result");
        writeResult(w);
        w.WriteNumber("id", id);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Error(int code, string message, ulong? id) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("msg", message);
        w.WriteEndObject();
        if (id is { } value)
        {
            w.WriteNumber("id", value);
        }
        else
        {
            w.WriteNull("id");
        }

        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }
}
