namespace Genesis.Exchange.Models;

/// <summary>One asset balance of an account.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="Free">Available amount.</param>
/// <param name="Locked">Amount locked in open orders.</param>
public sealed record Balance(string Asset, decimal Free, decimal Locked)
{
    /// <summary>Free plus locked.</summary>
    public decimal Total => Free + Locked;
}

/// <summary>Account information (<c>GET /api/v3/account</c>).</summary>
/// <param name="MakerCommissionRate">Maker commission rate (e.g. 0.001 for 0.1 %).</param>
/// <param name="TakerCommissionRate">Taker commission rate.</param>
/// <param name="CanTrade">Whether the account may trade.</param>
/// <param name="CanWithdraw">Whether the account may withdraw.</param>
/// <param name="CanDeposit">Whether the account may deposit.</param>
/// <param name="UpdateTime">Last update; null when the response did not say.</param>
/// <param name="AccountType">Account type (e.g. SPOT).</param>
/// <param name="Balances">Balances.</param>
/// <param name="Permissions">Permissions.</param>
public sealed record AccountInfo(
    decimal MakerCommissionRate,
    decimal TakerCommissionRate,
    bool CanTrade,
    bool CanWithdraw,
    bool CanDeposit,
    DateTimeOffset? UpdateTime,
    string AccountType,
    IReadOnlyList<Balance> Balances,
    IReadOnlyList<string> Permissions)
{
    /// <summary>The balance of one asset, or a zero balance.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The balance.</returns>
    public Balance GetBalance(string asset) =>
        Balances.FirstOrDefault(b => string.Equals(b.Asset, asset, StringComparison.OrdinalIgnoreCase)) ?? new Balance(asset, 0m, 0m);
}

/// <summary>One of the account's own trades (<c>GET /api/v3/myTrades</c>).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Id">The trade id.</param>
/// <param name="OrderId">The exchange order id.</param>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The base quantity.</param>
/// <param name="QuoteQuantity">The quote quantity.</param>
/// <param name="Commission">The commission charged.</param>
/// <param name="CommissionAsset">The commission asset.</param>
/// <param name="Time">When the trade happened.</param>
/// <param name="IsBuyer">Whether the account was the buyer.</param>
/// <param name="IsMaker">Whether the account was the maker.</param>
/// <param name="IsBestMatch">Whether it was the best match.</param>
public sealed record AccountTrade(
    string Symbol,
    long Id,
    long OrderId,
    decimal Price,
    decimal Quantity,
    decimal QuoteQuantity,
    decimal Commission,
    string CommissionAsset,
    DateTimeOffset Time,
    bool IsBuyer,
    bool IsMaker,
    bool IsBestMatch);
