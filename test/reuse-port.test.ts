// On a Node that has SO_REUSEPORT (22.12 and later, 23.1 and later), two processes bound to one
// port with `reusePort: true` both accept: the kernel spreads connections over them. The Node
// matrix (scripts/ci/node-matrix.sh) runs this on Node 22 and 24; on Node 20 it is skipped.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bindDir = fileURLToPath(new URL('../packages/bind/', import.meta.url));
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const hasReusePort = (major === 22 && minor >= 12) || (major === 23 && minor >= 1) || major >= 24;
const built = existsSync(`${bindDir}dist/index.js`);

// Binds 127.0.0.1:<port> with reusePort, prints the port, and answers each connection with its pid.
const childScript = `
import * as net from 'node:net';
import { bind, serve } from '@sock/bind';
const binding = await bind({ host: '127.0.0.1', port: Number(process.argv[1]), reusePort: true });
serve(net.createServer((socket) => socket.end(String(process.pid))), binding);
process.stdout.write(binding.port + '\\n');
process.on('SIGTERM', () => void binding.close({ timeout: 0 }).then(() => process.exit(0)));
`;

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});

function start(port: number): Promise<{ pid: number; port: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', childScript, String(port)], {
    cwd: bindDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) =>
      resolve({ pid: child.pid!, port: Number(String(d).trim()) }),
    );
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
  });
}

/** Connects once and reads the pid of the process that accepted. */
function whoAccepts(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.once('error', reject);
    socket.once('end', () => resolve(Number(text)));
  });
}

describe.runIf(hasReusePort && built && process.platform === 'linux')(
  'reusePort across processes',
  () => {
    it('two processes bound to one port both accept connections', async () => {
      const a = await start(0);
      const b = await start(a.port);
      expect(b.port).toBe(a.port);
      const seen = new Set<number>();
      // The kernel hashes each connection's addresses and ports; 200 tries find both many times over.
      for (let i = 0; i < 200 && seen.size < 2; i++) seen.add(await whoAccepts(a.port));
      expect([...seen].sort()).toEqual([a.pid, b.pid].sort());
    });
  },
);
