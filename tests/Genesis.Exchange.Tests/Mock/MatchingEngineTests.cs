using CsCheck;
using Genesis.Exchange.Mock;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Mock;

public sealed class MatchingEngineTests
{
    private const int Account = MatchingEngine.AccountOwner;
    private const int Maker = MatchingEngine.MarketMakerOwner;

    private readonly MatchingEngine _engine;
    private readonly LimitOrderBook _book;

    public MatchingEngineTests()
    {
        _engine = new MatchingEngine(accountMakerRate: 0.001m, accountTakerRate: 0.002m);
        _book = _engine.AddSymbol("BTCUSDT", "BTC", "USDT", 0.001m);
        _engine.Ledger.Deposit(Account, "USDT", 10_000m);
        _engine.Ledger.Deposit(Account, "BTC", 10m);
        _engine.Ledger.Deposit(Maker, "USDT", 1_000_000m);
        _engine.Ledger.Deposit(Maker, "BTC", 1_000m);
    }

    private decimal Free(int owner, string asset) => _engine.Ledger.Free(owner, _engine.Ledger.FindAsset(asset));

    private decimal Locked(int owner, string asset) => _engine.Ledger.Locked(owner, _engine.Ledger.FindAsset(asset));

    private EngineOrder Place(int owner, OrderSide side, OrderType type, decimal qty, decimal price = 0m, TimeInForce tif = TimeInForce.Gtc, decimal stop = 0m, decimal quote = 0m)
    {
        var outcome = _engine.Place(_book, new OrderSpec(owner, side, type, tif, price, stop, qty, quote, "c"), 1000, out var order);
        Assert.Equal(PlaceOutcome.Accepted, outcome);
        return order!;
    }

    private PlaceOutcome TryPlace(int owner, OrderSide side, OrderType type, decimal qty, decimal price = 0m, TimeInForce tif = TimeInForce.Gtc, decimal stop = 0m) =>
        _engine.Place(_book, new OrderSpec(owner, side, type, tif, price, stop, qty, 0m, "c"), 1000, out _);

    [Fact]
    public void Limit_Crosses_FillsAtRestingPrice()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);

        var buy = Place(Account, OrderSide.Buy, OrderType.Limit, 1m, 105m);

        Assert.Equal(OrderStatus.Filled, buy.Status);
        Assert.Equal(100m, buy.CumulativeQuote);
        Assert.Equal(100m, Assert.Single(_engine.LastFills).Price);
    }

    [Fact]
    public void Limit_CrossesPartially_RestsRemainderAndLocksOnlyWhatItNeeds()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 0.4m, 100m);

        var buy = Place(Account, OrderSide.Buy, OrderType.Limit, 1m, 105m);

        Assert.Equal(OrderStatus.PartiallyFilled, buy.Status);
        Assert.Equal(0.4m, buy.Executed);
        Assert.Equal(105m * 0.6m, Locked(Account, "USDT"));
        Assert.Equal(10_000m - 40m - 63m, Free(Account, "USDT"));
        Assert.Equal(0.6m, _book.Bids.Best!.Total);
    }

    [Fact]
    public void Limit_SamePrice_FillsInTimePriority()
    {
        var first = Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        var second = Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);

        Place(Account, OrderSide.Buy, OrderType.Limit, 1.5m, 100m);

        Assert.Equal(OrderStatus.Filled, first.Status);
        Assert.Equal(0.5m, second.Executed);
    }

    [Fact]
    public void Market_SweepsLevels_BestPriceFirst()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 102m);
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 101m);

        var buy = Place(Account, OrderSide.Buy, OrderType.Market, 1.5m);

        Assert.Equal(OrderStatus.Filled, buy.Status);
        Assert.Equal([101m, 102m], _engine.LastFills.Select(f => f.Price));
        Assert.Equal(101m + 51m, buy.CumulativeQuote);
    }

    [Fact]
    public void Market_ByQuoteQuantity_SpendsAtMostTheQuote()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 10m, 100m);

        var buy = Place(Account, OrderSide.Buy, OrderType.Market, 0m, quote: 250.55m);

        Assert.Equal(OrderStatus.Filled, buy.Status);
        Assert.Equal(2.505m, buy.Executed);
        Assert.Equal(2.505m, buy.Quantity);
        Assert.Equal(250.5m, buy.CumulativeQuote);
        Assert.Equal(0m, Locked(Account, "USDT"));
    }

    [Fact]
    public void Market_EmptyBook_Expires()
    {
        var buy = Place(Account, OrderSide.Buy, OrderType.Market, 1m);

        Assert.Equal(OrderStatus.Expired, buy.Status);
        Assert.Equal(0m, buy.Executed);
    }

    [Fact]
    public void Fok_NotEnoughLiquidity_ExpiresWithNothingFilled()
    {
        var ask = Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);

        var buy = Place(Account, OrderSide.Buy, OrderType.Limit, 2m, 100m, TimeInForce.Fok);

        Assert.Equal(OrderStatus.Expired, buy.Status);
        Assert.Equal(0m, buy.Executed);
        Assert.Equal(0m, ask.Executed);
        Assert.Equal(0m, Locked(Account, "USDT"));
        Assert.Equal(10_000m, Free(Account, "USDT"));
    }

    [Fact]
    public void Fok_EnoughLiquidity_FillsCompletely()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 101m);

        var buy = Place(Account, OrderSide.Buy, OrderType.Limit, 2m, 101m, TimeInForce.Fok);

        Assert.Equal(OrderStatus.Filled, buy.Status);
    }

    [Fact]
    public void Ioc_PartialLiquidity_FillsWhatItCanAndExpiresTheRest()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);

        var buy = Place(Account, OrderSide.Buy, OrderType.Limit, 3m, 100m, TimeInForce.Ioc);

        Assert.Equal(OrderStatus.Expired, buy.Status);
        Assert.Equal(1m, buy.Executed);
        Assert.Null(_book.Bids.Best);
        Assert.Equal(0m, Locked(Account, "USDT"));
    }

    [Fact]
    public void LimitMaker_WouldCross_IsRejected()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);

        var outcome = TryPlace(Account, OrderSide.Buy, OrderType.LimitMaker, 1m, 100m);

        Assert.Equal(PlaceOutcome.WouldMatchAndTake, outcome);
        Assert.Equal(10_000m, Free(Account, "USDT"));
    }

    [Fact]
    public void LimitMaker_DoesNotCross_Rests()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);

        var order = Place(Account, OrderSide.Buy, OrderType.LimitMaker, 1m, 99m);

        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal(99m, _book.Bids.Best!.Price);
    }

    [Fact]
    public void StopLoss_LastPriceFallsToStop_TriggersAndSells()
    {
        Place(Maker, OrderSide.Buy, OrderType.Limit, 5m, 95m);
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        Place(Maker, OrderSide.Buy, OrderType.Limit, 1m, 100m); // trade at 100
        var stop = Place(Account, OrderSide.Sell, OrderType.StopLoss, 1m, stop: 96m);
        Assert.Equal(OrderStatus.New, stop.Status);
        Assert.False(stop.IsWorking);

        Place(Maker, OrderSide.Sell, OrderType.Market, 1m); // trade at 95: last price crosses 96

        Assert.Equal(OrderStatus.Filled, stop.Status);
        Assert.Equal(95m, stop.CumulativeQuote);
    }

    [Fact]
    public void StopLossLimit_AlreadyCrossed_IsRejectedAsWouldTriggerImmediately()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        Place(Maker, OrderSide.Buy, OrderType.Limit, 1m, 100m); // last price 100

        var outcome = TryPlace(Account, OrderSide.Sell, OrderType.StopLossLimit, 1m, 99m, stop: 101m);

        Assert.Equal(PlaceOutcome.WouldTriggerImmediately, outcome);
    }

    [Fact]
    public void TakeProfitLimit_LastPriceRisesToStop_TriggersAndRestsAsLimit()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        Place(Maker, OrderSide.Buy, OrderType.Limit, 1m, 100m); // last price 100
        var tp = Place(Account, OrderSide.Sell, OrderType.TakeProfitLimit, 1m, 120m, stop: 105m);
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 106m);

        Place(Maker, OrderSide.Buy, OrderType.Limit, 1m, 106m); // trade at 106

        Assert.True(tp.IsWorking);
        Assert.Equal(OrderStatus.New, tp.Status);
        Assert.Equal(120m, _book.Asks.Best!.Price);
    }

    [Fact]
    public void Place_InsufficientBalance_IsRejectedAndNothingMoves()
    {
        var outcome = TryPlace(Account, OrderSide.Buy, OrderType.Limit, 1m, 20_000m);

        Assert.Equal(PlaceOutcome.InsufficientBalance, outcome);
        Assert.Equal(10_000m, Free(Account, "USDT"));
        Assert.Equal(0m, Locked(Account, "USDT"));
    }

    [Fact]
    public void Market_CostAboveBalance_IsRejected()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1000m, 100m);

        var outcome = TryPlace(Account, OrderSide.Buy, OrderType.Market, 200m);

        Assert.Equal(PlaceOutcome.InsufficientBalance, outcome);
    }

    [Fact]
    public void Cancel_RestingOrder_ReleasesLockedFunds()
    {
        var buy = Place(Account, OrderSide.Buy, OrderType.Limit, 2m, 100m);
        Assert.Equal(200m, Locked(Account, "USDT"));

        var canceled = _engine.Cancel(buy, 2000);

        Assert.True(canceled);
        Assert.Equal(OrderStatus.Canceled, buy.Status);
        Assert.Equal(0m, Locked(Account, "USDT"));
        Assert.Equal(10_000m, Free(Account, "USDT"));
        Assert.Null(_book.Bids.Best);
    }

    [Fact]
    public void Cancel_FilledOrder_ReturnsFalse()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        var buy = Place(Account, OrderSide.Buy, OrderType.Limit, 1m, 100m);

        Assert.False(_engine.Cancel(buy, 2000));
    }

    [Fact]
    public void Fill_ChargesCommissionFromReceivedAsset_AtTakerAndMakerRates()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        Place(Account, OrderSide.Buy, OrderType.Limit, 1m, 100m);    // account takes: 0.2 % of 1 BTC
        var ask = Place(Account, OrderSide.Sell, OrderType.Limit, 1m, 110m);
        Place(Maker, OrderSide.Buy, OrderType.Market, 1m);            // account makes: 0.1 % of 110 USDT

        Assert.Equal(OrderStatus.Filled, ask.Status);
        Assert.Equal(10m + 1m - 0.002m - 1m, Free(Account, "BTC"));
        Assert.Equal(10_000m - 100m + 110m - 0.11m, Free(Account, "USDT"));
        Assert.Equal(0.002m, _engine.Ledger.Commission(_engine.Ledger.FindAsset("BTC")));
        Assert.Equal(0.11m, _engine.Ledger.Commission(_engine.Ledger.FindAsset("USDT")));
    }

    [Fact]
    public void Trades_HaveIncreasingIds_AndAreKeptInTheRing()
    {
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 100m);
        Place(Maker, OrderSide.Sell, OrderType.Limit, 1m, 101m);

        Place(Account, OrderSide.Buy, OrderType.Market, 2m);

        Assert.Equal(2, _book.LastTradeId);
        Assert.Equal(100m, _book.GetTrade(1).Price);
        Assert.Equal(101m, _book.GetTrade(2).Price);
    }

    private enum Action
    {
        Place,
        Cancel,
    }

    private sealed record Op(Action Action, int Owner, OrderSide Side, OrderType Type, TimeInForce Tif, int PriceTicks, int StopTicks, int QtyLots, int CancelIndex);

    [Fact]
    public void RandomOrderSequences_ConserveTotals_NeverGoNegative_NeverCrossTheBook()
    {
        OrderSide[] sides = [OrderSide.Buy, OrderSide.Sell];
        OrderType[] types = [OrderType.Limit, OrderType.Market, OrderType.LimitMaker, OrderType.StopLoss, OrderType.StopLossLimit, OrderType.TakeProfit, OrderType.TakeProfitLimit];
        TimeInForce[] tifs = [TimeInForce.Gtc, TimeInForce.Ioc, TimeInForce.Fok];
        var kind = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[0, types.Length - 1], Gen.Int[0, tifs.Length - 1])
            .Select((a, o, s, t, tif) => (Action: (Action)a, Owner: o, Side: sides[s], Type: types[t], Tif: tifs[tif]));
        var numbers = Gen.Select(Gen.Int[90, 110], Gen.Int[90, 110], Gen.Int[1, 3000], Gen.Int[0, 1000]);
        var op = Gen.Select(kind, numbers).Select((k, n) => new Op(k.Action, k.Owner, k.Side, k.Type, k.Tif, n.Item1, n.Item2, n.Item3, n.Item4));

        op.Array[1, 150].Sample(ops =>
        {
            var engine = new MatchingEngine(0.001m, 0.00075m);
            var book = engine.AddSymbol("BTCUSDT", "BTC", "USDT", 0.001m);
            engine.Ledger.Deposit(Account, "USDT", 5_000m);
            engine.Ledger.Deposit(Account, "BTC", 5m);
            engine.Ledger.Deposit(Maker, "USDT", 5_000m);
            engine.Ledger.Deposit(Maker, "BTC", 5m);
            var ledger = engine.Ledger;
            var assets = new[] { ledger.FindAsset("BTC"), ledger.FindAsset("USDT") };
            var totals = assets.Select(ledger.Total).ToArray();
            var orders = new List<EngineOrder>();
            var time = 0L;
            foreach (var o in ops)
            {
                time++;
                if (o.Action == Action.Cancel && orders.Count > 0)
                {
                    engine.Cancel(orders[o.CancelIndex % orders.Count], time);
                }
                else
                {
                    var qty = o.QtyLots * 0.001m;
                    var byQuote = o.Type == OrderType.Market && o.QtyLots % 2 == 0;
                    var spec = new OrderSpec(o.Owner, o.Side, o.Type, o.Tif, o.PriceTicks * 1m, o.StopTicks * 1m, byQuote ? 0m : qty, byQuote ? qty * 100m : 0m, "p");
                    if (engine.Place(book, spec, time, out var placed) == PlaceOutcome.Accepted)
                    {
                        orders.Add(placed!);
                    }
                }

                if (book.Bids.Best is { } bid && book.Asks.Best is { } ask && bid.Price >= ask.Price)
                {
                    return false; // the book must never stay crossed
                }

                for (var i = 0; i < assets.Length; i++)
                {
                    if (ledger.Total(assets[i]) != totals[i])
                    {
                        return false;
                    }

                    for (var owner = 0; owner < 2; owner++)
                    {
                        if (ledger.Free(owner, assets[i]) < 0 || ledger.Locked(owner, assets[i]) < 0)
                        {
                            return false;
                        }
                    }
                }
            }

            // Nothing stays locked beyond what open orders hold.
            for (var owner = 0; owner < 2; owner++)
            {
                var lockedQuote = orders.Where(x => x.Owner == owner && x.IsOpen && x.Side == OrderSide.Buy).Sum(x => x.Locked);
                var lockedBase = orders.Where(x => x.Owner == owner && x.IsOpen && x.Side == OrderSide.Sell).Sum(x => x.Locked);
                if (ledger.Locked(owner, assets[1]) != lockedQuote || ledger.Locked(owner, assets[0]) != lockedBase)
                {
                    return false;
                }
            }

            return true;
        }, iter: 300, seed: null);
    }
}
