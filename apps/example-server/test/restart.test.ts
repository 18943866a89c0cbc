import * as http from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  built,
  notBuiltMessage,
  onLoopback,
  startServer,
  type LogRecord,
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
        const restarted = server.records.length;
        process.kill(pid, 'SIGHUP');
        const record = await server.waitFor(
          (r) => r.event === 'restarted' && server.records.indexOf(r) >= restarted,
        );
        const next = record['successor'] as number;
        expect(next).not.toBe(pid);
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

  it('ignores SIGHUP with --workers, saying why, and keeps serving', async () => {
    await using server = await startServer([...onLoopback, '--workers', '2']);
    const port = Number(new URL(server.urls[0]!).port);
    process.kill(server.child.pid!, 'SIGHUP');
    const refused = await server.waitFor((r) => r.event === 'restart-refused');
    expect(refused.msg).toMatch(/SIGHUP ignored: with --workers/);
    expect(await answeringPid(port, false)).toBeGreaterThan(0);
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
