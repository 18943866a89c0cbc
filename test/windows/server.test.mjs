// sock-server on the Windows build of Node: it starts, answers, and fails with the Windows failure
// line (libuv's Windows errno, the Winsock name and number, the netstat hint) and exit code 69.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { holdTcp } from './helpers.mjs';

// The lane puts the built server at ../dist/main.js, beside its hoisted node_modules.
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts sock-server with JSON logs; records come in as parsed objects, stderr as text. */
function start(args) {
  const child = spawn(process.execPath, [main, '--log-format', 'json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const records = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const waiters = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      return;
    }
    records.push(record);
    for (const waiter of [...waiters]) {
      if (record.event === waiter.event) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(record);
      }
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  return {
    child,
    records,
    exited,
    stderr: () => stderr,
    /** The first record with this event, or a rejection when the server exits first. */
    next(event) {
      const found = records.find((record) => record.event === event);
      if (found) return Promise.resolve(found);
      return Promise.race([
        new Promise((resolve) => waiters.push({ event, resolve })),
        exited.then(({ code }) => {
          throw new Error(`sock-server exited with ${code} before '${event}':\n${stderr}`);
        }),
      ]);
    },
  };
}

// fetch() (undici) cannot connect under Wine 8.0 (connect UNKNOWN, errno -4094) while node:http
// and node:net can, so requests go through node:http.
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode, body }));
      })
      .once('error', reject);
  });
}

describe('sock-server on Windows', () => {
  test('starts on 127.0.0.1, answers /healthz and the status page, and stops', async () => {
    const server = start(['--host', '127.0.0.1', '--port', '0']);
    try {
      const ready = await server.next('ready');
      assert.equal(ready.urls.length, 1);
      const [url] = ready.urls;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await get(`${url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
      const status = await get(`${url}/`, { accept: 'application/json' });
      assert.equal(status.status, 200);
      assert.ok(status.body.includes(String(ready.port)));
    } finally {
      // On Windows a signal to another process is TerminateProcess: no drain to watch here.
      server.child.kill();
    }
    await server.exited;
  });

  test("'*' binds both wildcards and warns that the server is reachable from the network", async () => {
    const server = start(['--host', '*', '--port', '0', '--protocol', 'echo']);
    try {
      const ready = await server.next('ready');
      assert.equal(ready.urls.length, 2);
      const bound = server.records.filter((r) => r.event === 'attempt' && r.outcome === 'bound');
      assert.deepEqual(bound.map((r) => r.address).sort(), ['0.0.0.0', '::']);
      await server.next('exposed');
    } finally {
      server.child.kill();
    }
    await server.exited;
  });

  test('a port in use: the Windows failure line, the netstat hint and exit code 69', async () => {
    const held = await holdTcp('127.0.0.1');
    try {
      const server = start(['--host', '127.0.0.1', '--port', String(held.port)]);
      const { code } = await server.exited;
      assert.equal(code, 69);
      const stderr = server.stderr();
      // Records from `error` up go to stderr, followed by plain lines for the person.
      const failed = stderr
        .split(/\r?\n/)
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line))
        .find((record) => record.event === 'failed');
      // The Windows CRT's errno (100) and the Winsock name, where Linux shows errno 98.
      assert.ok(
        stderr.includes(
          `bind failed with error: EADDRINUSE (errno 100, WSAEADDRINUSE 10048) on 127.0.0.1:${held.port}`,
        ),
        stderr,
      );
      assert.ok(stderr.includes(`netstat -ano -p tcp | findstr :${held.port}`), stderr);
      assert.equal(failed?.code, 'EADDRINUSE');
      assert.equal(failed.exitCode, 69);
    } finally {
      await held.close();
    }
  });
});
