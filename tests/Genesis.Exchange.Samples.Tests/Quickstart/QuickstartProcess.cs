using System.Diagnostics;
using System.Text;

namespace Genesis.Exchange.Samples.Tests.Quickstart;

/// <summary>The quickstart as a child process (the built sample next to this test assembly), with its output captured.</summary>
internal sealed class QuickstartProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    private QuickstartProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static QuickstartProcess Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Genesis.Exchange.Samples.Quickstart.dll");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Hermetic: no environment or keys from the machine running the tests.
        foreach (var name in new[] { "GenesisExchange__Environment", "BINANCE_API_KEY", "BINANCE_API_SECRET", "BINANCE_PRIVATE_KEY", "BINANCE_PRIVATE_KEY_FILE" })
        {
            info.Environment.Remove(name);
        }

        var process = new Process { StartInfo = info };
        var quickstart = new QuickstartProcess(process);
        process.OutputDataReceived += (_, e) => quickstart.Append(e.Data);
        process.ErrorDataReceived += (_, e) => quickstart.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return quickstart;
    }

    /// <summary>Waits until a line containing <paramref name="text"/> was printed.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            _waits.Add((text, seen));
        }

        return seen.Task.WaitAsync(timeout);
    }

    /// <summary>Waits for the process to end; returns false (and kills it) when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            _process.WaitForExit(); // drains the redirected output
            return true;
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            return false;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Sends SIGTERM, as a service manager or a container runtime does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            var text = _output.ToString();
            foreach (var wait in _waits.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                wait.Seen.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }
}
