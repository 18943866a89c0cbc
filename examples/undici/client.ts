// Clients: undici's Agent with the lookup of an @sock/resolve resolver, for `fetch(url, {
// dispatcher })` (undici's fetch or Node's global one) and, set once, for every global fetch.
import { fileURLToPath } from 'node:url';
import { Agent, setGlobalDispatcher } from 'undici';
import { createResolver, type Resolver } from '@sock/resolve';

/** An undici Agent whose connections look names up through `resolver`. */
export function createDispatcher(resolver: Resolver = createResolver({ cacheTtl: 30_000 })): Agent {
  return new Agent({ connect: { lookup: resolver.lookup } });
}

/** Makes every global `fetch()` of this process look names up through `resolver`. */
export function useResolverForFetch(resolver?: Resolver): Agent {
  const dispatcher = createDispatcher(resolver);
  setGlobalDispatcher(dispatcher);
  return dispatcher;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dispatcher = useResolverForFetch();
  try {
    const res = await fetch(process.argv[2] ?? 'http://localhost:3000/');
    process.stdout.write(await res.text());
  } finally {
    await dispatcher.close();
  }
}
