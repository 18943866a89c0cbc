import type * as net from 'node:net';
import { isLoopback, type AddrInfo } from '@sock/resolve';
import {
  bind,
  dropPrivileges,
  serve,
  type BindAttempt,
  type BindOptions,
  type Binding,
} from '@sock/bind';
import { createAppState, createHttpApp, type AppState, type HttpApp } from './app.js';
import type { ServerConfig } from './cli.js';
import { version } from './cli.js';
import { createEchoServer, serveUdpEcho } from './echo.js';
import { formatHostPort, formatPortOption, formatUrl } from './internal/format.js';
import type { Logger } from './logger.js';

/** A server that is bound and serving. */
export interface StartedServer {
  readonly binding: Binding;
  readonly state: AppState;
  /** `http://127.0.0.1:8080`, `tcp://[::1]:7`, `udp://127.0.0.1:7`: one per bound address. */
  readonly urls: readonly string[];
  /**
   * Drains: `/readyz` answers 503 at once, the listeners close after `drainDelay`, in-flight work
   * finishes and idle connections close without losing a request on its way; after `timeout` ms
   * whatever is left is cut off, and the outcome says how many requests that was.
   */
  stop(timeout: number): Promise<DrainOutcome>;
}

/** How a drain ended. */
export interface DrainOutcome {
  /** Requests (HTTP) or connections (TCP echo) still in flight at the drain timeout, cut off. */
  readonly cut: number;
  /** The drain timeout that was applied, in milliseconds. */
  readonly timeout: number;
  /** What `cut` counts: HTTP requests, or TCP echo connections. */
  readonly unit: 'request' | 'connection';
}

/** How often a drain logs what it is still waiting for. */
const drainProgressInterval = 1_000;

/** The URL scheme each protocol's addresses are shown with. */
const schemes: Record<ServerConfig['protocol'], string> = {
  http: 'http',
  echo: 'tcp',
  udp: 'udp',
};

/** The transport a configuration binds: UDP for the UDP echo, TCP for the rest. */
export function transportOf(config: ServerConfig): 'tcp' | 'udp' {
  return config.protocol === 'udp' ? 'udp' : 'tcp';
}

/** The options `bind()` gets for a configuration. */
function bindOptionsFor(config: ServerConfig): BindOptions {
  const protocol = transportOf(config);
  // Each option is passed only when set, so bind() can refuse one it cannot honour (reusePort on
  // an old Node) instead of the server passing `false` everywhere.
  if (config.systemd) return { systemd: true, protocol };
  if (config.path !== undefined) return { path: config.path };
  return {
    host: config.host,
    port: config.port,
    protocol,
    strategy: config.first ? 'first' : 'all',
    ...(config.family === 0 ? {} : { family: config.family }),
    ...(config.reusePort ? { reusePort: true } : {}),
    // A scan for an HTTP server skips the ports browsers refuse to open (6000, 6665-6669, ...);
    // a single port the user named is bound as asked.
    ...(config.protocol === 'http' && typeof config.port === 'object'
      ? { exclude: 'browser-unsafe' as const }
      : {}),
  };
}

/** A resolver answer as the start-up log shows it. */
export type Candidate = Pick<AddrInfo, 'family' | 'address' | 'port' | 'protocol'>;

/** `localhost:8080` as the user asked for it, for the getaddrinfo line. */
function describeRequest(config: ServerConfig): string {
  if (config.systemd) return 'systemd sockets';
  return formatHostPort({ address: config.host, port: formatPortOption(config.port) });
}

/**
 * Logs the classic Winsock sample's start-up steps: what getaddrinfo gave, then each bind attempt and its outcome.
 * Called with a Binding's facts after success, and with a BindError's after failure.
 */
export function logSteps(
  logger: Logger,
  config: ServerConfig,
  candidates: readonly Candidate[] | undefined,
  attempts: readonly BindAttempt[],
): void {
  const protocol = transportOf(config);
  if (candidates !== undefined && !config.systemd) {
    const list = candidates.map((c) => `${formatHostPort(c)} ${c.protocol}`).join(', ');
    logger.info(
      {
        event: 'resolve',
        host: config.host,
        candidates: candidates.map(({ family, address, port }) => ({ family, address, port })),
      },
      `getaddrinfo ${describeRequest(config)} -> ${list === '' ? 'no addresses' : list}`,
    );
  }
  for (const attempt of attempts) {
    const where = `${formatHostPort(attempt)} ${protocol}`;
    const why =
      attempt.error === undefined
        ? ''
        : ` at ${attempt.step ?? 'bind'} with ${attempt.error.code}${attempt.outcome === 'skipped' ? ' (address family not usable here)' : ''}`;
    const level = attempt.outcome === 'failed' ? 'warn' : 'info';
    logger[level](
      {
        event: 'attempt',
        address: attempt.address,
        family: attempt.family,
        port: attempt.port,
        outcome: attempt.outcome,
        step: attempt.step,
        code: attempt.error?.code,
      },
      `${config.systemd ? 'adopt' : 'bind'} ${where}: ${attempt.outcome}${why}`,
    );
  }
}

/**
 * Binds as configured, drops privileges if asked, and serves the configured protocol; logs every
 * step. On failure everything opened is closed and the error (a BindError for bind) is rethrown.
 */
export async function startServer(
  config: ServerConfig,
  logger: Logger,
  context: { readonly worker: number; readonly inherit?: boolean; readonly quiet?: boolean },
): Promise<StartedServer> {
  // A restarted process adopts its predecessor's sockets (see restart.ts).
  const binding = await bind(context.inherit === true ? { inherit: true } : bindOptionsFor(config));
  try {
    return serveBinding(binding, config, logger, context);
  } catch (err) {
    await binding.close({ timeout: 0 });
    throw err;
  }
}

function serveBinding(
  binding: Binding,
  config: ServerConfig,
  logger: Logger,
  context: { readonly worker: number; readonly quiet?: boolean },
): StartedServer {
  logSteps(logger, config, binding.candidates, binding.attempts);
  if (config.user !== undefined || config.group !== undefined) {
    const ids = dropPrivileges({
      ...(config.user === undefined ? {} : { user: config.user }),
      ...(config.group === undefined ? {} : { group: config.group }),
    });
    logger.info(
      { event: 'privileges', ...ids },
      `dropped privileges to uid ${ids.uid}, gid ${ids.gid}`,
    );
  }

  const state = createAppState({ worker: context.worker, version });
  state.addresses = binding.addresses;
  state.candidates = binding.candidates.map(({ family, address, port, protocol }) => ({
    family,
    address,
    port,
    protocol,
  }));
  state.attempts = binding.attempts.map(({ family, address, port, outcome, error }) => ({
    family,
    address,
    port,
    outcome,
    code: error?.code,
  }));
  let http: HttpApp | undefined;
  let echo: Set<net.Socket> | undefined;
  if (config.protocol === 'http') {
    http = createHttpApp(state, {
      bodyLimit: config.bodyLimit,
      maxConnections: config.maxConnections,
      requestLogger: config.logRequests ? logger : undefined,
      limits: {
        headersTimeout: config.headersTimeout,
        requestTimeout: config.requestTimeout,
        keepAliveTimeout: config.keepAliveTimeout,
      },
    });
    serve(http.server, binding);
  } else if (config.protocol === 'echo') {
    const sockets = (echo = new Set());
    const server = createEchoServer(state, { maxConnections: config.maxConnections });
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    serve(server, binding);
  } else if (binding.protocol === 'udp') {
    serveUdpEcho(binding.sockets, state);
  }

  const scheme = schemes[config.protocol];
  const urls =
    binding.path === undefined
      ? binding.addresses.map((a) => formatUrl(scheme, a))
      : [`${scheme}+unix:${binding.path}`];
  // A cluster primary serves only until its workers do: their lines are the ones that count.
  if (context.quiet === true) {
    // Nothing to say: the workers log their addresses and 'ready'.
  } else if (binding.path !== undefined) {
    logger.info(
      { event: 'listening', url: urls[0], path: binding.path },
      `listening on ${urls[0]}`,
    );
  }
  for (const [index, address] of context.quiet === true ? [] : binding.addresses.entries()) {
    logger.info(
      { event: 'listening', url: urls[index], ...address },
      `listening on ${urls[index]}`,
    );
    if (!isLoopback(address.address)) {
      logger.warn(
        { event: 'exposed', address: address.address },
        `${urls[index]} is reachable from the network, not only from this machine; use --host localhost to keep it local`,
      );
    }
  }
  logger[context.quiet === true ? 'debug' : 'info'](
    {
      event: context.quiet === true ? 'primary-bound' : 'ready',
      urls,
      protocol: config.protocol,
      port: binding.port,
      worker: context.worker,
    },
    `ready: ${urls.join(', ')} (pid ${process.pid}${context.worker === 0 ? '' : `, worker ${context.worker}`})`,
  );

  return {
    binding,
    state,
    urls,
    stop: (timeout) =>
      drain(
        {
          binding,
          state,
          http,
          echo,
          logger: context.quiet === true ? quieter(logger) : logger,
          delay: config.drainDelay,
        },
        timeout,
      ),
  };
}

/** `logger` with its info lines as debug: a primary's drain is not the server's. */
function quieter(logger: Logger): Logger {
  return {
    fatal: (...args) => logger.fatal(...args),
    error: (...args) => logger.error(...args),
    warn: (...args) => logger.warn(...args),
    info: (...args) => logger.debug(...args),
    debug: (...args) => logger.debug(...args),
    trace: (...args) => logger.trace(...args),
  };
}

/**
 * The drain behind {@link StartedServer.stop}: ready turns false, the listeners close after the
 * delay, idle connections close gracefully, progress is logged each second, and what is left at
 * the timeout is cut and counted.
 */
async function drain(
  server: {
    readonly binding: Binding;
    readonly state: AppState;
    readonly http: HttpApp | undefined;
    readonly echo: ReadonlySet<net.Socket> | undefined;
    readonly logger: Logger;
    readonly delay: number;
  },
  timeout: number,
): Promise<DrainOutcome> {
  const { binding, state, http, echo, logger } = server;
  state.draining = true;
  if (server.delay > 0) {
    logger.info(
      { event: 'drain-delay', ms: server.delay },
      `/readyz answers 503; the listeners close in ${server.delay} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, server.delay));
  }
  // The drain timeout is applied here, not by close(): only the app knows what a cut costs.
  const closing = binding.close({ timeout: Number.POSITIVE_INFINITY });
  http?.connections.closeIdle();
  logger.info({ event: 'closed' }, 'listeners closed: new connections are refused');
  const left = (): { connections: number; requests: number } => ({
    connections: http?.connections.size ?? echo?.size ?? 0,
    requests: http?.connections.inFlight ?? echo?.size ?? 0,
  });
  const progress = setInterval(() => {
    const { connections, requests } = left();
    logger.info(
      { event: 'draining', connections, requests },
      `draining: ${plural(connections, 'connection')} and ${plural(requests, 'request')} left`,
    );
  }, drainProgressInterval);
  progress.unref();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), Math.min(timeout, 2 ** 31 - 1));
  });
  let cut = 0;
  try {
    if ((await Promise.race([closing, expired])) === 'expired') {
      if (http !== undefined) cut = http.connections.destroyAll();
      else if (echo !== undefined) {
        cut = echo.size;
        for (const socket of echo) socket.destroy();
      }
      await closing;
    }
  } finally {
    clearInterval(progress);
    clearTimeout(timer);
  }
  return { cut, timeout, unit: http === undefined ? 'connection' : 'request' };
}

/** `1 request`, `3 requests`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
