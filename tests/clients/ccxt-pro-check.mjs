// Manual check (not CI): ccxt.pro's binance (createOrderWs, watchOrders, watchBalance) against the fake server.
// Run through ccxt-pro-check.sh, which starts the fake server (HMAC key) and passes: <rest-base> <ws-base> <api-key> <secret>.
import ccxt from 'ccxt';

const [restBase, wsBase, apiKey, secret] = process.argv.slice(2);
const exchange = new ccxt.pro.binance({ apiKey, secret });
exchange.options.fetchMarkets = { types: ['spot'] }; // the fake server is a spot exchange
exchange.options.fetchCurrencies = false; // sapi capital/config is not served
exchange.options.fetchMargins = false; // nor are the sapi margin pairs
exchange.options.defaultType = 'spot';
exchange.verbose = process.env.CCXT_VERBOSE === '1';
// Every REST URL of api.binance.com and the spot WebSocket API URL point at the fake server.
for (const [name, url] of Object.entries(exchange.urls.api)) {
  if (typeof url === 'string' && url.includes('api.binance.com')) {
    exchange.urls.api[name] = url.replace(/^https:\/\/api\.binance\.com/, restBase);
  }
}
exchange.urls.api.ws['ws-api'].spot = wsBase + '/ws-api/v3';
const results = [];
const check = async (name, fn) => {
  try {
    results.push({ name, ok: true, detail: await fn() });
  } catch (error) {
    results.push({ name, ok: false, detail: `${error?.constructor?.name}: ${error?.message}` });
  }
};

await exchange.loadHttpProxyAgent(); // ccxt needs it for plain ws:// URLs (the fake server is not TLS)
await check('loadMarkets', async () => Object.keys(await exchange.loadMarkets()).length + ' markets');
const orders = exchange.watchOrders('BTC/USDT');
const balance = exchange.watchBalance();
orders.catch(() => {});
balance.catch(() => {});
await new Promise((resolve) => setTimeout(resolve, 500));
await check('createOrderWs MARKET', async () => {
  const order = await exchange.createOrderWs('BTC/USDT', 'market', 'buy', 0.001);
  return `${order.status} ${order.filled}`;
});
await check('watchOrders', async () => {
  const list = await Promise.race([orders, new Promise((_, reject) => setTimeout(() => reject(new Error('no order update within 10 s')), 10000))]);
  return list.map((o) => `${o.clientOrderId}:${o.status}:${o.filled}`).join(', ');
});
await check('watchBalance', async () => {
  const b = await Promise.race([balance, new Promise((_, reject) => setTimeout(() => reject(new Error('no balance update within 10 s')), 10000))]);
  return `BTC free ${b.BTC?.free}, USDT free ${b.USDT?.free}`;
});
await check('fetchOrderWs', async () => {
  const open = await exchange.createOrderWs('BTC/USDT', 'limit', 'buy', 0.001, 60000);
  const fetched = await exchange.fetchOrderWs(open.id, 'BTC/USDT');
  const canceled = await exchange.cancelOrderWs(open.id, 'BTC/USDT');
  return `${fetched.status} -> ${canceled.status}`;
});

for (const r of results) console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.name}: ${r.detail}`);
await exchange.close();
process.exit(results.every((r) => r.ok) ? 0 : 1);
