import * as http from 'node:http';
import * as net from 'node:net';
import { SockError } from '@sock/errors';
import { renderValue } from '@sock/errors/unstable-do-not-import';

/** What serve() accepts: any Node server (http, https, http2, tls, net) or a request listener. */
export type Servable = net.Server | http.RequestListener;

function invalid(message: string): SockError {
  return new SockError({ code: 'ERR_SOCK_INVALID_ARGUMENT', message });
}

const FETCH_STYLE =
  "Node's servers call a handler with (req, res), and a fetch-style handler takes a Request and returns a Response. Wrap it in a Node server: with Hono, `serve(createAdaptorServer({ fetch: app.fetch }), binding)` (`createAdaptorServer` comes from '@hono/node-server').";

function isFunction(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}

/** Reads a property without letting a getter or a Proxy trap throw at the caller. */
function property(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The advice for a value that is neither a server nor a request listener. */
function adviceFor(value: unknown): string {
  const got = renderValue(value);
  if (typeof value !== 'object' || value === null) {
    return `The first argument of serve() must be a Node server (http, https, http2, tls or net) or a request listener (req, res) => ..., got ${got}.`;
  }
  if (isFunction(property(value, 'ready')) && property(value, 'server') instanceof net.Server) {
    return 'serve() was given a Fastify instance; pass its server instead: `await app.ready(); serve(app.server, binding)` (without app.listen()), or create the app with `fastify({ serverFactory: (handler) => serve(handler, binding) })` and `await app.ready()`.';
  }
  // After Fastify, whose instance is a thenable too.
  if (isFunction(property(value, 'then'))) {
    return 'The first argument of serve() is a Promise; await it first, then pass the server or request listener it gives.';
  }
  if (isFunction(property(value, 'callback')) && isFunction(property(value, 'use'))) {
    return 'serve() was given a Koa app; pass its request listener instead: `serve(app.callback(), binding)`.';
  }
  if (isFunction(property(value, 'fetch'))) {
    return `serve() was given an app with a fetch() method (a fetch-style app such as Hono). ${FETCH_STYLE}`;
  }
  if (isFunction(property(value, 'listen'))) {
    return `The first argument of serve() has a listen() method but is not a net.Server; pass the Node server it wraps (http, https, http2, tls or net), or its request listener, got ${got}.`;
  }
  return `The first argument of serve() must be a Node server (http, https, http2, tls or net) or a request listener (req, res) => ..., got ${got}.`;
}

/**
 * The server that will receive a Binding's connections: `value` itself when it is a Node server,
 * an http.Server around it when it is a request listener (an Express app is one). Anything else
 * is a SockError that says what to pass instead.
 */
export function serverFor(value: unknown): net.Server {
  if (value instanceof net.Server) {
    if (value.listening) {
      throw invalid(
        'The server given to serve() is already listening; pass a server that has not called listen(), since the Binding does the listening.',
      );
    }
    return value;
  }
  if (isFunction(value)) {
    // Hono's app.fetch, and `app.fetch.bind(app)`: a request listener would get (req, res).
    if (value.name === 'fetch' || value.name === 'bound fetch') {
      throw invalid(`serve() was given a fetch-style handler (\`app.fetch\`). ${FETCH_STYLE}`);
    }
    return http.createServer(value as http.RequestListener);
  }
  throw invalid(adviceFor(value));
}
