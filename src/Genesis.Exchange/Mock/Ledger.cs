namespace Genesis.Exchange.Mock;

/// <summary>
/// Balances of every owner (free and locked) per asset, plus the commission the exchange collected. Assets are
/// indexed once at set-up so the matching hot path works on arrays.
/// </summary>
internal sealed class Ledger
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];
    private readonly decimal[][] _free;
    private readonly decimal[][] _locked;
    private decimal[] _commission = new decimal[8];

    /// <summary>Creates a ledger.</summary>
    /// <param name="owners">Number of owners.</param>
    public Ledger(int owners)
    {
        _free = new decimal[owners][];
        _locked = new decimal[owners][];
        for (var i = 0; i < owners; i++)
        {
            _free[i] = new decimal[8];
            _locked[i] = new decimal[8];
        }
    }

    /// <summary>Number of owners.</summary>
    public int Owners => _free.Length;

    /// <summary>Asset names in index order.</summary>
    public IReadOnlyList<string> Assets => _names;

    /// <summary>The index of an asset, added when new.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The index.</returns>
    public int GetOrAddAsset(string asset)
    {
        if (_index.TryGetValue(asset, out var i))
        {
            return i;
        }

        i = _names.Count;
        _names.Add(asset.ToUpperInvariant());
        _index[asset] = i;
        if (i >= _commission.Length)
        {
            var size = _commission.Length * 2;
            Array.Resize(ref _commission, size);
            for (var o = 0; o < _free.Length; o++)
            {
                Array.Resize(ref _free[o], size);
                Array.Resize(ref _locked[o], size);
            }
        }

        return i;
    }

    /// <summary>The index of an asset, or -1.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The index or -1.</returns>
    public int FindAsset(string asset) => _index.TryGetValue(asset, out var i) ? i : -1;

    /// <summary>Free amount (by reference, for the engine).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="asset">The asset index.</param>
    /// <returns>A reference to the amount.</returns>
    public ref decimal Free(int owner, int asset) => ref _free[owner][asset];

    /// <summary>Locked amount (by reference, for the engine).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="asset">The asset index.</param>
    /// <returns>A reference to the amount.</returns>
    public ref decimal Locked(int owner, int asset) => ref _locked[owner][asset];

    /// <summary>Commission collected in an asset (by reference).</summary>
    /// <param name="asset">The asset index.</param>
    /// <returns>A reference to the amount.</returns>
    public ref decimal Commission(int asset) => ref _commission[asset];

    /// <summary>Adds free funds to an owner.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="amount">The amount (not negative).</param>
    public void Deposit(int owner, string asset, decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        _free[owner][GetOrAddAsset(asset)] += amount;
    }

    /// <summary>Moves funds from free to locked; false (and nothing moved) when free is short.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="asset">The asset index.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>Whether the funds were locked.</returns>
    public bool TryLock(int owner, int asset, decimal amount)
    {
        ref var free = ref _free[owner][asset];
        if (free < amount)
        {
            return false;
        }

        free -= amount;
        _locked[owner][asset] += amount;
        return true;
    }

    /// <summary>Moves funds from locked back to free.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="asset">The asset index.</param>
    /// <param name="amount">The amount.</param>
    public void Unlock(int owner, int asset, decimal amount)
    {
        _locked[owner][asset] -= amount;
        _free[owner][asset] += amount;
    }

    /// <summary>Free plus locked of every owner plus collected commission: constant under trading.</summary>
    /// <param name="asset">The asset index.</param>
    /// <returns>The total.</returns>
    public decimal Total(int asset)
    {
        var total = _commission[asset];
        for (var o = 0; o < _free.Length; o++)
        {
            total += _free[o][asset] + _locked[o][asset];
        }

        return total;
    }
}
