using System.Globalization;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Models;

/// <summary>The trading rules of one symbol, parsed from exchange info, with order validation and rounding helpers.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Status">Trading status.</param>
/// <param name="BaseAsset">Base asset.</param>
/// <param name="QuoteAsset">Quote asset.</param>
/// <param name="BaseAssetPrecision">Base asset precision.</param>
/// <param name="QuoteAssetPrecision">Quote asset precision.</param>
/// <param name="OrderTypes">Allowed order types; a type this version does not know is kept as <see cref="OrderType.Unknown"/> (see <see cref="RawOrderTypes"/>).</param>
/// <param name="Filters">All filters, including ones this version does not know.</param>
public sealed record SymbolRules(
    string Symbol,
    SymbolStatus Status,
    string BaseAsset,
    string QuoteAsset,
    int BaseAssetPrecision,
    int QuoteAssetPrecision,
    IReadOnlyList<OrderType> OrderTypes,
    IReadOnlyList<SymbolFilter> Filters)
{
    /// <summary>The raw status string as the exchange sent it (useful when <see cref="Status"/> is Unknown).</summary>
    public string RawStatus { get; init; } = string.Empty;

    /// <summary>The allowed order types as the exchange wrote them, including ones this version does not know.</summary>
    public IReadOnlyList<string> RawOrderTypes { get; init; } = [];

    /// <summary>
    /// The symbol's permission sets as the exchange wrote them (names are kept as strings, so new ones are never lost):
    /// an account may trade when it holds one permission of every set.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> PermissionSets { get; init; } = [];

    /// <summary>Whether iceberg orders are allowed.</summary>
    public bool IcebergAllowed { get; init; }

    /// <summary>Whether MARKET orders by quote quantity are allowed.</summary>
    public bool QuoteOrderQuantityMarketAllowed { get; init; } = true;

    /// <summary>The deprecated <c>quotePrecision</c> (same as <see cref="QuoteAssetPrecision"/>; to be removed by Binance in v4); null when not sent.</summary>
    public int? QuotePrecision { get; init; }

    /// <summary>Precision of commissions charged in the base asset; null when not sent.</summary>
    public int? BaseCommissionPrecision { get; init; }

    /// <summary>Precision of commissions charged in the quote asset; null when not sent.</summary>
    public int? QuoteCommissionPrecision { get; init; }

    /// <summary>Whether OCO order lists are allowed; null when not sent.</summary>
    public bool? OcoAllowed { get; init; }

    /// <summary>Whether OTO order lists are allowed; null when not sent.</summary>
    public bool? OtoAllowed { get; init; }

    /// <summary>Whether OPO order lists are allowed; null when not sent.</summary>
    public bool? OpoAllowed { get; init; }

    /// <summary>Whether trailing stop orders are allowed; null when not sent.</summary>
    public bool? AllowTrailingStop { get; init; }

    /// <summary>Whether cancel-replace is allowed; null when not sent.</summary>
    public bool? CancelReplaceAllowed { get; init; }

    /// <summary>Whether order amend (keep priority) is allowed; null when not sent.</summary>
    public bool? AmendAllowed { get; init; }

    /// <summary>Whether pegged orders are allowed; null when not sent.</summary>
    public bool? PegInstructionsAllowed { get; init; }

    /// <summary>Whether spot trading is allowed; null when not sent.</summary>
    public bool? IsSpotTradingAllowed { get; init; }

    /// <summary>Whether margin trading is allowed; null when not sent.</summary>
    public bool? IsMarginTradingAllowed { get; init; }

    /// <summary>The legacy <c>permissions</c> list as the exchange wrote it (Binance now sends it empty and uses <see cref="PermissionSets"/>).</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>The self-trade prevention mode orders get when they do not name one; null when not sent, Unknown when not known to this version (see <see cref="RawDefaultSelfTradePreventionMode"/>).</summary>
    public SelfTradePreventionMode? DefaultSelfTradePreventionMode { get; init; }

    /// <summary>The default self-trade prevention mode as the exchange wrote it; null when not sent.</summary>
    public string? RawDefaultSelfTradePreventionMode { get; init; }

    /// <summary>The self-trade prevention modes orders may use; a mode this version does not know is Unknown (see <see cref="RawAllowedSelfTradePreventionModes"/>).</summary>
    public IReadOnlyList<SelfTradePreventionMode> AllowedSelfTradePreventionModes { get; init; } = [];

    /// <summary>The allowed self-trade prevention modes as the exchange wrote them.</summary>
    public IReadOnlyList<string> RawAllowedSelfTradePreventionModes { get; init; } = [];

    /// <summary>Whether new orders are accepted (status TRADING).</summary>
    public bool IsTrading => Status == SymbolStatus.Trading;

    /// <summary>The filter of a type, if present.</summary>
    /// <typeparam name="T">The filter type.</typeparam>
    /// <returns>The filter or null.</returns>
    public T? GetFilter<T>()
        where T : SymbolFilter
    {
        var filters = Filters;
        for (var i = 0; i < filters.Count; i++)
        {
            if (filters[i] is T match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>Rounds a price down (buy) or up (sell)… or to nearest, to a multiple of the tick size.</summary>
    /// <param name="price">The price.</param>
    /// <param name="mode">Rounding direction.</param>
    /// <returns>The rounded price, normalized (no trailing zeros).</returns>
    public decimal RoundPrice(decimal price, RoundingMode mode = RoundingMode.Nearest)
    {
        var tick = GetFilter<PriceFilter>()?.TickSize ?? 0m;
        return RoundToStep(price, tick, mode);
    }

    /// <summary>Rounds a quantity to a multiple of the LOT_SIZE step (down by default, so the order never exceeds what was meant).</summary>
    /// <param name="quantity">The quantity.</param>
    /// <param name="mode">Rounding direction.</param>
    /// <returns>The rounded quantity.</returns>
    public decimal RoundQuantity(decimal quantity, RoundingMode mode = RoundingMode.Down)
    {
        var step = GetFilter<LotSizeFilter>()?.StepSize ?? 0m;
        return RoundToStep(quantity, step, mode);
    }

    /// <summary>Rounds a value to a multiple of a step.</summary>
    /// <param name="value">The value.</param>
    /// <param name="step">The step (0 leaves the value unchanged).</param>
    /// <param name="mode">Rounding direction.</param>
    /// <returns>The rounded, normalized value.</returns>
    public static decimal RoundToStep(decimal value, decimal step, RoundingMode mode)
    {
        if (step <= 0m)
        {
            return value;
        }

        var units = value / step;
        var rounded = mode switch
        {
            RoundingMode.Down => decimal.Floor(units),
            RoundingMode.Up => decimal.Ceiling(units),
            _ => decimal.Round(units, MidpointRounding.AwayFromZero),
        };
        return Normalize(rounded * step);
    }

    /// <summary>Throws when the symbol does not accept new orders.</summary>
    /// <exception cref="SymbolNotTradingException">Status is not TRADING.</exception>
    public void EnsureTrading()
    {
        if (!IsTrading)
        {
            throw new SymbolNotTradingException(Symbol, Status, string.IsNullOrEmpty(RawStatus) ? Status.ToString() : RawStatus);
        }
    }

    /// <summary>
    /// Validates an order against the symbol's status and filters before it leaves the process.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="referencePrice">The last or average price, for MARKET notional and PERCENT_PRICE checks (null skips those).</param>
    /// <exception cref="SymbolNotTradingException">The symbol is not TRADING.</exception>
    /// <exception cref="FilterViolationException">A filter is broken; the exception names the filter and the bound.</exception>
    /// <exception cref="ExchangeValidationException">The order is malformed for its type.</exception>
    public void ValidateOrder(OrderRequest order, decimal? referencePrice = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        EnsureTrading();

        if (!string.Equals(order.Symbol, Symbol, StringComparison.OrdinalIgnoreCase))
        {
            throw new ExchangeValidationException($"Order symbol '{order.Symbol}' does not match rules of '{Symbol}'.");
        }

        if (order.Type == OrderType.Unknown || order.Side == OrderSide.Unknown)
        {
            throw new ExchangeValidationException("Order type and side must be set.");
        }

        if (OrderTypes.Count > 0 && !OrderTypes.Contains(order.Type))
        {
            throw new ExchangeValidationException($"Order type {order.Type} is not allowed on {Symbol}.", binanceCode: -1014);
        }

        CheckPositive(order.Quantity, "quantity");
        CheckPositive(order.QuoteQuantity, "quoteOrderQty");
        CheckPositive(order.Price, "price");
        CheckPositive(order.StopPrice, "stopPrice");
        CheckPositive(order.IcebergQuantity, "icebergQty");

        var isMarket = order.Type is OrderType.Market or OrderType.StopLoss or OrderType.TakeProfit;
        var needsPrice = order.Type is OrderType.Limit or OrderType.LimitMaker or OrderType.StopLossLimit or OrderType.TakeProfitLimit;
        var needsStop = order.Type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;

        if (needsPrice && order.Price is null && order.PegPriceType is null)
        {
            throw new ExchangeValidationException($"{order.Type} orders need a price.", binanceCode: -1102);
        }

        if (needsStop && order.StopPrice is null && order.TrailingDelta is null)
        {
            // Binance: "Param 'stopPrice' or 'trailingDelta' must be sent" (a trailing stop may start without a stop price).
            throw new ExchangeValidationException($"{order.Type} orders need a stop price or a trailing delta.", binanceCode: -1102);
        }

        if (order.Type == OrderType.Market)
        {
            if (order.Quantity is null == order.QuoteQuantity is null)
            {
                throw new ExchangeValidationException("MARKET orders need exactly one of quantity or quoteOrderQty.", binanceCode: -1102);
            }

            if (order.QuoteQuantity is not null && !QuoteOrderQuantityMarketAllowed)
            {
                throw new ExchangeValidationException($"MARKET orders by quote quantity are not allowed on {Symbol}.", binanceCode: -2010);
            }
        }
        else if (order.Quantity is null)
        {
            throw new ExchangeValidationException($"{order.Type} orders need a quantity.", binanceCode: -1102);
        }

        if (order.IcebergQuantity is not null && !IcebergAllowed)
        {
            throw new ExchangeValidationException($"Iceberg orders are not allowed on {Symbol}.", binanceCode: -2010);
        }

        foreach (var price in new[] { order.Price, order.StopPrice })
        {
            if (price is { } p && GetFilter<PriceFilter>() is { } pf)
            {
                if (pf.MinPrice > 0 && p < pf.MinPrice)
                {
                    throw Violation(pf, $"price {Fmt(p)} is below minPrice {Fmt(pf.MinPrice)}", pf.MinPrice);
                }

                if (pf.MaxPrice > 0 && p > pf.MaxPrice)
                {
                    throw Violation(pf, $"price {Fmt(p)} is above maxPrice {Fmt(pf.MaxPrice)}", pf.MaxPrice);
                }

                if (pf.TickSize > 0 && (p - pf.MinPrice) % pf.TickSize != 0)
                {
                    throw Violation(pf, $"price {Fmt(p)} is not a multiple of tickSize {Fmt(pf.TickSize)}", pf.TickSize);
                }
            }
        }

        if (order.Quantity is { } qty)
        {
            CheckLot(GetFilter<LotSizeFilter>(), qty);
            if (isMarket && GetFilter<MarketLotSizeFilter>() is { } mls)
            {
                CheckLot(mls, qty);
            }
        }

        if (order.IcebergQuantity is { } iceberg && order.Quantity is { } total && GetFilter<IcebergPartsFilter>() is { } parts)
        {
            var count = decimal.Ceiling(total / iceberg);
            if (count > parts.Limit)
            {
                throw Violation(parts, $"iceberg would split into {Fmt(count)} parts, above the limit {parts.Limit}", parts.Limit);
            }
        }

        var price0 = order.Price ?? (isMarket ? referencePrice : null);
        if (price0 is { } np)
        {
            var notional = order.QuoteQuantity ?? np * (order.Quantity ?? 0m);
            if (GetFilter<MinNotionalFilter>() is { } mn && (!isMarket || mn.ApplyToMarket) && notional < mn.MinNotional)
            {
                throw Violation(mn, $"notional {Fmt(notional)} is below minNotional {Fmt(mn.MinNotional)}", mn.MinNotional);
            }

            if (GetFilter<NotionalFilter>() is { } nf)
            {
                if ((!isMarket || nf.ApplyMinToMarket) && notional < nf.MinNotional)
                {
                    throw Violation(nf, $"notional {Fmt(notional)} is below minNotional {Fmt(nf.MinNotional)}", nf.MinNotional);
                }

                if ((!isMarket || nf.ApplyMaxToMarket) && nf.MaxNotional > 0 && notional > nf.MaxNotional)
                {
                    throw Violation(nf, $"notional {Fmt(notional)} is above maxNotional {Fmt(nf.MaxNotional)}", nf.MaxNotional);
                }
            }
        }

        if (order.Price is { } lp && referencePrice is { } rp && rp > 0)
        {
            if (GetFilter<PercentPriceFilter>() is { } pp)
            {
                CheckPercent(pp, lp, rp * pp.MultiplierDown, rp * pp.MultiplierUp);
            }

            if (GetFilter<PercentPriceBySideFilter>() is { } ps)
            {
                var (down, up) = order.Side == OrderSide.Buy
                    ? (ps.BidMultiplierDown, ps.BidMultiplierUp)
                    : (ps.AskMultiplierDown, ps.AskMultiplierUp);
                CheckPercent(ps, lp, rp * down, rp * up);
            }
        }
    }

    private static void CheckPercent(SymbolFilter filter, decimal price, decimal low, decimal high)
    {
        if (price < low)
        {
            throw Violation(filter, $"price {Fmt(price)} is below {Fmt(low)} (average price × multiplierDown)", low);
        }

        if (price > high)
        {
            throw Violation(filter, $"price {Fmt(price)} is above {Fmt(high)} (average price × multiplierUp)", high);
        }
    }

    private static void CheckLot(SymbolFilter? filter, decimal qty)
    {
        var (min, max, step) = filter switch
        {
            LotSizeFilter l => (l.MinQuantity, l.MaxQuantity, l.StepSize),
            MarketLotSizeFilter m => (m.MinQuantity, m.MaxQuantity, m.StepSize),
            _ => (0m, 0m, 0m),
        };
        if (filter is null)
        {
            return;
        }

        if (min > 0 && qty < min)
        {
            throw Violation(filter, $"quantity {Fmt(qty)} is below minQty {Fmt(min)}", min);
        }

        if (max > 0 && qty > max)
        {
            throw Violation(filter, $"quantity {Fmt(qty)} is above maxQty {Fmt(max)}", max);
        }

        if (step > 0 && (qty - min) % step != 0)
        {
            throw Violation(filter, $"quantity {Fmt(qty)} is not a multiple of stepSize {Fmt(step)}", step);
        }
    }

    private static void CheckPositive(decimal? value, string name)
    {
        if (value is { } v && v <= 0)
        {
            throw new ExchangeValidationException($"{name} must be positive, got {Fmt(v)}.", binanceCode: -1100);
        }
    }

    private static FilterViolationException Violation(SymbolFilter filter, string detail, decimal bound) =>
        new(filter.FilterType, bound, $"Filter failure: {filter.FilterType}: {detail}.");

    private static string Fmt(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    internal static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}

/// <summary>Rounding directions for prices and quantities.</summary>
public enum RoundingMode
{
    /// <summary>To the nearest step (midpoint away from zero).</summary>
    Nearest,
    /// <summary>Towards zero.</summary>
    Down,
    /// <summary>Away from zero.</summary>
    Up,
}
