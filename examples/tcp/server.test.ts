import * as net from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { start } from './server.js';

/** Connects, and reads the server's lines one at a time. */
async function client(host: string, port: number) {
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve).once('error', reject);
  });
  const lines = createInterface({ input: socket })[Symbol.asyncIterator]();
  return {
    socket,
    async ask(line: string): Promise<string | undefined> {
      socket.write(`${line}\n`);
      return (await lines.next()).value as string | undefined;
    },
    async next(): Promise<string | undefined> {
      return (await lines.next()).value as string | undefined;
    },
  };
}

describe('node:net line protocol recipe', () => {
  it('answers on ::1 and 127.0.0.1', async () => {
    const running = await start();
    try {
      expect(running.binding.addresses.map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
      for (const host of ['::1', '127.0.0.1']) {
        const c = await client(host, running.binding.port);
        expect(await c.ask('PING')).toBe('PONG');
        expect(await c.ask('nonsense')).toBe('ERR unknown command');
        c.socket.end();
      }
    } finally {
      await running.close();
    }
  });

  it('a graceful close says BYE to connected clients and waits for them to leave', async () => {
    const running = await start();
    const c = await client('127.0.0.1', running.binding.port);
    expect(await c.ask('PING')).toBe('PONG');
    const closing = running.close();
    expect(await c.next()).toBe('BYE');
    c.socket.end();
    await closing;
    expect(running.binding.closed).toBe(true);
  });
});
