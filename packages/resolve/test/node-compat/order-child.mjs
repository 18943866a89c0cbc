// Prints the orders resolver.lookup gives for one name, through the four ways
// test-dns-set-default-order.js and test-dns-default-order-*.js call dns.lookup.
import { promisify } from 'node:util';
import dns from 'node:dns';
import { createResolver } from '@sock/resolve';
import { tableLookup } from './support.mjs';

const answers = [
  { address: '127.0.0.2', family: 4 },
  { address: '::1', family: 6 },
  { address: '127.0.0.3', family: 4 },
];
const { fn } = tableLookup({ 'example.org': answers });

export async function orders() {
  // A fresh resolver each time, so no answer comes from a cache.
  const first = async (call) => {
    const r = createResolver({ lookup: fn });
    const answer = await call(r);
    return Array.isArray(answer) ? answer.map((a) => a.address) : answer.address;
  };
  return {
    promisified: await first((r) => promisify(r.lookup)('example.org', { all: true })),
    promises: await first((r) => r.promises.lookup('example.org', { all: true })),
    promisifiedOne: await first((r) => promisify(r.lookup)('example.org')),
    promisesEmpty: await first((r) => r.promises.lookup('example.org', {})),
    default: dns.getDefaultResultOrder(),
  };
}

if (process.argv[2] === 'print') console.log(JSON.stringify(await orders()));
