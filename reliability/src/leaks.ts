// Leaks: thousands of failing binds of every kind, then the process must hold exactly what it held
// before: the same descriptors, the same libuv handles and requests.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bind, type BindOptions } from '@sock/bind';
import { isSockError } from '@sock/errors';
import type { LookupFunction } from '@sock/resolve';
import { count, row, skipped, type Row } from './report.js';
import { settle, snapshot } from './resources.js';
import { fakeLookup } from './lookups.js';

const section = 'leaks';

/** A TCP listener on 127.0.0.1 that the suite holds, so binds to its port fail. */
async function hold(port = 0): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, resolve);
  });
  return server;
}

const closeServer = (server: net.Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

const random = (n: number): number => Math.floor(Math.random() * n);

/** A lookup answering 127.0.0.1 for `slow.test` after 0 to 3 ms. */
const slowLookup: LookupFunction = (
  _host: string,
  _options: unknown,
  callback: (err: null, found: { address: string; family: number }[]) => void,
) => {
  setTimeout(() => callback(null, [{ address: '127.0.0.1', family: 4 }]), random(4));
};

/** What one kind of failure did over its runs. */
interface KindResult {
  readonly runs: number;
  /** Failed as expected. */
  readonly failed: number;
  /** Bound before the abort or timeout came (closed again); only for the racing kinds. */
  readonly bound: number;
  /** Ended some other way: the wrong error, a non-SockError, no error at all. */
  readonly wrong: number;
  readonly example?: string;
}

async function runKind(
  runs: number,
  attempt: () => Promise<{ outcome: 'failed' | 'bound' | 'wrong'; detail?: string }>,
): Promise<KindResult> {
  let failed = 0;
  let bound = 0;
  let wrong = 0;
  let example: string | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await attempt();
    if (r.outcome === 'failed') failed++;
    else if (r.outcome === 'bound') bound++;
    else {
      wrong++;
      example ??= r.detail;
    }
  }
  return { runs, failed, bound, wrong, ...(example === undefined ? {} : { example }) };
}

/** Binds, expecting a SockError with `code`; a success is closed and counted as wrong. */
async function expectCode(
  options: BindOptions,
  code: string,
): Promise<{ outcome: 'failed' | 'wrong'; detail?: string }> {
  try {
    const binding = await bind(options);
    await binding.close({ timeout: 0 });
    return { outcome: 'wrong', detail: `bound ${binding.port} instead of failing with ${code}` };
  } catch (err) {
    if (isSockError(err) && err.code === code) return { outcome: 'failed' };
    return {
      outcome: 'wrong',
      detail: `${isSockError(err) ? 'SockError' : 'non-SockError'} ${String((err as { code?: unknown }).code)}: ${String((err as Error).message)}`,
    };
  }
}

/** Binds with a cancellation that may come at any moment; `isCancel` says which error is right. */
async function race(
  options: BindOptions,
  isCancel: (err: unknown) => boolean,
): Promise<{ outcome: 'failed' | 'bound' | 'wrong'; detail?: string }> {
  try {
    const binding = await bind(options);
    await binding.close({ timeout: 0 });
    return { outcome: 'bound' };
  } catch (err) {
    if (isCancel(err)) return { outcome: 'failed' };
    return {
      outcome: 'wrong',
      detail: `${String((err as { code?: unknown }).code)}: ${String((err as Error).message)}`,
    };
  }
}

/** Aborts after a random moment: at once, after a microtask, after 1-4 turns, after 0-2 ms. */
function abortSoon(controller: AbortController): void {
  const how = random(4);
  if (how === 0) controller.abort();
  else if (how === 1) queueMicrotask(() => controller.abort());
  else if (how === 2) {
    let turns = 1 + random(4);
    const step = (): void => {
      if (--turns === 0) controller.abort();
      else setImmediate(step);
    };
    setImmediate(step);
  } else setTimeout(() => controller.abort(), random(3));
}

/** The EACCES kind: a child running as `nobody` binds a privileged port the suite holds. */
async function eaccesInChild(runs: number): Promise<KindResult | string> {
  if (process.getuid?.() !== 0)
    return 'needs root (to hold a port below 1024 and run a child as nobody)';
  let start = 1024;
  try {
    start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  } catch {
    // no such sysctl: ports below 1024 are privileged
  }
  if (start === 0) return 'ip_unprivileged_port_start is 0: every port is open to every user here';
  let held: net.Server | undefined;
  for (let port = Math.min(start, 1024) - 1; port > 0 && held === undefined; port--) {
    held = await hold(port).catch(() => undefined);
  }
  if (held === undefined) return 'no free port below 1024 to hold';
  const port = (held.address() as net.AddressInfo).port;
  // The child runs as nobody, who may not read this clone: it gets a copy of the built packages.
  const dir = mkdtempSync(join(tmpdir(), 'sock-reliability-'));
  try {
    const require = createRequire(import.meta.url);
    for (const name of ['errors', 'resolve', 'bind']) {
      const from = dirname(require.resolve(`@sock/${name}/package.json`));
      const to = join(dir, 'node_modules', '@sock', name);
      cpSync(join(from, 'package.json'), join(to, 'package.json'));
      cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
    }
    writeFileSync(
      join(dir, 'child.mjs'),
      `import { readdirSync } from 'node:fs';
import { bind } from '@sock/bind';
const fds = () => readdirSync('/proc/self/fd').length;
const turn = () => new Promise((r) => setImmediate(r));
const res = () => process.getActiveResourcesInfo().filter((t) => t !== 'TTYWrap' && t !== 'PipeWrap').length;
let failed = 0, wrong = 0, example;
const before = { fds: fds(), res: res() };
for (let i = 0; i < ${runs}; i++) {
  try { const b = await bind({ host: '127.0.0.1', port: ${port} }); await b.close(); wrong++; example ??= 'bound'; }
  catch (err) { if (err.code === 'EACCES') failed++; else { wrong++; example ??= String(err.code) + ': ' + err.message; } }
}
for (let i = 0; i < 50; i++) await turn();
process.stdout.write(JSON.stringify({ uid: process.getuid(), failed, wrong, example, before, after: { fds: fds(), res: res() } }));
`,
    );
    chmodSync(dir, 0o755);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(dir, 'child.mjs')], {
        cwd: dir,
        uid: 65534,
        gid: 65534,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(stdout);
        else
          reject(
            new Error(
              `the child as nobody exited ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`,
            ),
          );
      });
    });
    const r = JSON.parse(out) as {
      uid: number;
      failed: number;
      wrong: number;
      example?: string;
      before: { fds: number; res: number };
      after: { fds: number; res: number };
    };
    const leaked = r.after.fds - r.before.fds + (r.after.res - r.before.res);
    return {
      runs,
      failed: r.failed,
      bound: 0,
      wrong: r.wrong + (leaked > 0 ? 1 : 0),
      ...(r.example !== undefined
        ? { example: r.example }
        : leaked > 0
          ? {
              example: `child left fds ${r.before.fds}->${r.after.fds}, resources ${r.before.res}->${r.after.res}`,
            }
          : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await closeServer(held);
  }
}

/** 10,000 failing binds at scale 1, split over the kinds. */
export async function leaks(scale: number): Promise<Row[]> {
  const n = (runs: number): number => Math.max(1, Math.round(runs * scale));
  const rows: Row[] = [];
  const held = await hold();
  const heldPort = (held.address() as net.AddressInfo).port;
  const notFound = fakeLookup({});
  const before = snapshot();
  const kinds: [string, KindResult][] = [];
  kinds.push([
    'EADDRINUSE (a port the suite holds)',
    await runKind(n(2000), () => expectCode({ host: '127.0.0.1', port: heldPort }, 'EADDRINUSE')),
  ]);
  kinds.push([
    'EADDRNOTAVAIL (192.0.2.1, not on this host)',
    await runKind(n(2000), () => expectCode({ host: '192.0.2.1', port: 0 }, 'EADDRNOTAVAIL')),
  ]);
  kinds.push([
    'ENOTFOUND (injected lookup fails)',
    await runKind(n(2000), () =>
      expectCode({ host: 'missing.test', lookup: notFound }, 'ENOTFOUND'),
    ),
  ]);
  kinds.push([
    'abort at a random moment',
    await runKind(n(2500), () => {
      const controller = new AbortController();
      const p = race(
        {
          host: random(2) === 0 ? '127.0.0.1' : 'slow.test',
          lookup: slowLookup,
          signal: controller.signal,
        },
        (err) => err === controller.signal.reason,
      );
      abortSoon(controller);
      return p;
    }),
  ]);
  kinds.push([
    'timeout at a random moment (1-2 ms, lookup 0-3 ms)',
    await runKind(n(2500), () =>
      race(
        { host: 'slow.test', lookup: slowLookup, timeout: 1 + random(2) },
        (err) => isSockError(err) && err.code === 'ETIMEDOUT',
      ),
    ),
  ]);
  await closeServer(held);
  const left = await settle(before);
  const eacces = await eaccesInChild(n(1000)).catch((err: unknown) =>
    err instanceof Error ? err.message : String(err),
  );
  let total = 0;
  for (const [name, r] of kinds) {
    total += r.failed;
    const racing = r.bound > 0 ? ` (${count(r.bound)} bound first, closed)` : '';
    rows.push(
      row(
        section,
        `${name}: ended in the right error`,
        `${count(r.failed)} of ${count(r.runs)}${racing}`,
        'every failure',
        r.wrong === 0,
        r.example === undefined ? {} : { note: r.example },
      ),
    );
  }
  if (typeof eacces === 'string')
    rows.push(skipped(section, 'EACCES (as nobody, a port below 1024)', eacces));
  else {
    total += eacces.failed;
    rows.push(
      row(
        section,
        'EACCES (as nobody in a child, a held port below 1024), child fds and handles unchanged',
        `${count(eacces.failed)} of ${count(eacces.runs)}`,
        'every failure, no leak',
        eacces.wrong === 0,
        eacces.example === undefined ? {} : { note: eacces.example },
      ),
    );
  }
  rows.push(
    row(
      section,
      `fds and getActiveResourcesInfo() after ${count(total)} failing binds`,
      left.length === 0 ? 'unchanged' : left.join(', '),
      'unchanged',
      left.length === 0,
    ),
  );
  return rows;
}
