import { once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { built, onLoopback, startServer } from './helpers/server-process.js';

/** What happened to the requests of a keep-alive load that met a SIGTERM. */
interface Tally {
  answered: number;
  /** Connection refused: the request was never sent (the listener was closed). */
  refused: number;
  /** Sent, and got a reset or a closed connection instead of an answer. */
  lost: number;
  /** Answers that came with `Connection: close`. */
  closing: number;
  errors: string[];
}

/**
 * One client on a keep-alive connection of its own sending GET /healthz back to back, until a
 * request is refused (the server stopped listening) or lost.
 */
async function client(url: string, tally: Tally, onAnswer: () => void): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (;;) {
      const outcome = await new Promise<'answered' | 'refused' | 'lost'>((resolve) => {
        const req = http.get(`${url}/healthz`, { agent }, (res) => {
          if (res.headers.connection === 'close') tally.closing++;
          res.resume();
          res.once('end', () => resolve('answered'));
          res.once('error', () => resolve('lost'));
        });
        req.once('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED') resolve('refused');
          else {
            tally.errors.push(`${err.code ?? ''} ${err.message}`);
            resolve('lost');
          }
        });
      });
      tally[outcome]++;
      if (outcome !== 'answered') return;
      onAnswer();
    }
  } finally {
    agent.destroy();
  }
}

/** A chunked POST /echo whose first half is sent now; `finish()` sends the rest. */
function slowUpload(url: string): {
  finish(): void;
  answer: Promise<{ status: number; connection: string | undefined; body: string }>;
} {
  const req = http.request(`${url}/echo`, { method: 'POST', agent: false });
  req.write('first half, ');
  const answer = once(req, 'response').then(async (args) => {
    const res = args[0] as http.IncomingMessage;
    let body = '';
    for await (const chunk of res) body += String(chunk);
    return { status: res.statusCode ?? 0, connection: res.headers.connection, body };
  });
  return { finish: () => req.end('second half'), answer };
}

/** Resolves once the server's status page counts at least `count` open connections. */
async function untilConnections(url: string, count: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const res = await fetch(url, { headers: { accept: 'application/json', connection: 'close' } });
    // The status request's own connection counts too.
    if (((await res.json()) as { connections: number }).connections > count) return;
  }
  throw new Error(`the server never had ${count} connections open`);
}

describe.skipIf(!built)('SIGTERM under keep-alive load', () => {
  it('answers or refuses every request and loses none', async () => {
    await using server = await startServer([...onLoopback, '--drain-timeout', '20s']);
    const url = server.urls[0]!;
    const tally: Tally = { answered: 0, refused: 0, lost: 0, closing: 0, errors: [] };
    // Slow uploads in flight when the signal comes: they finish during the drain.
    const uploads = Array.from({ length: 5 }, () => slowUpload(url));
    await untilConnections(url, uploads.length);
    const clients = 20;
    let signalled = false;
    const signalAfter = 400;
    const done = Promise.all(
      Array.from({ length: clients }, () =>
        client(url, tally, () => {
          // The signal goes in the middle of the load, while every client has a request going.
          if (!signalled && tally.answered >= signalAfter) {
            signalled = true;
            server.child.kill('SIGTERM');
          }
        }),
      ),
    );
    await done;
    expect(signalled).toBe(true);
    for (const upload of uploads) upload.finish();
    for (const upload of uploads) {
      expect(await upload.answer).toEqual({
        status: 200,
        connection: 'close',
        body: 'first half, second half',
      });
    }
    expect(await server.exited).toBe(0);
    expect({ lost: tally.lost, errors: tally.errors }).toEqual({ lost: 0, errors: [] });
    expect(tally.refused).toBe(clients);
    // Each connection was told it would close, on the answer to a request sent during the drain.
    expect(tally.closing).toBe(clients);
    expect(tally.answered).toBeGreaterThan(signalAfter);
  });

  it('closes an idle keep-alive connection gracefully (a FIN, not a reset) when the drain starts', async () => {
    await using server = await startServer([...onLoopback, '--drain-timeout', '20s']);
    const port = server.ready['port'] as number;
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(socket, 'data');
    const events: string[] = [];
    socket.on('end', () => events.push('end'));
    socket.on('error', (err: NodeJS.ErrnoException) => events.push(err.code ?? 'error'));
    server.child.kill('SIGTERM');
    await once(socket, 'close');
    expect(events).toEqual(['end']);
    expect(await server.exited).toBe(0);
  });
});
