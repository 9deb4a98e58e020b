namespace Genesis.Exchange.Health;

/// <summary>Counts of exchange calls and their latency, for health and metrics. Thread-safe.</summary>
public sealed class RequestStatistics
{
    private readonly Lock _gate = new();
    private long _succeeded;
    private long _failed;
    private double _latencyEwmaMs;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastError;

    /// <summary>Successful calls.</summary>
    public long Succeeded
    {
        get
        {
            lock (_gate)
            {
                return _succeeded;
            }
        }
    }

    /// <summary>Failed calls (error status or exception).</summary>
    public long Failed
    {
        get
        {
            lock (_gate)
            {
                return _failed;
            }
        }
    }

    /// <summary>Fraction of successful calls (1 when none were made).</summary>
    public double SuccessRate
    {
        get
        {
            lock (_gate)
            {
                var total = _succeeded + _failed;
                return total == 0 ? 1d : (double)_succeeded / total;
            }
        }
    }

    /// <summary>Exponentially weighted average latency in milliseconds (α = 0.2).</summary>
    public double AverageLatencyMs
    {
        get
        {
            lock (_gate)
            {
                return _latencyEwmaMs;
            }
        }
    }

    /// <summary>When the last call succeeded.</summary>
    public DateTimeOffset? LastSuccess
    {
        get
        {
            lock (_gate)
            {
                return _lastSuccess;
            }
        }
    }

    /// <summary>When the last call failed.</summary>
    public DateTimeOffset? LastFailure
    {
        get
        {
            lock (_gate)
            {
                return _lastFailure;
            }
        }
    }

    /// <summary>A short description of the last failure (no secrets).</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    internal void Record(bool success, double latencyMs, DateTimeOffset at, string? error)
    {
        lock (_gate)
        {
            if (success)
            {
                _succeeded++;
                _lastSuccess = at;
            }
            else
            {
                _failed++;
                _lastFailure = at;
                _lastError = error;
            }

            _latencyEwmaMs = _succeeded + _failed == 1 ? latencyMs : (0.8 * _latencyEwmaMs) + (0.2 * latencyMs);
        }
    }
}
