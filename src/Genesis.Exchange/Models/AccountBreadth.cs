namespace Genesis.Exchange.Models;

/// <summary>
/// The account's commission rates on one symbol (<c>GET /api/v3/account/commission</c>), as fractions (0.001 = 0.1 %).
/// A trade's commission is the standard rate, plus the special and tax rates, reduced by <see cref="Discount"/> when
/// paid in the discount asset.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="StandardCommission">The standard rates of the account's trades on the symbol.</param>
/// <param name="SpecialCommission">The special rates added to them.</param>
/// <param name="TaxCommission">The tax rates added to them.</param>
/// <param name="Discount">The discount on the standard rates when paying in the discount asset (BNB).</param>
public sealed record AccountCommission(
    string Symbol,
    CommissionRates StandardCommission,
    CommissionRates SpecialCommission,
    CommissionRates TaxCommission,
    CommissionDiscount Discount);
