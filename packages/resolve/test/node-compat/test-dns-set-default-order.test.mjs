// Mirrors Node's test/parallel/test-dns-set-default-order.js: dns.setDefaultResultOrder() and
// dns.promises.setDefaultResultOrder() change the order of resolver.lookup too; see README.md.
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { test } from 'node:test';
import { expected } from './orders.mjs';
import { orders } from './order-child.mjs';

test('setDefaultResultOrder() through dns and dns.promises applies to resolver.lookup', async () => {
  for (const set of [dns.setDefaultResultOrder, dns.promises.setDefaultResultOrder]) {
    for (const order of ['verbatim', 'ipv4first', 'ipv6first']) {
      set(order);
      assert.deepEqual(await orders(), expected(order));
    }
  }
});

test('an explicit order or verbatim wins over the default', async () => {
  dns.setDefaultResultOrder('ipv6first');
  const { fn } = await import('./order-child.mjs')
    .then(() => import('./support.mjs'))
    .then((s) =>
      s.tableLookup({
        'example.org': [
          { address: '127.0.0.2', family: 4 },
          { address: '::1', family: 6 },
        ],
      }),
    );
  const { createResolver } = await import('@sock/resolve');
  const r = createResolver({ lookup: fn });
  const all = async (options) =>
    (await r.promises.lookup('example.org', { all: true, ...options })).map((a) => a.address);
  assert.deepEqual(await all({ verbatim: true }), ['127.0.0.2', '::1']);
  assert.deepEqual(await all({ order: 'verbatim' }), ['127.0.0.2', '::1']);
  assert.deepEqual(await all({ verbatim: false }), ['127.0.0.2', '::1']);
  assert.deepEqual(await all({ order: 'ipv6first' }), ['::1', '127.0.0.2']);
  assert.deepEqual(await all({}), ['::1', '127.0.0.2']);
});
