import * as http from 'node:http';
import * as net from 'node:net';
import { SockError } from '@sock/errors';
import { BindingImpl, type Binding } from './binding.js';
import { renderValue } from '@sock/errors/unstable-do-not-import';

/**
 * Hands every connection of every listener of `binding` to one server, so that one HTTP app
 * answers on every address; `binding.close()` then also drains that server's connections.
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
  if (!(binding instanceof BindingImpl)) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message: `The \`binding\` argument of serve() must be a Binding from bind(), got ${renderValue(binding)}.`,
    });
  }
  if (binding.protocol !== 'tcp') {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message:
        "serve() takes a TCP Binding; a UDP Binding has no connections. Use `binding.sockets` and their 'message' events.",
    });
  }
  let target: net.Server;
  if (handlerOrServer instanceof net.Server) target = handlerOrServer;
  else if (typeof handlerOrServer === 'function') target = http.createServer(handlerOrServer);
  else {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message: `The first argument of serve() must be a request handler or a net.Server (http.Server...), got ${renderValue(handlerOrServer)}.`,
    });
  }
  if (target.listening && !binding.servers.includes(target)) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message:
        'The server given to serve() is already listening; pass a server that has not called listen(), since the Binding does the listening.',
    });
  }
  binding.attach(target);
  return target;
}
