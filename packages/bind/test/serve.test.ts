import * as http from 'node:http';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { bind, serve } from '@sock/bind';
import { bothLoopbacks, fakeLookup, httpGet } from '@sock/test-helpers';

async function get(url: string): Promise<string> {
  return (await httpGet(url)).body;
}

describe('serve()', () => {
  it('one HTTP handler answers on ::1 and 127.0.0.1', async () => {
    await using binding = await bind({ host: 'two.test', lookup: fakeLookup(bothLoopbacks) });
    const server = serve((req, res) => res.end(`hello ${req.socket.localAddress}`), binding);
    expect(server).toBeInstanceOf(http.Server);
    expect(await get(`http://[::1]:${binding.port}/`)).toBe('hello ::1');
    expect(await get(`http://127.0.0.1:${binding.port}/`)).toBe('hello 127.0.0.1');
  });

  it('hands connections to a given http.Server and returns it', async () => {
    await using binding = await bind({ host: 'two.test', lookup: fakeLookup(bothLoopbacks) });
    const app = http.createServer((_req, res) => res.end('app'));
    let listening = false;
    app.on('listening', () => (listening = true));
    expect(serve(app, binding)).toBe(app);
    // http.Server's own connection tracking starts on 'listening'.
    expect(listening).toBe(true);
    expect(await get(`http://[::1]:${binding.port}/`)).toBe('app');
    expect(await get(`http://127.0.0.1:${binding.port}/`)).toBe('app');
  });

  it('hands connections to any net.Server', async () => {
    await using binding = await bind({ host: 'two.test', lookup: fakeLookup(bothLoopbacks) });
    serve(
      net.createServer((s) => s.end('raw')),
      binding,
    );
    for (const host of ['::1', '127.0.0.1']) {
      const text = await new Promise<string>((resolve, reject) => {
        let data = '';
        net
          .connect({ host, port: binding.port })
          .on('data', (d) => (data += d.toString()))
          .on('end', () => resolve(data))
          .on('error', reject);
      });
      expect(text).toBe('raw');
    }
  });

  it('an in-flight response is told to close the connection when the binding closes', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    serve((_req, res) => {
      entered();
      void held.then(() => res.end('late'));
    }, binding);
    const pending = fetch(`http://127.0.0.1:${binding.port}/`);
    await inHandler;
    const closing = binding.close({ timeout: 600_000 });
    release();
    const res = await pending;
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.text()).toBe('late');
    await closing;
  });

  it('rejects a UDP binding, a second serve, a closed binding and bad arguments', async () => {
    await using udp = await bind({ protocol: 'udp', host: '127.0.0.1' });
    expect(() => serve(() => undefined, udp)).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_ARGUMENT' }),
    );
    await using tcp = await bind({ host: '127.0.0.1' });
    expect(() => serve(42 as never, tcp)).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_ARGUMENT' }),
    );
    expect(() => serve(() => undefined, {} as never)).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_ARGUMENT' }),
    );
    serve(() => undefined, tcp);
    expect(() => serve(() => undefined, tcp)).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_ARGUMENT' }),
    );
    const closed = await bind({ host: '127.0.0.1' });
    await closed.close();
    expect(() => serve(() => undefined, closed)).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_CLOSED' }),
    );
  });

  it('rejects a server that is already listening elsewhere', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      expect(() => serve(other, binding)).toThrow(
        expect.objectContaining({ code: 'ERR_SOCK_INVALID_ARGUMENT' }),
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
