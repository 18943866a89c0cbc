import type { LookupAddress } from 'node:dns';
import { fetch as undiciFetch, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { bind, serve } from '@sock/bind';
import { createResolver } from '@sock/resolve';
import { createDispatcher, useResolverForFetch } from './client.js';

// `app.test` stands for a name that DNS answers with both loopback addresses.
const both: LookupAddress[] = [
  { address: '::1', family: 6 },
  { address: '127.0.0.1', family: 4 },
];

function countingResolver() {
  const counter = { calls: 0 };
  const resolver = createResolver({
    cacheTtl: 30_000,
    lookup: (hostname: string) => {
      counter.calls++;
      return Promise.resolve(hostname === 'app.test' ? both : []);
    },
  });
  return { resolver, counter };
}

describe('undici with resolver.lookup', () => {
  it("undici's fetch and Node's global fetch take the Agent as their dispatcher", async () => {
    await using binding = await bind({ port: 0 });
    serve((req, res) => res.end(`hello from ${req.socket.localAddress}`), binding);
    const { resolver, counter } = countingResolver();
    const dispatcher = createDispatcher(resolver);
    try {
      const url = `http://app.test:${binding.port}/`;
      expect(await (await undiciFetch(url, { dispatcher })).text()).toBe('hello from ::1');
      // Node's global fetch takes it too; its types come from the undici-types that @types/node
      // bundles, which describe an older Dispatcher, hence the cast.
      const init = { dispatcher } as unknown as RequestInit;
      expect(await (await fetch(url, init)).text()).toBe('hello from ::1');
      expect(counter.calls).toBe(1);
    } finally {
      await dispatcher.close();
    }
  });

  it('setGlobalDispatcher makes every global fetch go through the resolver', async () => {
    await using binding = await bind({ port: 0 });
    serve((req, res) => res.end(`hello from ${req.socket.localAddress}`), binding);
    const { resolver, counter } = countingResolver();
    const previous = getGlobalDispatcher();
    const dispatcher = useResolverForFetch(resolver);
    try {
      const res = await fetch(`http://app.test:${binding.port}/`);
      expect(await res.text()).toBe('hello from ::1');
      expect(counter.calls).toBe(1);
    } finally {
      setGlobalDispatcher(previous);
      await dispatcher.close();
    }
    expect(getGlobalDispatcher()).toBe(previous);
  });
});
