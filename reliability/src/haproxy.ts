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
import { addLedger, keepAliveClient, newLedger } from './http-client.js';
import { startServer, type ServerChild } from './server-child.js';
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

export async function rollingRestart(): Promise<Row[]> {
  const why = process.platform !== 'linux' ? 'Linux only (Debian package)' : haproxyReady();
  if (why !== undefined) return [skipped(section, 'rolling restart behind HAProxy', why)];
  if (!(await serverHasFlag('--drain-delay'))) {
    return [
      skipped(section, 'rolling restart behind HAProxy', 'this sock-server has no --drain-delay'),
    ];
  }
  const serverArgs = [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--drain-delay',
    `${drainDelay}ms`,
    '--drain-timeout',
    '10s',
  ];
  const dir = mkdtempSync(join(tmpdir(), 'sock-haproxy-'));
  const socketPath = join(dir, 'admin.sock');
  const servers: ServerChild[] = [];
  let haproxy: ChildProcess | undefined;
  const rows: Row[] = [];
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
      while (Number.isNaN(lag) && performance.now() - signalled < drainDelay) {
        const status = await fetch(`${old.url}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 503) lag = performance.now() - signalled;
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
      if (Number.isNaN(await waitStatus(socketPath, name, 'UP', 10_000)))
        throw new Error(`HAProxy never saw the new ${name} up`);
      await sleep(1000);
    }
    for (const c of clients) c.stop();
    await Promise.all(clients.map((c) => c.done));
    const total = newLedger();
    addLedger(total, ledger);
    const non200 = [...total.statuses]
      .filter(([code]) => code !== 200)
      .reduce((s, [, n]) => s + n, 0);
    const failed = total.lost + total.refused + non200;
    const statuses = [...total.statuses].map(([c, n]) => `${c}: ${count(n)}`).join(', ');
    rows.push(
      row(
        section,
        'two instances restarted in turn under load (20 clients through HAProxy): failed requests',
        `${count(failed)} of ${count(total.sent)}`,
        '0',
        failed === 0,
        { note: `statuses ${statuses}; lost ${total.lost}, refused ${total.refused}` },
      ),
    );
    rows.push(
      row(
        section,
        '/readyz on the instance after SIGTERM (asked until it says 503)',
        `503 after ${readyLag.map(ms).join(', ')}`,
        `503 within the drain delay`,
        readyLag.every((t) => !Number.isNaN(t)),
      ),
    );
    const inTime = noticed.every((t, i) => t < (closedAfter[i] ?? Number.NaN));
    rows.push(
      row(
        section,
        `HAProxy marks the instance down before its listeners close (inter ${checkInterval} ms, --drain-delay ${ms(drainDelay)})`,
        `down after ${noticed.map(ms).join(', ')}; closed after ${closedAfter.map(ms).join(', ')}`,
        'down first',
        inTime,
      ),
    );
    rows.push(info(section, 'exit codes of the restarted instances', exits.join(', ')));
  } finally {
    if (haproxy !== undefined && haproxy.exitCode === null) {
      haproxy.kill('SIGTERM');
      await once(haproxy, 'exit');
    }
    for (const s of servers) await s[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
