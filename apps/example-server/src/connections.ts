import type * as http from 'node:http';
import type { Socket } from 'node:net';

/** How long a drain gives an idle keep-alive connection to send its next request. */
export const idleGrace = 1_000;

interface Connection {
  readonly socket: Socket;
  /** Requests read and not yet answered. */
  inFlight: number;
  /** When it last started or finished a request, in tracker ticks: the cap sheds the oldest. */
  lastActive: number;
  /** True once a drain asked it to close: the next answer ends it, or the grace does. */
  closing: boolean;
  timer: NodeJS.Timeout | undefined;
}

// Where a response keeps its connection's record, for the listener all responses share.
const connectionOf = Symbol('connection');
type TrackedResponse = http.ServerResponse & { [connectionOf]?: Connection };

/**
 * The HTTP server's open connections with their requests in flight: it applies the connection cap
 * (shedding the longest-idle connection before refusing a new one), closes idle connections
 * without eating a request already on its way, and says how many requests a forced stop cut.
 */
export class ConnectionTracker {
  readonly #connections = new Map<Socket, Connection>();
  readonly #max: number;
  readonly #counts: { connections: number };
  #draining = false;
  #requests = 0;
  // A counter rather than a clock: only the order matters, and it costs nothing per request.
  #tick = 0;

  /**
   * `max`: open connections past which one must go (0: no cap); `counts.connections` is kept equal
   * to the number of open connections (the status page reads it).
   */
  constructor(max: number, counts: { connections: number }) {
    this.#max = max;
    this.#counts = counts;
  }

  /** Open connections. */
  get size(): number {
    return this.#connections.size;
  }

  /** Requests read and not yet answered, over every connection. */
  get inFlight(): number {
    return this.#requests;
  }

  /** Wires the tracker into `server`: its connections and its idle-connection close. */
  attach(server: http.Server): void {
    server.on('connection', (socket: Socket) => this.#accept(socket));
    // http.Server.close() calls this to drop idle keep-alive connections; Node's own version
    // destroys a connection whose next request is already buffered but not yet parsed.
    server.closeIdleConnections = () => this.closeIdle();
  }

  /**
   * `handler` with each request counted before it runs (a handler may answer synchronously): the
   * server's request listener. One listener rather than a second one on 'request', which would
   * make every emit copy the listener list.
   */
  counting(handler: http.RequestListener): http.RequestListener {
    return (req, res) => {
      this.#started(req.socket, res);
      handler(req, res);
    };
  }

  #accept(socket: Socket): void {
    if (this.#max > 0 && this.#connections.size >= this.#max && !this.#shedIdle()) {
      socket.destroy();
      return;
    }
    const connection: Connection = {
      socket,
      inFlight: 0,
      lastActive: this.#tick++,
      closing: false,
      timer: undefined,
    };
    this.#connections.set(socket, connection);
    this.#counts.connections = this.#connections.size;
    socket.once('close', () => {
      clearTimeout(connection.timer);
      if (!this.#connections.delete(socket)) return;
      this.#requests -= connection.inFlight;
      connection.inFlight = 0;
      this.#counts.connections = this.#connections.size;
    });
    if (this.#draining) this.#closeWhenIdle(connection);
  }

  /** Closes the connection idle for longest to make room; false when every one is busy. */
  #shedIdle(): boolean {
    let oldest: Connection | undefined;
    for (const connection of this.#connections.values()) {
      if (connection.inFlight > 0) continue;
      if (oldest === undefined || connection.lastActive < oldest.lastActive) oldest = connection;
    }
    if (oldest === undefined) return false;
    // It no longer counts against the cap; its socket goes at once, as a new one waits for room.
    this.#connections.delete(oldest.socket);
    this.#counts.connections = this.#connections.size;
    clearTimeout(oldest.timer);
    oldest.socket.destroy();
    return true;
  }

  #started(socket: Socket, res: http.ServerResponse): void {
    const connection = this.#connections.get(socket);
    if (connection === undefined) return;
    connection.inFlight++;
    this.#requests++;
    connection.lastActive = this.#tick++;
    if (connection.timer !== undefined) {
      clearTimeout(connection.timer);
      connection.timer = undefined;
    }
    // One listener shared by every response, which finds its connection on the response: no
    // closure per request.
    (res as TrackedResponse)[connectionOf] = connection;
    res.on('close', this.#answered);
  }

  // A response's 'close': it was answered, or its connection went. Called with `this` = response.
  readonly #answered = ((tracker: ConnectionTracker) =>
    function (this: http.ServerResponse): void {
      const connection = (this as TrackedResponse)[connectionOf];
      if (connection === undefined || !tracker.#connections.has(connection.socket)) return;
      connection.inFlight--;
      tracker.#requests--;
      connection.lastActive = tracker.#tick++;
      // An answer whose headers went out before the drain kept the connection open: close it
      // the same careful way as any idle one.
      if (tracker.#draining && connection.inFlight === 0) tracker.#closeWhenIdle(connection);
    })(this);

  /**
   * Starts the drain: from now on every idle connection gets `idleGrace` to send its next request
   * (answered with `Connection: close`), then its write side is shut (a FIN, while still reading),
   * so a request that crossed the close is never met with a reset for unread data.
   */
  closeIdle(): void {
    this.#draining = true;
    for (const connection of this.#connections.values()) this.#closeWhenIdle(connection);
  }

  #closeWhenIdle(connection: Connection): void {
    if (connection.closing || connection.inFlight > 0) return;
    connection.closing = true;
    connection.timer = setTimeout(() => {
      connection.timer = undefined;
      if (connection.inFlight > 0) return;
      const { socket } = connection;
      socket.end();
      // A client that never closes its side is not waited for past a second grace.
      connection.timer = setTimeout(() => socket.destroy(), idleGrace);
      connection.timer.unref();
    }, idleGrace);
  }

  /** Destroys every connection; returns how many requests that cut. */
  destroyAll(): number {
    const cut = this.#requests;
    for (const connection of [...this.#connections.values()]) connection.socket.destroy();
    return cut;
  }
}
