// Manual check (not CI): the `binance` npm package's WebsocketAPIClient against the fake server's /ws-api/v3.
// Run through binance-wsapi-check.sh, which starts the fake server and passes: <ws-base-url> <api-key> <secret-or-private-key-pem-file>.
import { readFileSync } from 'node:fs';
import { WebsocketAPIClient } from 'binance';

const [wsBase, apiKey, secretArg] = process.argv.slice(2);
const apiSecret = secretArg.endsWith('.pem') ? readFileSync(secretArg, 'utf8') : secretArg;
const results = [];
const events = [];
const check = async (name, fn) => {
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail });
  } catch (error) {
    results.push({ name, ok: false, detail: JSON.stringify(error?.error ?? error?.message ?? error) });
  }
};

const client = new WebsocketAPIClient({ api_key: apiKey, api_secret: apiSecret, wsUrl: wsBase, beautify: false, attachEventListeners: false, muteLatencyWarning: true });
const ws = client.getWSClient();
ws.on('message', (message) => {
  const event = message?.event ?? message;
  if (event?.e) events.push(event);
});
ws.on('exception', (e) => console.error('exception', JSON.stringify(e)));

await check('ping', async () => JSON.stringify((await client.testSpotConnectivity()).result));
await check('time', async () => (await client.getSpotServerTime()).result.serverTime);
await check('depth', async () => (await client.getSpotOrderBook({ symbol: 'BTCUSDT', limit: 5 })).result.bids.length + ' bids');
await check('ticker.price', async () => (await client.getSpotSymbolPriceTicker({ symbol: 'BTCUSDT' })).result.price);
await check('account.status', async () => (await client.getSpotAccountInformation({ omitZeroBalances: true, timestamp: Date.now() })).result.balances.length + ' balances');
await check('session.status', async () => JSON.stringify((await client.getSpotSessionStatus()).result));
await check('userDataStream.subscribe', async () => JSON.stringify(await client.subscribeUserDataStream('mainWSAPI')));
await check('order.place MARKET', async () => {
  const r = (await client.submitNewSpotOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: 'npm-check-1', timestamp: Date.now() })).result;
  return `${r.status} ${r.executedQty}`;
});
await check('order.status', async () => (await client.getSpotOrderStatus({ symbol: 'BTCUSDT', origClientOrderId: 'npm-check-1', timestamp: Date.now() })).result.status);
let bid = 0;
let orderId = 0;
await check('order.place LIMIT', async () => {
  bid = Number((await client.getSpotOrderBook({ symbol: 'BTCUSDT', limit: 5 })).result.bids[0][0]);
  const r = (await client.submitNewSpotOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: (bid * 0.95).toFixed(2), quantity: '0.001', newClientOrderId: 'npm-check-2', timestamp: Date.now() })).result;
  orderId = r.orderId;
  return r.status;
});
await check('order.amend.keepPriority', async () => (await client.amendSpotOrderKeepPriority({ symbol: 'BTCUSDT', origClientOrderId: 'npm-check-2', newQty: '0.0005', timestamp: Date.now() })).result.amendedOrder.qty);
// The amendment gave the order a new client order id (none was sent), so it is canceled by its order id.
await check('order.cancel', async () => (await client.cancelSpotOrder({ symbol: 'BTCUSDT', orderId, timestamp: Date.now() })).result.status);
await new Promise((resolve) => setTimeout(resolve, 1000));
results.push({ name: 'user data events', ok: events.some((e) => e.e === 'executionReport' && e.x === 'TRADE') && events.some((e) => e.e === 'outboundAccountPosition'), detail: events.map((e) => e.e + (e.x ? ':' + e.x : '')).join(', ') });

for (const r of results) console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.name}: ${r.detail}`);
await client.disconnectAll();
process.exit(results.every((r) => r.ok) ? 0 : 1);
