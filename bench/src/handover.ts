// The handover suite: 10 successive restarts of an HTTP server under load (one client opening a
// new connection per request, two on keep-alive connections), each followed by a check that the
// answering pid changed; counted side by side in one run:
//   - sock-server, SIGHUP: the new process adopts the listening sockets (handOver/inherit);
//   - stop-then-start: SIGTERM, wait for the exit, start again on the same port;
//   - pm2 `reload` in cluster mode (2 workers), with PM2_HOME in a temporary directory.
// Refused connections, other failed requests and answered requests are printed per row.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const RESTARTS = 10;
const mainJs = fileURLToPath(new URL('../../apps/example-server/dist/main.js', import.meta.url));
const pm2Bin = fileURLToPath(new URL('../node_modules/pm2/bin/pm2', import.meta.url));

interface Tally {
  answered: number;
  refused: number;
  failed: number;
  /** The failed requests by error code. */
  codes: Map<string, number>;
}

/** The pid that answers GET / (JSON status, or the bare app's body). */
function answeringPid(port: number, agent: http.Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/', agent, headers: { accept: 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const pid = Number((JSON.parse(body) as { pid: unknown }).pid);
          if (res.statusCode === 200 && Number.isInteger(pid)) resolve(pid);
          else reject(new Error(`status ${res.statusCode}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // A request nobody answers counts as failed instead of stalling its loop.
    req.setTimeout(5000, () =>
      req.destroy(Object.assign(new Error('no answer in 5 s'), { code: 'ETIMEDOUT' })),
    );
  });
}

/** Three request loops until stopped: one on new connections, two on keep-alive connections. */
function startLoad(port: number): { stop(): Promise<Tally> } {
  const tally: Tally = { answered: 0, refused: 0, failed: 0, codes: new Map() };
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 2 });
  let stopped = false;
  const loop = async (agent: http.Agent | false): Promise<void> => {
    while (!stopped) {
      try {
        await answeringPid(port, agent);
        tally.answered++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
          tally.refused++;
          // A closed port answers at once: do not spin.
          await new Promise((resolve) => setTimeout(resolve, 1));
        } else {
          tally.failed++;
          const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
          tally.codes.set(code, (tally.codes.get(code) ?? 0) + 1);
        }
      }
    }
  };
  const loops = [loop(false), loop(keepAlive), loop(keepAlive)];
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      keepAlive.destroy();
      return tally;
    },
  };
}

/** A sock-server whose JSON log lines (its successors' too: they share stdout) are watched. */
function sockServer(args: readonly string[]): {
  child: ChildProcess;
  next: (event: string) => Promise<Record<string, unknown>>;
} {
  const child = spawn(process.execPath, [mainJs, '--log-format', 'json', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const waiters: { event: string; resolve: (r: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const i = waiters.findIndex((w) => w.event === record['event']);
    if (i !== -1) waiters.splice(i, 1)[0]!.resolve(record);
  });
  return {
    child,
    next: (event) => new Promise((resolve) => waiters.push({ event, resolve })),
  };
}

interface Outcome extends Tally {
  restarts: number;
  pidChanged: number;
  ms: number;
}

async function sighup(): Promise<Outcome> {
  const server = sockServer(['--host', '127.0.0.1', '--port', '0', '--drain-delay', '0']);
  const ready = await server.next('ready');
  const port = Number(new URL((ready['urls'] as string[])[0]!).port);
  let pid = server.child.pid!;
  const load = startLoad(port);
  const started = performance.now();
  let pidChanged = 0;
  for (let i = 0; i < RESTARTS; i++) {
    const restarted = server.next('restarted');
    // The old process's listeners closed: from then on only the new one can answer.
    const closed = server.next('closed');
    process.kill(pid, 'SIGHUP');
    pid = (await restarted)['successor'] as number;
    await closed;
    if ((await answeringPid(port, false)) === pid) pidChanged++;
  }
  const ms = performance.now() - started;
  const tally = await load.stop();
  process.kill(pid, 'SIGTERM');
  return { ...tally, restarts: RESTARTS, pidChanged, ms };
}

async function stopThenStart(): Promise<Outcome> {
  let server = sockServer(['--host', '127.0.0.1', '--port', '0', '--drain-delay', '0']);
  const ready = await server.next('ready');
  const port = Number(new URL((ready['urls'] as string[])[0]!).port);
  const load = startLoad(port);
  const started = performance.now();
  let pidChanged = 0;
  for (let i = 0; i < RESTARTS; i++) {
    const old = server.child;
    const exited = new Promise((resolve) => old.once('exit', resolve));
    old.kill('SIGTERM');
    await exited;
    server = sockServer(['--host', '127.0.0.1', '--port', String(port), '--drain-delay', '0']);
    await server.next('ready');
    if ((await answeringPid(port, false)) === server.child.pid) pidChanged++;
  }
  const ms = performance.now() - started;
  const tally = await load.stop();
  server.child.kill('SIGTERM');
  return { ...tally, restarts: RESTARTS, pidChanged, ms };
}

/** A free port: bound to 0 and closed (pm2's app needs a fixed one). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function pm2Reload(): Promise<Outcome | string> {
  if (!existsSync(pm2Bin)) return 'pm2 is not installed (pnpm install in bench/)';
  const home = mkdtempSync(join(tmpdir(), 'sock-bench-pm2-'));
  const env = { ...process.env, PM2_HOME: home };
  // Asynchronous, so that the load keeps running while pm2 works.
  const pm2 = async (...args: string[]): Promise<string> =>
    (await promisify(execFile)(process.execPath, [pm2Bin, ...args], { env, encoding: 'utf8' }))
      .stdout;
  const port = await freePort();
  const app = join(home, 'app.cjs');
  writeFileSync(
    app,
    `require('node:http').createServer((req, res) => res.end(JSON.stringify({ pid: process.pid }))).listen(${port}, '127.0.0.1', () => process.send?.('ready'));\n`,
  );
  try {
    await pm2('start', app, '-i', '2', '--name', 'bench', '--wait-ready', '--kill-timeout', '5000');
    const pids = async (): Promise<Set<number>> =>
      new Set(
        (JSON.parse(await pm2('jlist')) as { pid: number }[])
          .map((p) => p.pid)
          .filter((p) => p > 0),
      );
    const load = startLoad(port);
    const started = performance.now();
    let pidChanged = 0;
    for (let i = 0; i < RESTARTS; i++) {
      const before = await pids();
      await pm2('reload', 'bench');
      if (!before.has(await answeringPid(port, false))) pidChanged++;
    }
    const ms = performance.now() - started;
    const tally = await load.stop();
    return { ...tally, restarts: RESTARTS, pidChanged, ms };
  } finally {
    await pm2('kill').catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  if (!existsSync(mainJs)) {
    console.log(`${mainJs} is missing: run pnpm build first.`);
    return;
  }
  const rows: [string, Outcome | string][] = [
    ['sock-server SIGHUP (handover)', await sighup()],
    ['stop-then-start (SIGTERM, start again)', await stopThenStart()],
    ['pm2 reload, cluster mode, 2 workers', await pm2Reload()],
  ];
  console.log(
    `\n${RESTARTS} restarts under load (1 client on new connections, 2 on keep-alive), one run:\n`,
  );
  console.log(
    '| restart method | pid changed | refused connections | other failed requests | answered | time for 10 restarts |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, o] of rows) {
    if (typeof o === 'string') console.log(`| ${name} | skipped: ${o} | | | | |`);
    else {
      console.log(
        `| ${name} | ${o.pidChanged}/${o.restarts} | ${o.refused} | ${o.failed}${o.failed === 0 ? '' : ` (${[...o.codes].map(([c, n]) => `${n} ${c}`).join(', ')})`} | ${o.answered} | ${(o.ms / 1000).toFixed(1)} s |`,
      );
    }
  }
}
