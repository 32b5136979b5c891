'use strict';
/**
 * Order → admin latency: two app instances (A and B) from dist/, one store admin streaming
 * GET /api/admin/orders/stream from instance A, 100 orders/s for 20 s placed through instance B.
 * Prints p50/p99 of "order acknowledged" → "SSE event received on A" (target p99 < 100 ms).
 *
 * Run `npm run build` first (`npm run bench` does). Writes to the bench database
 * (BENCH_DATABASE_URL, default table_order_bench, created and migrated when missing); the app uses
 * REDIS_URL / RABBITMQ_URL as exported. BENCH_RATE and BENCH_SECONDS change the load.
 */
const http = require('node:http');
const { join } = require('node:path');
const { Client } = require('pg');
const { startApp } = require('./lib/app-process');
const {
  DIST,
  createBenchStore,
  dropBenchStores,
  prepareBenchDatabase,
} = require('./lib/bench-database');

const STORE_CODE = 'bench-order-to-admin';
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const DRAIN_TIMEOUT_MS = 10_000;
const TABLE_COUNT = 20;
const CONSUMER_SETTLE_MS = 300;
const GENERATOR = `fetch, open loop at ${RATE} orders/s (no floor: a latency bench)`;

async function main() {
  const databaseUrl = await prepareBenchDatabase();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await dropBenchStores(db, STORE_CODE); // left over by an interrupted run
  const fixture = await createFixture(db);
  const instances = [];
  try {
    instances.push(await startReadyApp('A', databaseUrl));
    instances.push(await startReadyApp('B', databaseUrl));
    const [instanceA, instanceB] = instances;
    const { access_token: token } = await post(instanceA.url, '/api/auth/admin/login', {
      store_code: fixture.code,
      username: fixture.username,
      password: fixture.password,
    });
    const stream = await openStream(instanceA.url, token);
    await stream.snapshot;

    const placeOrder = await orderPlacerThrough(instanceB, fixture);
    // Per order id: when the POST was sent and answered, and when its event reached the stream.
    const orders = new Map();
    const timing = (key) => {
      if (!orders.has(key)) orders.set(key, {});
      return orders.get(key);
    };
    stream.onEvent = (payload, receivedAt) => {
      if (payload.type === 'order.created') timing(String(payload.data.id)).receivedAt = receivedAt;
    };

    const total = RATE * SECONDS;
    const started = performance.now();
    const inFlight = [];
    for (let index = 0; index < total; index++) {
      const wait = started + (index * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now();
      inFlight.push(
        placeOrder(index).then((orderId) => {
          Object.assign(timing(String(orderId)), { sentAt, acknowledgedAt: performance.now() });
        }),
      );
    }
    await Promise.all(inFlight);
    const unreceived = () => [...orders.values()].filter((order) => !order.receivedAt).length;
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (unreceived() > 0 && performance.now() < deadline) await sleep(50);
    stream.close();

    report([...orders.values()], total, unreceived());
    if (unreceived() > 0) process.exitCode = 1;
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await dropBenchStores(db, STORE_CODE);
    await db.end();
  }
}

function report(orders, total, missing) {
  const received = orders.filter((order) => order.receivedAt && order.acknowledgedAt);
  const percentiles = (values) => {
    const sorted = [...values].sort((x, y) => x - y);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    const ms = (value) => `${value.toFixed(1)} ms`;
    return `p50 ${ms(at(50))}  p90 ${ms(at(90))}  p99 ${ms(at(99))}  max ${ms(sorted[sorted.length - 1])}`;
  };
  // The event can reach the admin before the tablet has read its 201 (the relay is woken on
  // commit, in parallel with the response): such an order counts as 0 ms.
  const ackToEvent = received.map((order) => Math.max(0, order.receivedAt - order.acknowledgedAt));
  const early = received.filter((order) => order.receivedAt < order.acknowledgedAt).length;
  console.log(
    `order-to-admin: ${total} orders (POST /api/orders) at ${RATE}/s via instance B, ` +
      `admin streaming from instance A; generator: ${GENERATOR}`,
  );
  console.log(`  received ${received.length}/${total} on the stream, missing ${missing}`);
  console.log(`  POST acknowledged -> SSE event received: ${percentiles(ackToEvent)}`);
  console.log(`    (${early} events arrived before their POST answer was read; counted as 0 ms)`);
  console.log(
    `  POST sent -> SSE event received:         ${percentiles(received.map((o) => o.receivedAt - o.sentAt))}`,
  );
  console.log(
    `  POST sent -> POST acknowledged:          ${percentiles(received.map((o) => o.acknowledgedAt - o.sentAt))}`,
  );
  const p99 = [...ackToEvent].sort((x, y) => x - y)[Math.ceil(0.99 * ackToEvent.length) - 1];
  console.log(`  target p99 < 100 ms (acknowledged -> received): ${p99 < 100 ? 'met' : 'NOT met'}`);
}

/**
 * Tablets log in on instance B (one per table: placing an order locks its table row, so a single
 * table would serialize the load); returns a function that places one order and resolves its id.
 */
async function orderPlacerThrough(instance, fixture) {
  const tokens = [];
  for (const table of fixture.tables) {
    tokens.push(
      await post(instance.url, '/api/auth/table/login', {
        store_code: fixture.code,
        table_number: table,
        password: fixture.password,
      }).then((body) => body.access_token),
    );
  }
  return async (index) => {
    const order = await post(
      instance.url,
      '/api/orders',
      { items: [{ menu_id: fixture.menuId, quantity: 1 + (index % 3) }] },
      tokens[index % tokens.length],
      201,
    );
    return order.id;
  };
}

async function post(url, path, body, token, expected = 200) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) {
    throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/** The bench store: TABLE_COUNT tables, one menu, and a store admin (all one password). */
async function createFixture(db) {
  const { hashPassword } = require(join(DIST, 'common', 'security', 'passwords'));
  const password = 'bench-password';
  const passwordHash = await hashPassword(password);
  const store = await createBenchStore(db, STORE_CODE, {
    tableCount: TABLE_COUNT,
    menus: [{ name: 'Bench noodles', price: 9000 }],
    passwordHash,
  });
  await db.query(
    `INSERT INTO users (store_id, username, password_hash, role) VALUES ($1, 'bench', $2, 'store_admin')`,
    [store.storeId, passwordHash],
  );
  return {
    code: STORE_CODE,
    username: 'bench',
    password,
    tables: store.tables.map((table) => table.table_number),
    menuId: store.menuIds[0],
  };
}

/** Reads the SSE stream over a raw HTTP connection; calls `onEvent` per order event. */
function openStream(url, token) {
  const stream = { onEvent: () => undefined, close: () => undefined };
  stream.snapshot = new Promise((resolveSnapshot, reject) => {
    const request = http.get(
      `${url}/api/admin/orders/stream`,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`stream answered ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk) => {
          const receivedAt = performance.now();
          buffer += chunk;
          let boundary;
          while ((boundary = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === 'snapshot') resolveSnapshot();
            else if (data !== undefined) stream.onEvent(JSON.parse(data), receivedAt);
          }
        });
      },
    );
    request.on('error', reject);
    stream.close = () => request.destroy();
  });
  return stream;
}

/** The stream must open after the instance consumes its event queue (else it is asked to reconnect). */
async function startReadyApp(name, databaseUrl) {
  const instance = await startApp(name, { DATABASE_URL: databaseUrl, DB_POOL_MAX: '20' });
  const deadline = Date.now() + 30_000;
  while (
    (await fetch(`${instance.url}/health`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`instance ${name} did not become ready`);
    }
    await sleep(100);
  }
  await sleep(CONSUMER_SETTLE_MS);
  return instance;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
