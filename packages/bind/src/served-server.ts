import * as http from 'node:http';
import type * as http2 from 'node:http2';
import type * as net from 'node:net';

/**
 * A server that receives the connections of a Binding's listeners instead of listening itself,
 * set up to behave as if it did: its own socket options and timeouts apply, and closing drains
 * it the way Node's own `close()` would, but without waiting on idle connections.
 */
export class ServedServer {
  readonly target: net.Server;
  #closing = false;
  #open = 0;
  // Created with the first request or session: most servers close before either.
  #responses: Set<http.ServerResponse> | undefined;
  #sessions: Set<http2.ServerHttp2Session> | undefined;

  constructor(target: net.Server) {
    this.target = target;
    // Prepended so that it runs before a handler that answers synchronously.
    target.prependListener('request', (_req: unknown, res: unknown) => {
      // HTTP/2 responses (http2 compatibility API) end with their session's GOAWAY instead.
      if (res instanceof http.ServerResponse) this.#trackResponse(res as http.ServerResponse);
    });
    target.on('session', (session: http2.ServerHttp2Session) => this.#trackSession(session));
    // http.Server and https.Server (and an HTTP/2 server with allowHTTP1) start their connection
    // tracking on 'listening': the list closeIdleConnections() reads, and the periodic check that
    // answers 408 to clients that are too slow to send their headers (headersTimeout) or request
    // (requestTimeout). A server handed its connections never listens, so it is told here.
    target.emit('listening');
  }

  /**
   * Hands `socket`, accepted by one of the Binding's listeners, to the target, with what the
   * target's own listen() would have applied (net.Server's onconnection): its limits and options.
   */
  readonly forward = (socket: net.Socket): void => {
    const target = this.target;
    const max = target.maxConnections;
    if (typeof max === 'number' && this.#open >= max) {
      socket.destroy();
      return;
    }
    this.#open++;
    socket.once('close', () => this.#open--);
    const options = target as net.Server & ServerOptionFields;
    if (typeof options.allowHalfOpen === 'boolean') socket.allowHalfOpen = options.allowHalfOpen;
    if (options.noDelay === true) socket.setNoDelay(true);
    if (options.keepAlive === true) {
      socket.setKeepAlive(true, (options.keepAliveInitialDelay ?? 0) * 1000);
    }
    if (options.pauseOnConnect === true) socket.pause();
    target.emit('connection', socket);
  };

  /**
   * Starts the drain: responses in flight are sent with `Connection: close`, idle HTTP/1
   * connections are closed at once, HTTP/2 sessions get GOAWAY and close when their streams end,
   * and the target is closed (it emits 'close' and stops its periodic checks).
   */
  drain(): void {
    if (this.#closing) return;
    this.#closing = true;
    const target = this.target;
    for (const res of this.#responses ?? []) this.#endAfter(res);
    for (const session of this.#sessions ?? []) session.close();
    // http.Server's close() also closes its idle connections; net.Server's emits 'close' at
    // once, since the connections it serves are counted by the Binding's listeners.
    target.close();
  }

  #trackResponse(res: http.ServerResponse): void {
    if (this.#closing) {
      this.#endAfter(res);
      return;
    }
    (this.#responses ??= new Set()).add(res);
    res.on('close', this.#untrack);
  }

  // One 'close' listener shared by every response (`this` is the response): no closure per request.
  readonly #untrack = ((served: ServedServer) =>
    function (this: http.ServerResponse): void {
      served.#responses?.delete(this);
    })(this);

  #trackSession(session: http2.ServerHttp2Session): void {
    if (this.#closing) {
      session.close();
      return;
    }
    const sessions = (this.#sessions ??= new Set());
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  }

  /** Makes `res` the last response of its connection. */
  #endAfter(res: http.ServerResponse): void {
    if (!res.headersSent) {
      res.setHeader('connection', 'close');
      return;
    }
    // Too late to say so: once this response is out its connection is idle, and goes then.
    const target = this.target as net.Server & { closeIdleConnections?: () => void };
    res.once('finish', () => setImmediate(() => target.closeIdleConnections?.()));
  }
}

// What net.Server's constructor stores from its options and its onconnection applies to each
// accepted socket; public fields without declarations in @types/node.
interface ServerOptionFields {
  readonly allowHalfOpen?: boolean;
  readonly noDelay?: boolean;
  readonly keepAlive?: boolean;
  readonly keepAliveInitialDelay?: number;
  readonly pauseOnConnect?: boolean;
}
