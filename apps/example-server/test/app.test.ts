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
    const missing = await fetch(`${app.url}/nope?x=1`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: 'not found',
      message: expect.stringContaining('/nope') as unknown,
    });
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

  it('closes connections past the cap at once and counts open ones', async () => {
    await using app = await startApp({ maxConnections: 1 });
    const first = net.connect(Number(new URL(app.url).port), '127.0.0.1');
    await once(first, 'connect');
    // The server counts it once it has accepted it; a request over it proves that.
    first.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
    await once(first, 'data');
    expect(app.state.connections).toBe(1);
    const second = net.connect(Number(new URL(app.url).port), '127.0.0.1');
    second.on('error', () => undefined);
    await once(second, 'close');
    expect(app.state.connections).toBe(1);
    first.destroy();
    await once(first, 'close');
  });
});
