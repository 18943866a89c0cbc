// Flags: --dns-result-order=verbatim
// Mirrors Node's test/parallel/test-dns-default-order-verbatim.js: with --dns-result-order=verbatim, every
// way of calling resolver.lookup without an order answers in verbatim order; see README.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expected } from './orders.mjs';
import { orders } from './order-child.mjs';

test('--dns-result-order=verbatim applies to resolver.lookup', async () => {
  const got = await orders();
  assert.equal(got.default, 'verbatim');
  assert.deepEqual(got, expected('verbatim'));
});
