import * as http from 'node:http';
import { ConnectionTracker } from './connections.js';
import type { Status, StatusAddress, StatusAttempt, StatusCandidate } from './status.js';
import type { Logger } from './logger.js';
import { formatUrl } from './internal/format.js';
import { statusAssets, statusCss, statusHtml, statusJs } from './status-page.js';

export type { Status, StatusAddress, StatusAttempt, StatusCandidate } from './status.js';

/** The live facts the status page and the probes read; the server updates them in place. */
export interface AppState {
  readonly pid: number;
  /** The cluster worker id; 0 in a single-process server. */
  readonly worker: number;
  readonly version: string;
  addresses: readonly StatusAddress[];
  candidates: readonly StatusCandidate[];
  attempts: readonly StatusAttempt[];
  /** Date.now() when the server started. */
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
    attempts: [],
    startedAt: Date.now(),
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
  /** Time limits in milliseconds; `httpLimits` for what is not given. */
  readonly limits?: Partial<HttpTimeLimits> | undefined;
}

/** The time limits a slow or idle client meets, in milliseconds. */
export interface HttpTimeLimits {
  /** Complete request headers must arrive within this (slowloris, and a connection that says nothing). */
  readonly headersTimeout: number;
  /** The whole request, body included, must arrive within this (slow uploads). */
  readonly requestTimeout: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeout: number;
}

/** Time limits that keep a slow or idle client from holding a connection forever. */
export const httpLimits = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  /**
   * How often Node checks headersTimeout and requestTimeout. Node's default of 30 s let a limit
   * fire up to 30 s late (slowloris cut at 30 s instead of 10); at half a second each limit
   * fires within 0.5 s of its value, for one pass over the open connections per tick.
   */
  connectionsCheckingInterval: 500,
  maxHeadersCount: 100,
} as const;

const jsonType = 'application/json; charset=utf-8';
const htmlType = 'text/html; charset=utf-8';
const cssType = 'text/css; charset=utf-8';
const jsType = 'text/javascript; charset=utf-8';
// Status answers describe this moment: a cache must not keep them (a stale /readyz is a lie).
const noStore = { 'cache-control': 'no-store' } as const;

/** An answer whose body never changes: body and headers are built once, not per request. */
interface FixedAnswer {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | number>>;
}

function fixedAnswer(
  type: string,
  body: Buffer,
  extra?: Readonly<Record<string, string>>,
): FixedAnswer {
  return { body, headers: headersFor(type, body.length, extra) };
}

// The probes, which load balancers call often, do no work per request.
const okAnswer = fixedAnswer(jsonType, Buffer.from('{"status":"ok"}\n'), noStore);
const drainingAnswer = fixedAnswer(jsonType, Buffer.from('{"status":"draining"}\n'), noStore);

/** The HTTP app's server and what it knows about its connections. */
export interface HttpApp {
  readonly server: http.Server;
  readonly connections: ConnectionTracker;
}

/**
 * The HTTP reference app as an http.Server with safe limits. Its connections are tracked (the cap
 * is applied there rather than with server.maxConnections, which only a listening handle enforces:
 * serve() hands this server connections from several listeners), and counted in `state`.
 */
export function createHttpApp(state: AppState, options: AppOptions): HttpApp {
  const limits = { ...httpLimits, ...options.limits };
  const connections = new ConnectionTracker(options.maxConnections, state);
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      connectionsCheckingInterval: limits.connectionsCheckingInterval,
    },
    connections.counting(createApp(state, options)),
  );
  server.maxHeadersCount = limits.maxHeadersCount;
  connections.attach(server);
  return { server, connections };
}

/** {@link createHttpApp}'s server alone. */
export function createHttpServer(state: AppState, options: AppOptions): http.Server {
  return createHttpApp(state, options).server;
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
        if (allow(req, res, 'GET, HEAD')) sendFixed(res, 200, okAnswer);
        return;
      case '/readyz':
        if (allow(req, res, 'GET, HEAD')) {
          if (state.draining) sendFixed(res, 503, drainingAnswer);
          else sendFixed(res, 200, okAnswer);
        }
        return;
      case statusAssets.css:
        if (allow(req, res, 'GET, HEAD')) send(res, 200, cssType, statusCss, assetHeaders);
        return;
      case statusAssets.js:
        if (allow(req, res, 'GET, HEAD')) send(res, 200, jsType, statusJs, assetHeaders);
        return;
      case '/echo':
        if (allow(req, res, 'POST, PUT')) echo(req, res, options.bodyLimit);
        return;
      default:
        // The path is not echoed back: what a client sent is not ours to reflect.
        sendError(
          res,
          404,
          'not found',
          'There is no resource at this path; try / for the status page, /healthz or /readyz.',
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

function headersFor(
  type: string,
  length: number,
  extra?: Readonly<Record<string, string>>,
): Record<string, string | number> {
  return {
    'content-type': type,
    'content-length': length,
    // No answer is to be sniffed into something else (a JSON body rendered as HTML).
    'x-content-type-options': 'nosniff',
    ...extra,
  };
}

function send(
  res: http.ServerResponse,
  code: number,
  type: string,
  body: Buffer | string,
  extra?: Readonly<Record<string, string>>,
): void {
  res.writeHead(code, headersFor(type, Buffer.byteLength(body), extra));
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendFixed(res: http.ServerResponse, code: number, answer: FixedAnswer): void {
  res.writeHead(code, answer.headers);
  res.end(res.req.method === 'HEAD' ? undefined : answer.body);
}

function sendError(res: http.ServerResponse, code: number, error: string, message: string): void {
  send(res, code, jsonType, `${JSON.stringify({ error, message })}\n`);
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
    attempts: state.attempts,
    uptime: Math.round(Date.now() - state.startedAt) / 1000,
    connections: state.connections,
    requests: state.requests,
    draining: state.draining,
  };
}

// The fixed part of the status JSON, serialized once per set of addresses: GET / is on the hot
// path, and only the counters and the uptime change from one request to the next.
const jsonPrefixes = new WeakMap<
  AppState,
  { addresses: unknown; candidates: unknown; attempts: unknown; text: string }
>();

function statusJson(state: AppState): string {
  let prefix = jsonPrefixes.get(state);
  if (
    prefix === undefined ||
    prefix.addresses !== state.addresses ||
    prefix.candidates !== state.candidates ||
    prefix.attempts !== state.attempts
  ) {
    const { uptime: _u, connections: _c, requests: _r, draining: _d, ...fixed } = statusOf(state);
    const text = JSON.stringify(fixed);
    prefix = {
      addresses: state.addresses,
      candidates: state.candidates,
      attempts: state.attempts,
      text: text.slice(0, -1),
    };
    jsonPrefixes.set(state, prefix);
  }
  const uptime = Math.round(Date.now() - state.startedAt) / 1000;
  return `${prefix.text},"uptime":${uptime},"connections":${state.connections},"requests":${state.requests},"draining":${state.draining}}\n`;
}

function status(state: AppState, req: http.IncomingMessage, res: http.ServerResponse): void {
  const accept = req.headers.accept;
  // Browsers ask for text/html first; curl and fetch() send */* and get JSON, easier to read there.
  // Every header goes to writeHead() in one object (a setHeader() first would take Node's slower
  // path that merges the two).
  if (accept !== undefined && accept.includes('text/html')) {
    send(res, 200, htmlType, statusHtml(statusOf(state)), htmlStatusHeaders);
  } else {
    send(res, 200, jsonType, statusJson(state), jsonStatusHeaders);
  }
}

// The page's stylesheet and script change only with the version.
const assetHeaders = { 'cache-control': 'no-cache' } as const;

// The page runs one script of its own and loads nothing from elsewhere; the policy says so.
const htmlHeaders = {
  ...noStore,
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
} as const;

// The status page's two forms are one resource: a cache must tell them apart by Accept.
const jsonStatusHeaders = { ...noStore, vary: 'Accept' } as const;
const htmlStatusHeaders = { ...htmlHeaders, vary: 'Accept' } as const;

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
      // The body is the client's own: never to be run as a page of this origin.
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    res.end(Buffer.concat(chunks, size));
  });
  // An aborted upload has no one to answer; the socket is already gone.
  req.on('error', () => undefined);
}

function logRequest(logger: Logger, req: http.IncomingMessage, res: http.ServerResponse): void {
  const start = process.hrtime.bigint();
  res.once('finish', () => {
    logger.info(
      {
        event: 'request',
        method: req.method,
        url: req.url,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - start) / 100_000n) / 10,
        remote: req.socket.remoteAddress,
      },
      `${req.method ?? '?'} ${req.url ?? '?'} ${res.statusCode}`,
    );
  });
}
