import { once } from 'node:events';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { httpLimits } from '../src/app.js';
import { built, onLoopback, startServer } from './helpers/server-process.js';

// Short configured limits keep the tests fast; the assertion is a window, not a timing: the cut
// comes no earlier than the limit, and no later than the limit plus one connection check plus a
// generous allowance for a loaded machine. Node's default check interval (30 s) fails every case.
const limit = 1_000;
const slack = 3_000;
const latest = limit + httpLimits.connectionsCheckingInterval + slack;

/** Opens a connection to the server and says how long after opening it the server closed it. */
async function timeUntilCut(port: number, behave: (socket: net.Socket) => void): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.resume();
  await once(socket, 'connect');
  const start = performance.now();
  behave(socket);
  await once(socket, 'close');
  return performance.now() - start;
}

describe.skipIf(!built)('slow clients are cut at the configured limits', () => {
  it.each([
    ['an idle connection that sends nothing', '--headers-timeout', (_s: net.Socket) => undefined],
    [
      'a slowloris client whose headers never end',
      '--headers-timeout',
      (s: net.Socket) => {
        s.write('GET / HTTP/1.1\r\nHost: x\r\n');
        const drip = setInterval(() => s.write('X-a: b\r\n'), 200);
        s.once('close', () => clearInterval(drip));
      },
    ],
    [
      'a slow upload whose body never ends',
      '--request-timeout',
      (s: net.Socket) => {
        s.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n');
        const drip = setInterval(() => s.write('x'), 200);
        s.once('close', () => clearInterval(drip));
      },
    ],
  ])('%s (%s)', async (_name, flag, behave) => {
    // The other limit is kept far away, so only the one under test can fire.
    const args =
      flag === '--headers-timeout'
        ? ['--headers-timeout', `${limit}ms`, '--request-timeout', '60s']
        : ['--headers-timeout', '500ms', '--request-timeout', `${limit}ms`];
    await using server = await startServer([...onLoopback, ...args]);
    const elapsed = await timeUntilCut(server.ready['port'] as number, behave);
    expect(elapsed).toBeGreaterThanOrEqual(limit - 50);
    expect(elapsed).toBeLessThan(latest);
  });

  it('closes an idle keep-alive connection at --keep-alive-timeout', async () => {
    await using server = await startServer([...onLoopback, '--keep-alive-timeout', `${limit}ms`]);
    const elapsed = await timeUntilCut(server.ready['port'] as number, (s) => {
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(elapsed).toBeGreaterThanOrEqual(limit - 50);
    expect(elapsed).toBeLessThan(latest);
  });

  it('serves a normal client while idle connections fill --max-connections', async () => {
    await using server = await startServer([...onLoopback, '--max-connections', '20']);
    const port = server.ready['port'] as number;
    const idle = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        await once(socket, 'connect');
        return socket;
      }),
    );
    try {
      let served = 0;
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${server.urls[0]}/healthz`, { headers: { connection: 'close' } });
        if (res.status === 200) served++;
        await res.arrayBuffer();
      }
      expect(served).toBe(10);
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });
});
