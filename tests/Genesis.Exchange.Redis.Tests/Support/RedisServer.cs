using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Garnet;
using StackExchange.Redis;

namespace Genesis.Exchange.Redis.Tests.Support;

/// <summary>
/// A real Redis-protocol server for the tests: the one named by <c>GENESIS_REDIS</c> (host:port, e.g. a
/// <c>redis-server</c> that .ci/run started), otherwise Microsoft Garnet started in-process on a free loopback port with
/// Lua enabled. It can be stopped and started again on the same port, to test an outage.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly bool _external;
    private GarnetServer? _garnet;

    private RedisServer(string host, int port, bool external)
    {
        Host = host;
        Port = port;
        _external = external;
    }

    /// <summary>The server's host.</summary>
    public string Host { get; }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>host:port.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>Which server runs: "garnet" or "redis-server".</summary>
    public string Kind => _external ? "redis-server" : "garnet";

    /// <summary>Starts Garnet on a free loopback port, or points at GENESIS_REDIS when it is set.</summary>
    public static RedisServer Start()
    {
        var external = Environment.GetEnvironmentVariable("GENESIS_REDIS");
        if (!string.IsNullOrWhiteSpace(external))
        {
            var parts = external.Trim().Split(':');
            return new RedisServer(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), external: true);
        }

        var server = new RedisServer("127.0.0.1", FreePort(), external: false);
        server.StartAgain();
        return server;
    }

    /// <summary>A connection that fails fast while the server is down and reconnects quickly when it is back.</summary>
    /// <param name="allowAdmin">Allow admin commands (SHUTDOWN, FLUSHALL).</param>
    /// <param name="operationTimeoutMs">
    /// How long a command may take before the client calls Redis failed (2 s: failure tests want it short; tests about
    /// atomicity under a race use more, so a CPU-starved machine is not mistaken for a Redis outage).
    /// </param>
    public ConnectionMultiplexer Connect(bool allowAdmin = false, int operationTimeoutMs = 2000)
    {
        var options = ConfigurationOptions.Parse(Endpoint);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = operationTimeoutMs;
        options.SyncTimeout = operationTimeoutMs;
        options.AllowAdmin = allowAdmin;
        options.ReconnectRetryPolicy = new LinearRetry(200);
        return ConnectionMultiplexer.Connect(options);
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Stops the server (Garnet: disposed; redis-server: SHUTDOWN NOSAVE).</summary>
    public void Stop()
    {
        if (_external)
        {
            using var admin = Connect(allowAdmin: true);
            try
            {
                admin.GetServer(Host, Port).Execute("SHUTDOWN", "NOSAVE");
            }
            catch (RedisConnectionException)
            {
                // The server closes the connection as it shuts down.
            }

            WaitUntil(() => !CanConnect(), TimeSpan.FromSeconds(10));
            return;
        }

        _garnet?.Dispose();
        _garnet = null;
    }

    /// <summary>Starts the server again on the same port.</summary>
    public void StartAgain()
    {
        if (_external)
        {
            using var process = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", Host, "--save", "", "--appendonly", "no", "--daemonize", "yes"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            process.WaitForExit(10_000);
            WaitUntil(CanConnect, TimeSpan.FromSeconds(10));
            return;
        }

        // Lua transaction mode: a script locks its keys, so scripts from different connections are atomic, as in Redis.
        // Retried: the port can stay busy for a moment after the previous instance stopped.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                var garnet = new GarnetServer(["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", Host, "--lua", "true", "--lua-transaction-mode", "true"]);
                garnet.Start();
                _garnet = garnet;
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_external)
        {
            Stop();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool CanConnect()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(Host, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The Redis server did not change state in time.");
            }

            Thread.Sleep(50);
        }
    }
}

/// <summary>One server for a test class.</summary>
public sealed class RedisServerFixture : IDisposable
{
    public RedisServer Server { get; } = RedisServer.Start();

    public void Dispose() => Server.Dispose();
}
