namespace Genesis.Exchange.Tests.Support;

internal static class TestData
{
    public const string ExchangeInfoJson = """
    {"timezone":"UTC","serverTime":1700000000000,
     "rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},
                   {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100}],
     "symbols":[
      {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","baseAssetPrecision":8,"quoteAssetPrecision":8,
       "orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"quoteOrderQtyMarketAllowed":true,
       "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01","maxPrice":"1000000","tickSize":"0.01"},
                  {"filterType":"LOT_SIZE","minQty":"0.00001","maxQty":"9000","stepSize":"0.00001"},
                  {"filterType":"NOTIONAL","minNotional":"5","applyMinToMarket":true,"maxNotional":"9000000","applyMaxToMarket":false,"avgPriceMins":5}]},
      {"symbol":"HALTUSDT","status":"HALT","baseAsset":"HALT","quoteAsset":"USDT","orderTypes":["LIMIT"],"filters":[]}
     ]}
    """;

    public const string FilledOrderJson = """
    {"symbol":"BTCUSDT","orderId":42,"orderListId":-1,"clientOrderId":"CLIENT_ID","transactTime":1700000000000,"price":"0.00000000","origQty":"0.10000000",
     "executedQty":"0.10000000","cummulativeQuoteQty":"5010.00000000","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"BUY",
     "fills":[{"price":"50100.00","qty":"0.1","commission":"0.0001","commissionAsset":"BTC","tradeId":7}]}
    """;

    public static string Order(string clientOrderId, string status = "NEW") =>
        $$"""{"symbol":"BTCUSDT","orderId":43,"clientOrderId":"{{clientOrderId}}","price":"50000.00","origQty":"0.1","executedQty":"0","cummulativeQuoteQty":"0","status":"{{status}}","timeInForce":"GTC","type":"LIMIT","side":"BUY","time":1700000000000,"updateTime":1700000000000}""";
}
