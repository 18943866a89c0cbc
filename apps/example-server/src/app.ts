import * as http from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger.js';
import { formatUrl } from './internal/format.js';

/** An address the server listens on, as the status page shows it. */
export interface StatusAddress {
  readonly family: 4 | 6;
  readonly address: string;
  readonly port: number;
}

/** An address the resolver gave, as the status page shows it. */
export interface StatusCandidate extends StatusAddress {
  readonly protocol: 'tcp' | 'udp';
}

/** The live facts the status page and the probes read; the server updates them in place. */
export interface AppState {
  readonly pid: number;
  /** The cluster worker id; 0 in a single-process server. */
  readonly worker: number;
  readonly version: string;
  addresses: readonly StatusAddress[];
  candidates: readonly StatusCandidate[];
  /** performance.now() when the server started. */
  readonly startedAt: number;
  connections: number;
  requests: number;
  /** True once a stop signal came: /readyz answers 503 and responses close their connection. */
  draining: boolean;
}

/** A fresh state for a server about to start. */
export function createAppState(init: { worker: number; version: string }): AppState {
  return {
    pid: process.pid,
    worker: init.worker,
    version: init.version,
    addresses: [],
    candidates: [],
    startedAt: performance.now(),
    connections: 0,
    requests: 0,
    draining: false,
  };
}

/** The HTTP app's knobs. */
export interface AppOptions {
  /** The largest body `POST /echo` accepts, in bytes. */
  readonly bodyLimit: number;
  /** Open connections past which new ones are closed at once; 0 means no cap. */
  readonly maxConnections: number;
  /** Logs one line per request when given. */
  readonly requestLogger?: Logger | undefined;
}

/** Time limits that keep a slow or idle client from holding a connection forever. */
export const httpLimits = {
  /** Complete request headers must arrive within this (slowloris). */
  headersTimeout: 10_000,
  /** The whole request, body included, must arrive within this. */
  requestTimeout: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeout: 5_000,
  maxHeadersCount: 100,
} as const;

const jsonType = 'application/json; charset=utf-8';
// Prebuilt so the probes, which load balancers call often, do no work per request.
const okBody = Buffer.from('{"status":"ok"}\n');
const drainingBody = Buffer.from('{"status":"draining"}\n');

/** The HTTP reference app as an http.Server with safe limits, counting connections in `state`. */
export function createHttpServer(state: AppState, options: AppOptions): http.Server {
  const server = http.createServer(
    {
      headersTimeout: httpLimits.headersTimeout,
      requestTimeout: httpLimits.requestTimeout,
      keepAliveTimeout: httpLimits.keepAliveTimeout,
    },
    createApp(state, options),
  );
  server.maxHeadersCount = httpLimits.maxHeadersCount;
  server.on('connection', (socket: Socket) => {
    // Counted here rather than with server.maxConnections, which only the listening handle
    // enforces: serve() hands this server connections from several listeners.
    if (options.maxConnections > 0 && state.connections >= options.maxConnections) {
      socket.destroy();
      return;
    }
    state.connections++;
    socket.once('close', () => {
      state.connections--;
    });
  });
  return server;
}

/** The request handler: status page, probes, echo, and JSON errors for everything else. */
export function createApp(state: AppState, options: AppOptions): http.RequestListener {
  return (req, res) => {
    state.requests++;
    if (state.draining) res.shouldKeepAlive = false;
    if (options.requestLogger !== undefined) logRequest(options.requestLogger, req, res);
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    switch (path) {
      case '/':
        if (allow(req, res, 'GET, HEAD')) status(state, req, res);
        return;
      case '/healthz':
        if (allow(req, res, 'GET, HEAD')) send(res, 200, jsonType, okBody);
        return;
      case '/readyz':
        if (allow(req, res, 'GET, HEAD')) {
          if (state.draining) send(res, 503, jsonType, drainingBody);
          else send(res, 200, jsonType, okBody);
        }
        return;
      case '/echo':
        if (allow(req, res, 'POST, PUT')) echo(req, res, options.bodyLimit);
        return;
      default:
        sendError(
          res,
          404,
          'not found',
          `There is no resource at ${path}; try / for the status page.`,
        );
    }
  };
}

// Parsed once: allow() runs on every request.
const allowed = new Map<string, readonly string[]>(
  ['GET, HEAD', 'POST, PUT'].map((list) => [list, list.split(', ')]),
);

function allow(req: http.IncomingMessage, res: http.ServerResponse, methods: string): boolean {
  const method = req.method ?? 'GET';
  if (allowed.get(methods)?.includes(method) === true) return true;
  res.setHeader('allow', methods);
  sendError(res, 405, 'method not allowed', `${method} is not allowed here; use ${methods}.`);
  return false;
}

function send(res: http.ServerResponse, code: number, type: string, body: Buffer | string): void {
  res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendError(res: http.ServerResponse, code: number, error: string, message: string): void {
  send(res, code, jsonType, `${JSON.stringify({ error, message })}\n`);
}

/** The status page's facts, in the shape its JSON form has. */
export interface Status {
  readonly server: 'sock-server';
  readonly version: string;
  readonly pid: number;
  readonly worker: number;
  readonly addresses: readonly StatusAddress[];
  readonly urls: readonly string[];
  readonly candidates: readonly StatusCandidate[];
  readonly uptime: number;
  readonly connections: number;
  readonly requests: number;
  readonly draining: boolean;
}

/** A snapshot of `state` for the status page. */
export function statusOf(state: AppState): Status {
  return {
    server: 'sock-server',
    version: state.version,
    pid: state.pid,
    worker: state.worker,
    addresses: state.addresses,
    urls: state.addresses.map((a) => formatUrl('http', a)),
    candidates: state.candidates,
    uptime: Math.round(performance.now() - state.startedAt) / 1000,
    connections: state.connections,
    requests: state.requests,
    draining: state.draining,
  };
}

// The fixed part of the status JSON, serialized once per set of addresses: GET / is on the hot
// path, and only the counters and the uptime change from one request to the next.
const jsonPrefixes = new WeakMap<
  AppState,
  { addresses: unknown; candidates: unknown; text: string }
>();

function statusJson(state: AppState): string {
  let prefix = jsonPrefixes.get(state);
  if (
    prefix === undefined ||
    prefix.addresses !== state.addresses ||
    prefix.candidates !== state.candidates
  ) {
    const { uptime: _u, connections: _c, requests: _r, draining: _d, ...fixed } = statusOf(state);
    const text = JSON.stringify(fixed);
    prefix = { addresses: state.addresses, candidates: state.candidates, text: text.slice(0, -1) };
    jsonPrefixes.set(state, prefix);
  }
  const uptime = Math.round(performance.now() - state.startedAt) / 1000;
  return `${prefix.text},"uptime":${uptime},"connections":${state.connections},"requests":${state.requests},"draining":${state.draining}}\n`;
}

function status(state: AppState, req: http.IncomingMessage, res: http.ServerResponse): void {
  const accept = req.headers.accept;
  res.setHeader('vary', 'Accept');
  // Browsers ask for text/html first; curl and fetch() send */* and get JSON, easier to read there.
  if (accept !== undefined && accept.includes('text/html')) {
    send(res, 200, 'text/html; charset=utf-8', statusHtml(statusOf(state)));
  } else {
    send(res, 200, jsonType, statusJson(state));
  }
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

function statusHtml(status: Status): string {
  const row = (name: string, value: string): string =>
    `<tr><th>${escapeHtml(name)}</th><td>${value}</td></tr>`;
  const list = (items: readonly string[]): string =>
    items.length === 0 ? 'none' : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sock-server</title>
<style>body{font:15px system-ui,sans-serif;margin:2em}th{text-align:left;padding-right:1em;vertical-align:top}ul{margin:0;padding-left:1.2em}</style>
</head><body><h1>sock-server ${escapeHtml(status.version)}</h1><table>
${row('listening on', list(status.urls.map((u) => `<a href="${escapeHtml(u)}">${escapeHtml(u)}</a>`)))}
${row('resolver candidates', list(status.candidates.map((c) => escapeHtml(`${formatUrl(c.protocol, c)} (IPv${c.family})`))))}
${row('uptime', `${status.uptime.toFixed(1)} s`)}
${row('open connections', String(status.connections))}
${row('requests served', String(status.requests))}
${row('pid', String(status.pid))}
${row('worker', String(status.worker))}
${row('draining', String(status.draining))}
</table><p>JSON: <code>curl -H 'Accept: application/json' ...</code>; probes: <a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>.</p></body></html>
`;
}

function echo(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  const tooLarge = (): void => {
    // The rest of the body is not read, so the connection cannot be reused.
    res.shouldKeepAlive = false;
    sendError(
      res,
      413,
      'payload too large',
      `The body is larger than the limit of ${limit} bytes; send less or raise --body-limit.`,
    );
  };
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    tooLarge();
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > limit) {
      refused = true;
      chunks.length = 0;
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    res.writeHead(200, {
      'content-type': req.headers['content-type'] ?? 'application/octet-stream',
      'content-length': size,
    });
    res.end(Buffer.concat(chunks, size));
  });
  // An aborted upload has no one to answer; the socket is already gone.
  req.on('error', () => undefined);
}

function logRequest(logger: Logger, req: http.IncomingMessage, res: http.ServerResponse): void {
  const start = performance.now();
  res.once('finish', () => {
    logger.info(
      {
        event: 'request',
        method: req.method,
        url: req.url,
        status: res.statusCode,
        ms: Math.round((performance.now() - start) * 10) / 10,
        remote: req.socket.remoteAddress,
      },
      `${req.method ?? '?'} ${req.url ?? '?'} ${res.statusCode}`,
    );
  });
}
