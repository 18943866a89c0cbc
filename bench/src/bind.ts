// `@sock/bind` against the port finders people use before a listen: get-port, portfinder,
// detect-port and get-port-please. Three cases, all on 127.0.0.1, each measured in this run:
//   1. a listening server on a free port, then close; the floor is a bare net listen(0) + close;
//   2. a range whose first 500 ports are taken;
//   3. 8 processes allocating from one 41-port range at once, 10,000 allocations in all, each
//      followed by the listen a user would do: how many fail with EADDRINUSE.
// Then sock alone, against a bare listen measured in the same run:
//   4. port 0 on ::1 and 127.0.0.1 with 0%, 80% and 95% of the ephemeral range held on 127.0.0.1,
//      in a network namespace of its own (skipped where `unshare -n` is not allowed);
//   5. a failed bind and its diagnosis in a process with 16,000 open sockets;
//   6. the heap a Binding keeps per failed attempt after a scan past 1,000 taken ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bind } from '@sock/bind';
import { measure, report, type Measurement, type Row } from './harness.js';
import { HOST, allocators, type Allocator } from './bind-peers.js';

const ROUNDS = 3;
const FREE_PORT_OPS = 1500;
const RANGE_TAKEN = 500;
const RANGE_FREE_TAIL = 100;
const RANGE_OPS = 8;
const RANGE_ROUNDS = 2;
const PROCESSES = 8;
// 10,000 allocations in all by default; SOCK_BENCH_BIND_PER_PROCESS scales case 3 down for a quick run.
const PER_PROCESS = Number(process.env['SOCK_BENCH_BIND_PER_PROCESS'] ?? 1250);
const CONTENDED_SIZE = 41;

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

async function listen(port: number, host: string): Promise<Server> {
  const server = createServer();
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

// Plain callbacks, as the peers use: the floor of case 2 must not pay for events.once().
function tryListen(port: number, host: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => resolve(server));
  });
}

function hasIPv6Loopback(): Promise<boolean> {
  return tryListen(0, '::1').then(async (server) => {
    if (server === undefined) return false;
    await close(server);
    return true;
  });
}

/** Best (lowest mean time) of several interleaved rounds: the least disturbed by the host. */
async function bestOf(
  cases: Record<string, () => Promise<unknown>>,
  operations: number,
  warmup: number,
  rounds = ROUNDS,
): Promise<Record<string, Measurement>> {
  const best: Record<string, Measurement> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(cases)) {
      const m = await measure(fn, { operations, warmup });
      const previous = best[name];
      if (previous === undefined || m.meanUs < previous.meanUs) best[name] = m;
    }
  }
  return best;
}

function timeRows(
  results: Record<string, Measurement>,
  baseline: string,
  notes: Record<string, string> = {},
): Row[] {
  const base = results[baseline]?.meanUs ?? Number.NaN;
  return Object.entries(results).map(([name, m]) => ({
    name,
    value: m.meanUs,
    unit: 'us/op',
    note: `${(m.meanUs / base).toFixed(2)}x the ${baseline} time${notes[name] ? `; ${notes[name]}` : ''}`,
  }));
}

// Case 1 ---------------------------------------------------------------------------------------

async function freePort(): Promise<void> {
  const failures: Record<string, number> = {};
  const counted = (name: string, allocate: Allocator) => async (): Promise<void> => {
    try {
      await (await allocate()).close();
    } catch {
      failures[name] = (failures[name] ?? 0) + 1;
    }
  };
  const cases: Record<string, () => Promise<unknown>> = {
    'net listen(0) (floor)': async () => close(await listen(0, HOST)),
    'sock bind': counted('sock bind', allocators['sock bind'] as Allocator),
  };
  for (const [name, allocate] of Object.entries(allocators)) {
    if (name !== 'sock bind') cases[name] = counted(name, allocate);
  }
  // Informational: with no host, bind() listens on both loopbacks, ::1 and 127.0.0.1 (two listens).
  cases['sock bind (default host)'] = async () => (await bind({ port: 0 })).close();
  const results = await bestOf(cases, FREE_PORT_OPS, 200);
  const notes: Record<string, string> = {
    'sock bind (default host)': 'bind({ port: 0 }): two sockets, ::1 and 127.0.0.1, one port',
    'get-port': 'getPort(): checks every local address',
    portfinder: 'getPortPromise(): scans up from 8000',
    'detect-port': 'detectPort(0)',
    'get-port-please': "getPort({ port: 0, host: '127.0.0.1' })",
  };
  for (const [name, count] of Object.entries(failures)) {
    notes[name] = `${notes[name] ?? ''}; ${count} listens failed`;
  }
  report(
    'bind: time to a listening server on a free port of 127.0.0.1, then close (best of 3)',
    timeRows(results, 'net listen(0) (floor)', notes),
    { baseline: 'net listen(0) (floor)', higherIsBetter: false },
  );
}

// Case 2 ---------------------------------------------------------------------------------------

/**
 * Holds `taken` consecutive ports on 127.0.0.1 (and ::1 where there is one), followed by `tail`
 * ports that are free now, in a window found by trying; returns the first port and a release.
 */
async function holdWindow(
  taken: number,
  tail: number,
): Promise<{ from: number; release: () => Promise<void> }> {
  const hosts = (await hasIPv6Loopback()) ? [HOST, '::1'] : [HOST];
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below the Linux ephemeral range (32768-60999) so port 0 binds elsewhere do not land in it.
    const from = 20000 + Math.floor(Math.random() * (12000 - taken - tail));
    const held: Server[] = [];
    let ok = true;
    for (let port = from; port < from + taken + tail && ok; port++) {
      for (const host of hosts) {
        const server = await tryListen(port, host);
        if (server === undefined) ok = false;
        else if (port < from + taken) held.push(server);
        else await close(server);
      }
    }
    if (ok) return { from, release: async () => void (await Promise.all(held.map(close))) };
    await Promise.all(held.map(close));
  }
  throw new Error('no free window of ports found in 50 tries');
}

async function takenRange(): Promise<void> {
  const window = await holdWindow(RANGE_TAKEN, RANGE_FREE_TAIL);
  const range = { from: window.from, to: window.from + RANGE_TAKEN + RANGE_FREE_TAIL - 1 };
  const ports: Record<string, number[]> = {};
  const failures: Record<string, number> = {};
  const recorded =
    (name: string, fn: () => Promise<{ port: number; close(): Promise<void> }>) =>
    async (): Promise<void> => {
      try {
        const allocation = await fn();
        (ports[name] ??= []).push(allocation.port);
        await allocation.close();
      } catch {
        failures[name] = (failures[name] ?? 0) + 1;
      }
    };
  const cases: Record<string, () => Promise<unknown>> = {
    'net listen loop (floor)': recorded('net listen loop (floor)', async () => {
      for (let port = range.from; port <= range.to; port++) {
        const server = await tryListen(port, HOST);
        if (server !== undefined) return { port, close: () => close(server) };
      }
      throw new Error('range full');
    }),
  };
  for (const [name, allocate] of Object.entries(allocators)) {
    cases[name] = recorded(name, () => allocate(range));
  }
  try {
    const results = await bestOf(cases, RANGE_OPS, 1, RANGE_ROUNDS);
    const notes: Record<string, string> = {};
    for (const name of Object.keys(cases)) {
      const got = ports[name] ?? [];
      const outside = got.filter((p) => p < range.from || p > range.to).length;
      const first = got.filter((p) => p >= range.from + RANGE_TAKEN && p <= range.to).length;
      notes[name] =
        `${first}/${got.length} got the first free port range+${RANGE_TAKEN} or after` +
        (outside > 0 ? `, ${outside} OUTSIDE the range` : '') +
        (failures[name] ? `, ${failures[name]} failed` : '');
    }
    report(
      `bind: a ${range.to - range.from + 1}-port range (${range.from}-${range.to}) whose first ${RANGE_TAKEN} ports are taken (best of ${RANGE_ROUNDS})`,
      timeRows(results, 'net listen loop (floor)', notes),
      { baseline: 'net listen loop (floor)', higherIsBetter: false },
    );
  } finally {
    await window.release();
  }
}

// Case 3 ---------------------------------------------------------------------------------------

interface ChildResult {
  readonly errors: Record<string, number>;
  readonly outOfRange: number;
  readonly ms: number;
}

async function freeWindow(size: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const from = 12000 + Math.floor(Math.random() * 7000);
    const servers: Server[] = [];
    for (let port = from; port < from + size; port++) {
      const server = await tryListen(port, HOST);
      if (server === undefined) break;
      servers.push(server);
    }
    await Promise.all(servers.map(close));
    if (servers.length === size) return from;
  }
  throw new Error('no free window of ports found in 50 tries');
}

/** The 8 contending children, started once and reused for every library. */
async function startChildren(range: {
  from: number;
  to: number;
}): Promise<{ run(name: string): Promise<ChildResult[]>; stop(): void }> {
  const script = fileURLToPath(new URL('./bind-child.ts', import.meta.url));
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const args = ['--import', 'tsx', script, String(range.from), String(range.to)];
  const children: ChildProcess[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    children.push(
      spawn(process.execPath, [...args, String(PER_PROCESS)], {
        cwd,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
  }
  // A child that dies (a broken build, a crash) must fail the case, not hang the suite.
  const message = (child: ChildProcess): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void =>
        reject(new Error(`a child exited with ${code} before reporting`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  const stop = (): void => {
    for (const child of children) {
      if (child.connected) child.send({ done: true });
      if (child.exitCode === null) child.kill();
    }
  };
  try {
    await Promise.all(children.map(message));
  } catch (error) {
    stop();
    throw error;
  }
  return {
    async run(name) {
      const results = Promise.all(children.map((child) => message(child)));
      for (const child of children) child.send({ name });
      const all = (await results) as (ChildResult & { fatal?: string })[];
      const fatal = all.find((r) => r.fatal !== undefined)?.fatal;
      if (fatal !== undefined) throw new Error(fatal);
      return all;
    },
    stop,
  };
}

async function contended(): Promise<void> {
  const from = await freeWindow(CONTENDED_SIZE);
  const range = { from, to: from + CONTENDED_SIZE - 1 };
  const rows: Row[] = [];
  const summary: string[] = [];
  const children = await startChildren(range);
  try {
    for (const name of Object.keys(allocators)) {
      const started = performance.now();
      const all = await children.run(name);
      const wallMs = performance.now() - started;
      const errors: Record<string, number> = {};
      for (const r of all) {
        for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
      }
      const result = { errors, outOfRange: all.reduce((sum, r) => sum + r.outOfRange, 0) };
      const inUse = result.errors['EADDRINUSE'] ?? 0;
      const others = Object.entries(result.errors)
        .filter(([code]) => code !== 'EADDRINUSE')
        .map(([code, n]) => `${n} ${code}`);
      const note =
        `${inUse} EADDRINUSE` +
        (others.length > 0 ? `, ${others.join(', ')}` : '') +
        (result.outOfRange > 0 ? `, ${result.outOfRange} outside the range` : '');
      rows.push({
        name,
        value: (PROCESSES * PER_PROCESS) / (wallMs / 1000),
        unit: 'alloc/s',
        note,
      });
      summary.push(`${name}: ${note}`);
      console.log(`${name}: ${note} (${(wallMs / 1000).toFixed(1)} s)`);
    }
  } finally {
    children.stop();
  }
  const baseline = rows.find((row) => row.name === 'sock bind')?.name ?? rows[0]?.name;
  if (baseline === undefined) return;
  report(
    `bind: ${PROCESSES} processes x ${PER_PROCESS} allocations from one ${CONTENDED_SIZE}-port range (${range.from}-${range.to}), each listened on, held 0-5 ms`,
    rows,
    { baseline, higherIsBetter: true },
  );
  console.log(`\nEADDRINUSE failures: ${summary.join('; ')}`);
}

// Cases 4-6 ------------------------------------------------------------------------------------

/** Runs bind-pressure-child.ts (through `unshare -n` when asked); its JSON line, or why not. */
function pressureChild(args: string[], namespace: boolean): Promise<unknown> {
  const script = fileURLToPath(new URL('./bind-pressure-child.ts', import.meta.url));
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const node = [process.execPath, '--import', 'tsx', script, ...args];
  const [command, ...rest] = namespace ? ['unshare', '-n', ...node] : node;
  return new Promise((resolve) => {
    const child = spawn(command!, rest, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => resolve({ error: String(e) }));
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
      } catch {
        resolve({ error: `exit ${code}: ${err.trim().split('\n').slice(-2).join(' ')}` });
      }
    });
  });
}

interface OccupancyResult {
  held: number;
  floor: { us: number; failed: number };
  sock: { us: number; failed: number };
  attemptsPerBind: number;
  error?: string;
}

async function occupancy(): Promise<void> {
  const rows: Row[] = [];
  for (const held of [0, 800, 950]) {
    const r = (await pressureChild(['occupancy', String(held)], true)) as OccupancyResult;
    if (r.error !== undefined) {
      console.log(`\n(case 4 skipped: ${r.error}; it needs \`unshare -n\`, as root)`);
      return;
    }
    const pct = `${held / 10}%`;
    if (held === 0) {
      rows.push({ name: 'net listen(0) on 127.0.0.1 (floor)', value: r.floor.us, unit: 'us/op' });
    }
    rows.push({
      name: `sock bind({ port: 0 }), ${pct} held`,
      value: r.sock.us,
      unit: 'us/op',
      note: `${(r.sock.us / r.floor.us).toFixed(2)}x that run's listen(0) (${r.floor.us.toFixed(0)} us); ${r.sock.failed}/990 failed; ${r.attemptsPerBind.toFixed(1)} attempts per bind`,
    });
  }
  report(
    'bind: port 0 on ::1 and 127.0.0.1 with 0%, 80% and 95% of a 1,000-port ephemeral range held on 127.0.0.1 (own network namespace)',
    rows,
    { baseline: 'net listen(0) on 127.0.0.1 (floor)', higherIsBetter: false },
  );
}

interface DiagnosisResult {
  sockets: number;
  floorMs: number;
  self: { ms: number; named: boolean };
  other?: { ms: number; named: boolean };
  error?: string;
}

async function diagnosisCost(): Promise<void> {
  const other = await listen(0, HOST);
  const { port } = other.address() as { port: number };
  try {
    const r = (await pressureChild(['diagnosis', '16000', String(port)], false)) as DiagnosisResult;
    if (r.error !== undefined) {
      console.log(`\n(case 5 skipped: ${r.error})`);
      return;
    }
    const rows: Row[] = [
      { name: 'failed net listen (floor)', value: r.floorMs, unit: 'ms' },
      {
        name: 'sock bind, holder is this process',
        value: r.self.ms,
        unit: 'ms',
        note: `median of 7; holder ${r.self.named ? 'named' : 'NOT named'}`,
      },
    ];
    if (r.other !== undefined) {
      rows.push({
        name: 'sock bind, holder is another process',
        value: r.other.ms,
        unit: 'ms',
        note: `median of 7; holder ${r.other.named ? 'named' : 'NOT named'}`,
      });
    }
    report(
      `bind: a failed bind with its diagnosis (who holds the port) in a process with ${r.sockets} open descriptors`,
      rows,
      { baseline: 'failed net listen (floor)', higherIsBetter: false },
    );
  } finally {
    await close(other);
  }
}

async function attemptMemory(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const taken = 1000;
  const window = await holdWindow(taken, 11);
  const turns = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
  };
  // Ten Bindings held at once, each past the same taken ports, then closed and dropped: what
  // the heap loses then is what they kept.
  const perAttempt: number[] = [];
  try {
    for (let round = 0; round < 3; round++) {
      let bindings = [];
      for (let i = 0; i < 10; i++) {
        bindings.push(
          await bind({ host: HOST, port: { from: window.from, to: window.from + taken + 10 } }),
        );
      }
      await turns();
      const kept = process.memoryUsage().heapUsed;
      await Promise.all(bindings.map((b) => b.close()));
      bindings = [];
      await turns();
      const freed = process.memoryUsage().heapUsed;
      // Counted without reading `attempts`, which would build every SockError.
      perAttempt.push((kept - freed) / (10 * taken));
    }
  } finally {
    await window.release();
  }
  perAttempt.sort((a, b) => a - b);
  const median = perAttempt[1] ?? Number.NaN;
  console.log(
    `\n## bind: heap kept by a Binding per failed attempt of a range scan past ${taken} taken ports\n\n${median.toFixed(0)} bytes per failed attempt (median of 3 rounds of 10 Bindings; ${(
      (median * taken) /
      1024
    ).toFixed(0)} KiB for the ${taken}), from process.memoryUsage() after gc`,
  );
}

/** Runs the cases named in SOCK_BENCH_BIND_CASES (`1,2,3,4,5,6`, the default: all of them). */
export async function run(): Promise<void> {
  const wanted = new Set((process.env['SOCK_BENCH_BIND_CASES'] ?? '1,2,3,4,5,6').split(','));
  const started = performance.now();
  const cases: [string, () => Promise<void>][] = [
    ['1', freePort],
    ['2', takenRange],
    ['3', contended],
    ['4', occupancy],
    ['5', diagnosisCost],
    ['6', attemptMemory],
  ];
  for (const [name, fn] of cases) {
    if (!wanted.has(name)) continue;
    const caseStarted = performance.now();
    await fn();
    console.log(`(case ${name}: ${((performance.now() - caseStarted) / 1000).toFixed(0)} s)`);
  }
  console.log(`\n(bind suite: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
