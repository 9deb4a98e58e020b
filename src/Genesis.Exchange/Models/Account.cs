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
    /// <summary>The account's user id; null when the response did not say.</summary>
    public long? Uid { get; init; }

    /// <summary>All four commission rates as the exchange sent them in <c>commissionRates</c>; null when the response had only the legacy fields.</summary>
    public CommissionRates? CommissionRates { get; init; }

    /// <summary>Legacy maker commission in basis points (<c>makerCommission</c>, e.g. 15 = 0.15 %); null when not sent.</summary>
    public int? MakerCommissionBasisPoints { get; init; }

    /// <summary>Legacy taker commission in basis points (<c>takerCommission</c>); null when not sent.</summary>
    public int? TakerCommissionBasisPoints { get; init; }

    /// <summary>Legacy buyer commission in basis points (<c>buyerCommission</c>); null when not sent.</summary>
    public int? BuyerCommissionBasisPoints { get; init; }

    /// <summary>Legacy seller commission in basis points (<c>sellerCommission</c>); null when not sent.</summary>
    public int? SellerCommissionBasisPoints { get; init; }

    /// <summary>Whether the account is a broker sub-account; null when the response did not say.</summary>
    public bool? Brokered { get; init; }

    /// <summary>Whether every order of the account must use self-trade prevention; null when the response did not say.</summary>
    public bool? RequireSelfTradePrevention { get; init; }

    /// <summary>Whether the account is barred from the smart order router; null when the response did not say.</summary>
    public bool? PreventSor { get; init; }

    /// <summary>The balance of one asset, or a zero balance.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The balance.</returns>
    public Balance GetBalance(string asset) =>
        Balances.FirstOrDefault(b => string.Equals(b.Asset, asset, StringComparison.OrdinalIgnoreCase)) ?? new Balance(asset, 0m, 0m);
}

/// <summary>Commission rates (<c>commissionRates</c> of account information), as fractions (0.001 = 0.1 %).</summary>
/// <param name="Maker">Maker commission rate.</param>
/// <param name="Taker">Taker commission rate.</param>
/// <param name="Buyer">Buyer commission rate; null when not sent.</param>
/// <param name="Seller">Seller commission rate; null when not sent.</param>
public sealed record CommissionRates(decimal Maker, decimal Taker, decimal? Buyer, decimal? Seller);

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
    bool IsBestMatch)
{
    /// <summary>The id of the order list the trade's order belongs to; Binance sends -1 for an order outside a list. Null when the response did not say.</summary>
    public long? OrderListId { get; init; }
}
