// Load: autocannon at 100 connections, 1,000 slowloris connections beside a normal client, clients
// resetting mid-request, SIGTERM in the middle of keep-alive load (every request accounted for),
// and RSS over a soak.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { count, info, mb, ms, row, type Row } from './report.js';
import { addLedger, Connection, keepAliveClient, newLedger, type Ledger } from './http-client.js';
import { startServer, type ServerChild } from './server-child.js';

const section = 'load';

interface CannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly resets?: number;
}
interface CannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly pipelining?: number;
  readonly overallRate?: number;
  readonly requests?: readonly {
    method?: string;
    path: string;
    body?: string;
    headers?: Record<string, string>;
  }[];
}
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: CannonOptions) => Promise<CannonResult>;

/** Resident set size of a process, from /proc. */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? Number.NaN : Number(m[1]) * 1024;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Milliseconds for one GET on a fresh connection (the normal client beside the slow ones). */
async function timedGet(url: string): Promise<number | 'failed'> {
  const start = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    await res.arrayBuffer();
    return res.status === 200 ? performance.now() - start : 'failed';
  } catch {
    return 'failed';
  }
}

async function cannon(server: ServerChild): Promise<Row[]> {
  const r = await autocannon({ url: `${server.url}/healthz`, connections: 100, duration: 10 });
  const bad = r.errors + r.timeouts + r.non2xx;
  return [
    row(
      section,
      'autocannon, 100 connections, 10 s, GET /healthz: errors, timeouts, non-2xx',
      `${count(bad)} of ${count(r.requests.total)}`,
      '0',
      bad === 0,
    ),
    info(
      section,
      'autocannon, 100 connections: throughput and latency',
      `${count(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
    ),
  ];
}

/**
 * 1,000 connections send one header byte a second; a normal client is served meanwhile. The
 * server must keep answering and cut the slow ones at its headers timeout (10 s documented).
 */
async function slowloris(server: ServerChild, headersTimeout: number): Promise<Row[]> {
  const slow: { socket: net.Socket; opened: number; closed?: number }[] = [];
  const head = 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ';
  await Promise.all(
    Array.from({ length: 1000 }, () => {
      const socket = net.connect({ host: '127.0.0.1', port: server.port });
      const entry: { socket: net.Socket; opened: number; closed?: number } = { socket, opened: 0 };
      slow.push(entry);
      socket.on('error', () => undefined);
      // Read what the server sends (its 408): a socket nobody reads never sees the server's FIN,
      // and would only notice the cut when a later drip write fails, one or two drips late.
      socket.resume();
      socket.once('close', () => {
        entry.closed = performance.now();
      });
      return once(socket, 'connect').then(
        () => {
          entry.opened = performance.now();
          socket.write(head.slice(0, 10));
        },
        () => undefined,
      );
    }),
  );
  let sent = 10;
  const drip = setInterval(() => {
    for (const e of slow)
      if (e.closed === undefined) e.socket.write(sent < head.length ? head[sent]! : 'a');
    sent++;
  }, 1000);
  const latencies: number[] = [];
  let failed = 0;
  const limit = headersTimeout + 20_000;
  const start = performance.now();
  try {
    // The normal client asks every 200 ms until every slow connection is gone (or the limit).
    while (performance.now() - start < limit && slow.some((e) => e.closed === undefined)) {
      const t = await timedGet(`${server.url}/healthz`);
      if (t === 'failed') failed++;
      else latencies.push(t);
      await sleep(200);
    }
  } finally {
    clearInterval(drip);
  }
  const cut = slow
    .filter((e) => e.closed !== undefined && e.opened > 0)
    .map((e) => e.closed! - e.opened)
    .sort((a, b) => a - b);
  const stillOpen = slow.filter((e) => e.closed === undefined).length;
  for (const e of slow) e.socket.destroy();
  latencies.sort((a, b) => a - b);
  const maxCut = cut.length === 0 ? Number.NaN : cut[cut.length - 1]!;
  const inTime = stillOpen === 0 && maxCut <= headersTimeout + 1000;
  return [
    row(
      section,
      '1,000 slowloris connections: normal client requests that failed',
      `${failed} of ${latencies.length + failed}`,
      '0',
      failed === 0 && latencies.length > 0,
    ),
    info(
      section,
      '1,000 slowloris connections: normal client latency',
      `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(percentile(latencies, 100))}`,
    ),
    row(
      section,
      `1,000 slowloris connections cut at the headers timeout (${ms(headersTimeout)})`,
      stillOpen > 0
        ? `${stillOpen} still open after ${ms(limit)}`
        : `median ${ms(percentile(cut, 50))}, max ${ms(maxCut)}`,
      `<= ${ms(headersTimeout + 1000)}`,
      inTime,
      { gate: false },
    ),
  ];
}

/** Clients that send half a request (headers, or part of a body) and reset the connection. */
async function resets(server: ServerChild): Promise<Row[]> {
  const rounds = 500;
  for (let i = 0; i < rounds; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, j) => {
        const socket = net.connect({ host: '127.0.0.1', port: server.port });
        socket.on('error', () => undefined);
        return once(socket, 'connect').then(
          async () => {
            const k = (i + j) % 3;
            if (k === 0) socket.write('GET / HTTP/1.1\r\nHost: x\r\nAccept: */');
            else if (k === 1)
              socket.write(
                'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n' +
                  'x'.repeat(5000),
              );
            else socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
            await sleep(k === 2 ? 0 : 5);
            socket.resetAndDestroy();
          },
          () => undefined,
        );
      }),
    );
  }
  await sleep(300);
  const alive = server.child.exitCode === null;
  let connections = Number.NaN;
  let status = 0;
  try {
    const res = await fetch(`${server.url}/`, { headers: { accept: 'application/json' } });
    status = res.status;
    connections = ((await res.json()) as { connections?: number }).connections ?? Number.NaN;
  } catch {
    // counted as a failure below
  }
  const ok = alive && status === 200 && connections <= 1;
  return [
    row(
      section,
      `${rounds} clients resetting mid-request: server up, answering, connections back to 1`,
      `${alive ? 'up' : 'exited'}, status ${status}, ${connections} open`,
      'up, 200, 1',
      ok,
    ),
  ];
}

/** RSS of the server while autocannon drives a mix of requests for `seconds`. */
async function soak(server: ServerChild, seconds: number): Promise<Row[]> {
  const samples: number[] = [rss(server.pid)];
  const timer = setInterval(() => samples.push(rss(server.pid)), 5000);
  let r: CannonResult;
  try {
    r = await autocannon({
      url: server.url,
      connections: 50,
      duration: seconds,
      requests: [
        { path: '/' },
        { path: '/healthz' },
        {
          method: 'POST',
          path: '/echo',
          body: 'x'.repeat(2048),
          headers: { 'content-type': 'text/plain' },
        },
        { path: '/missing' },
      ],
    });
  } finally {
    clearInterval(timer);
  }
  samples.push(rss(server.pid));
  const first = samples[1] ?? samples[0]!;
  const middle = samples[Math.floor(samples.length / 2)]!;
  const last = samples[samples.length - 1]!;
  const peak = Math.max(...samples);
  return [
    row(
      section,
      `soak ${seconds} s (50 connections, mixed requests): errors and timeouts`,
      `${count(r.errors + r.timeouts)} of ${count(r.requests.total)}`,
      '0',
      r.errors + r.timeouts === 0,
    ),
    info(
      section,
      `soak ${seconds} s: server RSS after 5 s, at half time, at the end (peak)`,
      `${mb(first)}, ${mb(middle)}, ${mb(last)} (${mb(peak)}); ${count(r.requests.average)} req/s`,
    ),
  ];
}

/**
 * `--max-connections 50` and 50 connections that never send anything: 17 normal requests must
 * still be served, at once (the cap sheds the longest-idle connection rather than refuse a new one).
 */
async function idleCap(): Promise<Row[]> {
  await using server = await startServer([
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--max-connections',
    '50',
  ]);
  const idle = await Promise.all(
    Array.from({ length: 50 }, async () => {
      const socket = net.connect({ host: '127.0.0.1', port: server.port });
      socket.on('error', () => undefined);
      await once(socket, 'connect').catch(() => undefined);
      return socket;
    }),
  );
  let served = 0;
  const start = performance.now();
  for (let i = 0; i < 17; i++) {
    const t = await timedGet(`${server.url}/healthz`);
    if (t !== 'failed') served++;
  }
  const took = performance.now() - start;
  for (const socket of idle) socket.destroy();
  return [
    row(
      section,
      '--max-connections 50 held by 50 idle connections: normal requests served',
      `${served} of 17 in ${ms(took)}`,
      '17 of 17',
      served === 17,
    ),
  ];
}

/**
 * A stop that cuts a request at `--drain-timeout` says so: exit 75 and a `stopped` record with the
 * number cut, not "stopped cleanly" and 0.
 */
async function honestStop(): Promise<Row[]> {
  const server = await startServer([
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--drain-timeout',
    '500ms',
  ]);
  try {
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    // An upload that stalls after its first bytes: still in flight when the drain timeout comes.
    socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789');
    await sleep(200);
    server.child.kill('SIGTERM');
    const code = await server.exited;
    socket.destroy();
    const stopped = server.records.find((r) => r.event === 'stopped');
    const cut = typeof stopped?.cut === 'number' ? stopped.cut : undefined;
    return [
      row(
        section,
        'a request cut at --drain-timeout 500ms: exit code and the count logged',
        `exit ${code}, cut ${cut ?? 'not logged'}`,
        'exit 75, cut 1',
        code === 75 && cut === 1,
      ),
    ];
  } finally {
    await server[Symbol.asyncDispose]();
  }
}

/** Does this sock-server take a flag? (Older builds lack the drain delay and the HTTP timeouts.) */
export async function serverHasFlag(flag: string): Promise<boolean> {
  const { spawnSync } = await import('node:child_process');
  const { serverMain } = await import('./server-child.js');
  const out = spawnSync(process.execPath, [serverMain(), '--help'], { encoding: 'utf8' });
  return out.stdout.includes(flag);
}

/**
 * 40 keep-alive clients and 10 slow uploads; SIGTERM after 2 s. Every request is answered or was
 * refused at connect; none is lost. Repeated `runs` times.
 */
async function sigterm(runs: number): Promise<Row[]> {
  const total = newLedger();
  const exits: number[] = [];
  const uploads = { sent: 0, answered: 0 };
  for (let run = 0; run < runs; run++) {
    await using server = await startServer([
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--drain-timeout',
      '10s',
    ]);
    const ledger: Ledger = newLedger();
    const clients = Array.from({ length: 40 }, () =>
      keepAliveClient('127.0.0.1', server.port, '/healthz', ledger),
    );
    const slow = Array.from({ length: 10 }, async () => {
      const conn = new Connection('127.0.0.1', server.port);
      if (!(await conn.open())) return;
      uploads.sent++;
      const body = 'y'.repeat(2000);
      const r = await conn.request('', async (socket) => {
        socket.write(
          `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        for (let i = 0; i < body.length && !socket.destroyed; i += 200) {
          socket.write(body.slice(i, i + 200));
          await sleep(300);
        }
      });
      if (r !== 'lost') uploads.answered++;
      conn.destroy();
    });
    await sleep(2000);
    server.child.kill('SIGTERM');
    const code = await server.exited;
    for (const c of clients) c.stop();
    await Promise.all([...clients.map((c) => c.done), ...slow]);
    exits.push(code);
    addLedger(total, ledger);
  }
  const statuses = [...total.statuses].map(([c, n]) => `${c}: ${count(n)}`).join(', ');
  return [
    row(
      section,
      `SIGTERM under keep-alive load (40 clients, ${runs} runs): lost requests`,
      `sent ${count(total.sent)}, answered ${count(total.answered)}, refused ${count(total.refused)}, lost ${count(total.lost)}`,
      '0 lost',
      total.lost === 0,
      { note: statuses },
    ),
    row(
      section,
      `SIGTERM: slow uploads in flight answered`,
      `${uploads.answered} of ${uploads.sent}`,
      'all',
      uploads.answered === uploads.sent,
    ),
    row(
      section,
      'SIGTERM: exit codes',
      exits.join(', '),
      'all 0',
      exits.every((c) => c === 0),
    ),
  ];
}

export async function load(soakSeconds: number): Promise<Row[]> {
  const rows: Row[] = [];
  {
    await using server = await startServer(['--host', '127.0.0.1', '--port', '0']);
    rows.push(...(await cannon(server)));
    rows.push(...(await resets(server)));
    rows.push(...(await slowloris(server, 10_000)));
  }
  rows.push(...(await idleCap()));
  rows.push(...(await honestStop()));
  rows.push(...(await sigterm(3)));
  {
    await using server = await startServer(['--host', '127.0.0.1', '--port', '0']);
    rows.push(...(await soak(server, soakSeconds)));
  }
  return rows;
}
