import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../src/cli.js';
import { restartRefusal } from '../src/restart.js';
import {
  built,
  notBuiltMessage,
  onLoopback,
  startServer,
  type LogRecord,
  type ServerProcess,
} from './helpers/server-process.js';

/** The pid that answers GET / as JSON, over `agent` (false: a new connection). */
function answeringPid(port: number, agent: http.Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: '127.0.0.1', port, path: '/', agent, headers: { accept: 'application/json' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            try {
              resolve((JSON.parse(body) as { pid: number }).pid);
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          });
        },
      )
      .on('error', reject);
  });
}

/** Requests in a loop until stopped; counts answers and failures (refused included). */
function load(port: number, agent: http.Agent | false) {
  let stop = false;
  const failures: string[] = [];
  let answered = 0;
  const done = (async () => {
    while (!stop) {
      try {
        await answeringPid(port, agent);
        answered++;
      } catch (err) {
        failures.push((err as NodeJS.ErrnoException).code ?? String(err));
      }
    }
  })();
  return {
    stats: () => ({ answered, failures }),
    async stop() {
      stop = true;
      await done;
      return { answered, failures };
    },
  };
}

const byEvent = (event: string, pid?: number) => (r: LogRecord) =>
  r.event === event && (pid === undefined || r['pid'] === pid);

/** Sends SIGHUP to `pid` and returns its successor's pid, from the next 'restarted' record. */
async function restart(server: ServerProcess, pid: number): Promise<number> {
  const restarted = server.records.length;
  process.kill(pid, 'SIGHUP');
  const record = await server.waitFor(
    (r) => r.event === 'restarted' && server.records.indexOf(r) >= restarted,
  );
  const next = record['successor'] as number;
  expect(next).not.toBe(pid);
  return next;
}

describe.skipIf(!built)(`sock-server SIGHUP ${built ? '' : notBuiltMessage}`, () => {
  it('restarts from disk three times under load: every request answered, the pid changes each time', async () => {
    await using server = await startServer([...onLoopback, '--drain-delay', '0']);
    const port = Number(new URL(server.urls[0]!).port);
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const loads = [load(port, false), load(port, keepAlive), load(port, keepAlive)];
    let pid = server.child.pid!;
    const pids = [pid];
    try {
      for (let i = 0; i < 3; i++) {
        const next = await restart(server, pid);
        // The old process drains and exits 0: its 'stopped' record says so.
        const stopped = await server.waitFor(byEvent('stopped', pid));
        expect(stopped['exitCode']).toBe(0);
        pid = next;
        pids.push(pid);
        expect(await answeringPid(port, false)).toBe(pid);
      }
    } finally {
      const results = await Promise.all(loads.map((l) => l.stop()));
      keepAlive.destroy();
      process.kill(pid, 'SIGTERM');
      for (const { answered, failures } of results) {
        expect(failures).toEqual([]);
        expect(answered).toBeGreaterThan(0);
      }
    }
    expect(new Set(pids).size).toBe(4);
    await server.waitFor(byEvent('stopped', pid));
  });

  it('--workers 2: restarts three times under load; the new primary starts its own workers, the old primary exits 0', async () => {
    await using server = await startServer([...onLoopback, '--workers', '2', '--drain-delay', '0']);
    const port = Number(new URL(server.urls[0]!).port);
    await server.waitFor((r) => r.event === 'cluster-ready');
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const loads = [load(port, false), load(port, keepAlive), load(port, keepAlive)];
    let primary = server.child.pid!;
    const seen = new Set<number>();
    try {
      for (let i = 0; i < 3; i++) {
        const next = await restart(server, primary);
        const ready = await server.waitFor(byEvent('cluster-ready', next));
        const workers = ready['pids'] as number[];
        expect(workers).toHaveLength(2);
        // The old primary exits 0 once its workers have drained.
        const stopped = await server.waitFor(byEvent('stopped', primary));
        expect(stopped['exitCode']).toBe(0);
        primary = next;
        // New connections are answered by the new workers only.
        for (let n = 0; n < 20; n++) {
          const pid = await answeringPid(port, false);
          expect(workers).toContain(pid);
          expect(seen.has(pid)).toBe(false);
        }
        for (const pid of workers) seen.add(pid);
      }
    } finally {
      const results = await Promise.all(loads.map((l) => l.stop()));
      keepAlive.destroy();
      process.kill(primary, 'SIGTERM');
      for (const { answered, failures } of results) {
        expect(failures).toEqual([]);
        expect(answered).toBeGreaterThan(0);
      }
    }
    expect(seen.size).toBe(6);
    await server.waitFor(byEvent('stopped', primary));
  });

  it('--workers 2: keeps serving from the old workers and says why when the new primary dies at start', async () => {
    const preload = fileURLToPath(new URL('./fixtures/fail-as-successor.cjs', import.meta.url));
    await using server = await startServer([...onLoopback, '--workers', '2'], {
      env: { NODE_OPTIONS: `--require=${preload}` },
    });
    const port = Number(new URL(server.urls[0]!).port);
    const ready = await server.waitFor((r) => r.event === 'cluster-ready');
    process.kill(server.child.pid!, 'SIGHUP');
    const failed = await server.waitFor((r) => r.event === 'restart-failed');
    expect(failed['code']).toBe('ERR_SOCK_HANDOVER');
    expect(failed.msg).toMatch(/exited with code 3|closed its IPC channel/);
    expect(ready['pids']).toContain(await answeringPid(port, false));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it("--workers 2: keeps serving from the old workers when the new primary's workers die at start", async () => {
    const preload = fileURLToPath(
      new URL('./fixtures/fail-workers-when-flagged.cjs', import.meta.url),
    );
    const dir = mkdtempSync(join(tmpdir(), 'sock-restart-'));
    const flag = join(dir, 'fail');
    try {
      await using server = await startServer([...onLoopback, '--workers', '2'], {
        env: { NODE_OPTIONS: `--require=${preload}`, SOCK_TEST_FAIL_WORKERS: flag },
      });
      const port = Number(new URL(server.urls[0]!).port);
      const ready = await server.waitFor((r) => r.event === 'cluster-ready');
      writeFileSync(flag, '');
      process.kill(server.child.pid!, 'SIGHUP');
      // The new primary exits once its last worker has, and the old one hears of it at once.
      const failed = await server.waitFor((r) => r.event === 'restart-failed');
      expect(failed['code']).toBe('ERR_SOCK_HANDOVER');
      expect(failed.msg).toMatch(/exited with code 3|closed its IPC channel/);
      expect(ready['pids']).toContain(await answeringPid(port, false));
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses SIGHUP with --workers and --user, saying why', () => {
    const command = parseCli([...onLoopback, '--workers', '2', '--user', 'nobody'], {});
    if (command.kind !== 'run') throw new Error('expected a run command');
    expect(restartRefusal(command.config)).toMatch(/with --user or --group/);
  });

  it('keeps serving and says why when the new process dies at start', async () => {
    const preload = fileURLToPath(new URL('./fixtures/fail-as-successor.cjs', import.meta.url));
    await using server = await startServer([...onLoopback], {
      env: { NODE_OPTIONS: `--require=${preload}` },
    });
    const port = Number(new URL(server.urls[0]!).port);
    process.kill(server.child.pid!, 'SIGHUP');
    const failed = await server.waitFor((r) => r.event === 'restart-failed');
    expect(failed['code']).toBe('ERR_SOCK_HANDOVER');
    expect(failed.msg).toMatch(/exited with code 3|closed its IPC channel/);
    expect(await answeringPid(port, false)).toBe(server.child.pid);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
