import * as http from 'node:http';
import * as net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import {
  createAppState,
  createHttpServer,
  httpLimits,
  statusOf,
  type AppOptions,
  type AppState,
  type Status,
} from '../src/app.js';

/** The HTTP app on a plain `node:http` listener on 127.0.0.1, port 0; closed on dispose. */
export interface AppUnderTest extends AsyncDisposable {
  readonly server: http.Server;
  readonly state: AppState;
  readonly url: string;
}

export async function startApp(options: Partial<AppOptions> = {}): Promise<AppUnderTest> {
  const state = createAppState({ worker: 0, version: '0.0.0-test' });
  const server = createHttpServer(state, { bodyLimit: 1024, maxConnections: 0, ...options });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  state.addresses = [{ family: 4, address: '127.0.0.1', port }];
  return {
    server,
    state,
    url: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A raw request, for the cases fetch() cannot make (chunked over-limit bodies). */
async function request(
  url: string,
  init: { method: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const req = http.request(`${url}${init.path}`, {
    method: init.method,
    headers: init.headers ?? {},
    agent: false,
  });
  for (const chunk of init.chunks ?? []) req.write(chunk);
  req.end();
  const [res] = (await once(req, 'response')) as [http.IncomingMessage];
  let body = '';
  res.setEncoding('utf8');
  for await (const chunk of res) body += chunk as string;
  return { status: res.statusCode ?? 0, headers: res.headers, body };
}

describe('the HTTP app', () => {
  it('serves the status page as JSON by default and for Accept: application/json', async () => {
    await using app = await startApp();
    const res = await fetch(app.url, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('vary')).toBe('Accept');
    const status = (await res.json()) as Status;
    expect(status).toMatchObject({
      server: 'sock-server',
      pid: process.pid,
      worker: 0,
      urls: [app.url],
      requests: 1,
      connections: 1,
      draining: false,
    });
    expect(status.uptime).toBeGreaterThanOrEqual(0);
    // The fast path writes the same JSON statusOf() describes.
    expect(Object.keys(status).sort()).toEqual(Object.keys(statusOf(app.state)).sort());
    expect((await (await fetch(app.url)).json()) as object).toMatchObject({ requests: 2 });
  });

  it('serves the status page as HTML to a browser, escaping what it shows', async () => {
    await using app = await startApp();
    app.state.candidates = [{ family: 4, address: '<b>', port: 1, protocol: 'tcp' }];
    const res = await fetch(app.url, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain(`<a href="${app.url}">`);
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('answers the probes, and /readyz says 503 and closes connections while draining', async () => {
    await using app = await startApp();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${app.url}/readyz`)).json()).toEqual({ status: 'ok' });
    app.state.draining = true;
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('connection')).toBe('close');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    await using app = await startApp();
    const res = await fetch(`${app.url}/healthz`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('echoes a POST body with its content type', async () => {
    await using app = await startApp();
    const res = await fetch(`${app.url}/echo`, {
      method: 'POST',
      body: 'héllo',
      headers: { 'content-type': 'text/x-test' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-test');
    expect(await res.text()).toBe('héllo');
    const empty = await request(app.url, { method: 'POST', path: '/echo' });
    expect(empty).toMatchObject({ status: 200, body: '' });
    expect(empty.headers['content-type']).toBe('application/octet-stream');
  });

  it('refuses a body over the limit with 413, by Content-Length and while streaming', async () => {
    await using app = await startApp({ bodyLimit: 10 });
    const exact = await fetch(`${app.url}/echo`, { method: 'POST', body: '0123456789' });
    expect(await exact.text()).toBe('0123456789');
    const declared = await fetch(`${app.url}/echo`, { method: 'POST', body: '0123456789a' });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'payload too large' });
    const streamed = await request(app.url, {
      method: 'POST',
      path: '/echo',
      headers: { 'transfer-encoding': 'chunked' },
      chunks: [Buffer.alloc(6), Buffer.alloc(6)],
    });
    expect(streamed.status).toBe(413);
    expect(streamed.headers.connection).toBe('close');
    expect(JSON.parse(streamed.body)).toMatchObject({
      message: expect.stringContaining('10 bytes') as unknown,
    });
  });

  it('answers 404 and 405 with JSON bodies', async () => {
    await using app = await startApp();
    const missing = await fetch(`${app.url}/%3Cscript%3Enope?x=1`);
    expect(missing.status).toBe(404);
    const body = await missing.text();
    expect(JSON.parse(body)).toMatchObject({
      error: 'not found',
      message: expect.stringContaining('try /') as unknown,
    });
    // What the client sent is not reflected back.
    expect(body).not.toMatch(/nope|script/i);
    const wrong = await fetch(`${app.url}/healthz`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect(await wrong.json()).toMatchObject({ error: 'method not allowed' });
    expect((await fetch(`${app.url}/echo`)).status).toBe(405);
  });

  it('sets the time limits and the header count cap', async () => {
    await using app = await startApp();
    expect(app.server.headersTimeout).toBe(httpLimits.headersTimeout);
    expect(app.server.requestTimeout).toBe(httpLimits.requestTimeout);
    expect(app.server.keepAliveTimeout).toBe(httpLimits.keepAliveTimeout);
    expect(app.server.maxHeadersCount).toBe(httpLimits.maxHeadersCount);
  });

  it('refuses a connection past the cap when every open one has a request in flight', async () => {
    await using app = await startApp({ maxConnections: 1 });
    const port = Number(new URL(app.url).port);
    const busy = net.connect(port, '127.0.0.1');
    await once(busy, 'connect');
    // A request whose body has not all arrived: in flight, so not a connection to shed.
    busy.write('POST /echo HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\nabc');
    await until(() => app.state.connections === 1 && countsRequest(app));
    const second = net.connect(port, '127.0.0.1');
    second.on('error', () => undefined);
    await once(second, 'close');
    expect(app.state.connections).toBe(1);
    busy.write('defghij');
    const [answer] = (await once(busy, 'data')) as [Buffer];
    expect(answer.toString()).toMatch(/^HTTP\/1\.1 200 OK/);
    busy.destroy();
    await once(busy, 'close');
  });

  it('sheds the longest idle connection to make room for a new one at the cap', async () => {
    await using app = await startApp({ maxConnections: 2 });
    const port = Number(new URL(app.url).port);
    // Two connections that say nothing, the way idle attackers hold a server's slots.
    const idle = [net.connect(port, '127.0.0.1'), net.connect(port, '127.0.0.1')];
    for (const socket of idle) {
      socket.on('error', () => undefined);
      await once(socket, 'connect');
    }
    await until(() => app.state.connections === 2);
    const closed = once(idle[0]!, 'close');
    // A normal client still gets its answers, one new connection each.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${app.url}/healthz`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
    }
    await closed;
    expect(app.state.connections).toBeLessThanOrEqual(2);
    for (const socket of idle) socket.destroy();
  });

  it('marks JSON and HTML answers nosniff and status answers no-store', async () => {
    await using app = await startApp();
    for (const [path, accept] of [
      ['/', 'application/json'],
      ['/', 'text/html'],
      ['/healthz', '*/*'],
      ['/readyz', '*/*'],
      ['/nope', '*/*'],
    ] as const) {
      const res = await fetch(`${app.url}${path}`, { headers: { accept } });
      await res.arrayBuffer();
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      if (path !== '/nope') expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const html = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(html.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
  });
});

/** Resolves once `check` holds, polling on each turn of the event loop (no sleeps). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !check(); i++) await new Promise((r) => setImmediate(r));
  if (!check()) throw new Error('condition never held');
}

function countsRequest(app: AppUnderTest): boolean {
  return app.state.requests === 1;
}
