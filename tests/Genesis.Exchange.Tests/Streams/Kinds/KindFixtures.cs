using System.Text;
using Genesis.Exchange.Binance.Streams;

namespace Genesis.Exchange.Tests.Streams.Kinds;

/// <summary>The docs' stream examples copied under <c>tests/fixtures/stream-kinds</c> (see its SOURCE.md), and frame helpers.</summary>
internal static class KindFixtures
{
    public static byte[] Example(string name) =>
        File.ReadAllBytes(Path.Combine(Support.TestPaths.Fixtures, "stream-kinds", "web-socket-streams__" + name + "__Payload.json"));

    public static byte[] Wrap(string stream, byte[] payload) => Encoding.UTF8.GetBytes($"{{\"stream\":\"{stream}\",\"data\":{Encoding.UTF8.GetString(payload)}}}");

    public static byte[] Wrap(string stream, string payload) => Encoding.UTF8.GetBytes($"{{\"stream\":\"{stream}\",\"data\":{payload}}}");

    /// <summary>Parses through a resolver that knows exactly one stream.</summary>
    public static StreamMessage ParseRouted(byte[] frame, string stream, StreamMessageKind kind)
    {
        var table = new StreamRouteTable();
        table.Set(new StreamRoute(stream, kind));
        return StreamMessageParser.Parse(frame, table);
    }

    public static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
