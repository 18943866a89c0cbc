import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { bind, serve } from '@sock/bind';
import { createResolver } from '@sock/resolve';
import { createAgent, getText } from './client.js';

// `app.test` stands for a name that DNS answers with both loopback addresses.
const both: LookupAddress[] = [
  { address: '::1', family: 6 },
  { address: '127.0.0.1', family: 4 },
];

describe('http.Agent with resolver.lookup', () => {
  it('reaches both addresses of a name; a second request is answered from the cache', async () => {
    await using binding = await bind({ port: 0 });
    serve((req, res) => res.end(`hello from ${req.socket.localAddress}`), binding);
    let calls = 0;
    const resolver = createResolver({
      cacheTtl: 30_000,
      lookup: (hostname: string) => {
        calls++;
        return Promise.resolve(hostname === 'app.test' ? both : []);
      },
    });
    const agent = createAgent(resolver, { keepAlive: false });
    try {
      const url = `http://app.test:${binding.port}/`;
      // RFC 6724 order: ::1 first. keepAlive is off, so each request connects and looks up anew.
      expect(await getText(url, agent)).toBe('hello from ::1');
      expect(await getText(url, agent)).toBe('hello from ::1');
      expect(calls).toBe(1);
      expect(resolver.stats().hits).toBe(1);
      // The family option of a request reaches the resolver.
      expect(await getText(url, agent, 4)).toBe('hello from 127.0.0.1');
    } finally {
      agent.destroy();
    }
  });
});
