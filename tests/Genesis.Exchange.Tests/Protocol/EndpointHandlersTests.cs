using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Protocol.Args;

namespace Genesis.Exchange.Tests.Protocol;

public sealed class EndpointHandlersTests
{
    private static readonly Endpoint<NoArgs, bool> First = Declare("first", "/api/v3/first");
    private static readonly Endpoint<NoArgs, bool> Second = Declare("second", "/api/v3/second");

    private static Endpoint<NoArgs, bool> Declare(string name, string path) =>
        new(name, HttpMethod.Get, path, EndpointSecurity.None, isIdempotent: true, RateLimitKinds.Request, name, static _ => 1, static (_, _) => true);

    [Fact]
    public void Constructor_Throws_NamingTheEndpoint_WhenAHandlerIsMissing()
    {
        var handlers = new Dictionary<EndpointDescriptor, string> { [First] = "one" };

        var ex = Assert.Throws<MissingEndpointHandlerException>(() => new EndpointHandlers<string>("The test server", [First, Second], handlers));

        Assert.Equal([Second], ex.Missing);
        Assert.Contains("second (GET /api/v3/second)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("The test server", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("first", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Throws_WhenAHandlerServesAnEndpointOutsideTheCatalogue()
    {
        var handlers = new Dictionary<EndpointDescriptor, string> { [First] = "one", [Second] = "two" };

        var ex = Assert.Throws<ArgumentException>(() => new EndpointHandlers<string>("The test server", [First], handlers));

        Assert.Contains("second", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGet_FindsTheHandler_ByTheRequestsEndpoint()
    {
        var registry = new EndpointHandlers<string>("The test server", [First, Second], new Dictionary<EndpointDescriptor, string> { [First] = "one", [Second] = "two" });
        var request = Second.CreateRequest(NoArgs.Instance);

        Assert.True(registry.TryGet(request.Endpoint, out var descriptor, out var handler));
        Assert.Same(Second, descriptor);
        Assert.Equal("two", handler);
    }

    [Fact]
    public void TryGet_ReturnsFalse_ForAnEndpointOutsideTheCatalogue()
    {
        var registry = new EndpointHandlers<string>("The test server", [First], new Dictionary<EndpointDescriptor, string> { [First] = "one" });

        Assert.False(registry.TryGet(Second.Endpoint, out _, out _));
    }
}
