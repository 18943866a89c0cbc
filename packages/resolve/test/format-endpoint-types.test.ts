// Pins formatEndpoint's parameter type to what `server.address()` returns: the type check of this
// file (`pnpm typecheck`) fails if a TCP server's address stops being accepted as it is.
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatEndpoint } from '@sock/resolve';

describe('formatEndpoint and server.address()', () => {
  it('takes a TCP server address as it is, once narrowed from null and pipe paths', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const address = server.address();
      // @ts-expect-error null (not listening) and a string (a pipe) must be narrowed out first
      expect(() => formatEndpoint(address)).not.toThrow();
      if (address === null || typeof address === 'string') throw new Error('not a TCP server');
      const info: AddressInfo = address; // family: string, as Node types it
      expect(formatEndpoint(info)).toBe(`127.0.0.1:${info.port}`);
      expect(formatEndpoint({ address: '::1', family: 'IPv6', port: 80 })).toBe('[::1]:80');
      expect(formatEndpoint({ address: '::1', family: 6, port: 80 })).toBe('[::1]:80');
    } finally {
      server.close();
    }
  });
});
