// Faults: lookup functions that throw, hang, answer twice or answer garbage, through resolve(),
// a resolver and bind(); descriptors running out under `ulimit -n 64`, for bind() and for a
// serving sock-server. Each must end in a SockError (or an answer), never a crash, hang or leak.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bind } from '@sock/bind';
import { isSockError } from '@sock/errors';
import { createResolver, resolve } from '@sock/resolve';
import { count, row, skipped, type Row } from './report.js';
import { settle, snapshot } from './resources.js';
import { faultyLookup, lookupFaults, type LookupFault } from './lookups.js';
import { show } from './judge.js';
import { killOnExit, serverMain } from './server-child.js';

const section = 'faults';

/** The faults after which an answer is right (the first answer of two is a real one). */
// A promise lookup resolving a bare address string is read as that one address, as the callback
// shape allows.
const answerAllowed: ReadonlySet<LookupFault> = new Set(['answers-twice', 'resolves-garbage']);

type Via = 'resolve()' | 'createResolver().resolve()' | 'bind()';

async function oneFault(fault: LookupFault, via: Via): Promise<string | undefined> {
  const lookup = faultyLookup(fault);
  // The hanging lookup is ended by the timeout; every other fault must end on its own.
  const timeout = fault === 'hangs' ? 50 : 200;
  let settled = false;
  const guard = new Promise<string>((r) => {
    const timer = setTimeout(() => r(`no answer in 5 s`), 5_000);
    timer.unref();
  });
  const attempt = (async (): Promise<string | undefined> => {
    try {
      if (via === 'bind()') {
        const b = await bind({ host: 'faulty.test', port: 0, lookup, timeout });
        await b.close({ timeout: 0 });
      } else if (via === 'resolve()') {
        await resolve('faulty.test', 80, { lookup, timeout });
      } else {
        await createResolver({ lookup }).resolve('faulty.test', 80, { timeout });
      }
      return answerAllowed.has(fault) ? undefined : 'answered';
    } catch (err) {
      return isSockError(err) ? undefined : `threw ${show(err)}`;
    } finally {
      settled = true;
    }
  })();
  const problem = await Promise.race([attempt, guard]);
  return settled ? problem : (problem ?? 'hang');
}

function runChild(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** bind() until descriptors run out under `ulimit -n 64`, in a child shell. */
async function emfileBind(): Promise<Row> {
  const check =
    'EMFILE under ulimit -n 64: bind() fails with a SockError, gives every fd back, binds again';
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const r = await runChild(
    '/bin/sh',
    ['-c', `ulimit -n 64 && exec "${process.execPath}" fixtures/emfile-child.mjs`],
    cwd,
    60_000,
  );
  if (r.code !== 0)
    return row(section, check, `child exited ${r.code}`, 'SockError EMFILE', false, {
      note: r.stderr.trim().split('\n').slice(-1)[0] ?? '',
    });
  const out = JSON.parse(r.stdout) as {
    bound: number;
    failure?: { name?: string; code?: string; sock: boolean; message: string };
    before: number;
    after: number;
    again: string;
  };
  const ok =
    out.failure?.code === 'EMFILE' &&
    out.failure.sock &&
    out.after <= out.before &&
    out.again === 'bound';
  return row(
    section,
    check,
    `${out.bound} bound, then ${out.failure?.name ?? 'nothing'} ${out.failure?.code ?? ''}; fds ${out.before} -> ${out.after}; again: ${out.again}`,
    'SockError EMFILE, fds back, binds again',
    ok,
    ok ? {} : { note: out.failure?.message ?? '' },
  );
}

/** A sock-server under `ulimit -n 64` gets 150 connections at once; it must live and answer. */
async function emfileServer(): Promise<Row> {
  const check =
    'EMFILE under ulimit -n 64: sock-server with 150 connections stays up and answers after';
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      `ulimit -n 64 && exec "${process.execPath}" "${serverMain()}" --host 127.0.0.1 --port 0 --log-format json`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  killOnExit(child);
  try {
    let buffered = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error('not ready in 20 s')), 20_000);
      child.once('exit', (code) => reject(new Error(`exited ${code} before it was ready`)));
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        buffered += c;
        const m = /"event":"ready".*?"urls":\["([^"]+)"/.exec(buffered);
        if (m !== null) {
          clearTimeout(timer);
          resolveUrl(m[1]!);
        }
      });
    });
    child.stderr.resume();
    const { hostname, port } = new URL(url);
    const sockets: net.Socket[] = [];
    await Promise.all(
      Array.from({ length: 150 }, () => {
        const s = net.connect({ host: hostname, port: Number(port) });
        sockets.push(s);
        s.on('error', () => undefined);
        return new Promise<void>((r) => {
          s.once('connect', () => r());
          s.once('error', () => r());
          s.once('close', () => r());
        });
      }),
    );
    // Half of them send a request: the server must cope with whatever it could accept.
    for (const s of sockets.slice(0, 75)) s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 500));
    for (const s of sockets) s.destroy();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = await fetch(`${url}/healthz`).then(
        (res) => res.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    const alive = child.exitCode === null && child.signalCode === null;
    return row(
      section,
      check,
      `${alive ? 'up' : `exited ${child.exitCode}`}, /healthz after: ${status || 'no answer'}`,
      'up, 200',
      alive && status === 200,
    );
  } catch (err) {
    return row(section, check, 'did not start', 'up, 200', false, {
      note: err instanceof Error ? err.message : String(err),
    });
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
}

/**
 * After lookups that never call back have timed out, a lookup with a working function must still
 * answer at once: a hung call of someone's lookup must not take the process's resolver with it.
 */
async function afterHangs(): Promise<Row> {
  const check = 'resolve() answers a working lookup after 5 hung ones timed out (default resolver)';
  for (let i = 0; i < 5; i++) {
    await resolve(`hung-${i}.test`, 80, { lookup: faultyLookup('hangs'), timeout: 50 }).catch(
      () => undefined,
    );
  }
  const start = performance.now();
  const outcome = await resolve('working.test', 80, {
    lookup: (
      _h: string,
      _o: unknown,
      cb: (err: null, found: { address: string; family: number }[]) => void,
    ) => setImmediate(() => cb(null, [{ address: '127.0.0.1', family: 4 }])),
    timeout: 1000,
  }).then(
    () => 'answered',
    (err: unknown) => `${String((err as { code?: unknown }).code)}`,
  );
  const took = performance.now() - start;
  return row(
    section,
    check,
    `${outcome} in ${Math.round(took)} ms`,
    'answered',
    outcome === 'answered',
    outcome === 'answered'
      ? {}
      : {
          note: 'a hung lookup keeps its concurrency slot for good; once the slots are taken every later lookup waits and times out',
        },
  );
}

/** sock-errno's output into a pipe closed early and into a full disk. */
async function outputFaults(): Promise<Row[]> {
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('@sock/errors/package.json')),
    'bin',
    'sock-errno.js',
  );
  const node = JSON.stringify(process.execPath);
  // The writer's exit code, which a pipeline hides, goes through a file.
  const status = join(tmpdir(), `sock-errno-status-${process.pid}`);
  const piped = await runChild(
    '/bin/sh',
    ['-c', `{ ${node} ${JSON.stringify(bin)} --list; echo $? > ${status}; } | head -1 >/dev/null`],
    tmpdir(),
    30_000,
  );
  const pipeCode = Number(readFileSync(status, 'utf8').trim());
  rmSync(status, { force: true });
  const full = existsSync('/dev/full')
    ? await runChild(
        '/bin/sh',
        ['-c', `${node} ${JSON.stringify(bin)} --list > /dev/full`],
        tmpdir(),
        30_000,
      )
    : undefined;
  const stack = (text: string): boolean => /^\s+at /m.test(text);
  const rows: Row[] = [
    row(
      section,
      'sock-errno --list piped into head -1 (the pipe closes early): exit 0, nothing on stderr',
      `exit ${pipeCode}, stderr ${piped.stderr.trim() === '' ? 'empty' : JSON.stringify(piped.stderr.trim().split('\n')[0])}`,
      'exit 0, empty',
      pipeCode === 0 && piped.stderr.trim() === '',
    ),
  ];
  if (full === undefined)
    rows.push(skipped(section, 'sock-errno --list > /dev/full', 'no /dev/full here'));
  else {
    const lines = full.stderr.trim().split('\n');
    rows.push(
      row(
        section,
        'sock-errno --list > /dev/full: a one-line message, no stack, not exit 0 or 1 (1 means "not found")',
        `exit ${full.code}: ${lines[0] ?? ''}`,
        'one line, exit 74',
        full.code !== 0 && full.code !== 1 && lines.length === 1 && !stack(full.stderr),
      ),
    );
  }
  return rows;
}

export async function faults(scale: number): Promise<Row[]> {
  const rows: Row[] = [];
  const runs = Math.max(1, Math.round(40 * scale));
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => {
    uncaught.push(err);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const before = snapshot();
  try {
    const vias = ['resolve()', 'createResolver().resolve()', 'bind()'] as const;
    const tallies = new Map<Via, { bad: number; total: number; example?: string }>(
      vias.map((v) => [v, { bad: 0, total: 0 }]),
    );
    // Hanging lookups last, in every path: a hung call keeps its slot in the default resolver
    // (the check after this loop), which would turn every later case into a timeout.
    for (const phase of [lookupFaults.filter((f) => f !== 'hangs'), ['hangs' as const]]) {
      for (const via of vias) {
        const tally = tallies.get(via)!;
        for (const fault of phase) {
          for (let i = 0; i < runs; i++) {
            tally.total++;
            const problem = await oneFault(fault, via);
            if (problem !== undefined) {
              tally.bad++;
              tally.example ??= `${fault}: ${problem}`;
            }
          }
        }
      }
    }
    for (const [via, t] of tallies) {
      rows.push(
        row(
          section,
          `lookup faults through ${via} (${lookupFaults.length} kinds): SockError or answer`,
          `${count(t.bad)} wrong of ${count(t.total)}`,
          '0',
          t.bad === 0,
          t.example === undefined ? {} : { note: t.example },
        ),
      );
    }
    rows.push(await afterHangs());
    // A lookup answering twice or after the timeout calls back into code that has moved on.
    await new Promise((r) => setTimeout(r, 300));
    const left = await settle(before);
    rows.push(
      row(
        section,
        'uncaught exceptions and unhandled rejections during the lookup faults',
        String(uncaught.length),
        '0',
        uncaught.length === 0,
        uncaught.length === 0 ? {} : { note: show(uncaught[0]) },
      ),
    );
    rows.push(
      row(
        section,
        'fds and handles after the lookup faults (hanging lookups stay with their caller)',
        left.length === 0 ? 'unchanged' : left.join(', '),
        'unchanged',
        left.length === 0,
      ),
    );
  } finally {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  }
  rows.push(...(await outputFaults()));
  if (process.platform !== 'linux') {
    rows.push(skipped(section, 'EMFILE under ulimit -n 64', 'reads /proc/self/fd: Linux only'));
  } else {
    rows.push(await emfileBind());
    rows.push(await emfileServer());
  }
  return rows;
}
