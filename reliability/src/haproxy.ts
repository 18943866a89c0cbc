// A rolling restart behind a real load balancer: HAProxy (Debian's package) on 127.0.0.1 in front
// of two sock-server instances, health-checking `GET /readyz`. Each instance in turn gets SIGTERM
// while clients keep sending through HAProxy; its replacement starts on a fresh port (port 0) and
// is given to HAProxy through its admin socket. Nothing may fail.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { count, info, ms, row, skipped, type Row } from './report.js';
import { keepAliveClient, newLedger } from './http-client.js';
import { killOnExit, startServer, type ServerChild } from './server-child.js';
import { serverHasFlag } from './load.js';

const section = 'rolling restart';
/** HAProxy's health-check interval; a server is out after one failed check (`fall 1`). */
const checkInterval = 250;
/** The drain delay given to sock-server: four check intervals. */
const drainDelay = 1000;

const which = (command: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Finds HAProxy, installing Debian's package when missing and allowed; else why not. */
function haproxyReady(): string | undefined {
  if (which('haproxy')) return undefined;
  if (process.getuid?.() !== 0) return 'haproxy is not installed and installing it needs root';
  if (!which('apt-get')) return 'haproxy is not installed and there is no apt-get to install it';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): boolean =>
    spawnSync(
      'apt-get',
      [
        'install',
        '-y',
        '-qq',
        '-o',
        'DPkg::Lock::Timeout=300',
        '--no-install-recommends',
        'haproxy',
      ],
      { env, stdio: 'ignore' },
    ).status === 0;
  console.log('rolling restart: installing haproxy with apt-get');
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq', '-o', 'DPkg::Lock::Timeout=300'], {
      env,
      stdio: 'ignore',
    });
    if (!install()) return 'apt-get install haproxy failed';
  }
  return which('haproxy') ? undefined : 'haproxy still missing after apt-get install';
}

/** A free port on 127.0.0.1 for HAProxy's frontend: the kernel picks it, then it is let go. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends one command to HAProxy's admin socket and returns its answer. */
function admin(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.once('error', reject);
    socket.once('end', () => resolve(out));
    socket.once('connect', () => socket.end(`${command}\n`));
  });
}

/** The operational state HAProxy has for `app/<name>`: `UP`, `DOWN`, `MAINT`... */
async function serverStatus(socketPath: string, name: string): Promise<string> {
  // Until HAProxy has started, its socket is not there yet.
  const csv = await admin(socketPath, 'show stat').catch(() => '');
  const line = csv.split('\n').find((l) => l.startsWith(`app,${name},`));
  return line?.split(',')[17] ?? 'unknown';
}

async function waitStatus(
  socketPath: string,
  name: string,
  want: string,
  limitMs: number,
): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < limitMs) {
    if ((await serverStatus(socketPath, name)).startsWith(want)) return performance.now() - start;
    await sleep(20);
  }
  return Number.NaN;
}

function config(dir: string, port: number, backends: readonly number[]): string {
  return `global
  maxconn 2000
  stats socket ${join(dir, 'admin.sock')} mode 600 level admin

defaults
  mode http
  timeout connect 2s
  timeout client 15s
  timeout server 15s
  # No redispatch: a request HAProxy sends to a server whose listener has closed fails, so the
  # run shows that the drain delay, not the balancer's retries, keeps requests from failing.
  retries 1

frontend web
  bind 127.0.0.1:${port}
  default_backend app

backend app
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter ${checkInterval}ms fall 1 rise 1
${backends.map((p, i) => `  server s${i + 1} 127.0.0.1:${p} check`).join('\n')}
`;
}

/** What one rolling restart measured. */
interface RestartRun {
  readonly sent: number;
  readonly failed: number;
  readonly detail: string;
  readonly readyLag: readonly number[];
  readonly noticed: readonly number[];
  readonly closedAfter: readonly number[];
  readonly exits: readonly number[];
}

/** HAProxy and two instances with `--drain-delay delay`; each instance restarted in turn. */
async function restartRun(delay: number): Promise<RestartRun> {
  const serverArgs = ['--host', '127.0.0.1', '--port', '0', '--drain-delay', `${delay}ms`];
  const dir = mkdtempSync(join(tmpdir(), 'sock-haproxy-'));
  const socketPath = join(dir, 'admin.sock');
  const servers: ServerChild[] = [];
  let haproxy: ChildProcess | undefined;
  try {
    servers.push(await startServer(serverArgs), await startServer(serverArgs));
    const port = await freePort();
    const cfg = join(dir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      config(
        dir,
        port,
        servers.map((s) => s.port),
      ),
    );
    const check = spawnSync('haproxy', ['-c', '-q', '-f', cfg], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`haproxy -c: ${check.stderr.trim()}`);
    haproxy = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    killOnExit(haproxy);
    let haproxyLog = '';
    haproxy.stderr!.setEncoding('utf8').on('data', (d: string) => (haproxyLog += d));
    for (const name of ['s1', 's2']) {
      if (Number.isNaN(await waitStatus(socketPath, name, 'UP', 10_000))) {
        throw new Error(
          `HAProxy never saw ${name} up: ${haproxyLog.trim().split('\n').slice(-2).join(' ')}`,
        );
      }
    }
    const ledger = newLedger();
    const clients = Array.from({ length: 20 }, () =>
      keepAliveClient('127.0.0.1', port, '/healthz', ledger),
    );
    await sleep(1000);
    const readyLag: number[] = [];
    const noticed: number[] = [];
    const closedAfter: number[] = [];
    const exits: number[] = [];
    for (const [index, name] of ['s1', 's2'].entries()) {
      const old = servers[index]!;
      const signalled = performance.now();
      old.child.kill('SIGTERM');
      // The instance's own /readyz, asked from the signal on until it answers 503.
      let lag = Number.NaN;
      while (Number.isNaN(lag) && performance.now() - signalled < Math.max(delay, 1000)) {
        const status = await fetch(`${old.url}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 503) lag = performance.now() - signalled;
        else if (status === 0) break;
      }
      readyLag.push(lag);
      noticed.push(await waitStatus(socketPath, name, 'DOWN', 10_000));
      exits.push(await old.exited);
      const stopping = old.records.find((r) => r.event === 'stopping');
      const closed = old.records.find((r) => r.event === 'closed');
      closedAfter.push(
        typeof stopping?.time === 'number' && typeof closed?.time === 'number'
          ? closed.time - stopping.time
          : Number.NaN,
      );
      const fresh = await startServer(serverArgs);
      servers[index] = fresh;
      await admin(socketPath, `set server app/${name} addr 127.0.0.1 port ${fresh.port}`);
      if (Number.isNaN(await waitStatus(socketPath, name, 'UP', 10_000))) {
        throw new Error(`HAProxy never saw the new ${name} up`);
      }
      await sleep(1000);
    }
    for (const c of clients) c.stop();
    await Promise.all(clients.map((c) => c.done));
    const non200 = [...ledger.statuses]
      .filter(([code]) => code !== 200)
      .reduce((sum, [, n]) => sum + n, 0);
    const statuses = [...ledger.statuses].map(([c, n]) => `${c}: ${count(n)}`).join(', ');
    return {
      sent: ledger.sent,
      failed: ledger.lost + ledger.refused + non200,
      detail: `statuses ${statuses}; lost ${ledger.lost}, refused ${ledger.refused}`,
      readyLag,
      noticed,
      closedAfter,
      exits,
    };
  } finally {
    if (haproxy !== undefined && haproxy.exitCode === null) {
      haproxy.kill('SIGTERM');
      await once(haproxy, 'exit');
    }
    for (const s of servers) await s[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function rollingRestart(): Promise<Row[]> {
  const why = process.platform !== 'linux' ? 'Linux only (Debian package)' : haproxyReady();
  if (why !== undefined) return [skipped(section, 'rolling restart behind HAProxy', why)];
  if (!(await serverHasFlag('--drain-delay'))) {
    return [
      skipped(section, 'rolling restart behind HAProxy', 'this sock-server has no --drain-delay'),
    ];
  }
  const run = await restartRun(drainDelay);
  // The same restart without the delay: the listener closes before HAProxy has seen the 503.
  const control = await restartRun(0);
  const readyOk = run.readyLag.every((t) => !Number.isNaN(t) && t < drainDelay);
  const inTime = run.noticed.every((t, i) => t < (run.closedAfter[i] ?? Number.NaN));
  return [
    row(
      section,
      `two instances restarted in turn under load (20 clients through HAProxy, --drain-delay ${ms(drainDelay)}): failed requests`,
      `${count(run.failed)} of ${count(run.sent)}`,
      '0',
      run.failed === 0,
      { note: run.detail },
    ),
    row(
      section,
      '/readyz on the instance after SIGTERM (asked until it says 503)',
      `503 after ${run.readyLag.map(ms).join(', ')}`,
      `503 within the drain delay`,
      readyOk,
    ),
    row(
      section,
      `HAProxy marks the instance down before its listeners close (inter ${checkInterval} ms, fall 1)`,
      `down after ${run.noticed.map(ms).join(', ')}; closed after ${run.closedAfter.map(ms).join(', ')}`,
      'down first',
      inTime,
    ),
    info(section, 'exit codes of the restarted instances', run.exits.join(', ')),
    info(
      section,
      'the same restart with --drain-delay 0 (control): failed requests',
      `${count(control.failed)} of ${count(control.sent)}`,
      control.detail,
    ),
  ];
}
