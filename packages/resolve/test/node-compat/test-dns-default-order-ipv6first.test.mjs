// Flags: --dns-result-order=ipv6first
// Mirrors Node's test/parallel/test-dns-default-order-ipv6first.js: with --dns-result-order=ipv6first, every
// way of calling resolver.lookup without an order answers in ipv6first order; see README.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expected } from './orders.mjs';
import { orders } from './order-child.mjs';

test('--dns-result-order=ipv6first applies to resolver.lookup', async () => {
  const got = await orders();
  assert.equal(got.default, 'ipv6first');
  assert.deepEqual(got, expected('ipv6first'));
});
