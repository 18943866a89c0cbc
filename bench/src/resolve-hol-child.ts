// Runs inside the benchmark's network namespace: a DNS responder on 127.0.0.1:53 that answers
// every query after 500 ms, twenty lookups of distinct names through it, and then the timed
// `localhost` lookups. Prints {"idleUs", "loadedUs"} as its last line.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { lookup as dnsLookup } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import CacheableLookup from 'cacheable-lookup';
import { resolve } from '@sock/resolve';

const mode = process.argv[2];
const cacheable = new CacheableLookup();
const lookups: Record<string, (host: string) => Promise<unknown>> = {
  'dns.lookup': (host) => dnsLookup(host),
  'cacheable-lookup': (host) => cacheable.lookupAsync(host),
  resolve: (host) => resolve(host, 80),
};
const lookup = lookups[mode ?? ''];
if (lookup === undefined) throw new Error(`unknown mode ${mode}`);

const server = createSocket('udp4');
server.on('message', (query, peer) => {
  if (query.length < 12) return;
  setTimeout(() => server.send(nxdomain(query), peer.port, peer.address), 500).unref();
});
server.bind(53, '127.0.0.1');
await once(server, 'listening');

async function time(): Promise<number> {
  const start = performance.now();
  await lookup!('localhost');
  return (performance.now() - start) * 1000;
}

for (let i = 0; i < 200; i++) await time();
const idle: number[] = [];
for (let i = 0; i < 21; i++) idle.push(await time());
idle.sort((a, b) => a - b);

let pending = 20;
const slow = Array.from({ length: 20 }, (_, i) =>
  lookup(`slow${i}.sockbench.test`)
    .catch(() => undefined)
    .finally(() => pending--),
);
// Let the slow lookups reach the threadpool (or the resolver's queue) first.
await new Promise((r) => setTimeout(r, 50));
// Time localhost lookups while all twenty slow ones are still in flight: with dns.lookup the first
// one already outlasts them, with resolve() there are many samples; the median stands.
const loaded: number[] = [];
while (loaded.length < 21 && (loaded.length === 0 || pending === 20)) loaded.push(await time());
if (pending === 20) loaded.sort((a, b) => a - b);
else loaded.splice(1);
const loadedUs = loaded[Math.floor(loaded.length / 2)];
await Promise.all(slow);
server.close();
console.log(JSON.stringify({ idleUs: idle[10], loadedUs }));

/** The query turned into its own answer: the same id and question, rcode NXDOMAIN, no records. */
function nxdomain(query: Buffer): Buffer {
  const answer = Buffer.from(query);
  const rd = query[2]! & 0x01;
  answer[2] = 0x80 | (query[2]! & 0x78) | rd; // QR, the query's opcode, RD copied
  answer[3] = 0x80 | 3; // RA, rcode 3 (NXDOMAIN)
  answer.writeUInt16BE(0, 6); // ANCOUNT
  answer.writeUInt16BE(0, 8); // NSCOUNT
  answer.writeUInt16BE(0, 10); // ARCOUNT
  // Drop any EDNS OPT record after the question: ARCOUNT is now 0.
  return answer.subarray(0, questionEnd(query));
}

function questionEnd(query: Buffer): number {
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) offset += query[offset]! + 1;
  return Math.min(query.length, offset + 1 + 4);
}
