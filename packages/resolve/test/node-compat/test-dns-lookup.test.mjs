// Mirrors the cases of Node's test/parallel/test-dns-lookup.js for resolver.lookup and
// resolver.promises.lookup; see README.md in this folder for how each case maps.
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { test } from 'node:test';
import { createResolver } from '@sock/resolve';
import { callback, tableLookup, throwsLikeNode } from './support.mjs';

const enomem = Object.assign(new Error('getaddrinfo ENOMEM example.com'), {
  code: 'ENOMEM',
  errno: -12,
  syscall: 'getaddrinfo',
  hostname: 'example.com',
});
// Node's file stubs getaddrinfo to fail with ENOMEM; here the resolver's lookup function does.
const { fn } = tableLookup({ 'example.com': enomem });
const resolver = createResolver({ lookup: fn });
const { lookup } = resolver;
const promises = resolver.promises;

test('a number as the host name is an ERR_INVALID_ARG_TYPE TypeError', () => {
  const expected = {
    code: 'ERR_INVALID_ARG_TYPE',
    name: 'TypeError',
    message: /^The "hostname" argument must be of type string\. Received type number/,
  };
  throwsLikeNode(
    () => dns.lookup(1, {}),
    () => lookup(1, {}),
    expected,
  );
  throwsLikeNode(
    () => dns.promises.lookup(1, {}),
    () => promises.lookup(1, {}),
    expected,
  );
});

test('a callback that is not a function is an ERR_INVALID_ARG_TYPE TypeError', () => {
  const expected = { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' };
  throwsLikeNode(
    () => dns.lookup(false, 'cb'),
    () => lookup(false, 'cb'),
    expected,
  );
  throwsLikeNode(
    () => dns.lookup(false, 'options', 'cb'),
    () => lookup(false, 'options', 'cb'),
    expected,
  );
});

test('hints 100 is an ERR_INVALID_ARG_VALUE TypeError', () => {
  const options = { hints: 100, family: 0, all: false };
  const expected = { code: 'ERR_INVALID_ARG_VALUE', name: 'TypeError' };
  const fail = () => assert.fail('called back');
  throwsLikeNode(
    () => dns.promises.lookup(false, options),
    () => promises.lookup(false, options),
    expected,
  );
  throwsLikeNode(
    () => dns.lookup(false, options, fail),
    () => lookup(false, options, fail),
    expected,
  );
});

test('family 20 is an ERR_INVALID_ARG_VALUE TypeError', () => {
  const options = { hints: 0, family: 20, all: false };
  const expected = { code: 'ERR_INVALID_ARG_VALUE', name: 'TypeError' };
  const fail = () => assert.fail('called back');
  throwsLikeNode(
    () => dns.promises.lookup(false, options),
    () => promises.lookup(false, options),
    expected,
  );
  throwsLikeNode(
    () => dns.lookup(false, options, fail),
    () => lookup(false, options, fail),
    expected,
  );
});

test('promises: a falsy host with all is [], an IPv4 literal is itself', async () => {
  assert.deepEqual(await promises.lookup(false, { hints: 0, family: 0, all: true }), []);
  assert.deepEqual(await promises.lookup('127.0.0.1', { hints: 0, family: 4, all: true }), [
    { address: '127.0.0.1', family: 4 },
  ]);
  assert.deepEqual(await promises.lookup('127.0.0.1', { hints: 0, family: 4, all: false }), {
    address: '127.0.0.1',
    family: 4,
  });
});

test('callback: the same answers, with no third argument for all', async () => {
  const cases = [
    [false, { hints: 0, family: 0, all: true }, [null, []]],
    [
      '127.0.0.1',
      { hints: 0, family: 4, all: true },
      [null, [{ address: '127.0.0.1', family: 4 }]],
    ],
    ['127.0.0.1', { hints: 0, family: 4, all: false }, [null, '127.0.0.1', 4]],
  ];
  for (const [host, options, expected] of cases) {
    const mine = await callback(lookup, host, options);
    const node = await callback(dns.lookup, host, options);
    assert.deepEqual(mine.args, expected);
    assert.deepEqual(mine.args, node.args);
    assert.equal(mine.sync, false);
  }
});

test('a failing lookup calls back on a later tick, with a non-enumerable message', async () => {
  let tickValue = 0;
  const done = new Promise((resolve) => {
    lookup('example.com', (error) => {
      assert.ok(error);
      assert.equal(tickValue, 1);
      assert.equal(error.code, 'ENOMEM');
      assert.equal(Object.getOwnPropertyDescriptor(error, 'message').enumerable, false);
      resolve();
    });
  });
  tickValue = 1;
  await done;
});

test('promises: a failing lookup rejects with its code and host name', async () => {
  await assert.rejects(promises.lookup('example.com'), { code: 'ENOMEM', hostname: 'example.com' });
});
