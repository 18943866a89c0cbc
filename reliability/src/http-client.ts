// A raw HTTP/1.1 client over net.Socket that accounts for every request it writes: answered (a
// whole response came back), refused (the connection could not be opened), or lost (written on an
// open connection, then the connection ended without its answer). fetch() and autocannon retry or
// hide exactly these cases.
import * as net from 'node:net';

/** Counters of one client or of all of them. */
export interface Ledger {
  sent: number;
  answered: number;
  refused: number;
  lost: number;
  /** Answers by status code. */
  readonly statuses: Map<number, number>;
}

export const newLedger = (): Ledger => ({
  sent: 0,
  answered: 0,
  refused: 0,
  lost: 0,
  statuses: new Map(),
});

export function addLedger(into: Ledger, from: Ledger): void {
  into.sent += from.sent;
  into.answered += from.answered;
  into.refused += from.refused;
  into.lost += from.lost;
  for (const [code, n] of from.statuses)
    into.statuses.set(code, (into.statuses.get(code) ?? 0) + n);
}

/** One parsed response. */
interface Response {
  readonly status: number;
  readonly close: boolean;
}

/**
 * A keep-alive connection that sends one request at a time. `request()` resolves with the
 * response, or with `lost` when the connection ends first, or `refused` when it never opened.
 */
export class Connection {
  private socket: net.Socket | undefined;
  private buffer = Buffer.alloc(0);
  private waiting: ((r: Response | 'lost') => void) | undefined;
  private ended = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Opens the connection; false when it was refused or reset. */
  open(): Promise<boolean> {
    this.ended = false;
    this.buffer = Buffer.alloc(0);
    return new Promise((resolve) => {
      const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
      this.socket = socket;
      socket.once('connect', () => resolve(true));
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        this.parse();
      });
      socket.once('close', () => {
        this.ended = true;
        resolve(false);
        const w = this.waiting;
        this.waiting = undefined;
        w?.('lost');
      });
    });
  }

  get open_(): boolean {
    return this.socket !== undefined && !this.ended;
  }

  private parse(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end === -1 || this.waiting === undefined) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    this.buffer = this.buffer.subarray(end + 4 + length);
    const status = Number(head.slice(9, 12));
    const close = /\r\nconnection:\s*close/i.test(head);
    const w = this.waiting;
    this.waiting = undefined;
    w({ status, close });
  }

  /** Writes `raw` (a whole request) and waits for its response. */
  request(
    raw: string | Buffer,
    writeSlowly?: (socket: net.Socket) => Promise<void>,
  ): Promise<Response | 'lost'> {
    const socket = this.socket;
    if (socket === undefined || this.ended) return Promise.resolve('lost');
    const answer = new Promise<Response | 'lost'>((resolve) => {
      this.waiting = resolve;
    });
    if (writeSlowly !== undefined) void writeSlowly(socket);
    else socket.write(raw);
    this.parse();
    return answer;
  }

  destroy(): void {
    this.ended = true;
    this.socket?.destroy();
  }
}

/**
 * Sends requests one after another on keep-alive connections until `stop()` or the server goes
 * away, reconnecting when the server closes a connection; counts everything in `ledger`.
 */
export function keepAliveClient(
  host: string,
  port: number,
  path: string,
  ledger: Ledger,
): { stop(): void; done: Promise<void> } {
  let stopped = false;
  const request = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
  const done = (async () => {
    const conn = new Connection(host, port);
    while (!stopped) {
      if (!conn.open_) {
        if (!(await conn.open())) {
          ledger.refused++;
          return;
        }
      }
      ledger.sent++;
      const r = await conn.request(request);
      if (r === 'lost') {
        ledger.lost++;
        return;
      }
      ledger.answered++;
      ledger.statuses.set(r.status, (ledger.statuses.get(r.status) ?? 0) + 1);
      if (r.close) conn.destroy();
    }
    conn.destroy();
  })();
  return {
    stop() {
      stopped = true;
    },
    done,
  };
}
