// Clients: node:http's Agent with the lookup of an @sock/resolve resolver, so that requests get
// coalesced lookups, a cache and the cap that keeps slow DNS from starving libuv's threadpool.
import * as http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createResolver, type Resolver } from '@sock/resolve';

/** An http.Agent whose connections look names up through `resolver`. */
export function createAgent(
  resolver: Resolver = createResolver({ cacheTtl: 30_000 }),
  options: http.AgentOptions = {},
): http.Agent {
  return new http.Agent({ keepAlive: true, ...options, lookup: resolver.lookup });
}

/** GETs `url` through `agent` and returns the body as text. */
export function getText(url: string, agent: http.Agent, family?: 4 | 6): Promise<string> {
  return new Promise((resolve, reject) => {
    const options: http.RequestOptions = family === undefined ? { agent } : { agent, family };
    http
      .get(url, options, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const agent = createAgent();
  try {
    process.stdout.write(await getText(process.argv[2] ?? 'http://localhost:3000/', agent));
  } finally {
    agent.destroy();
  }
}
