import type * as http from 'node:http';
import type * as net from 'node:net';
import { invalidArgument } from '@sock/errors/unstable-do-not-import';
import { isBinding, type Binding, type ServableBinding } from './binding.js';

/**
 * Hands every connection of every listener of `binding` to one server, so that one app answers on
 * every address; `binding.close()` then drains that server. Any Node server works (`http`,
 * `https`, `http2.createServer`/`createSecureServer`, `tls`, `net`), with its own timeouts, as if
 * it listened itself. A request listener (an Express app, Koa's `app.callback()`) gets an
 * http.Server. Same as `binding.serve(server)`.
 *
 * @example
 * const binding = await bind({ port: 8080 });
 * serve((req, res) => res.end('ok'), binding); // answers on ::1 and 127.0.0.1
 */
export function serve<S extends net.Server>(server: S, binding: Binding): S;
/** Creates an http.Server for `handler` that receives every connection of `binding`. */
export function serve(handler: http.RequestListener, binding: Binding): http.Server;
export function serve(
  handlerOrServer: net.Server | http.RequestListener,
  binding: Binding,
): net.Server {
  // The brand, not instanceof: a Binding from the other build (ESM or CJS) or another copy of this
  // package serves through its own method.
  if (!isBinding(binding)) {
    throw invalidArgument('binding', 'a Binding from bind()', binding);
  }
  // A UDP Binding has the method too, and throws ERR_SOCK_INVALID_ARGUMENT from it.
  return (binding as ServableBinding).serve(handlerOrServer as net.Server);
}
