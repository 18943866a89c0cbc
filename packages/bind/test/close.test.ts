import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { bind, serve } from '@sock/bind';
import { activeResources, fdCount, leftBehind, settle } from '@sock/test-helpers';

const connect = (port: number, host = '127.0.0.1'): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });

const echoOnce = (socket: net.Socket, text: string): Promise<string> =>
  new Promise((resolve) => {
    socket.once('data', (data) => resolve(data.toString()));
    socket.write(text);
  });

describe('Binding.close()', () => {
  it('is idempotent: one shared promise', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    expect(binding.closed).toBe(false);
    const a = binding.close();
    const b = binding.close({ timeout: 1 });
    expect(a).toBe(b);
    expect(binding.closed).toBe(true);
    await a;
    await expect(binding[Symbol.asyncDispose]()).resolves.toBeUndefined();
  });

  it('drops its connection tracking from the servers it closes', async () => {
    // A closed server lives until libuv's close callback, a loop turn later; a listener left on it
    // would keep the whole Binding alive with it, which made bind-and-close loops pile up garbage.
    const binding = await bind({ port: 0 });
    const servers = [...binding.servers];
    expect(servers.length).toBeGreaterThan(0);
    await binding.close();
    for (const server of servers) expect(server.listenerCount('connection')).toBe(0);
  });

  it('await using closes the listeners', async () => {
    let port = 0;
    {
      await using binding = await bind({ host: '127.0.0.1' });
      port = binding.port;
    }
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stops accepting, and lets an open connection finish within the timeout', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    serve(
      net.createServer((s) => s.pipe(s)),
      binding,
    );
    const client = await connect(binding.port);
    expect(await echoOnce(client, 'a')).toBe('a');
    const closing = binding.close({ timeout: 600_000 });
    await expect(connect(binding.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // Still served while the close waits.
    expect(await echoOnce(client, 'b')).toBe('b');
    client.end();
    await closing;
  });

  it('destroys connections still open when the timeout ends', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    const client = await connect(binding.port);
    const closed = new Promise((resolve) => client.once('close', resolve));
    client.on('error', () => undefined);
    await binding.close({ timeout: 10 });
    await closed;
  });

  it('timeout 0 destroys open connections at once', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    const client = await connect(binding.port);
    client.on('error', () => undefined);
    const closed = new Promise((resolve) => client.once('close', resolve));
    await binding.close({ timeout: 0 });
    await closed;
  });

  it('closes idle keep-alive HTTP connections without waiting', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    serve((_req, res) => res.end('ok'), binding);
    const res = await fetch(`http://127.0.0.1:${binding.port}/`);
    expect(await res.text()).toBe('ok');
    // Infinity: only closeIdleConnections can end this close.
    await binding.close({ timeout: Infinity });
  });

  it('rejects a bad close timeout', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    await expect(binding.close({ timeout: -1 })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
    });
    expect(binding.closed).toBe(false);
  });

  it('suggests the option meant by a misspelled one, and rejects options that are not an object', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const misspelled = binding.close({ timout: 10 } as never);
    await expect(misspelled).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_OPTION' });
    await expect(misspelled).rejects.toThrow(
      'Unknown option `timout` in close(); did you mean `timeout`?',
    );
    await expect(binding.close(5 as never)).rejects.toThrow(
      'The `options` argument must be an object, got 5.',
    );
    expect(binding.closed).toBe(false);
  });

  it('leaves no handle or descriptor behind', async () => {
    await settle();
    const fds = fdCount();
    const before = activeResources();
    const binding = await bind();
    serve((_req, res) => res.end('ok'), binding);
    const res = await fetch(`http://127.0.0.1:${binding.port}/`).catch(() => undefined);
    await res?.text();
    await binding.close();
    await settle();
    expect(fdCount()).toBe(fds);
    expect(leftBehind(before, activeResources())).toEqual([]);
  });
});
