import type { LookupAddress } from 'node:dns';
import { readdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import type { LookupFunction } from '@sock/resolve';

/** Open file descriptors of this process. */
export function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** What keeps the event loop alive, sorted, for before/after comparisons. */
export function activeResources(): string[] {
  return process.getActiveResourcesInfo().sort();
}

/**
 * Resources in `after` that were not in `before` (by type, counted): what a call left behind.
 * Ones that went away meanwhile (a timer of the test runner) do not count.
 */
export function leftBehind(before: readonly string[], after: readonly string[]): string[] {
  const pool = [...before];
  return after.filter((r) => {
    const i = pool.indexOf(r);
    if (i === -1) return true;
    pool.splice(i, 1);
    return false;
  });
}

/** Lets pending close callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** A lookup in dns.lookup's callback shape that answers every name with `addresses`, in order. */
export function fakeLookup(
  addresses: readonly LookupAddress[],
): LookupFunction & { calls: number } {
  const fn = (
    _hostname: string,
    options: { family?: number; all?: boolean },
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    fn.calls++;
    const family = options.family ?? 0;
    const found = addresses.filter((a) => family === 0 || a.family === family);
    process.nextTick(() => {
      if (options.all === true) callback(null, found);
      else if (found[0] === undefined) {
        const err: NodeJS.ErrnoException = Object.assign(new Error('queryA ENOTFOUND'), {
          code: 'ENOTFOUND',
        });
        callback(err, '');
      } else callback(null, found[0].address, found[0].family);
    });
  };
  fn.calls = 0;
  return fn;
}

/** ::1 then 127.0.0.1, the two-address case. */
export const bothLoopbacks: readonly LookupAddress[] = [
  { address: '::1', family: 6 },
  { address: '127.0.0.1', family: 4 },
];

/** A TCP server of the test's own holding a port; `await using` closes it. */
export interface Blocker extends AsyncDisposable {
  readonly server: net.Server;
  readonly port: number;
}

/** Listens on `host`:`port` (0: any) with the given options, to hold that port. */
export async function occupy(
  host: string,
  port = 0,
  options: { ipv6Only?: boolean } = {},
): Promise<Blocker> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, ...options }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as net.AddressInfo).port;
  return {
    server,
    port: bound,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A random port from which `count` ports fit below the kernel's ephemeral range. */
function belowEphemeral(count: number): number {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
  } catch {
    // not Linux: 32768 is Linux's default start and below IANA's 49152
  }
  const from = Math.max(1024, low - 16384);
  return from + Math.floor(Math.random() * Math.max(1, low - count - from));
}

/** Holds several consecutive ports on `host`: finds a run of `count` free ports and binds them. */
export async function occupyRun(host: string, count: number): Promise<Blocker[] & AsyncDisposable> {
  for (let tries = 0; tries < 50; tries++) {
    // Half the tries start below the ephemeral range: there, no connection's client side or
    // TIME_WAIT socket sits on every other port, as it does inside the range under load.
    const start = tries % 2 === 1 ? belowEphemeral(count) : undefined;
    const first = await occupy(host, start).catch(() => undefined);
    if (first === undefined) continue;
    const held: Blocker[] = [first];
    let ok = first.port + count - 1 <= 65535;
    for (let p = first.port + 1; ok && p < first.port + count; p++) {
      try {
        held.push(await occupy(host, p));
      } catch {
        ok = false;
      }
    }
    const closeAll = async (): Promise<void> => {
      for (const b of held) await b[Symbol.asyncDispose]();
    };
    if (ok) return Object.assign(held, { [Symbol.asyncDispose]: closeAll });
    await closeAll();
  }
  throw new Error(`no run of ${count} free ports found on ${host}`);
}

/** GETs a URL and returns the body text. */
export async function get(url: string): Promise<string> {
  const res = await fetch(url);
  return res.text();
}
