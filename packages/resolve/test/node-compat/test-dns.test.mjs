// Mirrors the dns.lookup cases of Node's test/parallel/test-dns.js (the rest of that file is about
// setServers, resolve* and lookupService, which a resolver does not offer); see README.md.
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { once } from 'node:events';
import { test } from 'node:test';
import { createResolver } from '@sock/resolve';
import { callback, tableLookup, throwsLikeNode } from './support.mjs';

const { fn, calls } = tableLookup({});
const resolver = createResolver({ lookup: fn });
const { lookup, promises } = resolver;
const fail = () => assert.fail('called back');

test('the first falsy host emits DEP0118 once, as dns.lookup does', async () => {
  const warning = once(process, 'warning');
  lookup(false, () => undefined);
  const [w] = await warning;
  assert.equal(w.name, 'DeprecationWarning');
  assert.equal(w.code, 'DEP0118');
  assert.equal(
    w.message,
    'The provided hostname "false" is not a valid hostname, and is supported in the dns module solely for compatibility.',
  );
});

test('only strings and falsy values are host names', () => {
  const expected = {
    code: 'ERR_INVALID_ARG_TYPE',
    name: 'TypeError',
    message: /^The "hostname" argument must be of type string\. Received .*/,
  };
  for (const host of [{}, [], true, 1, fail]) {
    throwsLikeNode(
      () => dns.lookup(host, fail),
      () => lookup(host, fail),
      expected,
    );
    throwsLikeNode(
      () => dns.promises.lookup(host),
      () => promises.lookup(host),
      expected,
    );
  }
});

test('falsy hosts answer (null, null, 4) and { address: null, family: 4 }', async () => {
  for (const value of ['', null, undefined, 0, NaN]) {
    assert.deepEqual(await promises.lookup(value), { address: null, family: 4 });
    const mine = await callback(lookup, value);
    assert.deepEqual(mine.args, [null, null, 4]);
    assert.deepEqual(mine.args, (await callback(dns.lookup, value)).args);
  }
  assert.equal(calls.length, 0);
});

test('hints that are no valid flag combination are refused', () => {
  const hints = (dns.V4MAPPED | dns.ADDRCONFIG) + 1;
  const expected = { code: 'ERR_INVALID_ARG_VALUE', name: 'TypeError', message: /hints/ };
  throwsLikeNode(
    () => dns.promises.lookup('nodejs.org', { hints }),
    () => promises.lookup('nodejs.org', { hints }),
    expected,
  );
  throwsLikeNode(
    () => dns.lookup('nodejs.org', { hints }, fail),
    () => lookup('nodejs.org', { hints }, fail),
    expected,
  );
  assert.equal(calls.length, 0);
});

test('a missing callback is refused, also after a family number', () => {
  const expected = { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' };
  throwsLikeNode(
    () => dns.lookup('nodejs.org'),
    () => lookup('nodejs.org'),
    expected,
  );
  throwsLikeNode(
    () => dns.lookup('nodejs.org', 4),
    () => lookup('nodejs.org', 4),
    expected,
  );
  assert.equal(calls.length, 0);
});

test('an empty host with any valid family and hints calls back', async () => {
  const cases = [
    { family: 4, hints: 0 },
    { family: 6, hints: dns.ADDRCONFIG },
    { hints: dns.V4MAPPED },
    { hints: dns.ADDRCONFIG | dns.V4MAPPED },
  ];
  for (const options of cases) {
    const mine = await callback(lookup, '', options);
    assert.deepEqual(mine.args, (await callback(dns.lookup, '', options)).args);
    assert.deepEqual(await promises.lookup('', options), await dns.promises.lookup('', options));
  }
});
